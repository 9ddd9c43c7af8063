import { DataSource } from 'typeorm';
import { Sql } from '../../canonical';
import { AuditActor, recordAudit, recordAuditBatch } from '../audit';
import { Clock } from '../clock';
import { badInput, forbidden, notFound } from '../errors';
import { Actor } from '../permissions';
import { alertPayload, enqueueDeliveries, WebhookEventType } from '../webhooks/outbox';
import { isUuid, updateReturning } from '../workflow/audited';
import { actorName, assertCanActOnSubject, subjectInScopeSql } from '../workflow/subjects';
import { AlertEvent, AlertResolution, toAlertEvent } from './types';

export const eventSubject = (e: AlertEvent) => ({ employeeId: e.subjectEmployeeId, teamId: e.subjectTeamId });
const auditSubject = (e: AlertEvent) => ({ subjectEmployeeId: e.subjectEmployeeId, subjectTeamId: e.subjectTeamId });

/** Audit lines and outbox items for events that changed, in the caller's transaction. */
export async function recordEventChanges(tx: Sql, who: AuditActor, type: WebhookEventType, changes: { before: AlertEvent | null; after: AlertEvent }[], now: Date): Promise<void> {
  await recordAuditBatch(
    tx,
    who,
    changes.map((c) => ({ entity: 'alert_event', entityId: c.after.id, action: c.before ? 'update' : 'create', before: c.before, after: c.after, ...auditSubject(c.after) })),
  );
  await enqueueDeliveries(tx, changes.map((c) => ({ type, alertEventId: c.after.id, body: alertPayload(type, c.after, now) })), now);
}

/** Resolves a rule's open events when the rule is disabled or deleted. */
export async function closeOpenEvents(tx: Sql, actor: Actor, ruleId: string, resolution: AlertResolution, now: Date): Promise<void> {
  const before: AlertEvent[] = (await tx.query(`SELECT * FROM alert_event WHERE rule_id = $1 AND resolved_at IS NULL FOR UPDATE`, [ruleId])).map(toAlertEvent);
  if (!before.length) return;
  const rows = await updateReturning(
    tx,
    `UPDATE alert_event SET resolved_at = $2, resolved_by = $3, resolution = $4 WHERE rule_id = $1 AND resolved_at IS NULL RETURNING *`,
    [ruleId, now, actorName(actor), resolution],
  );
  const after = new Map<string, AlertEvent>(rows.map((r: unknown) => [toAlertEvent(r).id, toAlertEvent(r)]));
  await recordEventChanges(tx, { employeeId: actor.principal.employeeId, role: actor.principal.role }, 'alert.resolved', before.map((b) => ({ before: b, after: after.get(b.id)! })), now);
}

export interface AlertEventFilter {
  status?: 'open' | 'resolved' | 'all';
  ruleId?: string | null;
  /** An employee id, team id or queue name. */
  scopeKey?: string | null;
  /** Opened in [from, to). */
  from?: Date | null;
  to?: Date | null;
  limit?: number;
}

/** Events whose subject lies in the actor's scope (SPEC §7), newest first. */
export async function listAlertEvents(sql: Sql, actor: Actor, f: AlertEventFilter): Promise<AlertEvent[]> {
  if (f.ruleId && !isUuid(f.ruleId)) throw badInput(`ruleId: not an alert rule id: ${JSON.stringify(f.ruleId)}`);
  const s = subjectInScopeSql(actor.scope, 'e.subject_employee_id', 'e.subject_team_id', 7);
  const rows = await sql.query(
    `SELECT e.* FROM alert_event e
      WHERE ($1::text = 'all' OR ($1 = 'open') = (e.resolved_at IS NULL))
        AND ($2::uuid IS NULL OR e.rule_id = $2) AND ($3::text IS NULL OR e.scope_key = $3)
        AND ($4::timestamptz IS NULL OR e.opened_at >= $4) AND ($5::timestamptz IS NULL OR e.opened_at < $5)
        AND ${s.sql}
      ORDER BY e.opened_at DESC, e.id LIMIT $6`,
    [f.status ?? 'open', f.ruleId ?? null, f.scopeKey ?? null, f.from ?? null, f.to ?? null, f.limit ?? 100, ...s.params],
  );
  return rows.map(toAlertEvent);
}

async function loadEvent(sql: Sql, id: string, lock: boolean): Promise<AlertEvent> {
  const rows = isUuid(id) ? await sql.query(`SELECT * FROM alert_event WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]) : [];
  if (!rows.length) throw notFound(`no alert event ${JSON.stringify(id)}`);
  return toAlertEvent(rows[0]);
}

export async function getAlertEvent(sql: Sql, actor: Actor, id: string): Promise<AlertEvent> {
  const e = await loadEvent(sql, id, false);
  const s = subjectInScopeSql(actor.scope, '$1::text', '$2::text', 3);
  const [{ ok }] = await sql.query(`SELECT ${s.sql} AS ok`, [e.subjectEmployeeId, e.subjectTeamId, ...s.params]);
  if (!ok) throw forbidden(`alert event ${id}: it is about data outside what you may see`);
  return e;
}

async function changeEvent(ds: DataSource, actor: Actor, id: string, what: 'acknowledge' | 'resolve', note: string | null, clock: Clock): Promise<AlertEvent> {
  return ds.transaction(async (tx) => {
    const before = await loadEvent(tx, id, true);
    await assertCanActOnSubject(tx, actor, eventSubject(before), `${what}AlertEvent`);
    if (before.resolvedAt) throw badInput(`alert event ${id} is already resolved (${before.resolution})`);
    if (what === 'acknowledge' && before.acknowledgedAt) return before;
    const now = clock();
    const set =
      what === 'acknowledge'
        ? `acknowledged_at = $2, acknowledged_by = $3, note = coalesce($4, note)`
        : `resolved_at = $2, resolved_by = $3, resolution = 'manual', note = coalesce($4, note), acknowledged_at = coalesce(acknowledged_at, $2), acknowledged_by = coalesce(acknowledged_by, $3)`;
    const rows = await updateReturning(tx, `UPDATE alert_event SET ${set} WHERE id = $1 RETURNING *`, [id, now, actorName(actor), note]);
    const after = toAlertEvent(rows[0]);
    await recordAudit(tx, actor, { entity: 'alert_event', entityId: id, action: 'update', before, after, ...auditSubject(after) });
    const type = what === 'acknowledge' ? 'alert.acknowledged' : 'alert.resolved';
    await enqueueDeliveries(tx, [{ type, alertEventId: id, body: alertPayload(type, after, now) }], now);
    return after;
  });
}

/** A person has seen the event and is on it; it stays open until resolved. */
export const acknowledgeAlertEvent = (ds: DataSource, actor: Actor, id: string, note: string | null, clock: Clock) => changeEvent(ds, actor, id, 'acknowledge', note, clock);

/** A person closes the event; the rule's cooldown then runs from now (SPEC §6.3). */
export const resolveAlertEvent = (ds: DataSource, actor: Actor, id: string, note: string | null, clock: Clock) => changeEvent(ds, actor, id, 'resolve', note, clock);
