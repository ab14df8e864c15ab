/**
 * Server-sent event framing for the streaming surfaces. Frames are plain strings so a route can write
 * them straight to the socket; JSON never contains a raw newline, so the JSON helpers skip the split
 * that arbitrary text needs.
 */

/** The terminator of an OpenAI stream. */
export const SSE_DONE = 'data: [DONE]\n\n';

/** Response headers for an event stream (no proxy buffering, no transform). */
export const SSE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/** `data: <payload>\n\n`; a payload with newlines becomes several data lines, as the spec requires. */
export function sseData(payload: string): string {
  return `${dataLines(payload)}\n`;
}

/** `event: <name>\ndata: <payload>\n\n`. */
export function sseEvent(event: string, payload: string): string {
  return `event: ${event}\n${dataLines(payload)}\n`;
}

/** One data frame holding a JSON value. */
export function sseJson(value: unknown): string {
  return `data: ${JSON.stringify(value)}\n\n`;
}

/** One named event holding a JSON value (the Anthropic surface names every event). */
export function sseEventJson(event: string, value: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(value)}\n\n`;
}

/** A comment line: keeps idle connections (and proxies) from timing out without emitting an event. */
export function sseComment(text = ''): string {
  return `: ${text}\n\n`;
}

function dataLines(payload: string): string {
  if (payload.indexOf('\n') === -1 && payload.indexOf('\r') === -1) return `data: ${payload}\n`;
  let out = '';
  for (const line of payload.split(/\r\n|\r|\n/)) out += `data: ${line}\n`;
  return out;
}
