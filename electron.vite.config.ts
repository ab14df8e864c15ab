import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = import.meta.dirname;
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };

export default defineConfig({
  main: {
    define: {
      __APP_VERSION__: JSON.stringify(version),
      // A sandbox build (the demo download) does not look for updates unless asked.
      __SANDBOX_BUILD__: JSON.stringify(process.env.GRID_DESK_SANDBOX_BUILD === '1'),
    },
    build: {
      outDir: 'out/main',
      rolldownOptions: {
        // The same main-side code runs in Electron (index) and as a plain Node process (headless).
        // Worker threads run modules of their own, built as entries too (store/worker-script.ts).
        input: {
          index: resolve(root, 'src-main/app/main.ts'),
          headless: resolve(root, 'src-main/headless.ts'),
          'writer-worker': resolve(root, 'src-main/store/writer-worker.ts'),
          'signature-worker': resolve(root, 'src-main/service/signature-worker.ts'),
        },
        // Every file in out/main, shared chunks included, so a worker module is `./<name>.js` from
        // whichever file starts it.
        output: { chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload can require nothing but electron: bundle everything it uses.
      externalizeDeps: false,
      outDir: 'out/preload',
      rolldownOptions: {
        input: { index: resolve(root, 'src-preload/index.ts') },
        // sandbox: true preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src-renderer'),
    plugins: [react()],
    // The app's version, compared with the node's on connecting.
    define: { __APP_VERSION__: JSON.stringify(version) },
    build: {
      outDir: resolve(root, 'out/renderer'),
      rolldownOptions: { input: { index: resolve(root, 'src-renderer/index.html') } },
    },
  },
});
