// The server's export names its columns the same way: one list for both.
import { fieldAt, FLAT_DIMENSION_COLUMNS } from '../../../src/api/flatColumns';
import { Dimension, MetricResult } from '../api/types';

/**
 * A metricData result as CSV (RFC 4180: quoted where needed, CRLF line ends), built in
 * the browser from the result the page already holds, so the file has exactly the rows
 * on screen. Columns: period, the dimensions asked (with team and employee names), one
 * column per metric by name, and `<metric>_previous` when the query compared periods.
 */

/**
 * Quotes a field when it needs it. Text that a spreadsheet would run as a formula
 * (= + - @ first) gets a leading apostrophe: names come from source systems.
 */
export function csvField(v: string | number | null): string {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function metricResultToCsv(result: MetricResult, dimensions: readonly Dimension[] = []): string {
  const dims = dimensions.flatMap((d) => FLAT_DIMENSION_COLUMNS[d]);
  const hasPrevious = result.rows.some((r) => r.previousValues !== null);
  const header = [
    'period',
    ...dims.map(([name]) => name),
    ...result.metrics.map((m) => m.name),
    ...(hasPrevious ? result.metrics.map((m) => `${m.name}_previous`) : []),
  ];
  const lines = result.rows.map((r) =>
    [
      r.period,
      ...dims.map(([, field]) => fieldAt(r, field)),
      ...result.metrics.map((_, i) => r.values[i] ?? null),
      ...(hasPrevious ? result.metrics.map((_, i) => r.previousValues?.[i] ?? null) : []),
    ]
      .map(csvField)
      .join(','),
  );
  return [header.map(csvField).join(','), ...lines].join('\r\n') + '\r\n';
}

/** Saves text as a file through a temporary link (no server round trip). */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
