/**
 * The exchange without Electron: `node out/main/headless.js [--port P] [--host H] [--data DIR]
 * [--tls-cert FILE --tls-key FILE] [--insecure-bind] [--allowed-hosts a,b] [--print-token-url]
 * [--backup-hours H] [--backup-keep N]`, or one storage command: `--verify`, `--backup`, `--restore FILE`.
 * Serves the built UI and the same contract over a WebSocket; stops cleanly on SIGINT/SIGTERM.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from './data-dir';
import { startExchangeNode } from './server';
import { runStorageCommand } from './storage-commands';
import { readTlsFiles, type TlsCredentials } from './tls';

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
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'insecure-bind': { type: 'boolean', default: false },
    'allowed-hosts': { type: 'string' },
    // The old start line with the operator token in the URL (it lands in terminal scrollback and logs).
    'print-token-url': { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}
const dataDir = resolve(values.data ?? defaultDataDir());
const tlsCert = values['tls-cert'];
const tlsKey = values['tls-key'];
if ((tlsCert === undefined) !== (tlsKey === undefined)) {
  console.error('--tls-cert and --tls-key go together');
  process.exit(2);
}
let tls: TlsCredentials | undefined;
try {
  if (tlsCert !== undefined && tlsKey !== undefined) tls = readTlsFiles(resolve(tlsCert), resolve(tlsKey));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

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
  insecureBind: values['insecure-bind'],
  allowedHosts: values['allowed-hosts']?.split(',').filter((name) => name.trim() !== '') ?? [],
  ...(tls && { tls }),
  backups: { intervalMs: backupHours * 3_600_000, keep: backupKeep },
}).catch((error: Error) => {
  console.error(`Grid Desk could not start: ${error.message}`);
  process.exit(1);
});

// Before the start lines: whoever reads them may signal at once, and until a handler is installed a
// SIGTERM would end the process without closing the database.
const stop = (signal: string) => {
  console.log(`${signal}: stopping; committing pending work and closing the database`);
  void node.close().then(() => process.exit(0));
};
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));

console.log(`Grid Desk exchange running (headless); database ${node.service.databasePath}`);
const token = node.service.operatorToken;
console.log(
  values['print-token-url']
    ? `Open the UI: ${node.url}/#token=${token.value}`
    : `Open the UI: ${node.url}/ (it asks for the operator token: the contents of ${token.path})`,
);
console.log(`Operator token for the admin API: ${token.path}`);
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
