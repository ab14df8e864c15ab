import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread on one of main's worker modules (`<name>.ts` in the caller's folder), built or
 * from sources. Built (electron-vite), each worker module is an entry of the main build and every
 * main-side file lands in out/main (see electron.vite.config.ts), so it is `./<name>.js` beside the
 * caller. From sources (vitest, tsx), the caller is a .ts file: the thread registers tsx's require hook
 * and requires the .ts module (Node 20 runs no --import in a worker, so the ESM loader cannot be used).
 *
 * `callerUrl` is the caller's `import.meta.url`.
 */
export function startWorker(name: string, callerUrl: string, options: WorkerOptions = {}): Worker {
  if (!callerUrl.endsWith('.ts')) {
    const built = new URL(`./${name}.js`, callerUrl);
    // A thread whose module is missing would never answer: say so now instead.
    if (!existsSync(built)) throw new Error(`the worker module ${fileURLToPath(built)} is missing`);
    return new Worker(built, options);
  }
  const tsx = createRequire(callerUrl).resolve('tsx/cjs/api');
  const module = fileURLToPath(new URL(`./${name}.ts`, callerUrl));
  const source = `require(${JSON.stringify(tsx)}).register();\nrequire(${JSON.stringify(module)});\n`;
  return new Worker(source, { ...options, eval: true });
}
