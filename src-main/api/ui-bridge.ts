import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  UiAuthMessage,
  type Principal,
  type PushedEvent,
  type UiAuthenticated,
} from '../../src-preload/contract';
import { ExchangeError } from '../service/errors';
import type { Operations } from '../service/operations';
import {
  contractDispatcher,
  operatorPrincipal,
  participantPrincipal,
  toContractError,
} from './contract-handlers';
import { errorBody } from './error-body';
import { parseJsonText } from './request-body';
import type { WebSocketEndpoint } from './websocket-endpoint';

export const UI_BRIDGE_PATH = '/v1/ui';
/** Past this much unsent data a browser is too slow to keep up; it is dropped rather than slow the exchange. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** The close code for a refused credential: the UI asks for another. */
export const AUTH_REFUSED = 4401;

/**
 * Only the exchange's own pages (same host and port, http or https) and the desktop app (`file://`, or
 * no Origin at all, as a program sends) may open the UI socket: another site's page in the operator's
 * browser must not drive the exchange with credentials it finds there.
 */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined || origin === 'file://') return true;
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && host !== undefined && url.host === host;
  } catch {
    return false;
  }
}

/** A close reason fits in 123 bytes (a longer one makes `close` throw): cut whole characters. */
export function closeReason(text: string): string {
  let reason = text;
  while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
  return reason;
}

function refuseUpgrade(socket: Duplex, status: 403, detail: string): void {
  const body = JSON.stringify(errorBody(status, detail));
  socket.end(
    `HTTP/1.1 ${status} Forbidden\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * The contract over a WebSocket, for the UI in a browser or a desktop connected to a remote node. The
 * connection authenticates first: with the operator token (`?token=`, or `{"op":"auth","token"}` as the
 * first message) it acts as the operator, who may act as anyone; with a participant's signing key
 * (`{"op":"auth","fingerprint","timestamp","signature"}`, Ed25519 over `timestamp + "GET" + "/v1/ui"`)
 * it acts as that participant only. Until then every request is answered 401; a refused credential
 * closes the socket with 4401.
 */
export function uiBridge(ops: Operations): WebSocketEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const dispatch = contractDispatcher(ops);

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!originAllowed(request.headers.origin, request.headers.host)) {
      refuseUpgrade(socket, 403, `the UI socket does not accept pages from ${request.headers.origin}`);
      return;
    }
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
    wss.handleUpgrade(request, socket, head, (ws) => {
      // A malformed frame (unmasked, bad opcode, invalid UTF-8, oversized) is an 'error' event: without a
      // listener it would end the process. Drop that client only.
      ws.on('error', () => ws.terminate());
      if (token === null) return serve(ws, null);
      if (!ops.service.operatorToken.matches(token))
        return ws.close(AUTH_REFUSED, 'the access token was refused');
      serve(ws, operatorPrincipal(ops));
    });
  };

  /** The principal an `auth` message proves, or an ExchangeError (401) saying why not. */
  async function authenticate(message: UiAuthMessage): Promise<Principal> {
    if ('token' in message) {
      if (!ops.service.operatorToken.matches(message.token))
        throw new ExchangeError(401, 'the access token was refused');
      return operatorPrincipal(ops);
    }
    const participantId = await ops.keys.authenticate(
      {
        signature: message.signature,
        timestamp: String(message.timestamp),
        fingerprint: message.fingerprint,
      },
      'GET',
      UI_BRIDGE_PATH,
      '',
    );
    return participantPrincipal(ops, participantId);
  }

  function serve(ws: WebSocket, initial: Principal | null) {
    let principal = initial;
    /** The signing key the connection authenticated with (null for the operator token). */
    let fingerprint: string | null = null;
    let unsubscribe: (() => void) | null = null;
    const send = (message: unknown) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) ws.terminate();
      else ws.send(JSON.stringify(message));
    };
    // Commit events go to authenticated connections only. A commit that revokes the connection's key
    // or suspends its participant ends it, as it ends their Trading API streams.
    const admit = (who: Principal, key: string | null) => {
      principal = who;
      fingerprint = key;
      unsubscribe ??= ops.service.onCommit((sequence) => {
        if (fingerprint !== null && !ops.keys.isActive(fingerprint)) {
          ws.close(AUTH_REFUSED, 'the signing key was revoked or its participant suspended');
          return;
        }
        send({ event: 'exchange.committed', payload: { sequence } } satisfies PushedEvent);
      });
    };
    if (principal) admit(principal, null);
    ws.on('close', () => unsubscribe?.());

    const onAuth = async (raw: unknown) => {
      const parsed = UiAuthMessage.safeParse(raw);
      try {
        if (!parsed.success)
          throw new ExchangeError(401, 'auth needs a token, or fingerprint, timestamp and signature');
        const who = await authenticate(parsed.data);
        admit(who, 'fingerprint' in parsed.data ? parsed.data.fingerprint : null);
        send({ op: 'authenticated', ...who } satisfies UiAuthenticated);
      } catch (error) {
        const detail = error instanceof ExchangeError ? error.detail : 'authentication failed';
        if (!(error instanceof ExchangeError)) console.error('ui socket authentication', error);
        ws.close(AUTH_REFUSED, closeReason(detail));
      }
    };

    ws.on('message', async (data) => {
      let request: { id?: unknown; name?: unknown; args?: unknown; op?: unknown };
      try {
        request = parseJsonText(String(data), 'the message') as typeof request;
      } catch (error) {
        send({ id: null, ok: false, error: toContractError(error) });
        return;
      }
      if (request === null || typeof request !== 'object') {
        send({ id: null, ok: false, error: { status: 400, detail: 'a message is a JSON object' } });
        return;
      }
      if (request.op === 'auth') return onAuth(request);
      const id = request.id ?? null;
      if (!principal) {
        const detail =
          'authenticate first: send {"op":"auth","token"} or {"op":"auth","fingerprint","timestamp","signature"}';
        send({ id, ok: false, error: { status: 401, detail } });
        return;
      }
      send({ id, ...(await dispatch(request.name, request.args, { principal })) });
    });
  }
  return {
    upgrade,
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
