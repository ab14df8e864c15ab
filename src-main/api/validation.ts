import type { z } from 'zod';
import { ExchangeError } from '../service/errors';

// Shape errors mean a malformed request (400); a well-formed value that is out of range or badly
// formatted is a 422, as the public exchange answers.
const MALFORMED = new Set(['invalid_type', 'unrecognized_keys', 'invalid_union']);

/** Validates input against a schema, or throws an ExchangeError naming the first problem. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  // A number that is not whole is a wrong value, not a wrong type (zod reports it as invalid_type "int").
  const wholeNumber = issue.code === 'invalid_type' && issue.expected === 'int';
  const status = MALFORMED.has(issue.code) && !wholeNumber ? 400 : 422;
  return throwError(status, `${where}${issue.message}`);
}

function throwError(status: number, detail: string): never {
  throw new ExchangeError(status, detail);
}
