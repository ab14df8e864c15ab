import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const HEADLESS = resolve(import.meta.dirname, '../../out/main/headless.js');

export interface HeadlessProcess {
  child: ChildProcess;
  /** The UI URL with the operator token (`#token=`), as an operator would open it. */
  uiUrl: string;
  baseUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts the built headless exchange as its own process on a free port, and waits for its URL. */
export async function startHeadless(dataDir: string, extraArgs: string[] = []): Promise<HeadlessProcess> {
  if (!existsSync(HEADLESS)) throw new Error(`${HEADLESS} is missing: run "npm run build" first`);
  const child = spawn(process.execPath, [HEADLESS, '--port', '0', '--data', dataDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += chunk));
  child.stderr!.on('data', (chunk) => (text += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const printed = await new Promise<string>((found, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL printed within 15 s:\n${text}`)), 15_000);
    const look = () => {
      const match = /Open the UI: (\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        found(match[1]!);
      }
    };
    child.stdout!.on('data', look);
    void exited.then(() => fail(new Error(`the exchange exited before it was ready:\n${text}`)));
  });
  // The start line names the token file rather than print the token (unless --print-token-url).
  const url = new URL(printed);
  if (!url.hash) url.hash = `token=${readFileSync(join(dataDir, 'operator-token'), 'utf8').trim()}`;
  return { child, uiUrl: url.href, baseUrl: url.origin, output: () => text, exited };
}

/** Runs the headless exchange with the given arguments to completion (for --verify). */
export function runHeadless(args: string[]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [HEADLESS, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((done) => child.once('exit', (code) => done({ code, output })));
}
