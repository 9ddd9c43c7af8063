import { DataSource } from 'typeorm';
import { Sql } from '../../canonical';
import { recordAudit } from '../audit';
import { Actor } from '../permissions';

/** Whose data an audited row is, so the trail is read within the same scope as the row. */
export type AuditSubjectOf<T> = (row: T) => { subjectEmployeeId: string | null; subjectTeamId?: string | null };

/** Inserts a row and its audit line (`create`, before null) in one transaction. */
export async function createAudited<T extends { id: string }>(ds: DataSource, actor: Actor, entity: string, subject: AuditSubjectOf<T>, insert: (tx: Sql) => Promise<T>): Promise<T> {
  return ds.transaction(async (tx) => {
    const row = await insert(tx);
    await recordAudit(tx, actor, { entity, entityId: row.id, action: 'create', before: null, after: row, ...subject(row) });
    return row;
  });
}

/**
 * Changes (or, when `apply` returns null, deletes) one row with its audit line in
 * one transaction: `load` reads and locks the row as it is before, `check` refuses
 * what the actor may not do to it, `apply` writes and returns the row after.
 */
export async function changeAudited<T extends { id: string }>(
  ds: DataSource,
  actor: Actor,
  entity: string,
  subject: AuditSubjectOf<T>,
  o: { load: (tx: Sql) => Promise<T>; check?: (tx: Sql, before: T) => Promise<void>; apply: (tx: Sql, before: T) => Promise<T | null> },
): Promise<T | null> {
  return ds.transaction(async (tx) => {
    const before = await o.load(tx);
    await o.check?.(tx, before);
    const after = await o.apply(tx, before);
    await recordAudit(tx, actor, { entity, entityId: before.id, action: after ? 'update' : 'delete', before, after, ...subject(after ?? before) });
    return after;
  });
}

/** True for a uuid (ids of the action loop's rows); anything else cannot name one. */
export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/**
 * Rows of an `UPDATE … RETURNING` (or `DELETE … RETURNING`): TypeORM answers those
 * with `[rows, count]` instead of the rows themselves.
 */
export async function updateReturning<R = Record<string, unknown>>(sql: Sql, text: string, params: unknown[]): Promise<R[]> {
  const r = await sql.query(text, params);
  return Array.isArray(r) && r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number' ? r[0] : r;
}
