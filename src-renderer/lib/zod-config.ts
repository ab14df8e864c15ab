import { z } from 'zod';
import type { core } from 'zod';

/**
 * The messages a form shows under a field, in the product's words ("at least 1 Unit") rather than the
 * library's ("Too small: expected number to be >=1"). Schemas that name their own message keep it;
 * anything not covered here falls back to zod's.
 */
export function productMessage(issue: core.$ZodRawIssue): string | undefined {
  const field = String(issue.path?.at(-1) ?? '');
  const noun = (n: number | bigint) => (field === 'quantity' ? ` Unit${n === 1 || n === 1n ? '' : 's'}` : '');
  const number = (n: number | bigint) => `${Number(n).toLocaleString('en-US')}${noun(n)}`;
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1 ? 'Required' : `At least ${issue.minimum} characters`;
      return issue.inclusive === false
        ? `More than ${number(issue.minimum)}`
        : `At least ${number(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `At most ${issue.maximum} characters`;
      return issue.inclusive === false
        ? `Less than ${number(issue.maximum)}`
        : `At most ${number(issue.maximum)}`;
    case 'invalid_type':
      if (issue.input === undefined || issue.input === '') return 'Required';
      return issue.expected === 'number' ? 'Enter a number' : undefined;
    default:
      return undefined;
  }
}

// The page's CSP forbids eval: keep zod from probing `new Function` and compiling validators.
z.config({ jitless: true, customError: productMessage });
