import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { journalLastSeq } from '../../src-main/store/backups';
import { quickCheck } from '../../src-main/store/database';
import { ExchangeService } from '../../src-main/service/exchange-service';
import { tempDir } from '../helpers/temp-dir';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => (dir = tempDir()));
afterEach(() => dir.remove());

describe('store reads the service layer asks for', () => {
  it("lists each instrument's first definition and last redefinition from the journal", async () => {
    const service = await ExchangeService.open({ dataDir: dir.path });
    const listings = service.store.trading.instrumentListings();
    expect(listings.map((l) => l.instrument_id).sort()).toEqual(
      [...service.engine.state.instruments.keys()].sort(),
    );
    for (const listing of listings) expect(listing.first).toBeLessThanOrEqual(listing.last);
    expect(quickCheck(service.store.db)).toBe('ok');
    const seq = service.lastSeq;
    const path = service.databasePath;
    service.close();
    expect(seq).toBeGreaterThan(0);
    expect(journalLastSeq(path)).toBe(seq);
  });
});
