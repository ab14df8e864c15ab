/**
 * Exchange ids: a kind's prefix, an underscore, then a UUID (`order_0193c7a2-…`). Each kind's prefix is
 * declared here once, for the service that mints ids and the contract that validates them.
 */
export const ID_PREFIXES = {
  participant: 'participant',
  instrument: 'instrument',
  market: 'market',
  order: 'order',
  adjustment: 'adjustment',
  sweep: 'sweep',
  topUp: 'topup',
  consumptionKey: 'ckey',
  endpoint: 'endpoint',
  rosterEntry: 'roster',
  revision: 'revision',
  probe: 'probe',
  call: 'call',
} as const;
export type IdKind = keyof typeof ID_PREFIXES;

export const formatId = (kind: IdKind, uuid: string) => `${ID_PREFIXES[kind]}_${uuid}`;

/** What an id of `kind` looks like on the wire. */
export const idPattern = (kind: IdKind) => new RegExp(`^${ID_PREFIXES[kind]}_[0-9a-f-]{36}$`);
