import { AgGridReact } from 'ag-grid-react';
import type { AgGridReactProps } from 'ag-grid-react';
import { colorSchemeDark, colorSchemeLight, themeQuartz } from 'ag-grid-community';
import type { Ref } from 'react';
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

export type DataGridProps<T> = AgGridReactProps<T> & { gridRef?: Ref<AgGridReact<T>> };

/** ag-grid with the desk's theme (light or dark, following the app). */
export function DataGrid<T>({ gridRef, ...props }: DataGridProps<T>) {
  const theme = useTheme();
  return (
    <AgGridReact<T>
      ref={gridRef}
      theme={gridThemes[theme]}
      suppressCellFocus={false}
      enableCellTextSelection
      ensureDomOrder
      animateRows={false}
      {...props}
    />
  );
}
