import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHeadless, startHeadless } from '../helpers/headless-process';
import { random } from '../helpers/random';
import { tempDir } from '../helpers/temp-dir';

const RUNS = Number(process.env.CRASH_RUNS ?? 2);

/** A sandbox exchange killed with SIGKILL while calls stream: holds, debits and records stay consistent. */
async function crashDuringCalls(seed: number) {
  const rand = random(seed);
  const dir = tempDir('grid-desk-calls-crash-');
  try {
    const exchange = await startHeadless(dir.path, ['--sandbox']);
    await expect
      .poll(() => /Consumption key \(shown once\): (\S+)/.exec(exchange.output())?.[1])
      .toBeTruthy();
    const key = /Consumption key \(shown once\): (\S+)/.exec(exchange.output())![1]!;
    const call = (stream: boolean) =>
      fetch(`${exchange.baseUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          model: rand() < 0.5 ? 'text-prime' : 'text-standard',
          stream,
          max_tokens: 10 + Math.floor(rand() * 30),
          messages: [{ role: 'user', content: 'A short answer, please' }],
        }),
      }).then((r) => r.text());
    const inFlight: Promise<unknown>[] = [];
    const until = Date.now() + 2_000 + rand() * 2_000;
    while (Date.now() < until) {
      inFlight.push(call(rand() < 0.5).catch(() => null));
      await new Promise((r) => setTimeout(r, 10 + rand() * 40));
    }
    exchange.child.kill('SIGKILL');
    await exchange.exited;
    await Promise.all(inFlight);

    // The restart releases every hold of the calls that were in flight, unbilled.
    const again = await startHeadless(dir.path);
    again.child.kill('SIGTERM');
    await again.exited;
    const db = new Database(join(dir.path, 'exchange.db'), { readonly: true });
    try {
      expect(db.prepare('SELECT count(*) FROM reservations').pluck().get()).toBe(0);
      const bad = db
        .prepare(
          'SELECT count(*) FROM lots WHERE tokens_remaining < 0 OR tokens_total != tokens_remaining + tokens_delivered + tokens_expired',
        )
        .pluck()
        .get();
      expect(bad).toBe(0);
      // Every debit has its call record and every billed call its debit: they commit together.
      const billed = db.prepare('SELECT coalesce(sum(billed_tokens), 0) FROM calls').pluck().get();
      const delivered = db.prepare('SELECT coalesce(sum(tokens_delivered), 0) FROM lots').pluck().get();
      expect(delivered).toBe(billed);
      expect(
        db
          .prepare("SELECT count(*) FROM calls WHERE outcome = 'interrupted' AND billed_tokens > 0")
          .pluck()
          .get(),
      ).toBe(0);
    } finally {
      db.close();
    }
    const verified = await runHeadless(['--verify', '--data', dir.path]);
    expect(verified.output).toMatch(/verified/);
    expect(verified.code).toBe(0);
  } finally {
    dir.remove();
  }
}

describe('crash recovery of the Consumption API', () => {
  it(`keeps holds, debits and call records consistent when killed during calls (${RUNS} runs)`, async () => {
    for (let run = 0; run < RUNS; run++) await crashDuringCalls(7 + run);
  }, 120_000);
});
