import { describe, expect, it } from 'vitest';
import { ownRows } from '../../src-main/service/own-rows';

// The order the key and endpoint lists show: a participant's rows by creation time, ties by id.

const rows = [
  { id: 'b', participant_id: 'p1', created_at: 2 },
  { id: 'x', participant_id: 'p2', created_at: 1 },
  { id: 'a', participant_id: 'p1', created_at: 2 },
  { id: 'c', participant_id: 'p1', created_at: 1 },
];
const ids = (list: { id: string }[]) => list.map((row) => row.id);

describe('ownRows', () => {
  it("keeps one participant's rows, oldest first and same-millisecond rows by id", () => {
    expect(ids(ownRows(rows, 'p1', (row) => row.id))).toEqual(['c', 'a', 'b']);
  });

  it('reverses both orders for newest first', () => {
    expect(ids(ownRows(rows, 'p1', (row) => row.id, 'newest'))).toEqual(['b', 'a', 'c']);
  });

  it("keeps every participant's rows without one", () => {
    expect(ids(ownRows(rows, undefined, (row) => row.id))).toEqual(['c', 'x', 'a', 'b']);
  });
});
