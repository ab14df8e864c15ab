import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import local from './eslint-rules/code-layering.js';

const root = import.meta.dirname;

// Layering, matched by folder (eslint-rules/code-layering.js holds the matrix): the engine imports
// nothing outside itself; store and delivery use the engine; service uses engine, store and delivery; api and the app shell
// use all of main; the renderer reaches the exchange only through the contract in src-preload. src-shared
// (pure rules both sides apply, such as money) imports nothing and every layer may use it.
// The engine is also deterministic: no clock, timers, randomness or host objects, all injected.
const engineGlobals = [
  ['Date', 'The engine takes time from an injected clock.'],
  ['performance', 'The engine takes time from an injected clock.'],
  ['setTimeout', 'The engine has no timers: scheduling belongs to the service.'],
  ['setInterval', 'The engine has no timers: scheduling belongs to the service.'],
  ['setImmediate', 'The engine has no timers: scheduling belongs to the service.'],
  ['clearTimeout', 'The engine has no timers: scheduling belongs to the service.'],
  ['clearInterval', 'The engine has no timers: scheduling belongs to the service.'],
  ['clearImmediate', 'The engine has no timers: scheduling belongs to the service.'],
  ['crypto', 'The engine is deterministic: no randomness; ids and keys come in with commands.'],
  ['process', 'The engine is pure: no Node.'],
  ['Buffer', 'The engine is pure: no Node.'],
  ['require', 'The engine is pure: no Node.'],
  ['fetch', 'The engine is pure: no I/O.'],
].map(([name, message]) => ({ name, message }));

export default tseslint.config(
  {
    ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src-main/**/*.ts', 'src-preload/**/*.ts', 'src-renderer/**/*.{ts,tsx}', 'src-shared/**/*.ts'],
    plugins: { local },
    rules: { 'local/code-layering': ['error', { root }] },
  },
  {
    // src-shared is as pure as the engine (the engine may import it).
    files: ['src-main/engine/**/*.ts', 'src-shared/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...engineGlobals],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'The engine is deterministic.' },
        ...engineGlobals.map(({ name, message }) => ({ object: 'globalThis', property: name, message })),
      ],
    },
  },
  {
    // One owner of balances: only engine/ledger.ts writes accounts, holds and conservation counters.
    files: ['src-main/engine/**/*.ts'],
    ignores: ['src-main/engine/ledger.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          'AssignmentExpression > MemberExpression.left',
          'UpdateExpression > MemberExpression.argument',
        ].map((target) => ({
          selector: `${target}[property.name=/^(total|locked|hold|usdSupply)$/]`,
          message: 'Balances, holds and USD supply change only through engine/ledger.ts.',
        })),
        {
          selector:
            "CallExpression[callee.property.name=/^(set|delete|clear)$/][callee.object.property.name=/^(usd|units|issuance|unitsIssued|unitsConsumed)$/]:matches([callee.object.object.name='state'], [callee.object.object.property.name='state'])",
          message: 'Accounts and conservation counters change only through engine/ledger.ts.',
        },
      ],
    },
  },
  {
    // Tests read untyped JSON off the wire.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'require', 'global', '__dirname', '__filename'].map((name) => ({
          name,
          message: 'The renderer is a web page: no Node.',
        })),
      ],
    },
  },
);
