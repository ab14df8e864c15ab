import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Layering: the engine is pure (no Node, no Electron, no I/O); the renderer reaches the exchange only
// through the contract in src-preload.
const engineBans = {
  patterns: [
    {
      group: ['node:*', 'electron', 'better-sqlite3', 'ws', 'hono', '@hono/*', 'fs', 'path', 'crypto'],
      message: 'src-main/engine must stay pure: no Node, Electron or I/O imports.',
    },
    {
      group: ['../store/*', '../api/*', '../service/*', '../app/*', '../delivery/*'],
      message: 'src-main/engine imports nothing outside itself.',
    },
  ],
};

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
    files: ['src-main/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', engineBans],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'The engine takes time from an injected clock.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'The engine is deterministic.' },
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
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../src-main/*', '**/src-main/**', 'electron', 'node:*'],
              message: 'The renderer talks to the exchange only through the contract.',
            },
          ],
        },
      ],
    },
  },
);
