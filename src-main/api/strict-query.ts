import { z } from 'zod';
import { ExchangeError } from '../service/errors';

/**
 * A route's query schema that refuses parameters it does not declare (a 400 naming them), so a
 * misspelled filter is refused rather than ignored; a route without a schema takes no parameters. The
 * Trading API applies it after `normalizeQuery` (the public clients' filter dialects).
 */
export function strictQuery(schema: z.ZodType | undefined): z.ZodType {
  if (schema === undefined) return z.strictObject({}, { error: unknownParameter });
  if (schema instanceof z.ZodObject) return z.strictObject(schema.shape, { error: unknownParameter });
  throw new Error('a query schema must be a zod object (its fields are the parameters)');
}

function unknownParameter(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'unrecognized_keys') return undefined;
  return unknownDetail((issue as unknown as { keys: string[] }).keys);
}

/** Refuses (400) a query naming a parameter outside `allowed`: for routes that read their query by hand. */
export function refuseUnknownQuery(query: Record<string, string>, allowed: readonly string[]): void {
  const unknown = Object.keys(query).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) throw new ExchangeError(400, unknownDetail(unknown));
}

const unknownDetail = (names: readonly string[]) =>
  `unknown query parameter${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
