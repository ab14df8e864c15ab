import type { Operations } from '../service/operations';
import type { WebSocketEndpoint } from './websocket-endpoint';

export const STREAM_PATH = '/v1/ws';

/** The public and authenticated market and user streams at /v1/ws. */
export function streams(_ops: Operations): WebSocketEndpoint {
  return {
    upgrade(_request, socket) {
      socket.destroy();
    },
    close() {},
  };
}
