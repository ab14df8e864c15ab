import { z } from 'zod';
import { ExchangeError } from '../../service/errors';

/**
 * Cursor pagination for every list: `limit` (default 50, max 100), `next` / `prev` cursors (mutually
 * exclusive), `order_by` / `order_direction`. A cursor is the sort key of the item at a page's edge
 * (plus the ordering it belongs to), so a walk never repeats or skips an item, whatever is inserted.
 */

export type SortKey = readonly (string | number)[];
export type Direction = 'asc' | 'desc';

export interface PageRequest {
  limit: number;
  /** Items to skip before the page (the public clients' offset paging; not with cursors). */
  offset?: number | undefined;
  next?: string | undefined;
  prev?: string | undefined;
  order_by: string;
  order_direction: Direction;
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
  prev_cursor: string | null;
}

/** Items strictly after `after` walking in `direction`, nearest first, at most `take` of them. */
export type Fetch<T> = (window: { after: SortKey | undefined; direction: Direction; take: number }) => T[];

/** The query fields of a paginated list; `orderBy` lists the sortable fields, the first is the default. */
export function pageQuery<const F extends readonly [string, ...string[]]>(orderBy: F, direction: Direction) {
  return z.object({
    limit: z.coerce.number().int().min(1).max(100).default(50).describe('Items per page (max 100)'),
    offset: z.coerce
      .number()
      .int()
      .min(0)
      .max(100_000)
      .optional()
      .describe('Items to skip (offset paging, as the public clients send it; not with next/prev)'),
    next: z.string().optional().describe('next_cursor of the previous page; exclusive with prev'),
    prev: z.string().optional().describe('prev_cursor of the previous page; exclusive with next'),
    order_by: z
      .enum(orderBy)
      .default(orderBy[0] as F[number])
      .describe('Field to sort by'),
    order_direction: z.enum(['asc', 'desc']).default(direction).describe('Sort direction'),
  });
}

interface CursorBody {
  k: SortKey;
  o: string;
  d: Direction;
}

const encode = (key: SortKey, request: PageRequest) =>
  Buffer.from(
    JSON.stringify({ k: key, o: request.order_by, d: request.order_direction } satisfies CursorBody),
  ).toString('base64url');

function decode(cursor: string, request: PageRequest): SortKey {
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    body = undefined;
  }
  const cursorBody = body as Partial<CursorBody> | undefined;
  const key = cursorBody?.k;
  if (
    !Array.isArray(key) ||
    key.length === 0 ||
    !key.every((part) => typeof part === 'string' || typeof part === 'number')
  ) {
    throw new ExchangeError(422, 'the cursor is not one this API issued');
  }
  if (cursorBody?.o !== request.order_by || cursorBody.d !== request.order_direction) {
    throw new ExchangeError(422, 'the cursor belongs to another order_by / order_direction');
  }
  return key;
}

const flip = (direction: Direction): Direction => (direction === 'asc' ? 'desc' : 'asc');

/**
 * One page of a list, fetched in keyset windows by `fetch`; `keyOf` gives an item's unique sort key.
 * A source that can only be walked in the list's own direction says `backward: false`: its pages have no
 * prev_cursor and a `prev` is refused.
 */
export function paginate<T>(
  request: PageRequest,
  keyOf: (item: T) => SortKey,
  fetch: Fetch<T>,
  { backward = true } = {},
): Page<T> {
  if (request.next !== undefined && request.prev !== undefined) {
    throw new ExchangeError(422, 'next and prev are mutually exclusive');
  }
  const { limit } = request;
  if (request.prev !== undefined) {
    if (!backward) throw new ExchangeError(422, 'this list pages forwards only: use next');
    // Walk backwards from the cursor, then put the page back in list order.
    const rows = fetch({
      after: decode(request.prev, request),
      direction: flip(request.order_direction),
      take: limit + 1,
    });
    const data = rows.slice(0, limit).reverse();
    return {
      data,
      next_cursor: data.length ? encode(keyOf(data[data.length - 1]!), request) : null,
      prev_cursor: rows.length > limit && data.length ? encode(keyOf(data[0]!), request) : null,
    };
  }
  const after = request.next === undefined ? undefined : decode(request.next, request);
  const skip = request.offset ?? 0;
  if (skip > 0 && after !== undefined) throw new ExchangeError(422, 'offset and next are mutually exclusive');
  const rows = fetch({ after, direction: request.order_direction, take: skip + limit + 1 }).slice(skip);
  const data = rows.slice(0, limit);
  return {
    data,
    next_cursor: rows.length > limit ? encode(keyOf(data[data.length - 1]!), request) : null,
    prev_cursor: backward && after !== undefined && data.length ? encode(keyOf(data[0]!), request) : null,
  };
}

function compareKeys(a: SortKey, b: SortKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** A Fetch over a list in memory. */
export function fetchFrom<T>(items: readonly T[], keyOf: (item: T) => SortKey): Fetch<T> {
  return ({ after, direction, take }) => {
    const sign = direction === 'asc' ? 1 : -1;
    return items
      .filter((item) => after === undefined || sign * compareKeys(keyOf(item), after) > 0)
      .sort((a, b) => sign * compareKeys(keyOf(a), keyOf(b)))
      .slice(0, take);
  };
}

/** A keyset window's cursor key as (number, id), the shape SQL lists sort on; other shapes are a 422. */
export function numberAndId(key: SortKey | undefined): [number, string] | undefined {
  if (key === undefined) return undefined;
  const [value, id] = key;
  if (key.length !== 2 || typeof value !== 'number' || typeof id !== 'string') {
    throw new ExchangeError(422, 'the cursor is not one this API issued');
  }
  return [value, id];
}

/** The page with each item shown as `view` shows it (only the page's items, after paging). */
export function viewPage<T, V>(page: Page<T>, view: (item: T) => V): Page<V> {
  return { ...page, data: page.data.map(view) };
}

/** A page of a list already in memory. */
export function paginateList<T>(
  request: PageRequest,
  items: readonly T[],
  keyOf: (item: T) => SortKey,
): Page<T> {
  return paginate(request, keyOf, fetchFrom(items, keyOf));
}
