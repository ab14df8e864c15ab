import { ExchangeError } from '../../service/errors';

/**
 * The public exchange's clients send list filters in two Flop dialects besides plain parameters:
 * `filters[i][field]=status&filters[i][value]=open` (TypeScript SDK, the spec) and
 * `flop[filters][i][field]=...&flop[filters][i][value]=...` (the `grid` CLI), each with an optional
 * `[op]`; pages as `page_size` / `offset` / `page` (also under `flop[...]`). This turns them into the
 * plain parameters every endpoint's query schema reads (`status=open`, `limit=20`, `offset=40`), so no
 * filter is ever silently ignored: an operator that cannot be honoured is a 422.
 */

/** Field names of the public dialects that Grid Desk spells differently. */
const FIELD_ALIASES: Record<string, string> = {
  from_date: 'from',
  to_date: 'to',
  start_time: 'from',
  end_time: 'to',
  start: 'from',
  end: 'to',
  interval: 'resolution',
};

/** Time fields: `>=` / `>` bound them from below, `<=` / `<` from above. */
const TIME_FIELDS = new Set(['from', 'to', 'created_at', 'inserted_at', 'execution_timestamp', 'timestamp']);
const EQUALS = new Set(['', '==', '=', 'eq']);

export function normalizeQuery(raw: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const filters = new Map<string, { field?: string; value?: string; op?: string }>();
  for (const [name, value] of Object.entries(raw)) {
    const flop = /^(?:flop\[)?filters\]?\[(\d+)\]\[(field|value|op)\]$/.exec(name);
    if (flop) {
      const entry = filters.get(flop[1]!) ?? {};
      entry[flop[2] as 'field' | 'value' | 'op'] = value;
      filters.set(flop[1]!, entry);
      continue;
    }
    const paging = /^flop\[(\w+)\]$/.exec(name);
    out[paging ? paging[1]! : name] = value;
  }
  for (const { field, value, op = '' } of filters.values()) {
    if (field === undefined || value === undefined) continue;
    let name = FIELD_ALIASES[field] ?? field;
    if (TIME_FIELDS.has(name) && name !== 'from' && name !== 'to') {
      if (op === '>=' || op === '>') name = 'from';
      else if (op === '<=' || op === '<') name = 'to';
      else throw new ExchangeError(422, `filter on ${field} needs the operator >=, >, <= or <`);
    } else if (!EQUALS.has(op) && !(op === '>=' && name === 'from') && !(op === '<=' && name === 'to')) {
      throw new ExchangeError(422, `filter operator ${op} on ${field} is not supported; use ==`);
    }
    out[name] = value;
  }
  if (out.page_size !== undefined) {
    out.limit ??= out.page_size;
    if (out.page !== undefined && out.offset === undefined) {
      const page = Number(out.page);
      const size = Number(out.page_size);
      if (Number.isInteger(page) && page >= 1 && Number.isInteger(size))
        out.offset = String((page - 1) * size);
    }
  }
  delete out.page_size;
  delete out.page;
  return out;
}
