/**
 * The columns a dimension adds to a flat row (CSV, JSON for BI tools), and the
 * MetricRow field each reads (a dotted path into the row). One list for the server's
 * export (src/api/exportTable.ts) and the web app's CSV (web/src/metrics/csv.ts), so
 * a file from either has the same header. Plain data: no imports, no runtime.
 */
export const FLAT_DIMENSION_COLUMNS: Record<string, readonly (readonly [column: string, field: string])[]> = {
  TEAM: [
    ['team_id', 'teamId'],
    ['team_name', 'team.name'],
  ],
  EMPLOYEE: [
    ['employee_id', 'employeeId'],
    ['employee_name', 'employee.name'],
  ],
  ROLE: [['role', 'role']],
  SITE: [['site', 'site']],
  PRODUCT: [['product_sku', 'productSku']],
  PRODUCT_CATEGORY: [['product_category', 'productCategory']],
  CHANNEL: [['channel', 'channel']],
  QUEUE: [['queue', 'queue']],
};

/** A row's value at a dotted path (`team.name`), null when any step is missing. */
export function fieldAt(row: object, path: string): string | number | null {
  let v: unknown = row;
  for (const k of path.split('.')) v = v === null || v === undefined ? undefined : (v as Record<string, unknown>)[k];
  return typeof v === 'string' || typeof v === 'number' ? v : null;
}
