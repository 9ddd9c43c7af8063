import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AlertEvent as AlertEventRecord, AlertRule as AlertRuleRecord, eventStatus, RuleEvaluation } from '../../actions';
import { DateTimeScalar } from '../scalars';

export enum AlertRuleKind {
  THRESHOLD = 'threshold',
  ANOMALY = 'anomaly',
}
registerEnumType(AlertRuleKind, { name: 'AlertRuleKind', description: 'THRESHOLD: the metric over a window against a value. ANOMALY: the last complete hour or day against the scope\'s own trailing baseline.' });

export enum AlertScopeKind {
  EMPLOYEE = 'employee',
  TEAM = 'team',
  QUEUE = 'queue',
}
registerEnumType(AlertScopeKind, { name: 'AlertScopeKind' });

export enum WindowUnit {
  MINUTES = 'minute',
  HOURS = 'hour',
  DAYS = 'day',
}
registerEnumType(WindowUnit, { name: 'WindowUnit' });

export enum AnomalySide {
  ABOVE = 'above',
  BELOW = 'below',
  EITHER = 'either',
}
registerEnumType(AnomalySide, { name: 'AnomalySide' });

export enum AnomalyGrain {
  HOUR = 'HOUR',
  DAY = 'DAY',
}
registerEnumType(AnomalyGrain, { name: 'AnomalyGrain', description: 'The bucket an anomaly rule judges: the last complete hour, or yesterday (org time zone).' });

export enum AlertEventStatus {
  OPEN = 'open',
  ACKNOWLEDGED = 'acknowledged',
  RESOLVED = 'resolved',
}
registerEnumType(AlertEventStatus, { name: 'AlertEventStatus' });

export enum AlertEventsFilter {
  OPEN = 'open',
  RESOLVED = 'resolved',
  ALL = 'all',
}
registerEnumType(AlertEventsFilter, { name: 'AlertEventsFilter', description: 'OPEN (acknowledged ones included), RESOLVED, or ALL.' });

@InputType({ description: 'What a rule watches. With `id`, one employee, team (its subtree) or queue; without, each of them (optionally only facts attributed under underTeamId; teams rolled up to teamLevel).' })
export class AlertScopeInput {
  @Field(() => AlertScopeKind)
  kind!: AlertScopeKind;

  @Field(() => ID, { nullable: true, description: 'An employee id, a team id or a queue name.' })
  id?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only facts attributed inside this team\'s subtree (a supervisor\'s own rules need it).' })
  underTeamId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Team rules over each team: roll teams up to this depth (roots are 1); default each fact\'s own team.' })
  teamLevel?: number | null;
}

@InputType({ description: 'Exactly one: `last` with `unit` (the last N minutes, hours or days up to now), or `today: true` (since midnight in the org time zone).' })
export class AlertWindowInput {
  @Field(() => Int, { nullable: true })
  last?: number | null;

  @Field(() => WindowUnit, { nullable: true })
  unit?: WindowUnit | null;

  @Field(() => Boolean, { nullable: true })
  today?: boolean | null;
}

@InputType()
export class AnomalyInput {
  @Field(() => Float, { description: 'k: fire beyond mean ± k × the sample standard deviation of the baseline.' })
  sigmas!: number;

  @Field(() => AnomalySide, { defaultValue: AnomalySide.EITHER })
  side!: AnomalySide;

  @Field(() => AnomalyGrain)
  grain!: AnomalyGrain;

  @Field(() => Int, { description: 'Buckets before the judged one that make the baseline (at least 3 with a value are needed to judge).' })
  baselinePeriods!: number;
}

@InputType({ description: 'An alert rule (SPEC §6.3). Threshold rules need comparison, threshold and window; anomaly rules need anomaly.' })
export class AlertRuleInput {
  @Field()
  name!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => AlertRuleKind, { defaultValue: AlertRuleKind.THRESHOLD })
  kind!: AlertRuleKind;

  @Field({ description: 'A metric of the catalog.' })
  metric!: string;

  @Field(() => AlertScopeInput)
  scope!: AlertScopeInput;

  @Field(() => String, { nullable: true, description: '>, >=, < or <= (value comparison threshold fires).' })
  comparison?: string | null;

  @Field(() => Float, { nullable: true, description: "In the metric's unit (a ratio as 0.8)." })
  threshold?: number | null;

  @Field(() => AlertWindowInput, { nullable: true })
  window?: AlertWindowInput | null;

  @Field(() => AnomalyInput, { nullable: true })
  anomaly?: AnomalyInput | null;

  @Field(() => String, { nullable: true, description: 'A count metric that must reach minVolume before the rule judges (default contacts_handled).' })
  volumeMetric?: string | null;

  @Field(() => Float, { nullable: true, description: 'Default 0.' })
  minVolume?: number | null;

  @Field(() => Float, { nullable: true, description: 'After an event is resolved, no new one opens for the same scope before this many minutes (default 0).' })
  cooldownMinutes?: number | null;

  @Field(() => Boolean, { nullable: true, description: "Each new event creates a task for the scope's supervisor (org chart on that day)." })
  createTask?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'The task is due this many days after the event (default 1).' })
  taskDueDays?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Default true.' })
  enabled?: boolean | null;
}

@ObjectType()
export class AlertScope {
  @Field(() => AlertScopeKind)
  kind!: string;

  @Field(() => ID, { nullable: true, description: 'The one employee, team or queue watched; null = each of them.' })
  id!: string | null;

  @Field(() => ID, { nullable: true })
  underTeamId!: string | null;

  @Field(() => Int, { nullable: true })
  teamLevel!: number | null;
}

@ObjectType()
export class AlertWindow {
  @Field({ description: 'Since midnight in the org time zone.' })
  today!: boolean;

  @Field(() => Int, { nullable: true })
  last!: number | null;

  @Field(() => WindowUnit, { nullable: true })
  unit!: string | null;
}

@ObjectType()
export class AnomalySpec {
  @Field(() => Float)
  sigmas!: number;

  @Field(() => AnomalySide)
  side!: string;

  @Field(() => AnomalyGrain)
  grain!: string;

  @Field(() => Int)
  baselinePeriods!: number;
}

@ObjectType({ description: 'An alert rule (SPEC §6.3), evaluated by `switchboard schedule` (job alerts): one metric query per rule for all its scopes.' })
export class AlertRule {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => AlertRuleKind)
  kind!: string;

  @Field()
  metric!: string;

  @Field(() => AlertScope)
  scope!: AlertScope;

  @Field(() => String, { nullable: true })
  comparison!: string | null;

  @Field(() => Float, { nullable: true })
  threshold!: number | null;

  @Field(() => AlertWindow, { nullable: true })
  window!: AlertWindow | null;

  @Field(() => AnomalySpec, { nullable: true })
  anomaly!: AnomalySpec | null;

  @Field()
  volumeMetric!: string;

  @Field(() => Float)
  minVolume!: number;

  @Field(() => Float)
  cooldownMinutes!: number;

  @Field()
  createTask!: boolean;

  @Field(() => Int)
  taskDueDays!: number;

  @Field()
  enabled!: boolean;

  @Field(() => String, { nullable: true })
  createdBy!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  lastEvaluatedAt!: Date | null;

  static from(r: AlertRuleRecord): AlertRule {
    return Object.assign(new AlertRule(), {
      ...r,
      scope: Object.assign(new AlertScope(), { kind: r.scope.kind, id: r.scope.ref, underTeamId: r.scope.underTeam, teamLevel: r.scope.teamLevel }),
      window: r.window
        ? Object.assign(new AlertWindow(), r.window.kind === 'today' ? { today: true, last: null, unit: null } : { today: false, last: r.window.amount, unit: r.window.unit })
        : null,
      anomaly: r.anomaly ? Object.assign(new AnomalySpec(), r.anomaly) : null,
      cooldownMinutes: r.cooldownSeconds / 60,
    });
  }
}

@ObjectType()
export class AlertBaseline {
  @Field(() => Float)
  mean!: number;

  @Field(() => Float, { description: 'Sample standard deviation.' })
  stddev!: number;

  @Field(() => Int, { description: 'Baseline buckets with a value.' })
  periods!: number;
}

@ObjectType()
export class AlertEventScope {
  @Field(() => AlertScopeKind)
  kind!: string;

  @Field(() => ID, { description: 'The employee id, team id or queue name.' })
  id!: string;
}

@ObjectType({ description: 'An alert event (SPEC §6.3): rule, scope, value, threshold and time. At most one is open per rule × scope.' })
export class AlertEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => ID, { nullable: true, description: 'Null once the rule is deleted (the event stays as history).' })
  ruleId!: string | null;

  @Field()
  ruleName!: string;

  @Field(() => AlertRuleKind)
  ruleKind!: string;

  @Field()
  metric!: string;

  @Field(() => AlertEventScope)
  scope!: AlertEventScope;

  @Field(() => AlertEventStatus)
  status!: string;

  @Field(() => Float, { description: 'The value when the event opened.' })
  value!: number;

  @Field()
  comparison!: string;

  @Field(() => Float, { description: 'The threshold crossed; for an anomaly, the bound mean ± k·σ.' })
  threshold!: number;

  @Field(() => Float, { nullable: true })
  volume!: number | null;

  @Field(() => AlertBaseline, { nullable: true })
  baseline!: AlertBaseline | null;

  @Field(() => DateTimeScalar)
  windowFrom!: Date;

  @Field(() => DateTimeScalar)
  windowTo!: Date;

  @Field(() => DateTimeScalar)
  openedAt!: Date;

  @Field(() => Float, { nullable: true, description: 'The value at the last evaluation.' })
  lastValue!: number | null;

  @Field(() => DateTimeScalar)
  lastEvaluatedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => String, { nullable: true })
  acknowledgedBy!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  resolvedAt!: Date | null;

  @Field(() => String, { nullable: true })
  resolvedBy!: string | null;

  @Field(() => String, { nullable: true, description: 'cleared (the condition no longer holds), manual, rule_disabled or rule_deleted.' })
  resolution!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => ID, { nullable: true, description: 'The task the event created, if its rule creates tasks.' })
  taskId!: string | null;

  static from(e: AlertEventRecord): AlertEvent {
    return Object.assign(new AlertEvent(), {
      ...e,
      scope: Object.assign(new AlertEventScope(), { kind: e.scopeKind, id: e.scopeKey }),
      status: eventStatus(e),
      baseline: e.baseline ? Object.assign(new AlertBaseline(), e.baseline) : null,
    });
  }
}

@ObjectType({ description: 'What one evaluation of a rule did.' })
export class AlertEvaluation {
  @Field(() => ID)
  ruleId!: string;

  @Field()
  name!: string;

  @Field(() => Int, { description: 'Scopes with a value judged.' })
  judged!: number;

  @Field(() => Int, { description: 'Scopes seen but not judged (no value, volume under the minimum, baseline too short).' })
  notJudged!: number;

  @Field(() => [AlertEvent])
  opened!: AlertEvent[];

  @Field(() => [AlertEvent])
  resolved!: AlertEvent[];

  @Field(() => Int)
  stillOpen!: number;

  @Field(() => Int, { description: 'Scopes over the threshold whose last event was resolved within the cooldown.' })
  inCooldown!: number;

  @Field(() => Int)
  tasksCreated!: number;

  @Field(() => String, { nullable: true })
  error!: string | null;

  static from(r: RuleEvaluation): AlertEvaluation {
    return Object.assign(new AlertEvaluation(), { ...r, opened: r.opened.map(AlertEvent.from), resolved: r.resolved.map(AlertEvent.from) });
  }
}
