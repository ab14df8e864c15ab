/**
 * The exchange without Electron: `node out/main/headless.js [--port P] [--host H] [--data DIR]
 * [--backup-hours H] [--backup-keep N]`, or one storage command: `--verify`, `--backup`, `--restore FILE`.
 * Serves the built UI and the same contract over a WebSocket; stops cleanly on SIGINT/SIGTERM.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from './data-dir';
import { startExchangeNode } from './server';
import { runStorageCommand } from './storage-commands';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '7420' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string' },
    verify: { type: 'boolean', default: false },
    backup: { type: 'boolean', default: false },
    restore: { type: 'string' },
    'backup-hours': { type: 'string', default: '24' },
    'backup-keep': { type: 'string', default: '7' },
    sandbox: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}
const dataDir = resolve(values.data ?? defaultDataDir());

if (values.verify || values.backup || values.restore !== undefined) {
  process.exit(await runStorageCommand(dataDir, values));
}
const backupHours = Number(values['backup-hours']);
const backupKeep = Number(values['backup-keep']);
if (!(backupHours >= 0) || !Number.isInteger(backupKeep) || backupKeep < 1) {
  console.error('--backup-hours must be a number of hours (0: never), --backup-keep a count of at least 1');
  process.exit(2);
}

const node = await startExchangeNode({
  dataDir,
  host: values.host,
  port,
  rendererDir: resolve(import.meta.dirname, '../renderer'),
  sandbox: values.sandbox,
  backups: { intervalMs: backupHours * 3_600_000, keep: backupKeep },
}).catch((error: Error) => {
  console.error(`Grid Desk could not start: ${error.message}`);
  process.exit(1);
});

console.log(`Grid Desk exchange running (headless); database ${node.service.databasePath}`);
console.log(`Open the UI: ${node.url}/#token=${node.service.operatorToken.value}`);
console.log(`Operator token for the admin API: ${node.service.operatorToken.path}`);
if (node.sandbox) {
  console.log(`
Sandbox ready: three simulated suppliers on every live instrument, a funded consumer with Units in consumption.
Consumption key (shown once): ${node.sandbox.key}

  OpenAI SDK:    new OpenAI({ baseURL: '${node.url}/v1', apiKey: '<key>' })  model: 'text-prime'
  Anthropic SDK: new Anthropic({ baseURL: '${node.url}', apiKey: '<key>' })
  curl ${node.url}/v1/chat/completions -H 'authorization: Bearer <key>' -H 'content-type: application/json' \\
       -d '{"model":"text-prime","messages":[{"role":"user","content":"Hello"}],"stream":true}'
`);
} else if (values.sandbox)
  console.log('--sandbox: the exchange already has participants; nothing was seeded.');

const stop = (signal: string) => {
  console.log(`${signal}: stopping; committing pending work and closing the database`);
  void node.close().then(() => process.exit(0));
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
