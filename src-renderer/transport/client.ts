import type {
  EventName,
  Events,
  PushedEvent,
  RequestArgs,
  RequestName,
  RequestResult,
  Transport,
} from '../../src-preload/contract';

/** A failed request: the exchange's status and error text, as shown to the user. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** The engine's numbered rejection code, where the engine refused the command. */
    readonly code?: number,
  ) {
    super(detail);
  }
}

/** The one typed client the UI uses, whatever transport carries it. */
export class ExchangeClient {
  constructor(private readonly transport: Transport) {}

  async call<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>> {
    const reply = await this.transport.invoke(name, args);
    if (reply.ok) return reply.result as RequestResult<N>;
    const { status, detail, code } = reply.error;
    throw new RequestError(status, detail, code);
  }

  on<N extends EventName>(event: N, listener: (payload: Events[N]) => void): () => void {
    return this.transport.subscribe((pushed: PushedEvent) => {
      if (pushed.event === event) listener(pushed.payload as Events[N]);
    });
  }
}
