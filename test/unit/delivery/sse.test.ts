import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import {
  SSE_DONE,
  sseComment,
  sseData,
  sseEvent,
  sseEventJson,
  sseJson,
} from '../../../src-main/delivery/sse';

function parse(text: string): EventSourceMessage[] {
  const events: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (e) => events.push(e) });
  parser.feed(text);
  return events;
}

describe('SSE frames', () => {
  it('formats data, named events, JSON, comments and the OpenAI terminator', () => {
    expect(sseData('x')).toBe('data: x\n\n');
    expect(sseEvent('ping', '{}')).toBe('event: ping\ndata: {}\n\n');
    expect(sseJson({ a: 'b\nc' })).toBe('data: {"a":"b\\nc"}\n\n');
    expect(sseEventJson('message_stop', { type: 'message_stop' })).toBe(
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
    expect(SSE_DONE).toBe('data: [DONE]\n\n');
    expect(sseComment('keep-alive')).toBe(': keep-alive\n\n');
  });

  it('splits multi-line payloads into data lines that a parser joins back', () => {
    const text = sseData('one\ntwo\r\nthree') + sseEvent('x', 'a\nb') + sseComment() + SSE_DONE;
    expect(parse(text).map((e) => [e.event, e.data])).toEqual([
      [undefined, 'one\ntwo\nthree'],
      ['x', 'a\nb'],
      [undefined, '[DONE]'],
    ]);
  });
});
