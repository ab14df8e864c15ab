import { statfs } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ConnectionChoice } from '../../src-preload/shell';
import { type ExchangeNode, startExchangeNode } from '../server';
import { LOW_DISK_BYTES, type Notice, type NoticeContext, noticesFor, storageNotice } from './notifications';

const DEFAULT_PORT = Number(process.env.GRID_DESK_PORT ?? 7420);

/**
 * The embedded exchange: the plain one keeps its database in the user data folder (as before there was a
 * choice); the sandbox has its own folder, seeded with simulated suppliers and a funded consumer.
 */
export async function openEmbedded(
  userData: string,
  rendererDir: string,
  choice: Extract<ConnectionChoice, { kind: 'embedded' }>,
): Promise<ExchangeNode> {
  const options = {
    dataDir: choice.sandbox ? join(userData, 'sandbox') : userData,
    port: DEFAULT_PORT,
    rendererDir,
    sandbox: choice.sandbox,
  };
  // Another exchange already holds the default port: take any free one rather than fail to start.
  return startExchangeNode(options).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    return startExchangeNode({ ...options, port: 0 });
  });
}

function noticeContext(node: ExchangeNode): NoticeContext {
  const state = () => node.service.engine.state;
  return {
    nameOf: (id) => state().participants.get(id)?.name ?? id,
    roleOf: (id) => state().participants.get(id)?.role ?? null,
    symbolOf: (id) => state().instruments.get(id)?.symbol ?? id,
  };
}

/**
 * Watches an embedded exchange for what deserves an OS notification: each commit's fills, suspensions,
 * halts and failed top-ups, a stopped exchange (a failed commit) and a nearly full disk. Returns a stop.
 */
export function watchEmbedded(
  node: ExchangeNode,
  notify: (notice: Notice) => void,
  onCommit: () => void,
  checkEveryMs = 30_000,
): () => void {
  const context = noticeContext(node);
  const unsubscribe = node.service.onCommit((_sequence, entries) => {
    for (const notice of noticesFor(
      entries.flatMap((entry) => entry.changes),
      context,
    ))
      notify(notice);
    onCommit();
  });
  let stopped = false;
  let lowDisk = false;
  const check = async () => {
    if (!stopped) {
      await node.service.whenDurable().catch((error: Error) => {
        stopped = true;
        notify(storageNotice({ kind: 'stopped', detail: error.message }));
        onCommit();
      });
    }
    const space = await statfs(dirname(node.service.databasePath)).catch(() => null);
    if (!space) return;
    const free = space.bavail * space.bsize;
    if (free < LOW_DISK_BYTES && !lowDisk) notify(storageNotice({ kind: 'low-disk', freeBytes: free }));
    lowDisk = free < LOW_DISK_BYTES;
  };
  const timer = setInterval(() => void check(), checkEveryMs);
  return () => {
    unsubscribe();
    clearInterval(timer);
  };
}

export function embeddedRunning(node: ExchangeNode): Promise<boolean> {
  return node.service.whenDurable().then(
    () => true,
    () => false,
  );
}
