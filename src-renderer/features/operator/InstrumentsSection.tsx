import type { GetRowIdParams } from 'ag-grid-community';
import type { InstrumentView } from '../../../src-preload/contract';
import { DataGrid } from '../../components/DataGrid';
import { useExchangeStore } from '../../stores/exchange';
import { instrumentColumns } from './columns';
import { formatCount, formatInteger } from '../../lib/format';

const defaultColDef = { sortable: true, resizable: true };
// Two header rows (groups, columns), one 28px row per instrument, room for a horizontal scrollbar.
// Two header rows and the filter row, the rows, the scrollbar, and the tools line above the grid.
const gridHeight = (rows: number) => 3 * 30 + Math.max(rows, 3) * 28 + 18 + 32;
const fitWidth = { type: 'fitGridWidth' } as const;
const rowId = ({ data }: GetRowIdParams<InstrumentView>) => data.instrument_id;

export function InstrumentsSection() {
  const instruments = useExchangeStore((state) => state.instruments);
  const live = instruments?.filter((instrument) => instrument.status === 'live').length ?? 0;
  return (
    <section className="section" aria-labelledby="instruments-heading">
      <div className="section-header">
        <h2 id="instruments-heading">Instruments</h2>
        <p className="section-sub">
          {instruments
            ? `${formatCount(instruments.length, 'instrument')} · ${formatInteger(live)} live · ${formatInteger(instruments.length - live)} preview. Each is a floor of quality and performance with one USD market; 1 Unit = 1,000,000 tokens.`
            : 'Loading…'}
        </p>
      </div>
      <div className="grid-auto" style={{ height: gridHeight(instruments?.length ?? 0) }}>
        <DataGrid<InstrumentView>
          rowData={instruments ?? undefined}
          loading={instruments === null}
          columnDefs={instrumentColumns}
          getRowId={rowId}
          tools={{ noun: 'instruments', one: 'instrument', fileName: 'instruments' }}
          defaultColDef={defaultColDef}
          autoSizeStrategy={fitWidth}
          tooltipShowDelay={400}
        />
      </div>
    </section>
  );
}
