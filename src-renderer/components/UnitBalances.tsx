import type { UnitBalanceView } from '../../src-preload/contract';
import { formatInteger } from '../lib/format';
import { CompactTable } from './CompactTable';
import type { CompactColumn } from './CompactTable';

const columns: CompactColumn[] = [
  { label: 'Instrument' },
  { label: 'Total', numeric: true },
  { label: 'Available', numeric: true },
  { label: 'Locked', numeric: true },
];

/** Units held per instrument: total, available to sell or use, locked in open sell orders. */
export function UnitBalances({ units, emptyText }: { units: UnitBalanceView[]; emptyText: string }) {
  if (units.length === 0) return <p className="muted units-empty">{emptyText}</p>;
  return (
    <div className="table-wrap">
      <CompactTable caption="Units per instrument" columns={columns} className="units-table">
        {units.map((balance) => (
          <tr key={balance.instrument_id} data-testid={`units-${balance.symbol}`}>
            <th scope="row" className="mono strong">
              {balance.symbol}
            </th>
            <td className="num">{formatInteger(balance.total)}</td>
            <td className="num">{formatInteger(balance.available)}</td>
            <td className="num">{formatInteger(balance.locked)}</td>
          </tr>
        ))}
      </CompactTable>
    </div>
  );
}
