// Forms' messages in the product's words, as the renderer configures zod at start.
import '../../../src-renderer/lib/zod-config';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PlaceOrderBody } from '../../../src-preload/contract';

const messageOf = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues[0]?.message;

describe('validation messages', () => {
  it('says "at least 1 Unit" for a quantity below the minimum, not the library’s wording', () => {
    const body = { market_id: 'market_x', side: 'buy', type: 'market', quantity: 0, time_in_force: 'ioc' };
    const issue = PlaceOrderBody.safeParse(body).error?.issues.find((i) => i.path.at(-1) === 'quantity');
    expect(issue?.message).toBe('At least 1 Unit');
  });

  it('words bounds, missing values and wrong types plainly', () => {
    expect(messageOf(z.object({ name: z.string().min(1) }), { name: '' })).toBe('Required');
    expect(messageOf(z.object({ name: z.string() }), {})).toBe('Required');
    expect(messageOf(z.number().max(10_000), 20_000)).toBe('At most 10,000');
    expect(messageOf(z.number().positive(), 0)).toBe('More than 0');
    expect(messageOf(z.number(), 'abc')).toBe('Enter a number');
    // A schema's own message stays.
    expect(messageOf(z.number().int('a whole number, please'), 1.5)).toBe('a whole number, please');
  });
});
