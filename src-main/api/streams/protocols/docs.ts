import { z } from 'zod';
import { ExchangeError } from '../../../service/errors';
import type { TickLevel } from '../committed-book';
import { type FeedChannel, type FeedEvent, type Format, levelPrice } from '../feed';
import {
  errorCode,
  INVALID_JSON,
  issueOf,
  openJson,
  type ProtocolHandler,
  refusal,
  type Session,
  withCounter,
} from '../session';
import { GatewayProof } from './gateway-proof';
import {
  balancePayload,
  fillPayload,
  marketTradePayload,
  orderPayload,
  tickerPayload,
} from './public-payloads';

const Name = z.string().min(1).max(100);
const Request = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('subscribe'),
    channel: Name,
    market_id: z.string().max(80).optional(),
    depth: z.number().int().min(1).max(100).optional(),
  }),
  z.object({ type: z.literal('unsubscribe'), channel: Name, market_id: z.string().max(80).optional() }),
  z.object({ type: z.literal('join'), channel: Name, user_id: z.string().max(80).optional() }),
  z.object({ type: z.literal('leave'), channel: Name }),
  GatewayProof.extend({ type: z.literal('auth') }),
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('pong') }),
]);

/** The Docs' public channels (subscribe with a market_id) and private ones (join). */
const PUBLIC: Record<string, FeedChannel> = {
  ticker: 'market.ticker',
  trades: 'market.trades',
  public_trades: 'market.trades',
  book: 'market.book',
  orderbooks: 'market.book',
};
const PRIVATE: Record<string, FeedChannel> = {
  orders: 'user.orders',
  trades: 'user.trades',
  trading_account_summaries: 'user.balances',
};
/** Listed in the Docs, not published by Grid Desk (no positions, history or stats streams). */
const NOT_SERVED = new Set([
  'public_market_stats',
  'public_orders',
  'price_histories',
  'positions',
  'consumption_account_update',
  'transfer_histories',
]);

function channelOf(table: Record<string, FeedChannel>, name: string): FeedChannel {
  const channel = table[name];
  if (channel) return channel;
  throw new ExchangeError(
    400,
    NOT_SERVED.has(name) ? `channel ${name} is not served by Grid Desk` : `channel ${name} does not exist`,
  );
}

const DEFAULT_DEPTH = 20;

/**
 * Renders events as `Docs/5-websockets.md` shows them. `trades` (a market's trades, flat `trade`
 * messages) and `public_trades` (`new_trade` with `data`) differ only in shape, hence two formats.
 * Book messages carry a per-subscription `sequence` (1, 2, 3, ... from the snapshot on: the Docs'
 * client drops an update whose sequence is not above the last) and the exchange's `exchange_sequence`.
 */
function docsFormat(marketTrades: 'trade' | 'new_trade'): Format {
  const counted = withCounter('sequence');
  return {
    render(event: FeedEvent) {
      const timestamp = new Date().toISOString();
      switch (event.kind) {
        case 'ticker':
          return [JSON.stringify({ type: 'ticker', channel: 'ticker', ...tickerPayload(event), timestamp })];
        case 'trade': {
          const trade = marketTradePayload(event.trade, event.instrument);
          return [
            marketTrades === 'trade'
              ? JSON.stringify({ type: 'trade', channel: 'trades', ...trade, timestamp })
              : JSON.stringify({
                  type: 'new_trade',
                  channel: 'public_trades',
                  market_id: trade.market_id,
                  data: trade,
                }),
          ];
        }
        case 'book': {
          const { instrument } = event;
          const common = {
            channel: 'book',
            market_id: instrument.market.market_id,
            symbol: instrument.symbol,
            timestamp,
            exchange_sequence: event.sequence,
          };
          const pair = ([price, quantity]: TickLevel) => [levelPrice(instrument, price), String(quantity)];
          if (event.snapshot) {
            return [
              openJson({
                type: 'book_snapshot',
                ...common,
                halted: event.halted ?? false,
                bids: event.bids.map(pair),
                asks: event.asks.map(pair),
              }),
            ];
          }
          const update = (side: 'bid' | 'ask') => (level: TickLevel) => {
            const [price, quantity] = pair(level);
            return openJson({ type: 'book_update', ...common, side, price, quantity });
          };
          return [...event.bids.map(update('bid')), ...event.asks.map(update('ask'))];
        }
        case 'order':
          return [
            JSON.stringify({
              type: event.isNew ? 'new_order' : 'update_order',
              channel: 'orders',
              data: orderPayload(event.order),
            }),
          ];
        case 'fill':
          return [
            JSON.stringify({
              type: 'new_trade',
              channel: 'trades',
              data: fillPayload(event.trade, event.instrument),
            }),
          ];
        case 'balance':
          return [
            JSON.stringify({
              type: 'update_trading_account_summary',
              channel: 'trading_account_summaries',
              data: balancePayload(event, timestamp),
            }),
          ];
      }
    },
    finish: (frame, subscription) =>
      subscription.channel === 'market.book' ? counted(frame, subscription) : frame,
  };
}

const FORMATS = { trade: docsFormat('trade'), new_trade: docsFormat('new_trade') };

/**
 * The framing of the public exchange's `Docs/5-websockets.md`: `{"type":"subscribe","channel",
 * "market_id","depth"?}` for public channels, `{"type":"join","channel","user_id"?}` for private ones
 * after `{"type":"auth","fingerprint","timestamp","signature"}` (Ed25519 over `timestamp +
 * fingerprint`: Grid Desk has no login sessions, so the signing key stands in for the session cookie),
 * `ping`; the server sends `heartbeat` frames (a `pong` answer is optional).
 */
export function docsProtocol(session: Session): ProtocolHandler {
  const now = () => new Date().toISOString();
  const send = (message: object) => session.send(JSON.stringify({ ...message, timestamp: now() }));
  const fail = (status: number, message: string, about: object = {}) =>
    send({ type: 'error', code: errorCode(status), status, message, ...about });

  type Parsed = z.output<typeof Request>;
  async function handle(request: Parsed): Promise<void> {
    switch (request.type) {
      case 'ping':
        send({ type: 'pong' });
        return;
      case 'pong':
        return;
      case 'auth': {
        const participantId = await session.authenticate(request, 'gateway');
        send({ type: 'authenticated', user_id: participantId, fingerprint: request.fingerprint });
        return;
      }
      case 'subscribe': {
        const { channel: name, market_id, depth } = request;
        const subscription = session.feed.subscribe(session, {
          channel: channelOf(PUBLIC, name),
          name,
          marketId: market_id,
          format: name === 'public_trades' ? FORMATS.new_trade : FORMATS.trade,
          depth: depth ?? DEFAULT_DEPTH,
        });
        send({ type: 'subscribed', channel: name, market_id: subscription.target });
        session.feed.prime(subscription);
        return;
      }
      case 'unsubscribe': {
        const { channel: name, market_id } = request;
        const target = session.feed.unsubscribe(session, channelOf(PUBLIC, name), name, market_id);
        send({ type: 'unsubscribed', channel: name, market_id: target });
        return;
      }
      case 'join': {
        const channel = channelOf(PRIVATE, request.channel);
        if (session.participantId === null) {
          throw new ExchangeError(
            401,
            `${request.channel} needs authentication: send {"type":"auth",...} first`,
          );
        }
        if (request.user_id !== undefined && request.user_id !== session.participantId) {
          throw new ExchangeError(403, 'user_id is not the authenticated participant');
        }
        session.feed.subscribe(session, {
          channel,
          name: `private:${request.channel}`,
          format: FORMATS.trade,
        });
        send({ type: 'joined', channel: request.channel, user_id: session.participantId });
        return;
      }
      case 'leave': {
        session.feed.unsubscribe(
          session,
          channelOf(PRIVATE, request.channel),
          `private:${request.channel}`,
          undefined,
        );
        send({ type: 'left', channel: request.channel });
        return;
      }
    }
  }

  return {
    accessRevoked: (detail) => fail(401, detail, { code: 'AUTH_FAILED' }),
    heartbeat: () => send({ type: 'heartbeat' }),
    async receive(message) {
      if (message === INVALID_JSON) return fail(400, 'the message is not valid JSON');
      const parsed = Request.safeParse(message);
      if (!parsed.success) {
        const type = (message as { type?: unknown } | null)?.type;
        return fail(400, issueOf(parsed.error), {
          code: type === 'subscribe' || type === 'join' ? 'INVALID_CHANNEL' : 'INVALID_REQUEST',
        });
      }
      try {
        await handle(parsed.data);
      } catch (error) {
        const { status, detail } = refusal(error);
        const request = parsed.data;
        fail(status, detail, {
          ...(status === 400 && { code: 'INVALID_CHANNEL' }),
          ...('channel' in request && { channel: request.channel }),
          ...('market_id' in request && request.market_id !== undefined && { market_id: request.market_id }),
        });
      }
    },
  };
}
