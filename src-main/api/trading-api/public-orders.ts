/**
 * Order requests as the public exchange's clients send them. The official spec types `quantity` and
 * `price` as strings; programs written against Grid Desk send JSON numbers. Both are accepted and turned
 * into the contract's request (`PlaceOrderBody` / `AmendOrderBody`); `stop` and `stop_limit` are a market
 * or limit order with a `stop_price`. Values the spec allows but this market cannot honour (`day`
 * orders, `reduce_only`, amending the time in force or a stop price) are refused with a 422 that names
 * the rule, instead of a 400 about the request's shape.
 */
import { z } from 'zod';
import { AmendOrderBody, MarketId, PlaceOrderBody, Price } from '../../../src-preload/contract';
import {
  OrderTypeWithStops,
  SelfTradePrevention,
  Side,
  TimeInForce as ContractTimeInForce,
} from '../../../src-preload/contract-kit';
import { ExchangeError } from '../../service/errors';
import { parseOrThrow } from '../validation';

/** Whole Units as a JSON number or a decimal string ("3"); "2.5" is a 422 (not whole), "one" a 400. */
const Units = z
  .union([z.number(), z.string().transform((text) => (/^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN))])
  .pipe(z.number().int('quantity must be a whole number of Units').min(1).max(1_000_000));
/** A price as a decimal string ("2.500") or a JSON number (2.5), checked as the contract's Price. */
const PriceInput = z.union([z.string(), z.number()]).transform(String).pipe(Price);

/** The spec's time in force: the contract's, and `day` (refused with a 422 that says why). */
const TimeInForce = z.enum([...ContractTimeInForce.options, 'day']);

export const PublicPlaceOrderBody = z
  .object({
    market_id: MarketId,
    side: Side,
    type: OrderTypeWithStops,
    quantity: Units.describe('Whole Units, as a JSON number or a decimal string ("3")'),
    price: PriceInput.optional().describe('USD per Unit, as a decimal string ("2.500") or a JSON number'),
    stop_price: PriceInput.optional().describe(
      'Required by stop and stop_limit: the order waits (status pending) until the last trade price reaches it (a buy at or above, a sell at or below)',
    ),
    time_in_force: TimeInForce.optional().describe('gtc (default), ioc or fok; day is refused with 422'),
    post_only: z.boolean().optional(),
    reduce_only: z.boolean().optional().describe('Only false is accepted (a spot market has no positions)'),
    self_trade_prevention: SelfTradePrevention.optional(),
    client_order_id: z.string().min(1).max(64).optional(),
    max_slippage_ticks: z.number().int().min(0).max(1_000_000).optional(),
  })
  .strict();

export const PublicAmendOrderBody = z
  .object({
    price: PriceInput.optional(),
    quantity: Units.optional(),
    stop_price: PriceInput.optional().describe('Cannot be amended: refused with 422'),
    time_in_force: TimeInForce.optional().describe('Cannot be amended: refused with 422'),
  })
  .strict();

const unsupported = (detail: string): never => {
  throw new ExchangeError(422, detail);
};

const DAY_ORDERS =
  'time_in_force "day" is not supported by Grid Desk (markets trade around the clock); use gtc, ioc or fok';

/** The contract's place-order request for a public client's body, or a 422 naming what is unsupported. */
export function placeOrderRequest(
  body: z.output<typeof PublicPlaceOrderBody>,
): z.output<typeof PlaceOrderBody> {
  const { reduce_only, time_in_force, type: publicType, ...rest } = body;
  const isStop = publicType === 'stop' || publicType === 'stop_limit';
  if (isStop && rest.stop_price === undefined) unsupported(`a ${publicType} order needs a stop_price`);
  const type = publicType === 'stop' ? 'market' : publicType === 'stop_limit' ? 'limit' : publicType;
  if (time_in_force === 'day') unsupported(DAY_ORDERS);
  if (reduce_only === true) {
    unsupported(
      'reduce_only orders are not supported: Grid Desk is a spot market with no positions to reduce',
    );
  }
  if (type === 'market' && rest.price !== undefined) {
    unsupported(
      `a ${publicType} order takes no price; send type "${isStop ? 'stop_limit' : 'limit'}" with time_in_force "ioc" to cap the price`,
    );
  }
  return parseOrThrow(PlaceOrderBody, {
    ...rest,
    type,
    ...(time_in_force !== undefined && { time_in_force }),
  });
}

/** The contract's amend request for a public client's body, or a 422 naming what cannot be amended. */
export function amendOrderRequest(
  body: z.output<typeof PublicAmendOrderBody>,
): z.output<typeof AmendOrderBody> {
  if (body.stop_price !== undefined) {
    unsupported('a stop price cannot be amended; cancel the stop order and place a new one');
  }
  if (body.time_in_force !== undefined) {
    unsupported('time_in_force cannot be amended; cancel the order and place a new one');
  }
  return parseOrThrow(AmendOrderBody, {
    ...(body.price !== undefined && { price: body.price }),
    ...(body.quantity !== undefined && { quantity: body.quantity }),
  });
}
