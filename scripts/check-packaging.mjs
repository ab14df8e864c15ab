// The packaging check: packs the built app (`out/`) into an unpacked Linux app directory with
// electron-builder, against an Electron folder prepared from the `electron` package (its own binary when
// one is installed, else a stand-in file: no binary can be downloaded here), then inspects the asar and
// the packaged metadata. Catches a packaging breakage in CI without a real Electron. Needs `npm run build` first.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
const asar = require('@electron/asar');
const started = Date.now();
const work = mkdtempSync(join(tmpdir(), 'grid-desk-packaging-'));
const problems = [];
const expect = (ok, message) => {
  if (!ok) problems.push(message);
};

try {
  if (!existsSync('out/main/index.js')) throw new Error('out/ is missing: run `npm run build` first');
  const electronPackage = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8'));

  // An Electron distribution folder: the real one if downloaded, else what the package ships plus a stand-in.
  const electronDist = join(work, 'electron-dist');
  const installed = join('node_modules', 'electron', 'dist');
  if (existsSync(join(installed, 'electron'))) cpSync(installed, electronDist, { recursive: true });
  else {
    mkdirSync(electronDist, { recursive: true });
    writeFileSync(join(electronDist, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n');
    chmodSync(join(electronDist, 'electron'), 0o755);
    cpSync('node_modules/electron/LICENSE', join(electronDist, 'LICENSE'));
    writeFileSync(join(electronDist, 'LICENSES.chromium.html'), '');
    writeFileSync(join(electronDist, 'version'), electronPackage.version);
  }

  // A worktree sharing another checkout's node_modules through a symlink: npm cannot list the dependency
  // tree through it (electron-builder would leave transitive dependencies out), so pack a staged copy
  // whose node_modules is hard-linked (no data copied).
  let project = process.cwd();
  if (lstatSync('node_modules').isSymbolicLink()) {
    project = join(work, 'project');
    mkdirSync(project);
    for (const path of ['package.json', 'package-lock.json', 'electron-builder.config.mjs', 'build', 'out'])
      cpSync(path, join(project, path), { recursive: true });
    const linked = spawnSync('cp', ['-al', realpathSync('node_modules'), join(project, 'node_modules')]);
    if (linked.status !== 0) throw new Error(`cannot stage node_modules: ${linked.stderr}`);
  }

  const output = join(work, 'dist');
  const build = spawnSync(
    'npx',
    [
      'electron-builder',
      '--config',
      'electron-builder.config.mjs',
      '--linux',
      'dir',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      `-c.directories.output=${output}`,
    ],
    {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, GRID_DESK_PACKAGING_CHECK: '1' },
    },
  );
  if (build.status !== 0) throw new Error(`electron-builder failed:\n${build.stdout}\n${build.stderr}`);

  const resources = join(output, 'linux-unpacked', 'resources');
  const archive = join(resources, 'app.asar');
  expect(existsSync(join(output, 'linux-unpacked', 'grid-desk')), 'the executable is not named grid-desk');
  const files = asar.listPackage(archive, { isPack: false }).map((path) => path.replaceAll('\\', '/'));
  const has = (path) => files.includes(path);

  for (const path of [
    '/package.json',
    '/out/main/index.js',
    '/out/main/headless.js',
    '/out/main/writer-worker.js',
    '/out/main/signature-worker.js',
    '/out/preload/index.cjs',
    '/out/renderer/index.html',
  ])
    expect(has(path), `${path} is missing from the asar`);
  // What main requires at run time (electron-vite leaves dependencies external), and what they require.
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    const manifest = join('node_modules', name, 'package.json');
    if (!existsSync(manifest)) return; // an optional dependency not installed on this platform
    expect(
      has(`/node_modules/${name}/package.json`),
      `the runtime dependency ${name} is missing from the asar`,
    );
    for (const next of Object.keys(JSON.parse(readFileSync(manifest, 'utf8')).dependencies ?? {}))
      visit(next);
  };
  for (const dependency of Object.keys(JSON.parse(readFileSync('package.json', 'utf8')).dependencies))
    visit(dependency);
  const forbidden = [
    [/^\/(src-main|src-preload|src-renderer|test|bench|scripts|eslint-rules)\//, 'sources or tests'],
    [/\.map$/, 'source maps'],
    [/\.tsx?$/, 'TypeScript sources'],
    [
      /^\/node_modules\/(react|react-dom|ag-grid-community|ag-grid-react|lightweight-charts|zustand|electron|vitest|typescript|@playwright)\//,
      'renderer or development libraries (they belong bundled in out/renderer)',
    ],
    [/^\/node_modules\/better-sqlite3\/(deps|src)\//, "better-sqlite3's C sources"],
  ];
  for (const [pattern, what] of forbidden) {
    const found = files.filter((path) => pattern.test(path));
    expect(
      found.length === 0,
      `the asar holds ${what}: ${found.slice(0, 3).join(', ')}${found.length > 3 ? ', …' : ''}`,
    );
  }
  // Native modules are unpacked beside the archive so they can be loaded.
  const native = files.filter((path) => path.endsWith('.node'));
  expect(native.length > 0, 'better-sqlite3 has no native module in the package');
  for (const path of native)
    expect(existsSync(join(resources, 'app.asar.unpacked', path)), `${path} is not unpacked beside the asar`);
  expect(
    !native.some((path) => path.includes('test_extension')),
    "better-sqlite3's test extension is packaged",
  );

  const packaged = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'));
  const source = JSON.parse(readFileSync('package.json', 'utf8'));
  expect(
    packaged.name === source.name && packaged.version === source.version,
    'the packaged name or version differs',
  );
  expect(
    packaged.main === 'out/main/index.js' && has(`/${packaged.main}`),
    'package.json main does not point at out/main/index.js',
  );
  expect(packaged.type === 'module', 'the packaged package.json lost "type": "module" (main is ESM)');
  const size = files.length;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (problems.length === 0)
    console.log(
      `packaging check passed: ${size} entries in app.asar, ${native.length} native module(s) unpacked, ${seconds} s`,
    );
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.error(`packaging check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
