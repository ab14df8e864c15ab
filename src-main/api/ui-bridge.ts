import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { PushedEvent } from '../../src-preload/contract';
import type { Operations } from '../service/operations';
import { contractDispatcher, toContractError } from './contract-handlers';
import { parseJsonText } from './request-body';
import type { WebSocketEndpoint } from './websocket-endpoint';

export const UI_BRIDGE_PATH = '/v1/ui';
/** Past this much unsent data a browser is too slow to keep up; it is dropped rather than slow the exchange. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

/**
 * The contract over a WebSocket, for the UI in a browser. The connection carries the operator token
 * (`?token=`); a refused token closes with 4401 so the UI can ask for it.
 */
export function uiBridge(ops: Operations): WebSocketEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const dispatch = contractDispatcher(ops);

  const upgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    wss.handleUpgrade(request, socket, head, (ws) => {
      // A malformed frame (unmasked, bad opcode, invalid UTF-8, oversized) is an 'error' event: without a
      // listener it would end the process. Drop that client only.
      ws.on('error', () => ws.terminate());
      if (!ops.service.operatorToken.matches(url.searchParams.get('token'))) {
        ws.close(4401, 'the access token was refused');
        return;
      }
      serve(ws);
    });
  };

  function serve(ws: WebSocket) {
    const actor = ops.service.operator()!.participant_id;
    const push = (event: PushedEvent) => {
      if (ws.bufferedAmount > MAX_BUFFERED_BYTES) ws.terminate();
      else ws.send(JSON.stringify(event));
    };
    const unsubscribe = ops.service.onCommit((sequence) =>
      push({ event: 'exchange.committed', payload: { sequence } }),
    );
    ws.on('close', unsubscribe);
    ws.on('message', async (data) => {
      let request: { id?: unknown; name?: unknown; args?: unknown };
      try {
        request = parseJsonText(String(data), 'the message') as typeof request;
      } catch (error) {
        ws.send(JSON.stringify({ id: null, ok: false, error: toContractError(error) }));
        return;
      }
      const reply = await dispatch(request.name, request.args, { actor });
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: request.id ?? null, ...reply }));
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
