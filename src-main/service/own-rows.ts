/**
 * A participant's rows (all participants' when `participantId` is undefined) from one of the engine's
 * maps, in creation order; rows created in the same millisecond in id order. `newest` reverses both.
 */
export function ownRows<T extends { participant_id: string; created_at: number }>(
  rows: Iterable<T>,
  participantId: string | undefined,
  idOf: (row: T) => string,
  order: 'oldest' | 'newest' = 'oldest',
): T[] {
  const sign = order === 'oldest' ? 1 : -1;
  return [...rows]
    .filter((row) => participantId === undefined || row.participant_id === participantId)
    .sort((a, b) => sign * (a.created_at - b.created_at || (idOf(a) < idOf(b) ? -1 : 1)));
}
