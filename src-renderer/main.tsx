import './lib/zod-config';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AllCommunityModule, ModuleRegistry } from 'ag-grid-community';
import { App } from './app/App';
import { adoptTokenFromLocation } from './connection/connection';
import './styles/app.css';

ModuleRegistry.registerModules([AllCommunityModule]);

// A headless exchange prints http://127.0.0.1:PORT/#token=TOKEN: keep the token, drop it from the URL.
adoptTokenFromLocation();

const root = document.getElementById('root');
if (!root) throw new Error('missing #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
