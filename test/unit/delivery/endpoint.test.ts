import { describe, expect, it } from 'vitest';
import { DeliveryError, chunkHasOutput, isDeliveryError } from '../../../src-main/delivery/endpoint';

const chunk = (delta: object, choices = true): any => ({
  id: 'c',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'm',
  choices: choices ? [{ index: 0, delta, finish_reason: null }] : [],
});

describe('endpoint contract helpers', () => {
  it('DeliveryError carries a kind, the upstream status and the cause', () => {
    const cause = new Error('socket hang up');
    const error = new DeliveryError('upstream_error', 'upstream HTTP 502', { status: 502, cause });
    expect(error).toBeInstanceOf(Error);
    expect(isDeliveryError(error)).toBe(true);
    expect(isDeliveryError(cause)).toBe(false);
    expect(error).toMatchObject({ name: 'DeliveryError', kind: 'upstream_error', status: 502, cause });
    expect(new DeliveryError('timeout', 't').status).toBeUndefined();
  });

  it('tells output chunks from role announcements and usage chunks (TTFT counts the former)', () => {
    expect(chunkHasOutput(chunk({ role: 'assistant', content: '' }))).toBe(false);
    expect(chunkHasOutput(chunk({}, false))).toBe(false);
    expect(chunkHasOutput(chunk({ content: 'a' }))).toBe(true);
    expect(chunkHasOutput(chunk({ tool_calls: [{ index: 0, function: { name: 'f' } }] }))).toBe(true);
    expect(chunkHasOutput(chunk({ refusal: 'no' }))).toBe(true);
  });
});
