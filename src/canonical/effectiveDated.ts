import { EntityManager } from 'typeorm';
import { toDateRange } from './dates';
import { IsoDate, WriteOutcome } from './types';

/** An effective-dated table: its name, the columns naming one entity, and the versioned values. */
export interface VersionedTable {
  table: 'org_unit_version' | 'assignment' | 'identity_map' | 'goal';
  /** Columns that identify the entity whose versions may not overlap. */
  key: readonly string[];
  /** Columns carried by each version. */
  values: readonly string[];
  /** Bookkeeping columns a cut-back piece keeps from the stored version (beside run_id). */
  carry?: readonly string[];
  /** `updated` (not `inserted`) when a stored version had the same first day; else when it overlapped any. */
  updatedWhen: 'same_start' | 'overlap';
  /** Whether versions remember the ingest run that wrote them (`run_id`); default true. */
  tracksRun?: boolean;
}

/**
 * Writes one version with the correction rule of SPEC §2, in its own (sub)transaction:
 * the new version wins, and every stored version it overlaps is cut back to the
 * parts outside it (an earlier-starting one is closed the day before; one it covers
 * is removed; the part reaching past its end is kept). Identical = unchanged, or
 * duplicate when the identical copy came in this same run.
 *
 * Table and column names come only from the constant specs in this module's callers.
 */
export async function applyVersion(
  em: EntityManager,
  spec: VersionedTable,
  key: readonly unknown[],
  values: readonly unknown[],
  from: IsoDate,
  to: IsoDate | null,
  runId: string | null,
  /** Bookkeeping columns (of `carry`) for the new version, e.g. who set it. */
  bookkeeping: Record<string, unknown> = {},
): Promise<WriteOutcome> {
  const range = toDateRange(from, to);
  const run = spec.tracksRun === false ? [] : ['run_id'];
  const keyWhere = spec.key.map((c, i) => `${c} = $${i + 1}`).join(' AND ');
  const r = `$${spec.key.length + 1}::daterange`;
  return em.transaction(async (tx) => {
    const valueWhere = spec.values.map((c, i) => `${c} IS NOT DISTINCT FROM $${spec.key.length + 2 + i}`).join(' AND ');
    const same = await tx.query(`SELECT ${run.length ? 'run_id' : 'NULL AS run_id'} FROM ${spec.table} WHERE ${keyWhere} AND valid = ${r} AND ${valueWhere}`, [
      ...key,
      range,
      ...values,
    ]);
    if (same.length > 0) return runId !== null && same[0].run_id === runId ? 'duplicate' : 'unchanged';

    const sameStart = await tx.query(`SELECT 1 FROM ${spec.table} WHERE ${keyWhere} AND lower(valid) = $${spec.key.length + 1}::date`, [...key, from]);
    const carried = [...spec.key, ...spec.values, ...run, ...(spec.carry ?? [])];
    const pieces: Record<string, unknown>[] = await tx.query(
      `WITH d AS (DELETE FROM ${spec.table} WHERE ${keyWhere} AND valid && ${r} RETURNING *)
       SELECT ${carried.map((c) => `d.${c}`).join(', ')}, p::text AS piece
         FROM d, unnest(datemultirange(d.valid) - datemultirange(${r})) AS p`,
      [...key, range],
    );
    const insertSql = (cols: string[]) =>
      `INSERT INTO ${spec.table} (${cols.join(', ')}) VALUES (${cols.map((c, i) => (c === 'valid' ? `$${i + 1}::daterange` : `$${i + 1}`)).join(', ')})`;
    const pieceInsert = insertSql([...carried, 'valid']);
    for (const p of pieces) await tx.query(pieceInsert, [...carried.map((c) => p[c]), p.piece]);
    const extra = Object.keys(bookkeeping).filter((c) => spec.carry?.includes(c));
    await tx.query(insertSql([...spec.key, ...spec.values, ...run, ...extra, 'valid']), [
      ...key,
      ...values,
      ...(run.length ? [runId] : []),
      ...extra.map((c) => bookkeeping[c]),
      range,
    ]);

    const updated = spec.updatedWhen === 'same_start' ? sameStart.length > 0 : pieces.length > 0 || sameStart.length > 0;
    return updated ? 'updated' : 'inserted';
  });
}

export const ORG_UNIT_VERSIONS: VersionedTable = { table: 'org_unit_version', key: ['org_unit_id'], values: ['name', 'parent_id'], carry: ['recorded_at'], updatedWhen: 'same_start' };
export const ASSIGNMENTS: VersionedTable = {
  table: 'assignment',
  key: ['employee_id'],
  values: ['org_unit_id', 'role', 'manager_id', 'site'],
  carry: ['recorded_at'],
  updatedWhen: 'same_start',
};
/** Goals (SPEC §6.1): one (metric, scope) has one target on any day. */
export const GOALS: VersionedTable = {
  table: 'goal',
  key: ['metric', 'scope_kind', 'scope_ref'],
  values: ['grain', 'target', 'weight', 'floor'],
  carry: ['set_by', 'recorded_at'],
  updatedWhen: 'same_start',
  tracksRun: false,
};
export const IDENTITIES: VersionedTable = { table: 'identity_map', key: ['source_system', 'external_id'], values: ['employee_id'], updatedWhen: 'overlap' };
