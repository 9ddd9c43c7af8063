/** Alert rules and events (SPEC §6.3). */

export const COMPARISONS = ['>', '>=', '<', '<='] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const ALERT_SCOPE_KINDS = ['employee', 'team', 'queue'] as const;
export type AlertScopeKind = (typeof ALERT_SCOPE_KINDS)[number];

export const WINDOW_UNITS = ['minute', 'hour', 'day'] as const;
export type WindowUnit = (typeof WINDOW_UNITS)[number];

/** Last N minutes, hours or days up to now, or today so far in the org time zone. */
export type AlertWindow = { kind: 'last'; amount: number; unit: WindowUnit } | { kind: 'today' };

export const ANOMALY_SIDES = ['above', 'below', 'either'] as const;
export type AnomalySide = (typeof ANOMALY_SIDES)[number];
export const ANOMALY_GRAINS = ['HOUR', 'DAY'] as const;
export type AnomalyGrain = (typeof ANOMALY_GRAINS)[number];

/**
 * An anomaly rule judges the last complete bucket of `grain` (the previous hour,
 * or yesterday, in the org time zone) against the scope's own trailing baseline:
 * the `baselinePeriods` buckets before it. It fires when the value lies more than
 * `sigmas` sample standard deviations from the baseline mean, on `side`.
 */
export interface AnomalySpec {
  side: AnomalySide;
  sigmas: number;
  grain: AnomalyGrain;
  baselinePeriods: number;
}

/**
 * What a rule watches. `ref` names one employee, team (its subtree) or queue;
 * without it the rule covers each of them (employees and queues, optionally only
 * facts attributed under `underTeam`; teams rolled up to `teamLevel`, or each
 * fact's own team). Every scope of a rule is evaluated by one metric query.
 */
export interface AlertScope {
  kind: AlertScopeKind;
  ref: string | null;
  underTeam: string | null;
  teamLevel: number | null;
}

export interface AlertRuleInput {
  name: string;
  description?: string | null;
  kind: 'threshold' | 'anomaly';
  metric: string;
  scope: { kind: AlertScopeKind; ref?: string | null; underTeam?: string | null; teamLevel?: number | null };
  comparison?: Comparison | null;
  threshold?: number | null;
  window?: AlertWindow | null;
  anomaly?: AnomalySpec | null;
  /** A count metric whose value must reach `minVolume` before the rule judges (default contacts_handled). */
  volumeMetric?: string | null;
  minVolume?: number | null;
  /** After an event is resolved, no new one opens for the same scope before this has passed. */
  cooldownSeconds?: number | null;
  /** Each new event creates a task for the scope's supervisor, due `taskDueDays` after. */
  createTask?: boolean | null;
  taskDueDays?: number | null;
  enabled?: boolean | null;
}

export interface AlertRule {
  id: string;
  name: string;
  description: string;
  kind: 'threshold' | 'anomaly';
  metric: string;
  scope: AlertScope;
  comparison: Comparison | null;
  threshold: number | null;
  window: AlertWindow | null;
  anomaly: AnomalySpec | null;
  volumeMetric: string;
  minVolume: number;
  cooldownSeconds: number;
  createTask: boolean;
  taskDueDays: number;
  enabled: boolean;
  subjectEmployeeId: string | null;
  subjectTeamId: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  lastEvaluatedAt: Date | null;
}

export type AlertResolution = 'cleared' | 'manual' | 'rule_disabled' | 'rule_deleted';

export interface AlertEvent {
  id: string;
  ruleId: string | null;
  ruleName: string;
  ruleKind: 'threshold' | 'anomaly';
  metric: string;
  scopeKind: AlertScopeKind;
  /** The employee id, team id or queue name. */
  scopeKey: string;
  subjectEmployeeId: string | null;
  subjectTeamId: string | null;
  comparison: string;
  /** The threshold crossed; for an anomaly, the bound mean ± k·σ. */
  threshold: number;
  /** The value when the event opened. */
  value: number;
  volume: number | null;
  baseline: { mean: number; stddev: number; periods: number } | null;
  windowFrom: Date;
  windowTo: Date;
  openedAt: Date;
  lastValue: number | null;
  lastEvaluatedAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  resolution: AlertResolution | null;
  note: string | null;
  taskId: string | null;
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const num = (v: any): number | null => (v === null || v === undefined ? null : Number(v));

export function toAlertRule(r: any): AlertRule {
  return {
    id: r.id,
    name: r.name,
    description: r.description,
    kind: r.kind,
    metric: r.metric,
    scope: { kind: r.scope_kind, ref: r.scope_ref, underTeam: r.under_team, teamLevel: r.team_level },
    comparison: r.comparison,
    threshold: num(r.threshold),
    window: r.window_kind === 'today' ? { kind: 'today' } : r.window_kind === 'last' ? { kind: 'last', amount: r.window_amount, unit: r.window_unit } : null,
    anomaly: r.kind === 'anomaly' ? { side: r.anomaly_side, sigmas: Number(r.sigmas), grain: r.baseline_grain, baselinePeriods: r.baseline_periods } : null,
    volumeMetric: r.volume_metric,
    minVolume: Number(r.min_volume),
    cooldownSeconds: r.cooldown_seconds,
    createTask: r.create_task,
    taskDueDays: r.task_due_days,
    enabled: r.enabled,
    subjectEmployeeId: r.subject_employee_id,
    subjectTeamId: r.subject_team_id,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    lastEvaluatedAt: r.last_evaluated_at,
  };
}

export function toAlertEvent(r: any): AlertEvent {
  return {
    id: r.id,
    ruleId: r.rule_id,
    ruleName: r.rule_name,
    ruleKind: r.rule_kind,
    metric: r.metric,
    scopeKind: r.scope_kind,
    scopeKey: r.scope_key,
    subjectEmployeeId: r.subject_employee_id,
    subjectTeamId: r.subject_team_id,
    comparison: r.comparison,
    threshold: Number(r.threshold),
    value: Number(r.value),
    volume: num(r.volume),
    baseline: r.baseline_mean === null || r.baseline_mean === undefined ? null : { mean: Number(r.baseline_mean), stddev: Number(r.baseline_stddev), periods: r.baseline_count },
    windowFrom: r.window_from,
    windowTo: r.window_to,
    openedAt: r.opened_at,
    lastValue: num(r.last_value),
    lastEvaluatedAt: r.last_evaluated_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
    resolution: r.resolution,
    note: r.note,
    taskId: r.task_id,
  };
}
/* eslint-enable @typescript-eslint/no-explicit-any */

export const eventStatus = (e: AlertEvent): 'open' | 'acknowledged' | 'resolved' => (e.resolvedAt ? 'resolved' : e.acknowledgedAt ? 'acknowledged' : 'open');
