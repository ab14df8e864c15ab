import { z } from 'zod';
import { ExchangeError } from '../../../service/errors';
import type { FeedChannel, FeedEvent, Format, Subscription } from '../feed';
import { INVALID_JSON, issueOf, type ProtocolHandler, refusal, type Session } from '../session';
import { GatewayProof } from './gateway-proof';
import {
  balancePayload,
  bookLevels,
  fillPayload,
  marketTradePayload,
  orderPayload,
  tickerPayload,
} from './public-payloads';

/** The one channel topic of the `grid` tool's trading gateway. */
export const GATEWAY_TOPIC = 'ws:trading';

/** The gateway's stream names. */
const STREAMS: Record<string, FeedChannel> = {
  'user.orders': 'user.orders',
  'user.trades': 'user.trades',
  'user.balances': 'user.balances',
  'market.trades': 'market.trades',
  'market.ticker': 'market.ticker',
  'market.book': 'market.book',
};

type Ref = string | null;
/** Phoenix serializer versions: 1.0.0 sends objects, 2.0.0 arrays `[join_ref, ref, topic, event, payload]`. */
export type PhoenixVersion = '1' | '2';

const RefSchema = z
  .union([z.string().max(64), z.number()])
  .nullish()
  .transform((ref) => (ref === null || ref === undefined ? null : String(ref)));
const MapFrame = z.object({
  topic: z.string().max(200),
  event: z.string().max(100),
  payload: z.unknown().optional(),
  ref: RefSchema,
  join_ref: RefSchema,
});
const ArrayFrame = z.tuple([RefSchema, RefSchema, z.string().max(200), z.string().max(100), z.unknown()]);
const StreamsPayload = z.object({
  streams: z
    .array(
      z.object({
        name: z.string().max(100),
        market: z.string().max(80).optional(),
        market_id: z.string().max(80).optional(),
        depth: z.number().int().min(1).max(1000).optional(),
      }),
    )
    .min(1)
    .max(100),
  request_id: z.string().max(200).optional(),
});

function encoder(version: PhoenixVersion) {
  return (topic: string, event: string, payload: unknown, ref: Ref = null, joinRef: Ref = null) =>
    version === '2'
      ? JSON.stringify([joinRef, ref, topic, event, payload])
      : JSON.stringify({ topic, event, payload, ref, ...(joinRef !== null && { join_ref: joinRef }) });
}

function gatewayFormat(version: PhoenixVersion): Format {
  const push = encoder(version);
  const at = () => new Date().toISOString();
  return {
    render(event: FeedEvent) {
      const frame = (name: string, payload: unknown) => [push(GATEWAY_TOPIC, name, payload)];
      switch (event.kind) {
        case 'order':
          return frame(event.isNew ? 'new_order' : 'order_update', { data: orderPayload(event.order) });
        case 'fill':
          return frame('new_trade', { data: fillPayload(event.trade, event.instrument) });
        case 'trade':
          return frame('new_trade', {
            market_id: event.trade.market_id,
            data: marketTradePayload(event.trade, event.instrument),
          });
        case 'ticker':
          return frame('market_ticker', tickerPayload(event));
        case 'book':
          return frame(event.snapshot ? 'book_snapshot' : 'book_update', {
            market_id: event.instrument.market.market_id,
            symbol: event.instrument.symbol,
            sequence: event.sequence,
            ...(event.halted !== undefined && { halted: event.halted }),
            bids: bookLevels(event.instrument, event.bids),
            asks: bookLevels(event.instrument, event.asks),
            timestamp: at(),
          });
        case 'balance':
          return frame('balance_update', { data: balancePayload(event, at()) });
      }
    },
    finish: (frame) => frame,
  };
}

const FORMATS: Record<PhoenixVersion, Format> = { '1': gatewayFormat('1'), '2': gatewayFormat('2') };

interface Frame {
  topic: string;
  event: string;
  payload: unknown;
  ref: Ref;
  joinRef: Ref;
}

/**
 * The `grid` tool's trading gateway: Phoenix channels. Join `ws:trading`, `authenticate` with an
 * Ed25519 signature over `timestamp + fingerprint`, then `subscribe` `{streams:[{name, market}],
 * request_id}` (answered by an `ack` event with the request_id, status ok, partial or error, and each
 * stream's outcome); `phoenix`/`heartbeat` is answered with a reply. Public streams need no
 * authentication; user streams do.
 */
export function phoenixProtocol(session: Session, version: PhoenixVersion): ProtocolHandler {
  const encode = encoder(version);
  const format = FORMATS[version];
  let joinRef: Ref = null;
  let joined = false;

  const reply = (frame: Frame, status: 'ok' | 'error', response: object) =>
    session.send(encode(frame.topic, 'phx_reply', { status, response }, frame.ref, frame.joinRef ?? joinRef));

  function parse(message: unknown): Frame | string {
    if (Array.isArray(message)) {
      const parsed = ArrayFrame.safeParse(message);
      if (!parsed.success) return issueOf(parsed.error);
      const [joinRef, ref, topic, event, payload] = parsed.data;
      return { topic, event, payload, ref, joinRef };
    }
    const parsed = MapFrame.safeParse(message);
    if (!parsed.success) return issueOf(parsed.error);
    const { topic, event, payload, ref, join_ref } = parsed.data;
    return { topic, event, payload, ref, joinRef: join_ref };
  }

  async function authenticate(frame: Frame): Promise<void> {
    const parsed = GatewayProof.safeParse(frame.payload);
    if (!parsed.success) {
      reply(frame, 'error', { reason: `invalid_payload: ${issueOf(parsed.error)}` });
      return;
    }
    try {
      const participantId = await session.authenticate(parsed.data, 'gateway');
      reply(frame, 'ok', {
        status: 'ok',
        participant_id: participantId,
        fingerprint: parsed.data.fingerprint,
      });
    } catch (error) {
      reply(frame, 'error', { reason: refusal(error).detail });
    }
  }

  function streams(frame: Frame, action: 'subscribe' | 'unsubscribe'): void {
    const parsed = StreamsPayload.safeParse(frame.payload);
    const requestId = (frame.payload as { request_id?: unknown } | null)?.request_id ?? null;
    if (!parsed.success) {
      session.send(
        encode(GATEWAY_TOPIC, 'ack', {
          type: 'ack',
          action,
          request_id: requestId,
          status: 'error',
          reason: issueOf(parsed.error),
          streams: [],
        }),
      );
      return;
    }
    const primed: Subscription[] = [];
    const results = parsed.data.streams.map((stream) => {
      const market = stream.market ?? stream.market_id;
      const outcome = { name: stream.name, ...(market !== undefined && { market }) };
      try {
        const channel = STREAMS[stream.name];
        if (!channel) throw new ExchangeError(400, `unknown stream ${stream.name}`);
        if (action === 'subscribe') {
          primed.push(
            session.feed.subscribe(session, {
              channel,
              name: stream.name,
              marketId: market,
              format,
              depth: stream.depth,
            }),
          );
          return { ...outcome, subscribed: true };
        }
        session.feed.unsubscribe(session, channel, stream.name, market);
        return { ...outcome, subscribed: false };
      } catch (error) {
        const { status, detail } = refusal(error);
        return { ...outcome, subscribed: false, error: { status, reason: detail } };
      }
    });
    const failed = results.filter((r) => 'error' in r).length;
    session.send(
      encode(GATEWAY_TOPIC, 'ack', {
        type: 'ack',
        action,
        request_id: parsed.data.request_id ?? null,
        status: failed === 0 ? 'ok' : failed === results.length ? 'error' : 'partial',
        streams: results,
      }),
    );
    for (const subscription of primed) session.feed.prime(subscription);
  }

  return {
    accessRevoked(detail) {
      session.send(encode(GATEWAY_TOPIC, 'phx_error', { reason: detail }));
    },
    async receive(message) {
      const frame = message === INVALID_JSON ? 'the message is not valid JSON' : parse(message);
      if (typeof frame === 'string') {
        session.send(encode('phoenix', 'phx_error', { reason: frame }));
        return;
      }
      if (frame.topic === 'phoenix' && frame.event === 'heartbeat') {
        reply(frame, 'ok', {});
        return;
      }
      if (frame.topic !== GATEWAY_TOPIC) {
        reply(frame, 'error', { reason: 'unmatched topic' });
        return;
      }
      switch (frame.event) {
        case 'phx_join':
          joined = true;
          joinRef = frame.joinRef ?? frame.ref;
          reply(frame, 'ok', {});
          return;
        case 'phx_leave':
          joined = false;
          session.feed.removeAll(session);
          reply(frame, 'ok', {});
          return;
      }
      if (!joined) {
        reply(frame, 'error', { reason: 'unmatched topic: join ws:trading first' });
        return;
      }
      switch (frame.event) {
        case 'authenticate':
          await authenticate(frame);
          return;
        case 'subscribe':
        case 'unsubscribe':
          streams(frame, frame.event);
          return;
        default:
          reply(frame, 'error', { reason: `unknown event ${frame.event}` });
      }
    },
  };
}
