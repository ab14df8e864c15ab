import type { IssuanceView, SupplyRegistrationView } from '../../../src-preload/contract-supply';
import type { CompactColumn } from '../../components/CompactTable';
import { CompactTable } from '../../components/CompactTable';
import { StatusBadge } from '../../components/ui';
import { formatCount, formatInteger, formatTime } from '../../lib/format';
import type { InstrumentNote } from './UnitsForm';

/** The columns `SupplyFigures` fills, in its order. */
export const supplyFigureColumns: CompactColumn[] = [
  { label: 'Admitted tok/s', numeric: true },
  { label: 'Cap (tokens)', numeric: true },
  { label: 'Committed (tokens)', numeric: true },
  { label: 'Issuable Units', numeric: true },
  { label: 'Status' },
  { label: 'Reason' },
];

/** One registration's capacity, cap, commitments, what it may still issue, and its review. */
export function SupplyFigures({ registration: r }: { registration: SupplyRegistrationView }) {
  return (
    <>
      <td className="num">{formatInteger(r.tokens_per_second)}</td>
      <td className="num">{formatInteger(r.cap_tokens)}</td>
      <td className="num">{formatInteger(r.committed_tokens)}</td>
      <td className="num strong">{formatInteger(r.issuable_units)}</td>
      <td>
        <StatusBadge status={r.status} />
      </td>
      <td className="small wrap">{r.reason}</td>
    </>
  );
}

/** A supplier's capacity, one row per instrument it has (or had) admitted endpoints in. */
export function CapacityTable({ registrations }: { registrations: readonly SupplyRegistrationView[] }) {
  return (
    <div className="table-wrap">
      <CompactTable
        caption="Capacity per instrument"
        columns={[{ label: 'Instrument' }, ...supplyFigureColumns]}
        className="units-table"
      >
        {registrations.map((r) => (
          <tr key={r.instrument_id} data-testid={`capacity-${r.symbol}`}>
            <th scope="row" className="mono strong">
              {r.symbol}
            </th>
            <SupplyFigures registration={r} />
          </tr>
        ))}
      </CompactTable>
    </div>
  );
}

/** Why the Issue form is closed for an instrument, or how much it may still issue there. */
export function issueNote(registration: SupplyRegistrationView | undefined, symbol: string): InstrumentNote {
  if (!registration) {
    return {
      blocked: true,
      text: `Apply a model endpoint to the ${symbol} roster first (Delivery tab): you can issue once the operator admits it.`,
    };
  }
  switch (registration.status) {
    case 'pending':
      return {
        blocked: true,
        text: `Your capacity in ${symbol} awaits the operator: you can issue once an endpoint is admitted.`,
      };
    case 'revoked':
      return {
        blocked: true,
        text: `No endpoint of yours is admitted to the ${symbol} roster: issuing is closed until one is (Delivery tab).`,
      };
    case 'approved':
      return {
        text: `${formatInteger(registration.tokens_per_second)} tokens/s admitted: up to ${formatCount(registration.issuable_units, `more ${symbol} Unit`)}.`,
      };
  }
}

const issuanceColumns: CompactColumn[] = [
  { label: 'Sequence', numeric: true },
  { label: 'Issued at' },
  { label: 'Instrument' },
  { label: 'Units', numeric: true },
];

/** A supplier's issuances, newest first. */
export function IssuanceHistory({ issuances }: { issuances: readonly IssuanceView[] }) {
  return (
    <div className="table-wrap">
      <CompactTable caption="Issuance history" columns={issuanceColumns}>
        {issuances.map((issuance) => (
          <tr key={issuance.sequence} data-testid="issuance">
            <td className="num mono">{issuance.sequence}</td>
            <td className="mono small">{formatTime(issuance.created_at)}</td>
            <td className="mono">{issuance.symbol}</td>
            <td className="num">{formatInteger(issuance.quantity)}</td>
          </tr>
        ))}
      </CompactTable>
    </div>
  );
}
