import { ReactNode, useMemo, useState } from 'react';
import { SortDirection, sortRows, SortValue } from '../metrics/sort';

export interface Column<R> {
  key: string;
  label: string;
  /** What the column sorts by (numbers, not their formatted text). */
  value: (r: R) => SortValue;
  render?: (r: R) => ReactNode;
  numeric?: boolean;
  /** Direction of the first click: higher-is-better metrics rank best first. */
  firstDirection?: SortDirection;
  /** Extra attributes of a body cell (a goal status colours it: see metricColumns). */
  cellProps?: (r: R) => { className?: string; title?: string; 'data-status'?: string } | undefined;
}

interface Props<R> {
  caption: string;
  columns: Column<R>[];
  rows: readonly R[];
  rowKey: (r: R) => string;
  initialSort?: { key: string; direction: SortDirection };
  /** Rows pinned under the sorted ones (totals, unattributed). */
  footer?: ReactNode;
}

/**
 * A table sortable by any column: each header is a button (keyboard: Tab, Enter or
 * Space), and aria-sort tells assistive technology the current order. The table scrolls
 * sideways inside a focusable region at phone width.
 */
export function SortableTable<R>({ caption, columns, rows, rowKey, initialSort, footer }: Props<R>) {
  const [sort, setSort] = useState(initialSort ?? null);
  const sorted = useMemo(() => {
    const col = sort && columns.find((c) => c.key === sort.key);
    return col ? sortRows(rows, col.value, sort.direction) : rows;
  }, [rows, columns, sort]);

  const toggle = (c: Column<R>) =>
    setSort((s) =>
      s?.key === c.key ? { key: c.key, direction: s.direction === 'asc' ? 'desc' : 'asc' } : { key: c.key, direction: c.firstDirection ?? 'asc' },
    );

  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            {columns.map((c) => {
              const active = sort?.key === c.key;
              return (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={active ? (sort!.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  <button type="button" className="sort" onClick={() => toggle(c)}>
                    {c.label}
                    <span aria-hidden="true" className="sort-mark">
                      {active ? (sort!.direction === 'asc' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c, i) => {
                const content = c.render ? c.render(r) : String(c.value(r) ?? '');
                if (i === 0) {
                  return (
                    <th key={c.key} scope="row">
                      {content}
                    </th>
                  );
                }
                const extra = c.cellProps?.(r);
                const className = [c.numeric ? 'num' : null, extra?.className ?? null].filter(Boolean).join(' ') || undefined;
                return (
                  <td key={c.key} data-col={c.key} {...extra} className={className}>
                    {content}
                  </td>
                );
              })}
            </tr>
          ))}
          {sorted.length === 0 && (
            <tr>
              <td colSpan={columns.length} className="empty">
                No data in this range.
              </td>
            </tr>
          )}
        </tbody>
        {footer && <tfoot>{footer}</tfoot>}
      </table>
    </div>
  );
}
