// Installers for Grid Desk: `npm run dist` (this machine's platform) or `npm run dist -- --linux|--mac|--win`.
// Release builds rebuild better-sqlite3 for Electron's ABI and flip Electron's fuses. The packaging check
// (scripts/check-packaging.mjs) sets GRID_DESK_PACKAGING_CHECK=1: no rebuild and no fuses, because it
// packs against a prepared Electron folder without a real binary.
import { readFileSync } from 'node:fs';

const check = process.env.GRID_DESK_PACKAGING_CHECK === '1';
const electronVersion = JSON.parse(
  readFileSync(new URL('./node_modules/electron/package.json', import.meta.url), 'utf8'),
).version;

/** @type {import('electron-builder').Configuration} */
export default {
  appId: 'dev.griddesk.app',
  productName: 'Grid Desk',
  executableName: 'grid-desk',
  copyright: 'Grid Desk',
  electronVersion,
  directories: { output: 'dist', buildResources: 'build' },
  // The app is the built output and the runtime dependencies main requires; renderer libraries (React,
  // ag-grid, charts) are devDependencies, bundled into out/renderer and not copied. No sources, tests or maps.
  files: [
    'out/**/*',
    'package.json',
    '!out/**/*.map',
    '!**/*.{ts,tsx,map,md,markdown}',
    '!**/{test,tests,__tests__,example,examples,docs,.github}/**',
    '!**/node_modules/better-sqlite3/{deps,src,benchmark}/**',
    '!**/node_modules/better-sqlite3/build/Release/{test_extension.node,obj,obj.target,.deps}/**',
    '!**/node_modules/better-sqlite3/build/Release/test_extension.node',
    '!**/node_modules/*/{CHANGELOG*,README*,readme*}',
  ],
  asar: true,
  // Native modules cannot load from inside the archive.
  asarUnpack: ['**/*.node'],
  npmRebuild: !check,
  buildDependenciesFromSource: false,
  protocols: [{ name: 'Grid Desk link', schemes: ['grid-desk'] }],
  electronFuses: check
    ? undefined
    : {
        runAsNode: false,
        enableCookieEncryption: true,
        enableNodeOptionsEnvironmentVariable: false,
        enableNodeCliInspectArguments: false,
        enableEmbeddedAsarIntegrityValidation: true,
        onlyLoadAppFromAsar: true,
        // The page loads as ES modules from file://, which needs the file protocol's privileges.
        grantFileProtocolExtraPrivileges: true,
      },
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Finance',
    synopsis: 'A desktop exchange for a spot market in AI inference',
    maintainer: 'Grid Desk',
  },
  deb: { depends: ['libnotify4', 'libsecret-1-0', 'libxss1', 'libxtst6', 'libnss3'] },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.finance',
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'build/entitlements.mac.plist',
    entitlementsInherit: 'build/entitlements.mac.plist',
    // Notarised when the environment carries Apple credentials (APPLE_API_KEY, APPLE_API_KEY_ID and
    // APPLE_API_ISSUER, or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD and APPLE_TEAM_ID); skipped otherwise.
    notarize: Boolean(process.env.APPLE_API_KEY || process.env.APPLE_ID),
  },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  // Where release builds publish (and a future updater would look): a plain HTTPS folder given at build time.
  ...(process.env.GRID_DESK_UPDATE_URL && {
    publish: [{ provider: 'generic', url: process.env.GRID_DESK_UPDATE_URL }],
  }),
};
