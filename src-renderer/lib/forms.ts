import type { z } from 'zod';

export type FieldErrors<K extends string> = Partial<Record<K, string>>;

/** A zod failure as one message per top-level field (the first one wins). */
export function fieldErrors<K extends string>(error: z.ZodError): FieldErrors<K> {
  const errors: FieldErrors<K> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '') as K;
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors;
}
