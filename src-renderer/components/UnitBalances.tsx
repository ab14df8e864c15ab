import type { UnitBalanceView } from '../../src-preload/contract';
import { formatInteger } from '../lib/format';

/** Units held per instrument: total, available to sell or use, locked in open sell orders. */
export function UnitBalances({ units, emptyText }: { units: UnitBalanceView[]; emptyText: string }) {
  if (units.length === 0) return <p className="muted units-empty">{emptyText}</p>;
  return (
    <div className="table-wrap">
      <table className="compact-table units-table">
        <caption className="sr-only">Units per instrument</caption>
        <thead>
          <tr>
            <th scope="col">Instrument</th>
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col" className="num">
              Available
            </th>
            <th scope="col" className="num">
              Locked
            </th>
          </tr>
        </thead>
        <tbody>
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
        </tbody>
      </table>
    </div>
  );
}
