import { Sql } from '../canonical';
import { RenderedSql } from './sql/render';
import { MetricRow, ResolvedQuery } from './types';

type Raw = Record<string, unknown>;

const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/**
 * Stage 5, execute: runs the rendered SQL and maps rows to MetricRow. The SQL
 * asks for one row past `limit`: its presence means the result was cut.
 */
export async function executeSql(sql: Sql, rendered: RenderedSql, q: ResolvedQuery): Promise<{ rows: MetricRow[]; truncated: boolean }> {
  let raw: Raw[] = await sql.query(rendered.sql, rendered.params);
  const truncated = q.limit !== null && raw.length > q.limit;
  if (truncated) raw = raw.slice(0, q.limit!);
  const rows = raw.map((r) => ({
    period: r.period ? new Date(r.period as string | Date) : null,
    teamId: str(r.team_id),
    employeeId: str(r.employee_id),
    role: str(r.role),
    site: str(r.site),
    productSku: str(r.product_sku),
    productCategory: str(r.product_category),
    channel: str(r.channel),
    queue: str(r.queue),
    values: q.metrics.map((_, i) => num(r[`v${i}`])),
    previousValues: q.compare ? q.metrics.map((_, i) => num(r[`p${i}`])) : null,
    benchmarks: null,
  }));
  return { rows, truncated };
}
