// Replays a JSON-lines command file through a fresh order book and prints one JSON line per event,
// then the final book. All parsing and formatting lives in src-main/engine/matching/replay-format.ts.
//
// Usage: npm run engine:replay -- commands.jsonl      (or pipe the commands on stdin)

import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { OrderBook } from '../src-main/engine/matching/order-book';
import { replaySession } from '../src-main/engine/matching/replay-format';

const path = process.argv[2];
const input = path === undefined || path === '-' ? process.stdin : createReadStream(path, 'utf8');
input.on('error', (error: Error) => {
  console.error(`replay: cannot read ${path}: ${error.message}`);
  process.exit(2);
});

const session = replaySession(new OrderBook(), (line) => process.stdout.write(`${line}\n`));
for await (const line of createInterface({ input, crlfDelay: Infinity })) session.feed(line);
session.finish();
