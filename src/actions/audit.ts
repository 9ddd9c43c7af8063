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
