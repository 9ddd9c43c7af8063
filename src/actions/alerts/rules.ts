import { DataSource } from 'typeorm';
import { Sql } from '../../canonical';
import { compileMetricQuery, MetricQueryError } from '../../query';
import { Manifest } from '../../semantic';
import { recordAudit } from '../audit';
import { Clock } from '../clock';
import { badInput, forbidden, notFound } from '../errors';
import { Actor } from '../permissions';
import { updateReturning } from '../workflow/audited';
import { assertExists } from '../workflow/checks';
import { resolveBoardMetrics } from '../leaderboard';
import { actorName, assertCanActOnSubject, Subject, subjectInScopeSql } from '../workflow/subjects';
import { closeOpenEvents } from './events';
import { ALERT_SCOPE_KINDS, ANOMALY_GRAINS, ANOMALY_SIDES, AlertRule, AlertRuleInput, AlertScope, COMPARISONS, toAlertRule, WINDOW_UNITS } from './types';

const MAX_WINDOW_MS = 400 * 86_400_000;
const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** What a user defines of a rule (the rest is bookkeeping). */
export type RuleDefinition = Omit<AlertRule, 'id' | 'createdBy' | 'createdAt' | 'updatedAt' | 'lastEvaluatedAt' | 'subjectEmployeeId' | 'subjectTeamId'>;

/** The rule as it will be stored: defaults filled in, every value checked against the catalog. */
export function normalizeRuleInput(input: AlertRuleInput, manifest: Manifest): RuleDefinition {
  const name = (input.name ?? '').trim();
  if (!name || name.length > 200) throw badInput('name: give a name of 1 to 200 characters');
  if (input.kind !== 'threshold' && input.kind !== 'anomaly') throw badInput(`kind: threshold or anomaly (got ${JSON.stringify(input.kind)})`);
  // The same metric and volume checks as leaderboards (the volume must be a count).
  const volumeMetric = resolveBoardMetrics(manifest, input.metric, input.volumeMetric).volume.def.name;
  const s = input.scope;
  if (!s || !ALERT_SCOPE_KINDS.includes(s.kind)) throw badInput(`scope.kind: one of ${ALERT_SCOPE_KINDS.join(', ')}`);
  const scope: AlertScope = { kind: s.kind, ref: s.ref?.trim() || null, underTeam: s.underTeam?.trim() || null, teamLevel: s.teamLevel ?? null };
  if (scope.teamLevel !== null && (s.kind !== 'team' || scope.ref !== null || !Number.isInteger(scope.teamLevel) || scope.teamLevel < 1)) {
    throw badInput('scope.teamLevel: only for a team rule over each team (no scope.id), a whole number ≥ 1 (roots are 1)');
  }
  if (s.kind === 'team' && scope.ref !== null && scope.underTeam !== null) throw badInput('scope: a rule on one team (scope.id) covers its subtree already; leave out underTeamId');
  let out: RuleDefinition;
  const common = {
    name,
    description: (input.description ?? '').trim(),
    metric: input.metric,
    scope,
    volumeMetric,
    minVolume: input.minVolume ?? 0,
    cooldownSeconds: input.cooldownSeconds ?? 0,
    createTask: input.createTask ?? false,
    taskDueDays: input.taskDueDays ?? 1,
    enabled: input.enabled ?? true,
  };
  if (!(Number.isFinite(common.minVolume) && common.minVolume >= 0)) throw badInput(`minVolume: 0 or more (got ${common.minVolume})`);
  if (!(Number.isInteger(common.cooldownSeconds) && common.cooldownSeconds >= 0 && common.cooldownSeconds <= 90 * 86400)) throw badInput(`cooldown: 0 to 90 days (got ${common.cooldownSeconds} s)`);
  if (!(Number.isInteger(common.taskDueDays) && common.taskDueDays >= 0 && common.taskDueDays <= 365)) throw badInput(`taskDueDays: 0 to 365 (got ${common.taskDueDays})`);
  if (input.kind === 'threshold') {
    if (input.anomaly) throw badInput('anomaly: only for an anomaly rule');
    if (!input.comparison || !COMPARISONS.includes(input.comparison)) throw badInput(`comparison: one of ${COMPARISONS.join(' ')} (got ${JSON.stringify(input.comparison ?? null)})`);
    if (typeof input.threshold !== 'number' || !Number.isFinite(input.threshold)) throw badInput('threshold: a number');
    const w = input.window;
    if (!w) throw badInput('window: last N minutes, hours or days, or today');
    if (w.kind === 'last') {
      if (!WINDOW_UNITS.includes(w.unit)) throw badInput(`window.unit: one of ${WINDOW_UNITS.join(', ')}`);
      if (!Number.isInteger(w.amount) || w.amount < 1 || w.amount * UNIT_MS[w.unit] > MAX_WINDOW_MS) throw badInput(`window.last: a whole number ≥ 1, at most 400 days in all (got ${w.amount} ${w.unit}s)`);
    } else if (w.kind !== 'today') throw badInput('window: last N minutes, hours or days, or today');
    out = { ...common, kind: 'threshold', comparison: input.comparison, threshold: input.threshold, window: w.kind === 'today' ? { kind: 'today' } : { kind: 'last', amount: w.amount, unit: w.unit }, anomaly: null };
  } else {
    if (input.window || input.comparison || (input.threshold !== undefined && input.threshold !== null)) {
      throw badInput('an anomaly rule judges the last complete hour or day against its baseline: leave out window, comparison and threshold');
    }
    const a = input.anomaly;
    if (!a) throw badInput('anomaly: give sigmas, grain (HOUR or DAY) and baselinePeriods');
    if (!(Number.isFinite(a.sigmas) && a.sigmas > 0 && a.sigmas <= 10)) throw badInput(`anomaly.sigmas: more than 0, at most 10 (got ${a.sigmas})`);
    if (!ANOMALY_SIDES.includes(a.side)) throw badInput(`anomaly.side: one of ${ANOMALY_SIDES.join(', ')}`);
    if (!ANOMALY_GRAINS.includes(a.grain)) throw badInput(`anomaly.grain: one of ${ANOMALY_GRAINS.join(', ')}`);
    const maxPeriods = a.grain === 'HOUR' ? 24 * 35 : 400;
    if (!Number.isInteger(a.baselinePeriods) || a.baselinePeriods < 3 || a.baselinePeriods > maxPeriods) throw badInput(`anomaly.baselinePeriods: 3 to ${maxPeriods} (got ${a.baselinePeriods})`);
    out = { ...common, kind: 'anomaly', comparison: null, threshold: null, window: null, anomaly: { ...a } };
  }
  // The metrics layer has the last word on what the rule may slice by.
  try {
    const dimension = scope.kind === 'employee' ? 'EMPLOYEE' : scope.kind === 'team' ? 'TEAM' : 'QUEUE';
    compileMetricQuery(
      {
        metrics: [input.metric, volumeMetric],
        dimensions: [dimension],
        from: new Date(0),
        to: new Date(86_400_000),
        underTeam: scope.underTeam ?? (scope.kind === 'team' ? scope.ref : null),
        teamLevel: scope.teamLevel,
      },
      { manifest, orgTimezone: 'UTC', today: '1970-01-01' },
    );
  } catch (e) {
    if (e instanceof MetricQueryError) throw badInput(`metric: ${e.message}`);
    throw e;
  }
  return out;
}

/** Whose data the rule watches: one employee, a team's subtree (its own, or underTeam), or the center. */
export function ruleSubject(scope: AlertScope): Subject {
  if (scope.kind === 'employee' && scope.ref) return { employeeId: scope.ref, teamId: null };
  if (scope.kind === 'team' && scope.ref) return { employeeId: null, teamId: scope.ref };
  return { employeeId: null, teamId: scope.underTeam };
}

async function assertRefsExist(sql: Sql, scope: AlertScope): Promise<void> {
  if (scope.kind === 'employee' && scope.ref) await assertExists(sql, 'employee', scope.ref, 'scope.id');
  if (scope.kind === 'team' && scope.ref) await assertExists(sql, 'org_unit', scope.ref, 'scope.id');
  if (scope.underTeam) await assertExists(sql, 'org_unit', scope.underTeam, 'scope.underTeamId');
}

/** Who may manage a rule: a people manager for a subject inside their subtree, an executive or admin for the center. */
async function assertCanManage(sql: Sql, actor: Actor, scope: AlertScope, what: string): Promise<void> {
  await assertRefsExist(sql, scope);
  await assertCanActOnSubject(sql, actor, ruleSubject(scope), what);
}

const RULE_COLUMNS = [
  'name', 'description', 'kind', 'metric', 'scope_kind', 'scope_ref', 'under_team', 'team_level', 'comparison', 'threshold', 'window_kind', 'window_amount', 'window_unit',
  'anomaly_side', 'sigmas', 'baseline_grain', 'baseline_periods', 'volume_metric', 'min_volume', 'cooldown_seconds', 'create_task', 'task_due_days', 'enabled',
  'subject_employee_id', 'subject_team_id',
] as const;

function ruleValues(r: RuleDefinition): unknown[] {
  const subject = ruleSubject(r.scope);
  return [
    r.name, r.description, r.kind, r.metric, r.scope.kind, r.scope.ref, r.scope.underTeam, r.scope.teamLevel, r.comparison, r.threshold,
    r.window?.kind ?? null, r.window?.kind === 'last' ? r.window.amount : null, r.window?.kind === 'last' ? r.window.unit : null,
    r.anomaly?.side ?? null, r.anomaly?.sigmas ?? null, r.anomaly?.grain ?? null, r.anomaly?.baselinePeriods ?? null,
    r.volumeMetric, r.minVolume, r.cooldownSeconds, r.createTask, r.taskDueDays, r.enabled, subject.employeeId, subject.teamId,
  ];
}

export async function loadRule(sql: Sql, id: string, lock = false): Promise<AlertRule | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows = await sql.query(`SELECT * FROM alert_rule WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
  return rows.length ? toAlertRule(rows[0]) : null;
}

const auditSubject = (r: AlertRule) => ({ subjectEmployeeId: r.subjectEmployeeId, subjectTeamId: r.subjectTeamId });

export async function createAlertRule(ds: DataSource, manifest: Manifest, actor: Actor, input: AlertRuleInput, clock: Clock): Promise<AlertRule> {
  const r = normalizeRuleInput(input, manifest);
  await assertCanManage(ds, actor, r.scope, 'createAlertRule');
  return ds.transaction(async (tx) => {
    const now = clock();
    const values = ruleValues(r);
    const rows = await tx.query(
      `INSERT INTO alert_rule (${RULE_COLUMNS.join(', ')}, created_by, created_at, updated_at)
       VALUES (${RULE_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')}, $${values.length + 1}, $${values.length + 2}, $${values.length + 2}) RETURNING *`,
      [...values, actorName(actor), now],
    );
    const rule = toAlertRule(rows[0]);
    await recordAudit(tx, actor, { entity: 'alert_rule', entityId: rule.id, action: 'create', before: null, after: rule, ...auditSubject(rule) });
    return rule;
  });
}

async function requireRule(sql: Sql, actor: Actor, id: string, what: string): Promise<AlertRule> {
  const rule = await loadRule(sql, id, true);
  if (!rule) throw notFound(`no alert rule ${JSON.stringify(id)}`);
  await assertCanManage(sql, actor, rule.scope, what);
  return rule;
}

/**
 * Replaces a rule's definition (the id, open events and history stay; the next
 * evaluation judges the open events by the new definition). Disabling a rule
 * resolves its open events. Both the old and the new scope must be the actor's.
 */
export async function updateAlertRule(ds: DataSource, manifest: Manifest, actor: Actor, id: string, input: AlertRuleInput, clock: Clock): Promise<AlertRule> {
  const r = normalizeRuleInput(input, manifest);
  await assertCanManage(ds, actor, r.scope, 'updateAlertRule');
  return ds.transaction(async (tx) => {
    const before = await requireRule(tx, actor, id, 'updateAlertRule');
    const now = clock();
    const values = ruleValues(r);
    const rows = await updateReturning(
      tx,
      `UPDATE alert_rule SET ${RULE_COLUMNS.map((c, i) => `${c} = $${i + 1}`).join(', ')}, updated_at = $${values.length + 1} WHERE id = $${values.length + 2} RETURNING *`,
      [...values, now, id],
    );
    const after = toAlertRule(rows[0]);
    if (before.enabled && !after.enabled) await closeOpenEvents(tx, actor, id, 'rule_disabled', now);
    await recordAudit(tx, actor, { entity: 'alert_rule', entityId: id, action: 'update', before, after, ...auditSubject(after) });
    return after;
  });
}

export async function setAlertRuleEnabled(ds: DataSource, manifest: Manifest, actor: Actor, id: string, enabled: boolean, clock: Clock): Promise<AlertRule> {
  const rule = await loadRule(ds, id);
  if (!rule) throw notFound(`no alert rule ${JSON.stringify(id)}`);
  return updateAlertRule(ds, manifest, actor, id, { ...rule, enabled }, clock);
}

/** Deletes a rule; its events stay as history (open ones are resolved as `rule_deleted`). */
export async function deleteAlertRule(ds: DataSource, actor: Actor, id: string, clock: Clock): Promise<boolean> {
  return ds.transaction(async (tx) => {
    const before = await requireRule(tx, actor, id, 'deleteAlertRule');
    await closeOpenEvents(tx, actor, id, 'rule_deleted', clock());
    await tx.query(`DELETE FROM alert_rule WHERE id = $1`, [id]);
    await recordAudit(tx, actor, { entity: 'alert_rule', entityId: id, action: 'delete', before, after: null, ...auditSubject(before) });
    return true;
  });
}

/** Rules the actor may see: those whose subject lies in their scope, and their own. */
export async function listAlertRules(sql: Sql, actor: Actor, f: { enabled?: boolean | null; limit?: number }): Promise<AlertRule[]> {
  const s = subjectInScopeSql(actor.scope, 'r.subject_employee_id', 'r.subject_team_id', 4);
  const rows = await sql.query(
    `SELECT r.* FROM alert_rule r
      WHERE ($1::boolean IS NULL OR r.enabled = $1) AND (${s.sql} OR r.created_by = $2)
      ORDER BY r.name, r.id LIMIT $3`,
    [f.enabled ?? null, actor.principal.employeeId, f.limit ?? 200, ...s.params],
  );
  return rows.map(toAlertRule);
}

export async function getAlertRule(sql: Sql, actor: Actor, id: string): Promise<AlertRule> {
  const rule = await loadRule(sql, id);
  if (!rule) throw notFound(`no alert rule ${JSON.stringify(id)}`);
  const s = subjectInScopeSql(actor.scope, 'r.subject_employee_id', 'r.subject_team_id', 3);
  const rows = await sql.query(`SELECT 1 FROM alert_rule r WHERE r.id = $1 AND (${s.sql} OR r.created_by = $2)`, [id, actor.principal.employeeId, ...s.params]);
  if (!rows.length) throw forbidden(`alert rule ${id}: it watches data outside what you may see`);
  return rule;
}
