import { DataSource } from 'typeorm';
import { Sql } from '../../canonical';
import { getAlertEvent } from '../alerts/events';
import { recordAudit } from '../audit';
import { Clock } from '../clock';
import { badInput, forbidden, notFound } from '../errors';
import { Actor, assertCanActOnEmployee, assertCanActOnTeam } from '../permissions';
import { createAudited, isUuid } from './audited';
import { assertExists, text } from './checks';
import { assertMayChange, ownEmployeeId } from './subjects';
import { getTask } from './tasks';

/** A message to an employee, or to a team (everyone in its subtree on the day it was sent). */
export interface Message {
  id: string;
  senderId: string | null;
  senderRole: string;
  recipientKind: 'employee' | 'team';
  recipientId: string;
  subject: string;
  body: string;
  taskId: string | null;
  alertEventId: string | null;
  sentAt: Date;
  /** When the caller read it (inbox only). */
  readAt: Date | null;
}

export interface MessageInput {
  employeeId?: string | null;
  teamId?: string | null;
  subject?: string | null;
  body: string;
  taskId?: string | null;
  alertEventId?: string | null;
}

/* eslint-disable-next-line @typescript-eslint/no-explicit-any */
const toMessage = (r: any): Message => ({
  id: r.id,
  senderId: r.sender_id,
  senderRole: r.sender_role,
  recipientKind: r.recipient_kind,
  recipientId: r.recipient_id,
  subject: r.subject,
  body: r.body,
  taskId: r.task_id,
  alertEventId: r.alert_event_id,
  sentAt: r.sent_at,
  readAt: r.read_at ?? null,
});

const subjectOf = (m: Message) => (m.recipientKind === 'employee' ? { subjectEmployeeId: m.recipientId } : { subjectEmployeeId: null, subjectTeamId: m.recipientId });

/** "m reaches employee $n": addressed to them, or to a team whose subtree held them on the day it was sent. */
const reaches = (n: number) =>
  `((m.recipient_kind = 'employee' AND m.recipient_id = $${n}) OR (m.recipient_kind = 'team' AND m.recipient_id = ANY (
     coalesce((SELECT org_unit_path(a.org_unit_id, m.sent_on) FROM assignment a WHERE a.employee_id = $${n} AND a.valid @> m.sent_on), '{}'))))`;

/**
 * Sends a message. A people manager writes to employees and teams in their
 * subtree; anyone may write to their own supervisor (the org chart's answer
 * today), so the conversation goes both ways. Audited.
 */
export async function sendMessage(ds: DataSource, actor: Actor, input: MessageInput, clock: Clock): Promise<Message> {
  assertMayChange(actor, 'sendMessage');
  if (Boolean(input.employeeId) === Boolean(input.teamId)) throw badInput('give exactly one of employeeId or teamId');
  const body = text('body', input.body, 20_000);
  const subject = text('subject', input.subject, 300, true);
  const now = clock();
  const today = actor.today; // the org-chart date a team message is addressed on
  return createAudited(ds, actor, 'message', subjectOf, async (tx) => {
    if (input.employeeId) {
      await assertExists(tx, 'employee', input.employeeId, 'employeeId');
      const own = actor.principal.employeeId;
      const [{ sup }] = own ? await tx.query(`SELECT employee_supervisor($1, $2::date) AS sup`, [own, today]) : [{ sup: null }];
      if (sup !== input.employeeId) await assertCanActOnEmployee(tx, actor, input.employeeId, 'sendMessage');
    } else {
      await assertExists(tx, 'org_unit', input.teamId!, 'teamId');
      await assertCanActOnTeam(tx, actor, input.teamId!, 'sendMessage');
    }
    if (input.taskId) await getTask(tx, actor, input.taskId);
    if (input.alertEventId) await getAlertEvent(tx, actor, input.alertEventId);
    const rows = await tx.query(
      `INSERT INTO message (sender_id, sender_role, recipient_kind, recipient_id, sent_on, subject, body, task_id, alert_event_id, sent_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
      [actor.principal.employeeId, actor.principal.role, input.employeeId ? 'employee' : 'team', input.employeeId ?? input.teamId, today, subject, body, input.taskId ?? null, input.alertEventId ?? null, now],
    );
    return toMessage(rows[0]);
  });
}

/** The caller's inbox (messages that reach them) or sent box, newest first. */
export async function listMessages(sql: Sql, actor: Actor, f: { box: 'inbox' | 'sent'; unreadOnly?: boolean; limit?: number }): Promise<Message[]> {
  const me = actor.principal.employeeId;
  if (!me) return [];
  const rows = await sql.query(
    `SELECT m.*, r.read_at FROM message m LEFT JOIN message_read r ON r.message_id = m.id AND r.employee_id = $1
      WHERE ${f.box === 'sent' ? 'm.sender_id = $1' : reaches(1)} AND (NOT $2 OR r.read_at IS NULL)
      ORDER BY m.sent_at DESC, m.id LIMIT $3`,
    [me, f.unreadOnly ?? false, f.limit ?? 100],
  );
  return rows.map(toMessage);
}

/** Marks a message read by the caller, who must be one it reaches. Audited (once: reading again changes nothing). */
export async function markMessageRead(ds: DataSource, actor: Actor, id: string, clock: Clock): Promise<Message> {
  const me = ownEmployeeId(actor, 'markMessageRead');
  return ds.transaction(async (tx) => {
    const rows = isUuid(id) ? await tx.query(`SELECT m.*, r.read_at FROM message m LEFT JOIN message_read r ON r.message_id = m.id AND r.employee_id = $2 WHERE m.id = $1`, [id, me]) : [];
    if (!rows.length) throw notFound(`no message ${JSON.stringify(id)}`);
    const before = toMessage(rows[0]);
    if (!(await tx.query(`SELECT 1 FROM message m WHERE m.id = $1 AND ${reaches(2)}`, [id, me])).length) throw forbidden(`markMessageRead: message ${id} was not sent to you`);
    if (before.readAt) return before;
    const now = clock();
    await tx.query(`INSERT INTO message_read (message_id, employee_id, read_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [id, me, now]);
    const after = { ...before, readAt: now };
    await recordAudit(tx, actor, { entity: 'message', entityId: id, action: 'update', before: { readBy: me, readAt: null }, after: { readBy: me, readAt: now }, subjectEmployeeId: me });
    return after;
  });
}
