import { AgGridReact } from 'ag-grid-react';
import type { AgGridReactProps } from 'ag-grid-react';
import { colorSchemeDark, colorSchemeLight, themeQuartz } from 'ag-grid-community';
import type { ColDef, GridApi, GridReadyEvent } from 'ag-grid-community';
import { useCallback, useId, useState } from 'react';
import type { Ref } from 'react';
import { formatInteger } from '../lib/format';
import { useTheme } from '../stores/preferences';

// Dense desk grids; colours match the CSS variables in styles/app.css.
const base = themeQuartz.withParams({
  fontFamily: 'inherit',
  fontSize: 12,
  headerFontSize: 12,
  headerFontWeight: 600,
  spacing: 5,
  rowHeight: 28,
  headerHeight: 30,
  wrapperBorderRadius: 6,
  borderRadius: 4,
  cellHorizontalPadding: 10,
});

const gridThemes = {
  light: base.withPart(colorSchemeLight).withParams({
    backgroundColor: '#ffffff',
    foregroundColor: '#1b2129',
    headerBackgroundColor: '#f3f5f8',
    headerTextColor: '#4b5563',
    borderColor: '#dde1e7',
    accentColor: '#2563eb',
    oddRowBackgroundColor: '#fafbfc',
    selectedRowBackgroundColor: '#dbe7ff',
  }),
  dark: base.withPart(colorSchemeDark).withParams({
    backgroundColor: '#161a20',
    foregroundColor: '#e2e6eb',
    headerBackgroundColor: '#1c2129',
    headerTextColor: '#9aa5b4',
    borderColor: '#2a313b',
    accentColor: '#4c8dff',
    oddRowBackgroundColor: '#181d24',
    selectedRowBackgroundColor: '#1f3354',
  }),
};

/**
 * A search box, the shown/total count and CSV export above the grid; sorting and a filter per column (a
 * row of filter inputs under the headers; grids that pass `filter: false` have none).
 */
export interface GridTools {
  /** What the rows are, for the search box's name and the count: "participants", and one "participant". */
  noun: string;
  one: string;
  /** The CSV file's name, without ".csv". */
  fileName: string;
}

export type DataGridProps<T> = AgGridReactProps<T> & { gridRef?: Ref<AgGridReact<T>>; tools?: GridTools };

// Tab leaves the grid rather than walking every header and cell: each grid is one tab stop, and the
// arrow keys move inside it.
const leaveOnTab = () => false as const;

/** What every grid of the desk shares. */
const common = {
  suppressCellFocus: false,
  enableCellTextSelection: true,
  ensureDomOrder: true,
  animateRows: false,
  tabToNextHeader: leaveOnTab,
  tabToNextCell: leaveOnTab,
} as const;

/** The columns worth exporting: the ones with a header (not the action buttons). */
function exportedColumns<T>(api: GridApi<T>): string[] {
  return api
    .getAllDisplayedColumns()
    .filter((column) => (column.getColDef() as ColDef<T>).headerName !== '')
    .map((column) => column.getColId());
}

/** ag-grid with the desk's theme (light or dark, following the app); with `tools`, searchable and exportable. */
export function DataGrid<T>({ gridRef, tools, ...props }: DataGridProps<T>) {
  const theme = useTheme();
  if (tools) return <ToolGrid tools={tools} {...props} gridRef={gridRef} />;
  return <AgGridReact<T> ref={gridRef} theme={gridThemes[theme]} {...common} {...props} />;
}

function ToolGrid<T>({
  tools,
  gridRef,
  defaultColDef,
  onGridReady,
  ...props
}: DataGridProps<T> & { tools: GridTools }) {
  const theme = useTheme();
  const [search, setSearch] = useState('');
  const [api, setApi] = useState<GridApi<T> | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  const searchId = useId();
  const total = props.rowData?.length ?? null;
  const ready = useCallback(
    (event: GridReadyEvent<T>) => {
      setApi(event.api);
      onGridReady?.(event);
    },
    [onGridReady],
  );
  const exportCsv = () =>
    api?.exportDataAsCsv({ fileName: `${tools.fileName}.csv`, columnKeys: exportedColumns(api) });
  return (
    <div className="tool-grid">
      <div className="grid-tools">
        <input
          id={searchId}
          type="search"
          className="grid-search"
          placeholder={`Search ${tools.noun}…`}
          aria-label={`Search ${tools.noun}`}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <span className="muted small" data-testid="grid-count" aria-live="polite">
          {total === null
            ? ''
            : shown !== null && shown !== total
              ? `${formatInteger(shown)} of ${formatInteger(total)} ${total === 1 ? tools.one : tools.noun}`
              : `${formatInteger(total)} ${total === 1 ? tools.one : tools.noun}`}
        </span>
        <button
          type="button"
          className="btn btn-xs grid-export"
          onClick={exportCsv}
          disabled={!api || !total}
        >
          Export CSV
        </button>
      </div>
      <div className="tool-grid-body">
        <AgGridReact<T>
          ref={gridRef}
          theme={gridThemes[theme]}
          {...common}
          quickFilterText={search}
          onModelUpdated={(event) => setShown(event.api.getDisplayedRowCount())}
          onGridReady={ready}
          {...props}
          // Column filters as a row of inputs under the headers: a filter button in each header would
          // squeeze the titles of narrow numeric columns ("Best…", "Spr…").
          defaultColDef={{
            sortable: true,
            filter: true,
            floatingFilter: true,
            suppressHeaderFilterButton: true,
            resizable: true,
            ...defaultColDef,
          }}
        />
      </div>
    </div>
  );
}
