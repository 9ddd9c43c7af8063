import { DataSource } from 'typeorm';
import { Sql } from '../../canonical';
import { recordAudit } from '../audit';
import { badInput, forbidden } from '../errors';
import { Actor, assertCanActOnEmployee } from '../permissions';
import { Gamification } from './definitions';

export interface PointsBalance {
  employeeId: string;
  earned: number;
  spent: number;
  balance: number;
}

export interface PointsEntry {
  id: string;
  employeeId: string;
  at: Date;
  kind: 'earned' | 'spent';
  points: number;
  reason: string;
  achievementId: string | null;
  redemptionId: string | null;
}

export async function pointsBalance(sql: Sql, employeeId: string): Promise<PointsBalance> {
  const [r] = await sql.query(
    `SELECT coalesce(sum(points) FILTER (WHERE kind = 'earned'), 0)::int AS earned,
            coalesce(sum(points) FILTER (WHERE kind = 'spent'), 0)::int AS spent
       FROM points_entry WHERE employee_id = $1`,
    [employeeId],
  );
  return { employeeId, earned: r.earned, spent: r.spent, balance: r.earned - r.spent };
}

export async function pointsLedger(sql: Sql, employeeId: string, limit: number): Promise<PointsEntry[]> {
  const rows = await sql.query(
    `SELECT id::text, employee_id, at, kind, points, reason, achievement_id::text, redemption_id::text
       FROM points_entry WHERE employee_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
    [employeeId, limit],
  );
  return rows.map((r: Record<string, unknown>) => ({
    id: r.id as string,
    employeeId: r.employee_id as string,
    at: r.at as Date,
    kind: r.kind as 'earned' | 'spent',
    points: r.points as number,
    reason: r.reason as string,
    achievementId: (r.achievement_id as string | null) ?? null,
    redemptionId: (r.redemption_id as string | null) ?? null,
  }));
}

/**
 * Spends points on a reward from the catalog. An employee redeems their own
 * points; the balance is checked and debited under a per-employee lock, so two
 * redemptions at once can never overspend. Audited.
 */
export async function redeemReward(ds: DataSource, actor: Actor, g: Gamification, rewardId: string): Promise<{ redemptionId: string; balance: PointsBalance }> {
  const reward = g.rewards.get(rewardId);
  if (!reward) throw badInput(`reward: unknown reward ${JSON.stringify(rewardId)} (query rewards for the catalog)`);
  const employeeId = actor.principal.employeeId;
  if (!employeeId) throw forbidden('redeemReward: only an employee (a token with sub) can spend their points');
  return ds.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('points'), hashtext($1))`, [employeeId]);
    const before = await pointsBalance(tx, employeeId);
    if (before.balance < reward.cost) throw badInput(`redeemReward: ${reward.name} costs ${reward.cost} points; your balance is ${before.balance}`);
    const [r] = await tx.query(`INSERT INTO redemption (employee_id, reward, cost) VALUES ($1, $2, $3) RETURNING id::text`, [employeeId, reward.id, reward.cost]);
    await tx.query(`INSERT INTO points_entry (employee_id, kind, points, reason, redemption_id) VALUES ($1, 'spent', $2, $3, $4::bigint)`, [
      employeeId,
      reward.cost,
      `reward ${reward.id}: ${reward.name}`,
      r.id,
    ]);
    const after = await pointsBalance(tx, employeeId);
    await recordAudit(tx, actor, { entity: 'redemption', entityId: r.id, action: 'create', before: null, after: { reward: reward.id, cost: reward.cost, balance: after.balance }, subjectEmployeeId: employeeId });
    return { redemptionId: r.id, balance: after };
  });
}

export interface RecognizeInput {
  employeeId: string;
  badge: string;
  reason: string;
  metric?: string | null;
}

/**
 * Manual recognition (SPEC §6.2): a person gives a badge, and its points, to an
 * employee in their part of the org chart (never to themselves). Audited.
 */
export async function recognize(ds: DataSource, actor: Actor, g: Gamification, metrics: ReadonlySet<string>, input: RecognizeInput): Promise<string> {
  const badge = g.badges.get(input.badge);
  if (!badge) throw badInput(`badge: unknown badge ${JSON.stringify(input.badge)} (query badges for the catalog)`);
  if (!input.reason.trim()) throw badInput('reason: say what the recognition is for');
  if (input.metric && !metrics.has(input.metric)) throw badInput(`metric: unknown metric ${JSON.stringify(input.metric)}`);
  if (input.employeeId === actor.principal.employeeId) throw forbidden('recognize: you cannot recognize yourself');
  const exists = await ds.query(`SELECT 1 FROM employee WHERE id = $1`, [input.employeeId]);
  if (!exists.length) throw badInput(`employeeId: no employee ${JSON.stringify(input.employeeId)}`);
  await assertCanActOnEmployee(ds, actor, input.employeeId, 'recognize');
  return ds.transaction(async (tx) => {
    const [a] = await tx.query(
      `INSERT INTO achievement (employee_id, badge, source, awarded_at, awarded_by, metric, reason, points)
       VALUES ($1, $2, 'manual', now(), $3, $4, $5, $6) RETURNING id::text, awarded_at`,
      [input.employeeId, badge.id, actor.principal.employeeId ?? actor.principal.role, input.metric ?? null, input.reason.trim(), badge.points],
    );
    if (badge.points > 0) {
      await tx.query(`INSERT INTO points_entry (employee_id, kind, points, reason, achievement_id) VALUES ($1, 'earned', $2, $3, $4::bigint)`, [
        input.employeeId,
        badge.points,
        `badge ${badge.id}: ${input.reason.trim()}`,
        a.id,
      ]);
    }
    await recordAudit(tx, actor, {
      entity: 'achievement',
      entityId: a.id,
      action: 'create',
      before: null,
      after: { employeeId: input.employeeId, badge: badge.id, reason: input.reason.trim(), metric: input.metric ?? null, points: badge.points },
      subjectEmployeeId: input.employeeId,
    });
    return a.id as string;
  });
}
