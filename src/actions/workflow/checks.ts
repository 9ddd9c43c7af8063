import { isIsoDate, IsoDate, Sql } from '../../canonical';
import { CompiledMetric, didYouMean, Manifest } from '../../semantic';
import { badInput } from '../errors';

/** A metric of the catalog, or BAD_USER_INPUT naming the field and the nearest name. */
export function knownMetric(manifest: Manifest, field: string, name: string): CompiledMetric {
  const m = manifest.metrics.get(name);
  if (!m) {
    const s = didYouMean(name, manifest.metrics.keys());
    throw badInput(`${field}: unknown metric ${JSON.stringify(name)}${s ? `; did you mean "${s}"?` : ''}`);
  }
  return m;
}

/** Refuses an id that names no row of `table`, naming the field. */
export async function assertExists(sql: Sql, table: 'employee' | 'org_unit', id: string, field: string): Promise<void> {
  const rows = await sql.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id]);
  if (!rows.length) throw badInput(`${field}: no ${table === 'org_unit' ? 'team' : 'employee'} ${JSON.stringify(id)}`);
}

/** Trimmed text of 1 to `max` characters (or '' when `optional` and blank). */
export function text(field: string, v: string | null | undefined, max: number, optional = false): string {
  const t = (v ?? '').trim();
  if (!t && !optional) throw badInput(`${field}: must not be empty`);
  if (t.length > max) throw badInput(`${field}: at most ${max} characters (got ${t.length})`);
  return t;
}

export function isoDate(field: string, v: string): IsoDate {
  if (!isIsoDate(v)) throw badInput(`${field}: not a date such as 2026-03-01 (got ${JSON.stringify(v)})`);
  return v;
}

export function instant(field: string, v: Date): Date {
  if (!(v instanceof Date) || Number.isNaN(v.getTime())) throw badInput(`${field}: not an instant`);
  return v;
}

/** A count or sum: 0 over no facts (SPEC §4.2), so it can also say how much a value rests on. Ratios are null there. */
export const countsFacts = (m: CompiledMetric): boolean =>
  m.def.type === 'simple' && m.def.measure !== null && ['count', 'sum', 'count_distinct'].includes(m.def.measure.agg);
