import './lib/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AllCommunityModule, ModuleRegistry } from 'ag-grid-community';
import { App } from './app/App';
import { adoptTokenFromLocation, desktopShell } from './connection/connection';
import { captureRendererErrors } from './desktop/renderer-log';
import './styles/app.css';

ModuleRegistry.registerModules([AllCommunityModule]);

const shell = desktopShell();
if (shell) captureRendererErrors(shell);

// A headless exchange prints http://127.0.0.1:PORT/#token=TOKEN: keep the token, drop it from the URL.
adoptTokenFromLocation();

const root = document.getElementById('root');
if (!root) throw new Error('missing #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
