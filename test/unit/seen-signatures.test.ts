import { expect, it } from 'vitest';
import { SeenSignatures } from '../../src-main/service/seen-signatures';

it('remembers a signature while its timestamp can still be accepted, then forgets it', () => {
  const seen = new SeenSignatures(30, 10);
  expect(seen.add(1000, 'a', 1000)).toBe('added');
  expect(seen.has(1000, 'a')).toBe(true);
  // The same bytes only ever verify with their own timestamp.
  expect(seen.has(1001, 'a')).toBe(false);
  seen.add(1030, 'b', 1030);
  expect(seen.has(1000, 'a')).toBe(true);
  seen.add(1031, 'c', 1031);
  expect(seen.has(1000, 'a')).toBe(false);
  expect(seen.size).toBe(2);
});

it('fails closed at its capacity instead of forgetting a live signature', () => {
  const seen = new SeenSignatures(30, 3);
  for (const signature of ['a', 'b', 'c']) expect(seen.add(1000, signature, 1000)).toBe('added');
  expect(seen.add(1000, 'd', 1000)).toBe('full');
  expect(seen.has(1000, 'a')).toBe(true);
  // Once those age out there is room again.
  expect(seen.add(1040, 'd', 1040)).toBe('added');
  expect(seen.size).toBe(1);
});
