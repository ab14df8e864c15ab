import type { z } from 'zod';

/**
 * One rule for both request surfaces, from domain.md §5: a body whose shape is wrong (not an object, a
 * missing field, a wrong type, an unknown role) is malformed, 400; a well-formed body with a value
 * outside its range or set (temperature 3, n 2, max_tokens 0) is invalid, 422.
 */
export type RequestRejection = { ok: false; status: 400 | 422; detail: string };

/** Custom issues raised with `params: { malformed: true }` count as 400. */
export const MALFORMED = { malformed: true } as const;

export function rejectionFrom(error: z.ZodError): RequestRejection {
  const malformed = error.issues.filter(isMalformed);
  const reported = malformed[0] ?? error.issues[0];
  return {
    ok: false,
    status: malformed.length > 0 ? 400 : 422,
    detail: reported ? describeIssue(reported) : 'invalid request',
  };
}

function isMalformed(issue: z.core.$ZodIssue): boolean {
  switch (issue.code) {
    case 'invalid_type':
      // 1.5 where an integer is expected is a bad value, not a bad shape.
      return !(issue.expected === 'int' && typeof issue.input === 'number');
    case 'invalid_union':
    case 'unrecognized_keys':
    case 'invalid_key':
    case 'invalid_element':
      return true;
    case 'custom':
      return issue.params?.['malformed'] === true;
    default:
      return false;
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('');
  const field = path.startsWith('.') ? path.slice(1) : path;
  return field ? `${field}: ${issue.message}` : issue.message;
}
