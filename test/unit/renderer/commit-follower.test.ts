import { describe, expect, it } from 'vitest';
import { followCommits } from '../../../src-renderer/stores/commit-follower';

/** A load the test finishes by hand, counting how many were started. */
function manualLoads() {
  const finishers: ((ok: boolean) => void)[] = [];
  const load = () =>
    new Promise<void>((resolve, reject) =>
      finishers.push((ok) => (ok ? resolve() : reject(new Error('load failed')))),
    );
  const settle = async (ok = true) => {
    finishers.at(-1)!(ok);
    // Let the follower's loop see the outcome and start any follow-up.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { load, settle, started: () => finishers.length };
}

describe('following the exchange’s commits', () => {
  it('loads again when a commit lands that system.info reported before it was durable', async () => {
    const loads = manualLoads();
    const follower = followCommits(loads.load, 5);
    await loads.settle();
    // system.info says 6 (executed, still committing): the view reloads, but may read the state before 6.
    follower.reported(6);
    expect(loads.started()).toBe(2);
    await loads.settle();
    // The commit of 6 arrives: what it changed is readable only now, so the view must load once more.
    follower.committed(6);
    expect(loads.started()).toBe(3);
    await loads.settle();
    follower.stop();
  });

  it('does not load twice for one commit the store then reports', async () => {
    const loads = manualLoads();
    const follower = followCommits(loads.load, 5);
    await loads.settle();
    follower.committed(6);
    await loads.settle();
    follower.reported(6);
    expect(loads.started()).toBe(2);
    follower.stop();
  });

  it('loads again on the real event after a reconnect announced the same sequence', async () => {
    const loads = manualLoads();
    const follower = followCommits(loads.load, 5);
    await loads.settle();
    // The transport's resynchronisation announces system.info's 6, which may still be committing...
    follower.committed(6);
    await loads.settle();
    // ...and the exchange's own event for 6 follows once it is durable.
    follower.committed(6);
    expect(loads.started()).toBe(3);
    await loads.settle();
    follower.stop();
  });

  it('merges a burst of commits during a load into one follow-up load', async () => {
    const loads = manualLoads();
    const follower = followCommits(loads.load, 0);
    follower.committed(1);
    follower.committed(2);
    follower.reported(3);
    follower.committed(3);
    expect(loads.started()).toBe(1);
    await loads.settle();
    expect(loads.started()).toBe(2);
    await loads.settle();
    expect(loads.started()).toBe(2);
    follower.stop();
  });

  it('tries again on the next commit after a failed load, and not after stopping', async () => {
    const loads = manualLoads();
    const follower = followCommits(loads.load, 0);
    await loads.settle(false);
    expect(loads.started()).toBe(1);
    follower.committed(1);
    expect(loads.started()).toBe(2);
    await loads.settle();
    follower.stop();
    follower.committed(2);
    follower.reload();
    expect(loads.started()).toBe(2);
  });
});
