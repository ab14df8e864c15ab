import type { AuditEntryView } from '../../../src-preload/contract';
import type { AuditWords } from './audit-words';

type Row = AuditEntryView & AuditWords;

/** The audit log's filters; "" is "any". Dates are local calendar days (YYYY-MM-DD), both ends included. */
export interface AuditFilter {
  actor: string;
  participant: string;
  kind: string;
  from: string;
  to: string;
}

export const noAuditFilter: AuditFilter = { actor: '', participant: '', kind: '', from: '', to: '' };

/** The local calendar day of an instant, as an <input type="date"> holds it. */
function localDay(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function filterAudit<T extends Row>(rows: readonly T[], filter: AuditFilter): T[] {
  return rows.filter((row) => {
    if (filter.actor && row.actor_name !== filter.actor) return false;
    if (filter.participant && row.participant !== filter.participant) return false;
    if (filter.kind && row.kind !== filter.kind) return false;
    const day = filter.from || filter.to ? localDay(row.time) : '';
    if (filter.from && day < filter.from) return false;
    if (filter.to && day > filter.to) return false;
    return true;
  });
}

const distinct = (values: Iterable<string>) =>
  [...new Set(values)].filter(Boolean).sort((a, b) => a.localeCompare(b));

/** The choices each filter offers: the values present in the rows loaded. */
export function auditFilterOptions(rows: readonly Row[]) {
  return {
    actors: distinct(rows.map((row) => row.actor_name)),
    participants: distinct(rows.map((row) => row.participant)),
    kinds: distinct(rows.map((row) => row.kind)),
  };
}
