// The order ticket's rules, as a trader meets them: what it refuses, what it sends, what it previews.
import { describe, expect, it } from 'vitest';
import type { BookView, InstrumentView, OrderView, ParticipantView } from '../../../src-preload/contract';
import {
  describeOrder,
  initialDraft,
  placementTone,
  previewOrder,
  quantityForShare,
  type TicketDraft,
  triggerText,
  validateDraft,
  withType,
} from '../../../src-renderer/features/trading/ticket';
import { placedOrderText } from '../../../src-renderer/features/trading/amendments';

const MARKET = 'market_00000000-0000-4000-8000-000000000001';
const INSTRUMENT = 'instrument_00000000-0000-4000-8000-000000000001';

const instrument: InstrumentView = {
  instrument_id: INSTRUMENT,
  symbol: 'text-prime',
  name: 'Text Prime',
  instrument_type: 'text',
  status: 'live',
  is_default: true,
  specifications: {
    quality_index: '90',
    quality_floor: null,
    throughput_floor_tps: null,
    ttft_max_seconds: '1',
    context_window_min_tokens: 128_000,
    output_length_min_tokens: 4_000,
    uptime_min_pct: 99,
    error_rate_max_pct: 1,
  },
  trading_parameters: {
    market_id: MARKET,
    tick_size: '0.001',
    min_quantity: 1,
    max_quantity: 10_000,
    quantity_increment: 1,
    maker_fee_bps: 5,
    taker_fee_bps: 10,
  },
  unit: { tokens: 1_000_000 },
  upcoming_revision: null,
};

function trader(usdAvailable = '100.00', unitsAvailable = 0): ParticipantView {
  return {
    participant_id: 'participant_00000000-0000-4000-8000-000000000001',
    name: 'Acme',
    role: 'consumer',
    status: 'active',
    created_at: '2026-01-01T00:00:00.000Z',
    balances: {
      usd: { total: usdAvailable, available: usdAvailable, locked: '0.00' },
      units: [
        {
          instrument_id: INSTRUMENT,
          symbol: 'text-prime',
          total: unitsAvailable,
          available: unitsAvailable,
          locked: 0,
        },
      ],
    },
  };
}

const level = (price: string, quantity: number) => ({ price, quantity, orders: 1 });
function book(asks: [string, number][] = [], bids: [string, number][] = []): BookView {
  return {
    market_id: MARKET,
    symbol: 'text-prime',
    sequence: 1,
    halted: false,
    asks: asks.map(([p, q]) => level(p, q)),
    bids: bids.map(([p, q]) => level(p, q)),
  };
}

const draft = (changes: Partial<TicketDraft>): TicketDraft => ({ ...initialDraft, ...changes });
const errorsOf = (d: TicketDraft) => {
  const result = validateDraft(d, instrument);
  return result.ok ? {} : result.errors;
};

describe('the order ticket: what it refuses', () => {
  it('asks for a quantity and, on a limit order, a price', () => {
    expect(errorsOf(initialDraft)).toEqual({
      quantity: 'Enter a quantity in whole Units',
      price: 'Enter a limit price in USD per Unit',
    });
  });

  it('takes whole Units only', () => {
    expect(errorsOf(draft({ quantity: '2.5', price: '2.500' })).quantity).toBe(
      'quantity must be a whole number of Units',
    );
    expect(errorsOf(draft({ quantity: 'ten', price: '2.500' })).quantity).toBe(
      'quantity must be a whole number of Units',
    );
  });

  it("keeps to the market's quantity range, said with thousands separators", () => {
    expect(errorsOf(draft({ quantity: '20000', price: '2.500' })).quantity).toBe(
      'quantity must be from 1 to 10,000 Units',
    );
  });

  it('wants a price above zero, on the tick', () => {
    expect(errorsOf(draft({ quantity: '1', price: '0' })).price).toBe('price must be above zero');
    expect(errorsOf(draft({ quantity: '1', price: '2.5005' })).price).toBe(
      'price must be a multiple of the tick, $0.001',
    );
    expect(errorsOf(draft({ quantity: '1', price: 'two' })).price).toMatch(/price must be a decimal string/);
  });

  it('refuses a market order that would rest', () => {
    expect(errorsOf(draft({ type: 'market', quantity: '1', timeInForce: 'gtc' })).time_in_force).toBe(
      'a market order cannot rest: use IOC or FOK',
    );
  });

  it('takes the max slippage in whole ticks', () => {
    expect(
      errorsOf(draft({ type: 'market', timeInForce: 'ioc', quantity: '1', maxSlippage: '1.5' }))
        .max_slippage_ticks,
    ).toBe('max slippage must be a whole number of ticks');
  });
});

describe('the order ticket: what it sends', () => {
  it('a limit order, good till cancelled by default', () => {
    expect(validateDraft(draft({ quantity: '3', price: '2.500' }), instrument)).toEqual({
      ok: true,
      body: {
        market_id: MARKET,
        side: 'buy',
        type: 'limit',
        quantity: 3,
        price: '2.500',
        time_in_force: 'gtc',
        self_trade_prevention: 'cancel_taker',
      },
    });
  });

  it('reads a quantity typed with thousands separators or spaces', () => {
    const result = validateDraft(draft({ quantity: '1,000', price: '2.5' }), instrument);
    expect(result.ok && result.body.quantity).toBe(1000);
    const spaced = validateDraft(draft({ quantity: ' 2 000 ', price: '2.5' }), instrument);
    expect(spaced.ok && spaced.body.quantity).toBe(2000);
  });

  it('switching to market turns GTC into IOC, drops post-only, and sends no price', () => {
    const market = withType(draft({ quantity: '2', price: '2.500', postOnly: true }), 'market');
    expect(market).toMatchObject({ type: 'market', timeInForce: 'ioc', postOnly: false });
    const result = validateDraft({ ...market, maxSlippage: '5' }, instrument);
    expect(result).toEqual({
      ok: true,
      body: {
        market_id: MARKET,
        side: 'buy',
        type: 'market',
        quantity: 2,
        time_in_force: 'ioc',
        self_trade_prevention: 'cancel_taker',
        max_slippage_ticks: 5,
      },
    });
  });

  it('keeps the time in force chosen for each order type: Market then back to Limit is GTC again', () => {
    const market = withType(draft({ quantity: '2', price: '2.500' }), 'market');
    expect(market.timeInForce).toBe('ioc');
    const limit = withType({ ...market, timeInForce: 'fok' }, 'limit');
    expect(limit.timeInForce).toBe('gtc');
    expect(validateDraft(limit, instrument)).toMatchObject({ ok: true, body: { time_in_force: 'gtc' } });
    // Each type remembers its own choice across switches.
    const limitIoc = withType({ ...limit, timeInForce: 'ioc' }, 'market');
    expect(limitIoc.timeInForce).toBe('fok');
    expect(withType(limitIoc, 'limit').timeInForce).toBe('ioc');
    expect(withType(limit, 'limit')).toBe(limit);
  });

  it('sends post-only only on a resting limit order', () => {
    const gtc = validateDraft(draft({ quantity: '1', price: '2.5', postOnly: true }), instrument);
    expect(gtc.ok && gtc.body.post_only).toBe(true);
    const ioc = validateDraft(
      draft({ quantity: '1', price: '2.5', postOnly: true, timeInForce: 'ioc' }),
      instrument,
    );
    expect(ioc.ok && 'post_only' in ioc.body).toBe(false);
  });
});

describe('the order ticket: stop and stop-limit orders', () => {
  const stopLimitSell = draft({
    type: 'stop_limit',
    side: 'sell',
    quantity: '2',
    price: '1.900',
    stopPrice: '2.000',
  });

  it('asks for a stop price, above zero and on the tick, as it does for a price', () => {
    expect(errorsOf({ ...stopLimitSell, stopPrice: '' }).stop_price).toBe(
      'Enter a stop price in USD per Unit',
    );
    expect(errorsOf({ ...stopLimitSell, stopPrice: '0' }).stop_price).toBe('stop price must be above zero');
    expect(errorsOf({ ...stopLimitSell, stopPrice: '2.0005' }).stop_price).toBe(
      'stop price must be a multiple of the tick, $0.001',
    );
    expect(errorsOf({ ...stopLimitSell, stopPrice: 'two' }).stop_price).toMatch(
      /^stop price must be a decimal string/,
    );
    // A stop-limit needs its limit price too.
    expect(errorsOf({ ...stopLimitSell, price: '' }).price).toBe('Enter a limit price in USD per Unit');
  });

  it('sends a stop-limit as a limit order with its stop price', () => {
    expect(validateDraft(stopLimitSell, instrument)).toEqual({
      ok: true,
      body: {
        market_id: MARKET,
        side: 'sell',
        type: 'limit',
        quantity: 2,
        price: '1.900',
        stop_price: '2.000',
        time_in_force: 'gtc',
        self_trade_prevention: 'cancel_taker',
      },
    });
  });

  it('refuses a stop buy at market without the slippage cap the exchange needs, and sends it with one', () => {
    const stopBuy = withType(draft({ quantity: '2', stopPrice: '2.500' }), 'stop');
    expect(stopBuy.timeInForce).toBe('ioc');
    expect(errorsOf(stopBuy)).toEqual({
      max_slippage_ticks:
        'A stop buy at market needs a max slippage: how many ticks above the stop price it may pay',
    });
    expect(validateDraft({ ...stopBuy, maxSlippage: '10' }, instrument)).toEqual({
      ok: true,
      body: {
        market_id: MARKET,
        side: 'buy',
        type: 'market',
        quantity: 2,
        stop_price: '2.500',
        time_in_force: 'ioc',
        self_trade_prevention: 'cancel_taker',
        max_slippage_ticks: 10,
      },
    });
    // A stop sell at market may go without one.
    expect(validateDraft({ ...stopBuy, side: 'sell' }, instrument).ok).toBe(true);
    expect(errorsOf({ ...stopBuy, maxSlippage: '10', timeInForce: 'gtc' }).time_in_force).toBe(
      'a stop order cannot rest: use IOC or FOK',
    );
  });

  it('is never post-only: it enters as a taker', () => {
    const result = validateDraft({ ...stopLimitSell, postOnly: true }, instrument);
    expect(result.ok && 'post_only' in result.body).toBe(false);
    expect(withType(draft({ postOnly: true }), 'stop_limit').postOnly).toBe(false);
  });

  it('says when it triggers', () => {
    expect(triggerText('buy', '2.5')).toBe('Triggers when the last trade is at or above $2.500');
    expect(triggerText('sell', '2.000')).toBe('Triggers when the last trade is at or below $2.000');
    expect(triggerText('sell', '')).toBeNull();
  });

  it('previews what a stop holds: a stop-limit buy its limit, a stop buy its stop plus the slippage', () => {
    const stopLimitBuy = { ...stopLimitSell, side: 'buy' as const, price: '2.100' };
    expect(previewOrder(stopLimitBuy, instrument, trader(), book()).lines).toEqual([
      { label: 'Enters the book', value: 'when last ≥ $2.000' },
      { label: '2 Units × $2.100', value: '$4.20' },
      { label: 'Fee, at most (10 bps)', value: '$0.0042' },
      { label: 'Total held (worst case)', value: '$4.2042', strong: true },
      { label: 'USD available', value: '$100.00' },
    ]);
    const stopBuy = draft({ type: 'stop', quantity: '2', stopPrice: '2.000', maxSlippage: '100' });
    expect(previewOrder(stopBuy, instrument, trader(), book()).lines[1]).toEqual({
      label: '2 Units × $2.100',
      value: '$4.20',
    });
    expect(previewOrder({ ...stopBuy, maxSlippage: '' }, instrument, trader(), book()).warnings).toEqual([
      'A stop buy at market needs a max slippage, so that what it holds is known.',
    ]);
    expect(quantityForShare(1, stopBuy, instrument, trader('4.20'), book())).toBe(1);
  });
});

describe('the order ticket: the cost preview', () => {
  it('shows what is available until there is a quantity', () => {
    expect(previewOrder(initialDraft, instrument, trader('12345.5'), book())).toEqual({
      lines: [{ label: 'USD available', value: '$12,345.50' }],
      warnings: [],
      prompt: 'Enter a quantity to see the cost.',
    });
    const sell = previewOrder(draft({ side: 'sell' }), instrument, trader('0', 1), book());
    expect(sell.lines).toEqual([{ label: 'text-prime available', value: '1 Unit' }]);
    expect(previewOrder(draft({ quantity: '4' }), instrument, trader(), book()).prompt).toBe(
      'Enter a price to see the cost.',
    );
  });

  it('a limit buy holds its price and the larger fee', () => {
    const preview = previewOrder(draft({ quantity: '4', price: '2.5' }), instrument, trader(), book());
    expect(preview).toEqual({
      lines: [
        { label: '4 Units × $2.500', value: '$10.00' },
        { label: 'Fee, at most (10 bps)', value: '$0.01' },
        { label: 'Total held (worst case)', value: '$10.01', strong: true },
        { label: 'USD available', value: '$100.00' },
        { label: 'Rests on the book', value: '4 @ $2.500' },
      ],
      warnings: [],
      prompt: null,
    });
  });

  it('a limit sell shows its least proceeds after the fee', () => {
    const preview = previewOrder(
      draft({ side: 'sell', quantity: '2', price: '3' }),
      instrument,
      trader('0', 5),
      book(),
    );
    expect(preview.lines.slice(0, 4)).toEqual([
      { label: '2 Units × $3.000', value: '$6.00' },
      { label: 'Fee, at most (10 bps)', value: '$0.006' },
      { label: 'Proceeds, at least', value: '$5.994', strong: true },
      { label: 'text-prime available', value: '5 Units' },
    ]);
    expect(preview.warnings).toEqual([]);
  });

  it('warns when the USD available does not cover a buy', () => {
    const preview = previewOrder(draft({ quantity: '4', price: '2.5' }), instrument, trader('5'), book());
    expect(preview.warnings).toEqual([
      'Needs $10.01 but $5.00 is available: the exchange will refuse this order.',
    ]);
  });

  it('warns when selling more Units than are available', () => {
    const preview = previewOrder(
      draft({ side: 'sell', quantity: '3', price: '2.5' }),
      instrument,
      trader('0', 2),
      book(),
    );
    expect(preview.warnings).toEqual([
      'Only 2 Units of text-prime available to sell: the exchange will refuse this order.',
    ]);
  });

  it('estimates what a crossing limit order fills at once and what rests', () => {
    const asks = book([
      ['2.5', 3],
      ['2.6', 1],
      ['2.7', 10],
    ]);
    const preview = previewOrder(draft({ quantity: '5', price: '2.6' }), instrument, trader(), asks);
    expect(preview.lines.slice(4)).toEqual([
      { label: 'Fills at once (est.)', value: '4 @ $2.525' },
      { label: 'Rests on the book', value: '1 @ $2.600' },
    ]);
    const postOnly = previewOrder(
      draft({ quantity: '5', price: '2.6', postOnly: true }),
      instrument,
      trader(),
      asks,
    );
    expect(postOnly.warnings).toEqual([
      'Post-only: this price crosses the book, so the order would be rejected.',
    ]);
    const ioc = previewOrder(
      draft({ quantity: '5', price: '2.6', timeInForce: 'ioc' }),
      instrument,
      trader(),
      asks,
    );
    expect(ioc.lines.at(-1)).toEqual({ label: 'Cancelled unfilled (IOC)', value: '1' });
    const fok = previewOrder(
      draft({ quantity: '5', price: '2.6', timeInForce: 'fok' }),
      instrument,
      trader(),
      asks,
    );
    expect(fok.warnings).toEqual([
      'Fill-or-kill: only 4 Units can fill at this price now, so the whole order would be cancelled.',
    ]);
  });

  it('a market buy walks the book: average, worst price, taker fee and cost', () => {
    const asks = book([
      ['2.5', 3],
      ['2.6', 1],
      ['2.7', 10],
    ]);
    const market = withType(draft({ quantity: '5' }), 'market');
    expect(previewOrder(market, instrument, trader(), asks)).toEqual({
      lines: [
        { label: 'Fills (est.)', value: '5 of 5 Units' },
        { label: 'Average price (est.)', value: '$2.560' },
        { label: 'Worst price reached', value: '$2.700' },
        { label: 'Taker fee (10 bps)', value: '$0.0128' },
        { label: 'Cost (est.)', value: '$12.8128', strong: true },
        { label: 'USD available', value: '$100.00' },
      ],
      warnings: [],
      prompt: null,
    });
  });

  it('a market order stops at the slippage cap and says what would be cancelled', () => {
    const asks = book([
      ['2.5', 3],
      ['2.6', 1],
    ]);
    const market = { ...withType(draft({ quantity: '5' }), 'market'), maxSlippage: '50' };
    const preview = previewOrder(market, instrument, trader(), asks);
    expect(preview.lines).toContainEqual({ label: 'Slippage cap', value: '$2.550' });
    expect(preview.lines[0]).toEqual({ label: 'Fills (est.)', value: '3 of 5 Units' });
    expect(preview.warnings).toEqual(['Only 3 Units within your slippage cap: the rest would be cancelled.']);
  });

  it('a market order against an empty side would not fill', () => {
    const market = withType(draft({ side: 'sell', quantity: '1' }), 'market');
    expect(previewOrder(market, instrument, trader('0', 1), book([['2.5', 1]])).warnings).toEqual([
      'No bids in the book: a market sell would not fill.',
    ]);
  });

  it('a market buy beyond the USD available fills only what it covers', () => {
    const market = withType(draft({ quantity: '3' }), 'market');
    const preview = previewOrder(market, instrument, trader('5'), book([['2.5', 3]]));
    expect(preview.warnings).toEqual([
      'Costs about $7.5075 but $5.00 is available: a market buy fills only what your USD covers.',
    ]);
  });
});

describe('the order ticket: what happened', () => {
  const order = (changes: Partial<OrderView>): OrderView => ({
    order_id: 'order_00000000-0000-4000-8000-000000000001',
    client_order_id: null,
    participant_id: 'participant_00000000-0000-4000-8000-000000000001',
    market_id: MARKET,
    instrument_id: INSTRUMENT,
    symbol: 'text-prime',
    side: 'buy',
    type: 'limit',
    status: 'open',
    quantity: 5,
    filled_quantity: 0,
    remaining_quantity: 5,
    price: '2.4',
    stop_price: null,
    average_price: null,
    fee: '0.00',
    time_in_force: 'gtc',
    post_only: false,
    self_trade_prevention: 'cancel_taker',
    closure_reason: null,
    created_at: '2026-01-01T00:00:00.000Z',
    updated_at: '2026-01-01T00:00:00.000Z',
    ...changes,
  });

  it('says what filled, at what average and fee, and what rests', () => {
    expect(describeOrder(order({}))).toBe('Order resting: 5 @ $2.400');
    expect(
      describeOrder(
        order({
          status: 'filled',
          quantity: 3,
          filled_quantity: 3,
          remaining_quantity: 0,
          average_price: '2.5',
          fee: '0.0075',
        }),
      ),
    ).toBe('Bought 3 @ $2.500 avg, order filled, fee $0.0075');
    expect(
      describeOrder(
        order({
          side: 'sell',
          status: 'partially_filled',
          price: '2.5',
          filled_quantity: 2,
          remaining_quantity: 3,
          average_price: '2.5',
          fee: '0',
        }),
      ),
    ).toBe('Sold 2 @ $2.500 avg; 3 @ $2.500 resting');
    expect(describeOrder(order({ remaining_quantity: 1234, quantity: 1234 }))).toBe(
      'Order resting: 1,234 @ $2.400',
    );
  });

  it('names why an order closed, in words', () => {
    expect(describeOrder(order({ status: 'cancelled', closure_reason: 'ioc_remainder_cancelled' }))).toBe(
      'No fill: order cancelled (IOC remainder cancelled)',
    );
    expect(describeOrder(order({ status: 'rejected', closure_reason: 'post_only_would_take' }))).toBe(
      'Order rejected: post-only order would have taken liquidity',
    );
    expect(describeOrder(order({ status: 'expired', closure_reason: 'some_new_reason' }))).toBe(
      'No fill: order expired (some new reason)',
    );
  });

  it('says a stop waits for its trigger, and why a suspension cancelled an order', () => {
    expect(
      describeOrder(
        order({
          status: 'pending',
          side: 'sell',
          price: '1.9',
          stop_price: '2.000',
          quantity: 2,
          remaining_quantity: 2,
        }),
      ),
    ).toBe('Waiting for trigger: sell 2 @ $1.900. Triggers when the last trade is at or below $2.000');
    expect(describeOrder(order({ status: 'pending', type: 'market', price: null, stop_price: '2.5' }))).toBe(
      'Waiting for trigger: buy 5 at market. Triggers when the last trade is at or above $2.500',
    );
    expect(describeOrder(order({ status: 'cancelled', closure_reason: 'suspended' }))).toBe(
      'No fill: order cancelled (the participant was suspended)',
    );
    expect(placementTone({ order: order({ status: 'pending' }), trades: [] })).toBe('ok');
  });

  it('counts a fill or a resting order as good news, anything else as a warning', () => {
    const tone = (changes: Partial<OrderView>) => placementTone({ order: order(changes), trades: [] });
    expect(tone({ status: 'open' })).toBe('ok');
    expect(tone({ status: 'cancelled', filled_quantity: 1 })).toBe('ok');
    expect(tone({ status: 'cancelled' })).toBe('warn');
    expect(tone({ status: 'rejected' })).toBe('warn');
  });
  it('describes the order it placed as amended once the desk amends it, and only that order', () => {
    const placed = order({});
    const outcome = { text: describeOrder(placed), tone: 'ok' as const };
    expect(placedOrderText(outcome, placed.order_id, null, describeOrder)).toBe(outcome);
    const amended = order({ price: '2.5', quantity: 3, remaining_quantity: 3 });
    expect(placedOrderText(outcome, placed.order_id, amended, describeOrder)).toEqual({
      text: 'Amended: Order resting: 3 @ $2.500',
      tone: 'ok',
    });
    // Another order's amendment, or no outcome shown (a new submission started), changes nothing.
    expect(placedOrderText(outcome, 'order_other', amended, describeOrder)).toBe(outcome);
    expect(placedOrderText(null, placed.order_id, amended, describeOrder)).toBeNull();
  });
});

describe('quantity from a share of the balance', () => {
  it('sells that share of the available Units, rounded down', () => {
    const sell = draft({ side: 'sell', price: '2.5' });
    expect(quantityForShare(0.25, sell, instrument, trader('0', 10), null)).toBe(2);
    expect(quantityForShare(1, sell, instrument, trader('0', 10), null)).toBe(10);
  });

  it('buys what the USD holds at the limit price with the worst-case fee, and no more', () => {
    // $100 at $2.500 + 10 bps ($0.0025) per Unit: 39 Units ($97.60 held), not 40 ($100.10).
    const buy = draft({ price: '2.500' });
    expect(quantityForShare(1, buy, instrument, trader('100.00'), null)).toBe(39);
    const held = validateDraft({ ...buy, quantity: '39' }, instrument);
    expect(held.ok).toBe(true);
    expect(previewOrder({ ...buy, quantity: '39' }, instrument, trader('100.00'), null).warnings).toEqual([]);
    expect(quantityForShare(0.5, buy, instrument, trader('100.00'), null)).toBe(19);
  });

  it('sizes a market buy by the best ask, and has nothing to offer without a price', () => {
    const market = withType(draft({}), 'market');
    expect(quantityForShare(1, market, instrument, trader('100.00'), book([['4.000', 5]]))).toBe(24);
    expect(quantityForShare(1, market, instrument, trader('100.00'), book())).toBeNull();
    expect(quantityForShare(1, draft({ price: '' }), instrument, trader('100.00'), null)).toBeNull();
  });
});
