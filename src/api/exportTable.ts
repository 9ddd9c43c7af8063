/**
 * The flat shape of a metricData result, for tools that cannot read aligned
 * arrays (spreadsheets, Grafana's Infinity, Power BI): one object per row, keyed
 * `period`, then the dimensions asked (team and employee with their names), then
 * one key per metric by name, `<metric>_previous` with `compare`, and
 * `<metric>_<kind>` per benchmark (`aht_team`, `aht_center`). The columns follow
 * the query, so an empty result still has its header. The web app's CSV
 * (web/src/metrics/csv.ts) uses the same names (src/api/flatColumns.ts).
 */
import type { MetricRow, RowBenchmark } from '../query';
import { fieldAt, FLAT_DIMENSION_COLUMNS } from './flatColumns';

/** What the export asks of metricData: every row field a flat row can hold. */
export const EXPORT_QUERY = `
  query Export($query: MetricQueryInput!) {
    metricData(query: $query) {
      truncated
      metrics { name }
      rows {
        period teamId employeeId role site productSku productCategory channel queue
        team { name }
        employee { name }
        values previousValues
        benchmarks { kind values }
      }
    }
  }
`;

/** A result row as the export query reads it: the compiler's row, with names, over GraphQL. */
export type ExportedRow = Omit<MetricRow, 'period' | 'benchmarks'> & {
  /** A Date when read in-process (the DateTime scalar serializes to one), a string over HTTP. */
  period: string | Date | null;
  team: { name: string } | null;
  employee: { name: string } | null;
  benchmarks: Pick<RowBenchmark, 'kind' | 'values'>[] | null;
};

export interface ExportedResult {
  truncated: boolean;
  metrics: { name: string }[];
  rows: ExportedRow[];
}

/** The parts of a MetricQueryInput that decide the columns (already validated by GraphQL). */
export interface ExportQueryShape {
  dimensions?: string[] | null;
  compare?: string | null;
  benchmarks?: string[] | null;
}

type Cell = string | number | null;

const dimensionsOf = (q: ExportQueryShape) => (q.dimensions ?? []).flatMap((d) => FLAT_DIMENSION_COLUMNS[d] ?? []);

export function exportColumns(q: ExportQueryShape, metrics: readonly { name: string }[]): string[] {
  const names = metrics.map((m) => m.name);
  return [
    'period',
    ...dimensionsOf(q).map(([c]) => c),
    ...names,
    ...(q.compare ? names.map((n) => `${n}_previous`) : []),
    ...(q.benchmarks ?? []).flatMap((k) => names.map((n) => `${n}_${k.toLowerCase()}`)),
  ];
}

/** One result row as a flat object with exactly the keys of exportColumns, in order. */
export function flatRow(r: ExportedRow, metrics: readonly { name: string }[], q: ExportQueryShape): Record<string, Cell> {
  const out: Record<string, Cell> = { period: r.period === null ? null : new Date(r.period).toISOString() };
  for (const [c, field] of dimensionsOf(q)) out[c] = fieldAt(r, field);
  metrics.forEach((m, i) => (out[m.name] = r.values[i] ?? null));
  if (q.compare) metrics.forEach((m, i) => (out[`${m.name}_previous`] = r.previousValues?.[i] ?? null));
  for (const kind of q.benchmarks ?? []) {
    const b = r.benchmarks?.find((x) => x.kind === kind);
    metrics.forEach((m, i) => (out[`${m.name}_${kind.toLowerCase()}`] = b?.values[i] ?? null));
  }
  return out;
}

/**
 * Text a spreadsheet would run as a formula (first character = + - @, a tab or a
 * carriage return) gets a leading apostrophe: names and queues come from source
 * systems. Only the CSV does this; the JSON keeps values as they are.
 */
export function spreadsheetSafe(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}
