import { z } from 'zod';
import type { ShellReply, ShellRequest, ShellResults } from '../../src-preload/shell';
import { ShellError } from './connections';
import { describeError } from './logs';

const choice = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('embedded'), sandbox: z.boolean() }),
  z.object({ kind: z.literal('remote'), id: z.string().min(1).max(64) }),
]);

/** Every request the page may make of the shell; anything else is refused before a handler sees it. */
export const ShellRequestSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('log'),
    level: z.enum(['info', 'warn', 'error']),
    message: z.string().max(100_000),
  }),
  z.object({ kind: z.literal('copy-diagnostics') }),
  z.object({ kind: z.literal('open-logs') }),
  z.object({ kind: z.literal('set-theme'), theme: z.enum(['light', 'dark']) }),
  z.object({ kind: z.literal('connections') }),
  z.object({ kind: z.literal('choose-connection'), choice }),
  z.object({
    kind: z.literal('save-connection'),
    connection: z.object({
      name: z.string().trim().min(1).max(80),
      url: z.string().min(1).max(2000),
      credential: z.discriminatedUnion('kind', [
        z.object({ kind: z.literal('token'), token: z.string().trim().min(1).max(1000) }),
        z.object({ kind: z.literal('key'), privateKeyPem: z.string().min(1).max(10_000) }),
      ]),
    }),
  }),
  z.object({ kind: z.literal('remove-connection'), id: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('remote-auth'), id: z.string().min(1).max(64) }),
  z.object({ kind: z.literal('pick-backup') }),
  z.object({ kind: z.literal('restore-backup'), id: z.string().min(1).max(64) }),
]) satisfies z.ZodType<ShellRequest>;

export type ShellHandlers = {
  [K in ShellRequest['kind']]: (
    request: Extract<ShellRequest, { kind: K }>,
  ) => ShellResults[K] | Promise<ShellResults[K]>;
};

/**
 * Validates a request from the page and runs its handler. Answers in the contract's envelope: 400 for a
 * malformed request, a ShellError's status, 500 (logged) for anything unexpected; never throws into IPC.
 */
export function shellDispatcher(handlers: ShellHandlers, onUnexpected: (error: string) => void) {
  return async (raw: unknown): Promise<ShellReply> => {
    const parsed = ShellRequestSchema.safeParse(raw);
    if (!parsed.success)
      return { ok: false, error: { status: 400, detail: 'unknown or malformed shell request' } };
    const request = parsed.data;
    try {
      const handler = handlers[request.kind] as (request: ShellRequest) => unknown;
      return { ok: true, result: (await handler(request)) as ShellResults[typeof request.kind] };
    } catch (error) {
      if (error instanceof ShellError)
        return { ok: false, error: { status: error.status, detail: error.message } };
      onUnexpected(`shell request ${request.kind} failed: ${describeError(error)}`);
      return {
        ok: false,
        error: { status: 500, detail: 'the desktop shell could not do this; see the log' },
      };
    }
  };
}
