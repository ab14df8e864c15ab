import type { ReactNode } from 'react';

/** One header of a compact table; numeric columns are right-aligned. */
export interface CompactColumn {
  label: string;
  numeric?: boolean;
}

/** A small read-only table: a caption for screen readers, one header row, and the body rows given. */
export function CompactTable({
  caption,
  columns,
  className,
  children,
}: {
  caption: string;
  columns: readonly CompactColumn[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <table className={className ? `compact-table ${className}` : 'compact-table'}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.label} scope="col" className={column.numeric ? 'num' : undefined}>
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  );
}
