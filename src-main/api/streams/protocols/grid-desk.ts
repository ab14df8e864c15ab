import {
  type StreamBookLevel,
  type StreamMessage,
  StreamRequest,
} from '../../../../src-preload/contract-market-data';
import { ExchangeError } from '../../../service/errors';
import type { TickLevel } from '../committed-book';
import { type FeedEvent, type Format, isMarketChannel, levelPrice } from '../feed';
import {
  INVALID_JSON,
  issueOf,
  openJson,
  type ProtocolHandler,
  refusal,
  type Session,
  withCounter,
} from '../session';

/** Grid Desk's own stream protocol: where it is served, and the request path its auth message signs. */
export const STREAM_PATH = '/v1/ws';

type DataMessage = DistributiveOmit<Extract<StreamMessage, { seq: number }>, 'seq'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

const head = (message: DataMessage) => openJson(message);

/** Every data message carries the subscription's own `seq` (1, 2, 3, ...): a gap means resubscribe. */
const format: Format = {
  render(event: FeedEvent): readonly string[] {
    switch (event.kind) {
      case 'book': {
        const { instrument } = event;
        const market_id = instrument.market.market_id;
        const level = ([price, quantity, orders]: TickLevel): StreamBookLevel => [
          levelPrice(instrument, price),
          quantity,
          orders,
        ];
        return [
          event.snapshot
            ? head({
                channel: 'market.book',
                type: 'snapshot',
                market_id,
                sequence: event.sequence,
                halted: event.halted ?? false,
                bids: event.bids.map(level),
                asks: event.asks.map(level),
              })
            : head({
                channel: 'market.book',
                type: 'delta',
                market_id,
                sequence: event.sequence,
                ...(event.halted !== undefined && { halted: event.halted }),
                bids: event.bids.map(level),
                asks: event.asks.map(level),
              }),
        ];
      }
      case 'trade':
        return [
          head({
            channel: 'market.trades',
            type: 'trade',
            market_id: event.instrument.market.market_id,
            sequence: event.sequence,
            data: event.trade,
          }),
        ];
      case 'ticker':
        return [
          head({
            channel: 'market.ticker',
            type: 'ticker',
            market_id: event.instrument.market.market_id,
            data: event.ticker,
          }),
        ];
      case 'order':
        return [
          head({
            channel: 'user.orders',
            type: event.isNew ? 'new_order' : 'order_update',
            sequence: event.sequence,
            data: event.order,
          }),
        ];
      case 'fill':
        return [head({ channel: 'user.trades', type: 'trade', sequence: event.sequence, data: event.trade })];
      case 'balance':
        return [];
    }
  },
  finish: withCounter('seq'),
};

/**
 * Grid Desk's own protocol (`{"op":...}`, the README's "Streams"): subscribe, unsubscribe, auth with
 * a signed-request signature over `timestamp + "GET" + "/v1/ws"`, ping.
 */
export function gridDeskProtocol(session: Session): ProtocolHandler {
  const reply = (message: StreamMessage) => session.send(JSON.stringify(message));

  async function handle(request: StreamRequest): Promise<void> {
    switch (request.op) {
      case 'ping':
        reply({ type: 'pong' });
        return;
      case 'auth': {
        const participantId = await session.authenticate(
          {
            fingerprint: request.fingerprint,
            timestamp: String(request.timestamp),
            signature: request.signature,
          },
          'request',
        );
        reply({ type: 'authenticated', participant_id: participantId, fingerprint: request.fingerprint });
        return;
      }
      case 'subscribe': {
        const { channel } = request;
        if (!isMarketChannel(channel) && session.participantId === null) {
          throw new ExchangeError(401, `${channel} needs authentication: send {"op":"auth",...} first`);
        }
        const subscription = session.feed.subscribe(session, {
          channel,
          name: channel,
          marketId: request.market_id,
          format,
        });
        reply({
          type: 'subscribed',
          channel,
          ...(isMarketChannel(channel) && { market_id: subscription.target }),
        });
        session.feed.prime(subscription);
        return;
      }
      case 'unsubscribe': {
        const { channel } = request;
        const target = session.feed.unsubscribe(session, channel, channel, request.market_id);
        reply({ type: 'unsubscribed', channel, ...(isMarketChannel(channel) && { market_id: target }) });
        return;
      }
    }
  }

  return {
    accessRevoked: (detail) => reply({ type: 'error', status: 401, detail }),
    async receive(message) {
      if (message === INVALID_JSON) {
        reply({ type: 'error', status: 400, detail: 'message is not valid JSON' });
        return;
      }
      const parsed = StreamRequest.safeParse(message);
      if (!parsed.success) {
        const op = (message as { op?: unknown } | null)?.op;
        reply({
          type: 'error',
          status: 400,
          detail: issueOf(parsed.error),
          ...(typeof op === 'string' && { op }),
        });
        return;
      }
      const request = parsed.data;
      try {
        await handle(request);
      } catch (error) {
        const { status, detail } = refusal(error);
        reply({
          type: 'error',
          status,
          detail,
          op: request.op,
          ...('channel' in request && { channel: request.channel }),
          ...('market_id' in request && request.market_id !== undefined && { market_id: request.market_id }),
        });
      }
    },
  };
}
