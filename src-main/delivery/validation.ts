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
  const issues = error.issues.map(explainUnion);
  const malformed = issues.filter(isMalformed);
  const reported = malformed[0] ?? issues[0];
  return {
    ok: false,
    status: malformed.length > 0 ? 400 : 422,
    detail: reported ? describeIssue(reported) : 'invalid request',
  };
}

/**
 * A union fails as a whole even when the value had the shape of one branch and only a value in it was
 * wrong (five stop sequences: an array of strings, too long). Report that branch's issue instead, with
 * the full path, so it is classified by what was actually wrong.
 */
function explainUnion(issue: z.core.$ZodIssue): z.core.$ZodIssue {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return issue;
  for (const branch of issue.errors) {
    const explained = branch.map((inner) => explainUnion({ ...inner, path: [...issue.path, ...inner.path] }));
    if (explained.length > 0 && !explained.some(isMalformed)) return explained[0] ?? issue;
  }
  return issue;
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
