import { sign } from 'node:crypto';
import { expect, vi } from 'vitest';
import WebSocket from 'ws';
import type { Operations } from '../../src-main/service/operations';
import { operatorCalls } from './operator-calls';
import type { SigningKeyPair } from './signing';
import { stockUnits } from './supply';

/** A WebSocket client that keeps every JSON message it receives, and its close code and reason. */
export async function jsonSocket(url: string) {
  const ws = new WebSocket(url);
  const messages: any[] = [];
  let close: { code: number; reason: string } | null = null;
  ws.on('message', (data) => messages.push(JSON.parse(String(data))));
  ws.on('close', (code, reason) => (close = { code, reason: String(reason) }));
  ws.on('error', () => {});
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const send = (message: unknown) => ws.send(JSON.stringify(message));
  /** Waits for a message matching `predicate` that arrived after index `from`. */
  const next = async (predicate: (m: any) => boolean, from = 0) => {
    let found: any;
    await vi.waitFor(
      () => {
        found = messages.slice(from).find(predicate);
        expect(found).toBeDefined();
      },
      { timeout: 5000, interval: 5 },
    );
    return found;
  };
  /** Sends a message and waits for the first message after it that matches `predicate`. */
  const ask = (message: unknown, predicate: (m: any) => boolean) => {
    const from = messages.length;
    send(message);
    return next(predicate, from);
  };
  return {
    ws,
    messages,
    send,
    next,
    ask,
    get closeCode() {
      return close?.code ?? null;
    },
    get closeReason() {
      return close?.reason ?? null;
    },
  };
}
export type JsonSocket = Awaited<ReturnType<typeof jsonSocket>>;

/** An exchange with `n` funded suppliers holding Units of text-prime. */
export async function seedTraders(ops: Operations, n: number) {
  const operator = ops.service.operator()!.participant_id;
  const prime = ops.instruments().find((i) => i.symbol === 'text-prime')!;
  const people: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = (await ops.createParticipant({ name: `Trader ${i}`, role: 'supplier' }, operator))
      .participant_id;
    await ops.adjustUsd(id, { amount: '1000000', idempotency_key: 'seed', reason: 'seed' }, operator);
    await stockUnits(operatorCalls(ops), id, prime.instrument_id, 100_000);
    people.push(id);
  }
  return { market: prime.trading_parameters.market_id, people, operator };
}

let lastTimestamp = 0;
/**
 * A timestamp this process has not signed with yet, inside the 30 s window: Ed25519 signatures are
 * deterministic, so two proofs in the same second would be the same bytes, refused as a replay.
 */
function freshTimestamp(): number {
  lastTimestamp = Math.max(Math.floor(Date.now() / 1000) - 25, lastTimestamp + 1);
  return lastTimestamp;
}

/** The public exchange's socket proof: Ed25519 over `timestamp + fingerprint` (the `grid` gateway's message). */
export function gatewayProof(key: SigningKeyPair, timestamp = freshTimestamp()) {
  const signature = sign(null, Buffer.from(`${timestamp}${key.fingerprint}`), key.privateKey).toString(
    'base64',
  );
  return { fingerprint: key.fingerprint, timestamp: String(timestamp), signature };
}
