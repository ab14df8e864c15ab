import { z } from 'zod';
import { ExchangeError } from '../../../service/errors';
import type { FeedChannel, FeedEvent, Format } from '../feed';
import { errorCode, INVALID_JSON, issueOf, type ProtocolHandler, refusal, type Session } from '../session';
import { GatewayProof } from './gateway-proof';
import {
  balancePayload,
  bookLevels,
  fillPayload,
  marketTradePayload,
  orderPayload,
  tickerPayload,
} from './public-payloads';

const Channel = z.object({
  channel: z.string().max(100),
  market_id: z.string().max(80).optional(),
  depth: z.number().int().min(1).max(1000).optional(),
});
const Request = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), data: Channel }),
  z.object({ type: z.literal('unsubscribe'), data: Channel }),
  z.object({ type: z.literal('auth'), data: GatewayProof }),
  z.object({ type: z.literal('ping'), data: z.unknown().optional() }),
]);

/** The TypeScript SDK's channel names: `trades` is one's own fills, or a market's trades with a market_id. */
function channelOf(name: string, marketId: string | undefined): FeedChannel {
  switch (name) {
    case 'orders':
      return 'user.orders';
    case 'trades':
      return marketId === undefined ? 'user.trades' : 'market.trades';
    case 'ticker':
      return 'market.ticker';
    case 'book':
    case 'orderbook':
      return 'market.book';
    case 'balances':
      return 'user.balances';
    default:
      throw new ExchangeError(400, `unknown channel ${name}`);
  }
}

const orderType = (event: Extract<FeedEvent, { kind: 'order' }>) => {
  if (event.isNew) return 'order_created';
  if (event.order.status === 'filled') return 'order_filled';
  if (event.order.status === 'open' || event.order.status === 'partially_filled') return 'order_updated';
  return 'order_cancelled';
};

/** The SDK routes `order_*`, `trade` and `ticker` by `type`; the rest it hands to its 'message' listeners. */
const format: Format = {
  render(event: FeedEvent) {
    const timestamp = new Date().toISOString();
    switch (event.kind) {
      case 'order':
        return [JSON.stringify({ type: orderType(event), order: orderPayload(event.order), timestamp })];
      case 'fill':
        return [
          JSON.stringify({
            type: 'trade',
            market_id: event.trade.market_id,
            trade: fillPayload(event.trade, event.instrument),
            timestamp,
          }),
        ];
      case 'trade':
        return [
          JSON.stringify({
            type: 'trade',
            market_id: event.trade.market_id,
            trade: marketTradePayload(event.trade, event.instrument),
            timestamp,
          }),
        ];
      case 'ticker':
        return [
          JSON.stringify({
            type: 'ticker',
            market_id: event.ticker.market_id,
            ticker: tickerPayload(event),
            timestamp,
          }),
        ];
      case 'book': {
        const market_id = event.instrument.market.market_id;
        return [
          JSON.stringify({
            type: 'orderbook',
            snapshot: event.snapshot,
            market_id,
            book: {
              market_id,
              symbol: event.instrument.symbol,
              bids: bookLevels(event.instrument, event.bids),
              asks: bookLevels(event.instrument, event.asks),
              sequence: event.sequence,
              ...(event.halted !== undefined && { halted: event.halted }),
              timestamp,
            },
            timestamp,
          }),
        ];
      }
      case 'balance':
        return [JSON.stringify({ type: 'balance', balance: balancePayload(event, timestamp), timestamp })];
    }
  },
  finish: (frame) => frame,
};

/**
 * The TypeScript SDK's `GridWebSocket` frames, `{type, data}`: `subscribe` / `unsubscribe`
 * `{channel: orders|trades|ticker|book|balances, market_id?}`, `auth` `{fingerprint, timestamp,
 * signature}` (Ed25519 over `timestamp + fingerprint`; or the same three as query parameters of the
 * socket URL), `ping`. Answers `subscribed`, `unsubscribed`, `authenticated`, `pong`, and
 * `{type: "error", data: {code, status, message}}`.
 */
export function gridSdkProtocol(session: Session): ProtocolHandler {
  const reply = (type: string, data?: object) =>
    session.send(JSON.stringify({ type, ...(data && { data }), timestamp: new Date().toISOString() }));
  const fail = (status: number, message: string, about?: object) =>
    reply('error', { code: errorCode(status), status, message, ...about });

  return {
    accessRevoked: (detail) => fail(401, detail),
    async receive(message) {
      if (message === INVALID_JSON) return fail(400, 'the message is not valid JSON');
      const parsed = Request.safeParse(message);
      if (!parsed.success) return fail(400, issueOf(parsed.error));
      const request = parsed.data;
      try {
        switch (request.type) {
          case 'ping':
            reply('pong');
            return;
          case 'auth': {
            const participantId = await session.authenticate(request.data, 'gateway');
            reply('authenticated', { participant_id: participantId, fingerprint: request.data.fingerprint });
            return;
          }
          case 'subscribe': {
            const { channel: name, market_id, depth } = request.data;
            const channel = channelOf(name, market_id);
            const subscription = session.feed.subscribe(session, {
              channel,
              name,
              marketId: market_id,
              format,
              depth,
            });
            reply('subscribed', {
              channel: name,
              ...(market_id !== undefined && { market_id: subscription.target }),
            });
            session.feed.prime(subscription);
            return;
          }
          case 'unsubscribe': {
            const { channel: name, market_id } = request.data;
            const target = session.feed.unsubscribe(session, channelOf(name, market_id), name, market_id);
            reply('unsubscribed', { channel: name, ...(market_id !== undefined && { market_id: target }) });
            return;
          }
        }
      } catch (error) {
        const { status, detail } = refusal(error);
        fail(
          status,
          detail,
          request.type === 'subscribe' || request.type === 'unsubscribe'
            ? { channel: request.data.channel }
            : undefined,
        );
      }
    },
  };
}
