import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runHeadless, startHeadless } from '../helpers/headless-process';
import { tempDir } from '../helpers/temp-dir';
import { selfSignedCert } from '../helpers/tls-cert';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

const stop = async (exchange: Awaited<ReturnType<typeof startHeadless>>) => {
  exchange.child.kill('SIGTERM');
  expect(await exchange.exited).toBe(0);
};

it('prints where the operator token is, not the token (unless --print-token-url)', async () => {
  const exchange = await startHeadless(dir.path);
  const token = readFileSync(join(dir.path, 'operator-token'), 'utf8').trim();
  expect(exchange.output()).not.toContain(token);
  expect(exchange.output()).toContain(`the contents of ${join(dir.path, 'operator-token')}`);
  await stop(exchange);

  const opted = await startHeadless(dir.path, ['--print-token-url']);
  expect(opted.output()).toContain(`#token=${token}`);
  await stop(opted);
});

it('refuses a reachable address without TLS, saying how to serve it', async () => {
  const refused = await runHeadless(['--port', '0', '--data', dir.path, '--host', '0.0.0.0']);
  expect(refused.code).not.toBe(0);
  expect(refused.output).toMatch(/refusing to serve plain HTTP on 0\.0\.0\.0/);
  expect(refused.output).toMatch(/--insecure-bind/);
  expect(refused.output).not.toMatch(/\n\s+at /); // a message, not a stack

  const insecure = await startHeadless(dir.path, ['--host', '0.0.0.0', '--insecure-bind']);
  await stop(insecure);
});

it('serves HTTPS with --tls-cert and --tls-key', async (context) => {
  const cert = selfSignedCert(dir.path);
  if (!cert) return context.skip('openssl is not installed: cannot make a test certificate');
  const exchange = await startHeadless(dir.path, ['--tls-cert', cert.certFile, '--tls-key', cert.keyFile]);
  try {
    expect(exchange.baseUrl).toMatch(/^https:\/\/127\.0\.0\.1:/);
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${exchange.baseUrl}/health`, { ca: cert.cert }, (response) => {
        response.resume();
        resolve(response.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(200);
  } finally {
    await stop(exchange);
  }
});

it('says which TLS file it cannot read', async () => {
  const missing = join(dir.path, 'nope.pem');
  const result = await runHeadless(['--data', dir.path, '--tls-cert', missing, '--tls-key', missing]);
  expect(result.code).toBe(2);
  expect(result.output).toContain(`cannot read the TLS certificate ${missing}`);
});
