// Ids are minted by the service and validated by the contract from one declaration of each kind's
// format (src-shared/ids.ts): an id the exchange makes is one its own API accepts.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { newId } from '../../src-main/service/ids';
import {
  ConsumptionKeyId,
  EndpointId,
  InstrumentId,
  MarketId,
  OrderId,
  ParticipantId,
  RosterEntryId,
} from '../../src-preload/contract-kit';
import { ID_PREFIXES, idPattern, type IdKind } from '../../src-shared/ids';

const validated: [IdKind, z.ZodType][] = [
  ['participant', ParticipantId],
  ['instrument', InstrumentId],
  ['market', MarketId],
  ['order', OrderId],
  ['consumptionKey', ConsumptionKeyId],
  ['endpoint', EndpointId],
  ['rosterEntry', RosterEntryId],
];

describe('exchange ids', () => {
  it('mints every kind in the format the contract accepts, and no other kind passes for it', () => {
    for (const kind of Object.keys(ID_PREFIXES) as IdKind[]) {
      expect(newId(kind)).toMatch(idPattern(kind));
    }
    for (const [kind, schema] of validated) {
      expect(schema.safeParse(newId(kind)).success, kind).toBe(true);
      const other = kind === 'order' ? 'participant' : 'order';
      expect(schema.safeParse(newId(other)).error?.issues[0]?.message, kind).toMatch(/^not an? .* id$/);
    }
    expect(newId('consumptionKey')).toMatch(/^ckey_/);
  });
});
