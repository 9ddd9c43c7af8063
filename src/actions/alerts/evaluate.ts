import { DataSource } from 'typeorm';
import { dateInZone, Sql } from '../../canonical';
import { MetricFilter, MetricQuery, runMetricQuery } from '../../query';
import { Dimension } from '../../semantic';
import { ActionEnv } from '../actuals';
import { AuditEntry, recordAuditBatch, SYSTEM } from '../audit';
import { compare, judgeAnomaly } from './condition';
import { recordEventChanges } from './events';
import { updateReturning } from '../workflow/audited';
import { countsFacts } from '../workflow/checks';
import { AlertEvent, AlertRule, toAlertEvent, toAlertRule } from './types';
import { anomalyBuckets, thresholdWindow } from './window';

/** What one evaluation found for one scope of a rule. `firing` null = not judged (no value, too little volume, short baseline). */
export interface Observation {
  key: string;
  value: number | null;
  volume: number | null;
  firing: boolean | null;
  comparison: string;
  threshold: number;
  baseline: { mean: number; stddev: number; periods: number } | null;
}

export interface Observed {
  from: Date;
  to: Date;
  observations: Map<string, Observation>;
}

const DIMENSION = { employee: 'EMPLOYEE', team: 'TEAM', queue: 'QUEUE' } as const satisfies Record<string, Dimension>;

function keyOf(rule: AlertRule, row: { employeeId: string | null; teamId: string | null; queue: string | null }): string | null {
  return rule.scope.kind === 'employee' ? row.employeeId : rule.scope.kind === 'team' ? row.teamId : row.queue;
}

/**
 * One metric query for every scope of the rule (never one per employee): the
 * rule's metric and its volume metric, by the scope's dimension, over the
 * window (threshold) or over the baseline and observed buckets (anomaly).
 */
async function queryRule(sql: Sql, env: ActionEnv, rule: AlertRule, from: Date, to: Date, grain: 'HOUR' | 'DAY' | null) {
  const filters: MetricFilter[] = [];
  let underTeam = rule.scope.underTeam;
  let teamLevel = rule.scope.teamLevel;
  if (rule.scope.ref && rule.scope.kind === 'team') {
    // One team: its subtree, rolled up to the team itself (its depth in today's tree).
    const [{ depth }] = await sql.query(`SELECT cardinality(org_unit_path($1, $2::date)) AS depth`, [rule.scope.ref, env.today]);
    if (!depth) return null;
    underTeam = rule.scope.ref;
    teamLevel = depth;
  } else if (rule.scope.ref) {
    filters.push({ dimension: DIMENSION[rule.scope.kind], values: [rule.scope.ref] });
  }
  const metrics = rule.volumeMetric === rule.metric ? [rule.metric] : [rule.metric, rule.volumeMetric];
  const q: MetricQuery = { metrics, dimensions: [DIMENSION[rule.scope.kind]], grain, from, to, timezone: env.orgTimezone, attribution: 'AS_WAS', underTeam, teamLevel, filters };
  const data = await runMetricQuery(sql, q, { ...env, scope: { kind: 'all' } });
  const at = (values: (number | null)[]) => ({ value: values[0], volume: values[metrics.length - 1] });
  return data.rows.map((r) => ({ key: keyOf(rule, r), period: r.period, ...at(r.values) }));
}

/** What a rule's metrics are over no facts at all: 0 for counts and sums, null for ratios. */
function emptyValues(env: ActionEnv, rule: AlertRule): { value: number | null; volume: number | null } {
  const zero = (name: string) => (countsFacts(env.manifest.metrics.get(name)!) ? 0 : null);
  return { value: zero(rule.metric), volume: zero(rule.volumeMetric) };
}

const enough = (rule: AlertRule, v: { value: number | null; volume: number | null }) => v.value !== null && v.volume !== null && v.volume >= rule.minVolume;

/** The rule's observations at `now`, from the metrics layer. */
export async function observeRule(sql: Sql, env: ActionEnv, rule: AlertRule, now: Date): Promise<Observed> {
  const observations = new Map<string, Observation>();
  const empty = emptyValues(env, rule);
  if (rule.kind === 'threshold') {
    const { from, to } = thresholdWindow(rule.window!, now, env.orgTimezone);
    if (!(from < to)) return { from, to, observations }; // "today" at the stroke of midnight: nothing to judge yet
    const rows = (await queryRule(sql, env, rule, from, to, null)) ?? [];
    const byKey = new Map(rows.filter((r) => r.key !== null).map((r) => [r.key!, r]));
    // One named scope with no facts in the window still has a value when the metric is a count.
    if (rule.scope.ref && !byKey.has(rule.scope.ref)) byKey.set(rule.scope.ref, { key: rule.scope.ref, period: null, ...empty });
    for (const [key, v] of byKey) {
      const judged = enough(rule, v);
      observations.set(key, {
        key,
        value: v.value,
        volume: v.volume,
        firing: judged ? compare(v.value!, rule.comparison!, rule.threshold!) : null,
        comparison: rule.comparison!,
        threshold: rule.threshold!,
        baseline: null,
      });
    }
    return { from, to, observations };
  }
  const a = rule.anomaly!;
  const span = anomalyBuckets(a.grain, a.baselinePeriods, now, env.orgTimezone);
  const rows = (await queryRule(sql, env, rule, span.from, span.to, a.grain)) ?? [];
  const series = new Map<string, Map<number, { value: number | null; volume: number | null }>>();
  for (const r of rows) {
    if (r.key === null || !r.period) continue;
    if (!series.has(r.key)) series.set(r.key, new Map());
    series.get(r.key)!.set(r.period.getTime(), r);
  }
  const observedTo = new Date(span.observed.getTime() + (a.grain === 'HOUR' ? 3_600_000 : 0));
  for (const [key, buckets] of series) {
    // A bucket without facts is 0 for a count, and missing for a ratio.
    const at = (t: Date) => buckets.get(t.getTime()) ?? empty;
    const observed = at(span.observed);
    const baseline = span.baseline.map(at).filter((v) => enough(rule, v)).map((v) => v.value!);
    const j = enough(rule, observed) ? judgeAnomaly(observed.value!, baseline, a) : null;
    observations.set(key, {
      key,
      value: observed.value,
      volume: observed.volume,
      firing: j ? j.firing : null,
      comparison: j?.comparison ?? (a.side === 'below' ? '<' : '>'),
      threshold: j?.bound ?? NaN,
      baseline: j ? { mean: j.mean, stddev: j.stddev, periods: j.periods } : null,
    });
  }
  return { from: span.observed, to: a.grain === 'HOUR' ? observedTo : span.to, observations };
}

export interface RuleEvaluation {
  ruleId: string;
  name: string;
  /** Scopes with a value judged against the rule. */
  judged: number;
  /** Scopes seen but not judged: no value, volume under the minimum, or a baseline too short. */
  notJudged: number;
  opened: AlertEvent[];
  resolved: AlertEvent[];
  stillOpen: number;
  /** Scopes whose condition holds but whose last event was resolved within the cooldown. */
  inCooldown: number;
  tasksCreated: number;
  error: string | null;
}

const subjectOf = (rule: AlertRule, key: string) =>
  rule.scope.kind === 'employee' ? { se: key, st: null } : rule.scope.kind === 'team' ? { se: null, st: key } : { se: null, st: rule.scope.underTeam };

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(3).replace(/0+$/, ''));

/**
 * Applies one rule's observations in one short transaction, set-based: opens an
 * event for each scope whose condition holds and that has none open (unless its
 * last one was resolved within the cooldown), refreshes the open ones that still
 * hold, resolves those that cleared, creates tasks for the scope's supervisor on
 * today's org chart, and writes the audit lines and the webhook outbox with them.
 * The number of statements does not depend on the number of scopes.
 */
async function applyObservations(ds: DataSource, env: ActionEnv, rule: AlertRule, seen: Observed, now: Date): Promise<RuleEvaluation> {
  return ds.transaction(async (tx) => {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('alert_rule'), hashtext($1))`, [rule.id]);
    const since = new Date(now.getTime() - rule.cooldownSeconds * 1000);
    const known: { id: string; scope_key: string; resolved_at: Date | null }[] = await tx.query(
      `SELECT id, scope_key, resolved_at FROM alert_event WHERE rule_id = $1 AND (resolved_at IS NULL OR resolved_at > $2)`,
      [rule.id, since],
    );
    const open = new Map(known.filter((k) => k.resolved_at === null).map((k) => [k.scope_key, k.id]));
    const cooling = new Set(known.filter((k) => k.resolved_at !== null).map((k) => k.scope_key));
    const toOpen: Observation[] = [];
    const toTouch: { id: string; value: number }[] = [];
    const toResolve: { id: string; value: number }[] = [];
    let judged = 0;
    let inCooldown = 0;
    for (const o of seen.observations.values()) {
      if (o.firing === null) continue;
      judged++;
      const openId = open.get(o.key);
      if (o.firing && openId) toTouch.push({ id: openId, value: o.value! });
      else if (o.firing && cooling.has(o.key)) inCooldown++;
      else if (o.firing) toOpen.push(o);
      else if (openId) toResolve.push({ id: openId, value: o.value! });
    }

    let opened: AlertEvent[] = [];
    if (toOpen.length) {
      const rows = await tx.query(
        `INSERT INTO alert_event (rule_id, rule_name, rule_kind, metric, scope_kind, scope_key, subject_employee_id, subject_team_id, comparison, threshold,
                                  value, volume, baseline_mean, baseline_stddev, baseline_count, window_from, window_to, opened_at, last_value, last_evaluated_at)
         SELECT $1, $2, $3, $4, $5, x.key, x.se, x.st, x.cmp, x.threshold, x.value, x.volume, x.mean, x.sd, x.n, $6, $7, $8, x.value, $8
           FROM jsonb_to_recordset($9::jsonb) AS x(key text, se text, st text, cmp text, threshold float8, value float8, volume float8, mean float8, sd float8, n int)
         ON CONFLICT (rule_id, scope_key) WHERE resolved_at IS NULL DO NOTHING
         RETURNING *`,
        [
          rule.id, rule.name, rule.kind, rule.metric, rule.scope.kind, seen.from, seen.to, now,
          JSON.stringify(toOpen.map((o) => ({ key: o.key, ...subjectOf(rule, o.key), cmp: o.comparison, threshold: o.threshold, value: o.value, volume: o.volume, mean: o.baseline?.mean ?? null, sd: o.baseline?.stddev ?? null, n: o.baseline?.periods ?? null }))),
        ],
      );
      opened = rows.map(toAlertEvent);
    }

    const tasks: Record<string, unknown>[] = [];
    if (rule.createTask && opened.length) {
      // The scope's supervisor on today's org chart: the employee's manager, else the
      // nearest people manager of their team (or of the team, or of the rule's subtree).
      const today = dateInZone(now, env.orgTimezone);
      const rows = await tx.query(
        `WITH src AS (
           SELECT x.event_id, x.title, x.description,
                  CASE e.scope_kind WHEN 'employee' THEN employee_supervisor(e.scope_key, $2::date)
                                    WHEN 'team' THEN team_supervisor(e.scope_key, $2::date)
                                    ELSE coalesce(team_supervisor($3::text, $2::date), (SELECT id FROM employee WHERE id = $4)) END AS assignee,
                  CASE WHEN e.scope_kind = 'employee' THEN e.scope_key END AS employee_id
             FROM jsonb_to_recordset($1::jsonb) AS x(event_id uuid, title text, description text) JOIN alert_event e ON e.id = x.event_id
         ), t AS (
           INSERT INTO task (title, description, assignee_id, due_date, employee_id, metric, alert_event_id, source, created_by, created_at, updated_at)
           SELECT s.title, s.description, s.assignee, $2::date + $5::int, s.employee_id, $6, s.event_id, 'alert', 'system', $7, $7
             FROM src s WHERE s.assignee IS NOT NULL
           RETURNING *
         ), linked AS (
           UPDATE alert_event e SET task_id = t.id FROM t WHERE e.id = t.alert_event_id RETURNING e.id
         )
         SELECT t.*, t.due_date::text AS due_date FROM t`,
        [
          JSON.stringify(
            opened.map((e) => ({
              event_id: e.id,
              title: `${rule.name}: ${e.metric} ${fmt(e.value)} ${e.comparison} ${fmt(e.threshold)} for ${e.scopeKind} ${e.scopeKey}`,
              description: `Opened ${now.toISOString()} by alert rule "${rule.name}" over ${seen.from.toISOString()} – ${seen.to.toISOString()}. Look into it, coach if needed, then close the task.`,
            })),
          ),
          today, rule.scope.underTeam, rule.createdBy, rule.taskDueDays, rule.metric, now,
        ],
      );
      tasks.push(...rows);
      const byEvent = new Map<string, string>(rows.map((t: { alert_event_id: string; id: string }) => [t.alert_event_id, t.id]));
      opened = opened.map((e) => ({ ...e, taskId: byEvent.get(e.id) ?? null }));
    }

    if (toTouch.length) {
      await tx.query(
        `UPDATE alert_event e SET last_value = x.value, last_evaluated_at = $2 FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, value float8) WHERE e.id = x.id`,
        [JSON.stringify(toTouch), now],
      );
    }
    let resolved: { before: AlertEvent; after: AlertEvent }[] = [];
    if (toResolve.length) {
      const rows = await updateReturning<{ before: Record<string, unknown> }>(
        tx,
        `WITH before AS (SELECT e.* FROM alert_event e WHERE e.id = ANY ($3::uuid[]) AND e.resolved_at IS NULL FOR UPDATE)
         UPDATE alert_event e SET resolved_at = $2, resolution = 'cleared', last_value = x.value, last_evaluated_at = $2
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, value float8), before b
          WHERE e.id = x.id AND b.id = e.id
         RETURNING row_to_json(b) AS before, e.*`,
        [JSON.stringify(toResolve), now, toResolve.map((r) => r.id)],
      );
      resolved = rows.map((r) => ({ before: toAlertEvent(revive(r.before)), after: toAlertEvent(r) }));
    }

    await recordEventChanges(tx, SYSTEM, 'alert.opened', opened.map((e) => ({ before: null, after: e })), now);
    await recordEventChanges(tx, SYSTEM, 'alert.resolved', resolved, now);
    await recordAuditBatch(
      tx,
      SYSTEM,
      tasks.map((t): AuditEntry => ({ entity: 'task', entityId: String(t.id), action: 'create', before: null, after: t, subjectEmployeeId: (t.employee_id as string | null) ?? (t.assignee_id as string) })),
    );
    await tx.query(`UPDATE alert_rule SET last_evaluated_at = $2 WHERE id = $1`, [rule.id, now]);
    return {
      ruleId: rule.id,
      name: rule.name,
      judged,
      notJudged: seen.observations.size - judged,
      opened,
      resolved: resolved.map((r) => r.after),
      stillOpen: toTouch.length,
      inCooldown,
      tasksCreated: tasks.length,
      error: null,
    };
  });
}

/** row_to_json gives timestamps as text: back to Dates for the event mapper. */
function revive(r: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...r };
  for (const k of ['window_from', 'window_to', 'opened_at', 'last_evaluated_at', 'acknowledged_at', 'resolved_at']) if (typeof out[k] === 'string') out[k] = new Date(out[k] as string);
  return out;
}

/**
 * Evaluates the enabled rules (or the ones named) at `now`: per rule, one metric
 * query over all its scopes, then one transaction that applies the result. A
 * rule that fails is reported and does not stop the others. Webhooks are not
 * called here: the events go to the outbox, which the webhooks job delivers.
 */
export async function evaluateAlertRules(ds: DataSource, env: ActionEnv, now: Date, ruleIds: string[] | null = null): Promise<RuleEvaluation[]> {
  const rows = await ds.query(`SELECT * FROM alert_rule WHERE enabled AND ($1::uuid[] IS NULL OR id = ANY ($1::uuid[])) ORDER BY name, id`, [ruleIds]);
  const out: RuleEvaluation[] = [];
  for (const rule of rows.map(toAlertRule)) {
    try {
      const seen = await observeRule(ds, { ...env, today: dateInZone(now, env.orgTimezone) }, rule, now);
      out.push(await applyObservations(ds, env, rule, seen, now));
    } catch (e) {
      out.push({ ruleId: rule.id, name: rule.name, judged: 0, notJudged: 0, opened: [], resolved: [], stillOpen: 0, inCooldown: 0, tasksCreated: 0, error: (e as Error).message.split('\n')[0] });
    }
  }
  return out;
}
