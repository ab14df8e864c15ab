// `npm test`: lint, format, typecheck, build, then every suite; prints one closing line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = { passed: 0, failed: 0, skipped: 0 };
rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

function step(name, command, args) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const { status } = spawnSync(command, args, { stdio: 'inherit', env: process.env });
  return status === 0;
}

/** A check that is not a test suite counts as one test. */
function check(name, command, args) {
  const ok = step(name, command, args);
  results[ok ? 'passed' : 'failed'] += 1;
  if (!ok) console.log(`--- ${name} FAILED`);
  return ok;
}

function readJson(path) {
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
}

check('lint', 'npx', ['eslint', '.']);
check('format', 'npx', ['prettier', '--check', '.']);
// Two programs: the Node side (main, preload, tests, tools) and the web side (the renderer, DOM only).
check('typecheck (node)', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']);
check('typecheck (web)', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']);
const built = check('build', 'npx', ['electron-vite', 'build']);
// The desktop package: an unpacked app built against a prepared Electron folder, its asar inspected.
if (built) check('packaging', 'node', ['scripts/check-packaging.mjs']);

const vitestOk = step('unit and API tests', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile=test-results/vitest.json',
]);
const vitest = readJson('test-results/vitest.json');
if (vitest) {
  results.passed += vitest.numPassedTests;
  results.failed += vitest.numFailedTests;
  results.skipped += vitest.numPendingTests + vitest.numTodoTests;
}
if (!vitestOk && (!vitest || vitest.numFailedTests === 0)) results.failed += 1; // the runner itself failed

if (built) {
  const playwrightOk = step('web and Electron tests', 'npx', ['playwright', 'test']);
  const report = readJson('test-results/playwright.json');
  if (report) {
    results.passed += report.stats.expected + report.stats.flaky;
    results.failed += report.stats.unexpected;
    results.skipped += report.stats.skipped;
  }
  if (!playwrightOk && (!report || report.stats.unexpected === 0)) results.failed += 1;
} else {
  console.log('--- web and Electron tests not run: the build failed');
  results.failed += 1;
}

console.log(`\n${results.passed} passed, ${results.failed} failed, ${results.skipped} skipped`);
process.exit(results.failed === 0 ? 0 : 1);
