import WebSocket from 'ws';

/** A minimal contract client over the UI bridge, as the browser transport speaks it. */
export async function contractSocket(baseUrl: string, token: string) {
  const socket = new WebSocket(`${baseUrl.replace('http', 'ws')}/v1/ui?token=${encodeURIComponent(token)}`);
  const waiting = new Map<number, (reply: any) => void>();
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (typeof message.id === 'number') waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  let id = 0;
  return {
    /** Resolves with the reply, or with null when the connection drops first. */
    call(name: string, args: unknown): Promise<{ ok: boolean; result?: any; error?: any } | null> {
      const requestId = ++id;
      return new Promise((resolve) => {
        waiting.set(requestId, resolve);
        void closed.then(() => resolve(null));
        socket.send(JSON.stringify({ id: requestId, name, args }), (error) => error && resolve(null));
      });
    },
    close: () => socket.close(),
  };
}
