import { Sql } from '../canonical';
import { Actor } from './permissions';

/** One line of the audit trail: who did what (before and after), and when. */
export interface AuditEntry {
  entity: string;
  entityId: string;
  action: 'create' | 'update' | 'delete';
  before: unknown;
  after: unknown;
  /** Whose data it is, so reading the trail can be scoped like the data. */
  subjectEmployeeId?: string | null;
  subjectTeamId?: string | null;
}

/** Writes one audit line in the caller's transaction, so it commits with the change or not at all. */
export async function recordAudit(tx: Sql, actor: Actor, e: AuditEntry): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (actor_employee_id, actor_role, entity, entity_id, action, before, after, subject_employee_id, subject_team_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      actor.principal.employeeId,
      actor.principal.role,
      e.entity,
      e.entityId,
      e.action,
      e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
      e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
      e.subjectEmployeeId ?? null,
      e.subjectTeamId ?? null,
    ],
  );
}

/** Who acted, where no person did: alert evaluation writes as `{ employeeId: null, role: 'system' }`. */
export interface AuditActor {
  employeeId: string | null;
  role: string;
}

export const SYSTEM: AuditActor = { employeeId: null, role: 'system' };

/** Many audit lines in one statement (set-based writers such as alert evaluation), in the caller's transaction. */
export async function recordAuditBatch(tx: Sql, who: AuditActor, entries: AuditEntry[]): Promise<void> {
  if (!entries.length) return;
  const rows = entries.map((e) => ({
    entity: e.entity,
    entity_id: e.entityId,
    action: e.action,
    before: e.before ?? null,
    after: e.after ?? null,
    se: e.subjectEmployeeId ?? null,
    st: e.subjectTeamId ?? null,
  }));
  await tx.query(
    `INSERT INTO audit_log (actor_employee_id, actor_role, entity, entity_id, action, before, after, subject_employee_id, subject_team_id)
     SELECT $1, $2, x.entity, x.entity_id, x.action, x.before, x.after, x.se, x.st
       FROM jsonb_to_recordset($3::jsonb) AS x(entity text, entity_id text, action text, before jsonb, after jsonb, se text, st text)`,
    [who.employeeId, who.role, JSON.stringify(rows)],
  );
}
