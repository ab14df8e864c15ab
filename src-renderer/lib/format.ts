/** Display helpers. Money stays a decimal string end to end: nothing here goes through a float. */

const DECIMAL = /^([+-]?)(\d+)(?:\.(\d*))?$/;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * "1234.500000" → "$1,234.50"; "-5" → "-$5.00"; "0.001500" → "$0.0015" (at least `minDecimals`
 * decimals, more only where the amount has them). Anything that is not a decimal string is shown as it came.
 */
export function formatUsd(value: string | null | undefined, minDecimals = 2): string {
  if (value === null || value === undefined) return '—';
  const match = DECIMAL.exec(value.trim());
  if (!match) return value;
  const sign = match[1] ?? '';
  const integer = (match[2] ?? '0').replace(/^0+(?=\d)/, '');
  let fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length < minDecimals) fraction = fraction.padEnd(minDecimals, '0');
  const zero = /^0*$/.test(integer) && /^0*$/.test(fraction);
  return `${sign === '-' && !zero ? '-' : ''}$${groupThousands(integer)}.${fraction}`;
}

/** A price in USD per Unit, at the tick's precision: "2.5" → "$2.500". */
export function formatPrice(value: string | null | undefined): string {
  return formatUsd(value, 3);
}

export function isNegativeDecimal(value: string): boolean {
  const match = DECIMAL.exec(value.trim());
  return !!match && match[1] === '-' && /[1-9]/.test((match[2] ?? '') + (match[3] ?? ''));
}

const integerFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** Whole numbers with thousands separators; null (unpublished) as an em dash. */
export function formatInteger(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return integerFormat.format(value);
}

const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A measured rate (tokens per second) to one decimal, thousands separated: 1234.56 → "1,234.6". */
export function formatRate(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const number = Number(value);
  return Number.isFinite(number) ? oneDecimal.format(number) : String(value);
}

/** Token counts the way the market quotes them: 1M, 128K, 30K; exact otherwise. */
export function formatTokens(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  if (value >= 1_000_000 && value % 1_000_000 === 0) return `${value / 1_000_000}M`;
  if (value >= 1_000 && value % 1_000 === 0) return `${value / 1_000}K`;
  return formatInteger(value);
}

export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** An ISO time as local "YYYY-MM-DD HH:MM:SS". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** An ISO time as local "HH:MM:SS" (the date is in the tooltip where it matters). */
export function formatTimeOfDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : formatClock(date);
}

export function formatClock(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function detailValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/**
 * An audit entry's details as one readable line: `participant: Acme · status: suspended`. Ids the UI knows
 * (participants, instruments) are shown by name; `names` maps id → name.
 */
export function formatDetails(
  details: Record<string, unknown> | null | undefined,
  names?: ReadonlyMap<string, string>,
): string {
  if (!details) return '';
  const parts = Object.entries(details).map(([key, value]) => {
    const known = typeof value === 'string' ? names?.get(value) : undefined;
    if (known !== undefined)
      return { text: `${key.replace(/_id$/, '').replace(/_/g, ' ')}: ${known}`, late: false };
    const label = key.replace(/_/g, ' ');
    const shown =
      typeof value === 'string' && moneyKeys.has(key) && DECIMAL.test(value)
        ? formatUsd(value)
        : detailValue(value);
    // Raw ids and keys matter least to a reader: they go last (the tooltip has the full record).
    return { text: `${label}: ${shown}`, late: /(_id|_key)$/.test(key) };
  });
  return [...parts.filter((part) => !part.late), ...parts.filter((part) => part.late)]
    .map((part) => part.text)
    .join(' · ');
}

const moneyKeys = new Set(['amount', 'balance_after', 'usd', 'price', 'fee']);

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A duration in seconds as the operator sets it: 300 → "5 min", 14400 → "4 h", 604800 → "7 d", 90 → "90 s". */
export function formatSeconds(seconds: number): string {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** "1 Unit", "6 Units": a whole count with its noun, thousands separated. */
export function formatCount(count: number, noun: string): string {
  return `${formatInteger(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** A file size in MiB to one decimal, as backups are listed. */
export function formatMegabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}
