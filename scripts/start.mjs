// `npm start`: the desktop app where an Electron binary is installed, otherwise the headless exchange.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const args = process.argv.slice(2);
let electronBinary = null;
try {
  electronBinary = createRequire(import.meta.url)('electron');
} catch {
  // The electron package throws when its binary was never downloaded.
}

const run = (command, commandArgs) => {
  const { status } = spawnSync(command, commandArgs, {
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (status !== 0) process.exit(status ?? 1);
};

if (typeof electronBinary === 'string' && existsSync(electronBinary)) {
  run('npx', ['electron-vite', 'build']);
  run(electronBinary, ['.', ...args]);
} else {
  console.log(
    'No Electron binary is installed here (ELECTRON_SKIP_BINARY_DOWNLOAD); running the headless exchange instead.',
  );
  run('npm', ['run', 'serve', '--', ...args]);
}
