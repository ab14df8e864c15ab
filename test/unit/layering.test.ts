// The layer rules in eslint.config.js, proven on small fixtures: each is linted as if it lived in the
// folder under test (ESLint's lintText with a filePath; no fixture file exists on disk).
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, filePath) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

/** Each fixture breaks one rule: [name, file it pretends to be, source, rule that must fire]. */
const broken: [string, string, string, string][] = [
  [
    'engine importing the store from a subfolder',
    'src-main/engine/matching/fixture.ts',
    "import type { ExchangeStore } from '../../store/exchange-store';\nexport type S = ExchangeStore;\n",
    'local/code-layering',
  ],
  [
    'delivery importing a service',
    'src-main/delivery/fixture.ts',
    "import type { Calls } from '../service/calls';\nexport type C = Calls;\n",
    'local/code-layering',
  ],
  [
    'delivery importing the store',
    'src-main/delivery/fixture.ts',
    "import type { ExchangeStore } from '../store/exchange-store';\nexport type S = ExchangeStore;\n",
    'local/code-layering',
  ],
  [
    'engine importing the API',
    'src-main/engine/fixture.ts',
    "export { httpApp } from '../api/http-app';\n",
    'local/code-layering',
  ],
  [
    'engine importing a Node built-in',
    'src-main/engine/matching/fixture.ts',
    "import { cpus } from 'node:os';\nexport const n = cpus().length;\n",
    'local/code-layering',
  ],
  [
    'engine importing a bare Node built-in',
    'src-main/engine/fixture.ts',
    "import { createHash } from 'crypto';\nexport const h = createHash;\n",
    'local/code-layering',
  ],
  [
    'engine importing a package',
    'src-main/engine/fixture.ts',
    "import { z } from 'zod';\nexport const s = z.string();\n",
    'local/code-layering',
  ],
  [
    'engine importing lazily outside itself',
    'src-main/engine/matching/fixture.ts',
    "export const load = () => import('../../service/ids');\n",
    'local/code-layering',
  ],
  [
    'engine reading performance.now()',
    'src-main/engine/matching/fixture.ts',
    'export const t = () => performance.now();\n',
    'no-restricted-globals',
  ],
  [
    'engine calling setTimeout',
    'src-main/engine/matching/fixture.ts',
    'export const later = (f: () => void) => setTimeout(f, 1);\n',
    'no-restricted-globals',
  ],
  [
    'engine calling setInterval',
    'src-main/engine/fixture.ts',
    'export const every = (f: () => void) => setInterval(f, 1);\n',
    'no-restricted-globals',
  ],
  [
    'engine calling setImmediate',
    'src-main/engine/fixture.ts',
    'export const soon = (f: () => void) => setImmediate(f);\n',
    'no-restricted-globals',
  ],
  [
    'engine calling globalThis.setTimeout',
    'src-main/engine/fixture.ts',
    'export const later = (f: () => void) => globalThis.setTimeout(f, 1);\n',
    'no-restricted-properties',
  ],
  [
    'engine reading the clock',
    'src-main/engine/matching/fixture.ts',
    'export const now = () => Date.now();\n',
    'no-restricted-globals',
  ],
  [
    'engine drawing Math.random()',
    'src-main/engine/fixture.ts',
    'export const r = () => Math.random();\n',
    'no-restricted-properties',
  ],
  [
    'engine drawing from crypto',
    'src-main/engine/fixture.ts',
    'export const id = () => crypto.randomUUID();\n',
    'no-restricted-globals',
  ],
  [
    'an engine module changing a balance outside the ledger',
    'src-main/engine/fixture.ts',
    "import type { ExchangeState } from './state';\nexport const f = (s: ExchangeState) => {\n  s.usd.get('p')!.total += 1;\n};\n",
    'no-restricted-syntax',
  ],
  [
    'an engine module moving an order hold outside the ledger',
    'src-main/engine/fixture.ts',
    "import type { Order } from './orders';\nexport const f = (o: Order) => {\n  o.hold = 0;\n};\n",
    'no-restricted-syntax',
  ],
  [
    'an engine module opening an account outside the ledger',
    'src-main/engine/fixture.ts',
    "import type { ExchangeState } from './state';\nexport class F {\n  constructor(private readonly state: ExchangeState) {}\n  open(): void {\n    this.state.units.set('k', { total: 0, locked: 0 });\n  }\n}\n",
    'no-restricted-syntax',
  ],
  [
    'store importing the API',
    'src-main/store/fixture.ts',
    "import type { Hono } from 'hono';\nimport { httpApp } from '../api/http-app';\nexport const a: unknown = [httpApp] as unknown as Hono;\n",
    'local/code-layering',
  ],
  [
    'store importing a service',
    'src-main/store/fixture.ts',
    "import { newId } from '../service/ids';\nexport const f = newId;\n",
    'local/code-layering',
  ],
  [
    'service importing the API',
    'src-main/service/fixture.ts',
    "import { streams } from '../api/streams';\nexport const s = streams;\n",
    'local/code-layering',
  ],
  [
    'service importing the Electron shell',
    'src-main/service/fixture.ts',
    "export * from '../app/main';\n",
    'local/code-layering',
  ],
  [
    'API importing the Electron shell',
    'src-main/api/trading-api/fixture.ts',
    "import '../../app/main';\n",
    'local/code-layering',
  ],
  [
    'API importing the renderer',
    'src-main/api/fixture.ts',
    "import { formatUsd } from '../../src-renderer/lib/money';\nexport const f = formatUsd;\n",
    'local/code-layering',
  ],
  [
    'the contract importing main',
    'src-preload/contract-fixture.ts',
    "import type { Operations } from '../src-main/service/operations';\nexport type O = Operations;\n",
    'local/code-layering',
  ],
  [
    'the contract importing Node',
    'src-preload/contract-fixture.ts',
    "import { randomUUID } from 'node:crypto';\nexport const id = randomUUID;\n",
    'local/code-layering',
  ],
  [
    'the preload importing main',
    'src-preload/index.ts',
    "import { newId } from '../src-main/service/ids';\nexport const f = newId;\n",
    'local/code-layering',
  ],
  [
    'the renderer importing main',
    'src-renderer/features/trading/fixture.ts',
    "import { formatUsd } from '../../../src-main/engine/money';\nexport const f = formatUsd;\n",
    'local/code-layering',
  ],
  [
    'the renderer importing main, types only',
    'src-renderer/fixture.ts',
    "import type { OrderView } from '../src-main/service/views';\nexport type O = OrderView;\n",
    'local/code-layering',
  ],
  [
    'the renderer importing Node',
    'src-renderer/lib/fixture.ts',
    "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n",
    'local/code-layering',
  ],
  [
    'the renderer importing Electron',
    'src-renderer/fixture.ts',
    "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n",
    'local/code-layering',
  ],
  [
    'the renderer importing the preload itself',
    'src-renderer/fixture.ts',
    "import '../src-preload/index';\n",
    'local/code-layering',
  ],
  [
    'shared importing the engine',
    'src-shared/fixture.ts',
    "import { feeMicros } from '../src-main/engine/fees';\nexport const f = feeMicros;\n",
    'local/code-layering',
  ],
  [
    'shared importing a package',
    'src-shared/fixture.ts',
    "import { z } from 'zod';\nexport const s = z.string();\n",
    'local/code-layering',
  ],
  [
    'shared reading the clock',
    'src-shared/fixture.ts',
    'export const now = () => Date.now();\n',
    'no-restricted-globals',
  ],
  [
    'the renderer reading process',
    'src-renderer/fixture.ts',
    'export const env = process.env.NODE_ENV;\n',
    'no-restricted-globals',
  ],
];

describe('layers enforced by folder', () => {
  it.each(broken)('%s fails lint', async (_name, filePath, code, rule) => {
    const found = await problems(filePath, code);
    expect(
      found.some((p) => p.startsWith(`${rule}:`)),
      found.join('\n') || 'no problems',
    ).toBe(true);
  });

  const allowed: [string, string, string][] = [
    [
      'engine importing itself from a subfolder',
      'src-main/engine/matching/fixture.ts',
      "import type { Instrument } from '../instruments';\nexport type I = Instrument;\n",
    ],
    [
      'store importing the engine',
      'src-main/store/fixture.ts',
      "import type { Instrument } from '../engine/instruments';\nimport type Database from 'better-sqlite3';\nexport type I = [Instrument, Database.Database];\n",
    ],
    [
      'service importing the engine, the store and the contract',
      'src-main/service/fixture.ts',
      "import type { Instrument } from '../engine/instruments';\nimport type { ExchangeStore } from '../store/exchange-store';\nimport type { OrderView } from '../../src-preload/contract';\nexport type T = [Instrument, ExchangeStore, OrderView];\n",
    ],
    [
      'API importing services, the store, the engine and the contract',
      'src-main/api/trading-api/fixture.ts',
      "import type { Operations } from '../../service/operations';\nimport type { ExchangeStore } from '../../store/exchange-store';\nimport type { Instrument } from '../../engine/instruments';\nimport type { OrderView } from '../../../src-preload/contract';\nexport type T = [Operations, ExchangeStore, Instrument, OrderView];\n",
    ],
    [
      'service importing delivery',
      'src-main/service/fixture.ts',
      "import type { ChatRequest } from '../delivery/chat';\nexport type R = ChatRequest;\n",
    ],
    [
      'the engine importing the shared money rule',
      'src-main/engine/fixture.ts',
      "import { feeMicros } from '../../src-shared/money';\nexport const f = feeMicros;\n",
    ],
    [
      'the renderer importing the shared money rule',
      'src-renderer/lib/fixture.ts',
      "import { toMicros } from '../../src-shared/money';\nexport const t = toMicros;\n",
    ],
    [
      'the ledger changing a balance',
      'src-main/engine/ledger.ts',
      "import type { ExchangeState } from './state';\nexport const f = (state: ExchangeState) => {\n  state.usd.set('p', { total: 0, locked: 0 });\n  state.usd.get('p')!.total += 1;\n};\n",
    ],
    [
      'the renderer importing the contract',
      'src-renderer/features/trading/fixture.ts',
      "import type { OrderView } from '../../../src-preload/contract';\nexport type O = OrderView;\n",
    ],
  ];

  it.each(allowed)('%s passes lint', async (_name, filePath, code) => {
    expect(await problems(filePath, code)).toEqual([]);
  });
});
