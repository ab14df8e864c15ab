import { describe, expect, it } from 'vitest';
import type { AuditEntryView, InstrumentView } from '../../../src-preload/contract';
import { describeAudit, kindOf } from '../../../src-renderer/features/operator/audit-words';
import { filterAudit, noAuditFilter } from '../../../src-renderer/features/operator/audit-filter';

const instrument = {
  instrument_id: 'instrument_1',
  symbol: 'text-prime',
  trading_parameters: { market_id: 'market_1', tick_size: '0.001' },
} as InstrumentView;
const context = { names: new Map([['participant_1', 'Initech']]), instruments: [instrument] };
const entry = (
  action: string,
  details: Record<string, unknown>,
  time = '2026-05-01T10:00:00.000Z',
): AuditEntryView => ({
  sequence: 1,
  time,
  actor: 'participant_op',
  actor_name: 'Exchange operator',
  action,
  details,
});

describe('the audit log in words', () => {
  it('names the participant, the symbol and the money instead of ids and raw fields', () => {
    expect(
      describeAudit(
        entry('adjust_usd', { participant_id: 'participant_1', amount: '-12.5', reason: 'refund' }),
        context,
      ),
    ).toEqual({
      kind: 'USD adjustment',
      participant: 'Initech',
      symbol: '',
      sentence: 'Withdrew $12.50 from Initech (refund)',
    });
    const order = entry('place_order', {
      participant_id: 'participant_1',
      market_id: 'market_1',
      side: 'buy',
      order_type: 'limit',
      quantity: 3000,
      price: '2.5',
      tif: 'gtc',
      post_only: true,
    });
    expect(describeAudit(order, context).sentence).toBe(
      'Initech: Buy 3,000 text-prime at $2.500, GTC, post-only',
    );
    expect(
      describeAudit(entry('set_market_halt', { market_id: 'market_1', halted: true }), context).sentence,
    ).toBe('Halted text-prime');
  });

  it('converts Auto Mode ticks and micro-dollars to USD', () => {
    const settings = entry('set_auto_mode', {
      participant_id: 'participant_1',
      instrument_id: 'instrument_1',
      mode: 'auto',
      threshold_tokens: 500000,
      top_up_units: 2,
      max_price_ticks: 2600,
      daily_spend_ceiling: 25_000_000,
    });
    expect(describeAudit(settings, context).sentence).toBe(
      'Initech set text-prime to Auto Mode: top up 2 text-prime Units below 500,000 tokens, at most $2.600, $25.00 a day',
    );
  });

  it('shows epoch-millisecond instants of unknown actions as local times, never as numbers', () => {
    const at = Date.UTC(2026, 4, 1, 12);
    const words = describeAudit(
      entry('something_new', { effective_at: at, instrument_id: 'instrument_1' }),
      context,
    );
    expect(words.kind).toBe('Something new');
    expect(words.sentence).not.toContain(String(at));
    expect(words.sentence).toContain('text-prime');
  });

  it('filters by kind, participant and local calendar day', () => {
    const rows = [
      {
        ...entry('adjust_usd', { participant_id: 'participant_1', amount: '5' }, '2026-05-01T10:00:00.000Z'),
      },
      {
        ...entry(
          'create_participant',
          { participant_id: 'participant_2', name: 'Umbrella', role: 'consumer' },
          '2026-05-03T10:00:00.000Z',
        ),
      },
    ].map((row) => ({ ...row, ...describeAudit(row, context) }));
    expect(filterAudit(rows, { ...noAuditFilter, kind: kindOf('adjust_usd') })).toHaveLength(1);
    expect(filterAudit(rows, { ...noAuditFilter, participant: 'Initech' })).toHaveLength(1);
    expect(filterAudit(rows, { ...noAuditFilter, from: '2026-05-02' }).map((row) => row.action)).toEqual([
      'create_participant',
    ]);
    expect(filterAudit(rows, { ...noAuditFilter, to: '2026-05-02' }).map((row) => row.action)).toEqual([
      'adjust_usd',
    ]);
  });
});
