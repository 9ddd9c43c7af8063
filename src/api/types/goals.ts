import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AppliedGoal, Goal as GoalRecord, GoalScope as GoalScopeRecord, GOAL_GRAINS, ScoreCell, Scorecard as ScorecardRecord, ScorecardTotal as ScorecardTotalRecord } from '../../actions';
import { IsoDate } from '../../canonical';
import { DateScalar, DateTimeScalar } from '../scalars';

export enum GoalGrainEnum {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
}
registerEnumType(GoalGrainEnum, { name: 'GoalGrain', description: `A goal's bucket size, in the org time zone: ${GOAL_GRAINS.join(', ')}.` });

export enum GoalStatusEnum {
  ON_TRACK = 'ON_TRACK',
  AT_RISK = 'AT_RISK',
  OFF_TRACK = 'OFF_TRACK',
  NO_DATA = 'NO_DATA',
}
registerEnumType(GoalStatusEnum, { name: 'GoalStatus', description: 'SPEC §6.1: ON_TRACK at attainment ≥ 1, AT_RISK at ≥ 0.9, OFF_TRACK below, NO_DATA when attainment is null.' });

export enum TrendEnum {
  IMPROVING = 'IMPROVING',
  DECLINING = 'DECLINING',
  FLAT = 'FLAT',
  NO_DATA = 'NO_DATA',
}
registerEnumType(TrendEnum, { name: 'Trend', description: "Against the previous bucket, in the metric's own direction." });

@InputType({ description: 'Exactly one of employeeId, teamId (the goal applies to everyone in its subtree) or role.' })
export class GoalScopeInput {
  @Field(() => ID, { nullable: true })
  employeeId?: string | null;

  @Field(() => ID, { nullable: true })
  teamId?: string | null;

  @Field(() => String, { nullable: true, description: 'agent, supervisor, manager, director, executive or analyst.' })
  role?: string | null;
}

@InputType()
export class SetGoalInput {
  @Field({ description: 'A metric of the catalog.' })
  metric!: string;

  @Field(() => GoalScopeInput)
  scope!: GoalScopeInput;

  @Field(() => GoalGrainEnum)
  grain!: GoalGrainEnum;

  @Field(() => Float, { description: 'The value to reach (in the metric\'s unit: a ratio as 0.8, seconds, a count per bucket).' })
  target!: number;

  @Field(() => DateScalar, { description: 'First day the goal is in force.' })
  effectiveFrom!: IsoDate;

  @Field(() => DateScalar, { nullable: true, description: 'Last day (inclusive); omit for open-ended.' })
  effectiveTo?: IsoDate | null;

  @Field(() => Float, { nullable: true, description: 'Weight in the scorecard total (default 1).' })
  weight?: number | null;

  @Field(() => Float, { nullable: true, description: 'The value that scores 0 (default 0, or 2 × target for lower-is-better metrics).' })
  floor?: number | null;
}

@ObjectType({ description: 'Whom a goal is for.' })
export class GoalScope {
  @Field({ description: 'employee, team or role.' })
  kind!: string;

  @Field(() => ID, { nullable: true })
  employeeId!: string | null;

  @Field(() => ID, { nullable: true })
  teamId!: string | null;

  @Field(() => String, { nullable: true })
  role!: string | null;

  static from(s: GoalScopeRecord): GoalScope {
    return Object.assign(new GoalScope(), {
      kind: s.kind,
      employeeId: s.kind === 'employee' ? s.ref : null,
      teamId: s.kind === 'team' ? s.ref : null,
      role: s.kind === 'role' ? s.ref : null,
    });
  }
}

@ObjectType({ description: 'One effective-dated version of a goal (SPEC §6.1). Changing a target writes a new version; the old one stays in the history.' })
export class Goal {
  @Field(() => ID, { description: 'Stable while the version exists: metric, scope and first day.' })
  id!: string;

  @Field()
  metric!: string;

  @Field(() => GoalScope)
  scope!: GoalScope;

  @Field(() => GoalGrainEnum)
  grain!: string;

  @Field(() => Float)
  target!: number;

  @Field(() => Float)
  weight!: number;

  @Field(() => Float, { nullable: true, description: 'As set; null = the default floor.' })
  floor!: number | null;

  @Field(() => DateScalar)
  effectiveFrom!: IsoDate;

  @Field(() => DateScalar, { nullable: true })
  effectiveTo!: IsoDate | null;

  @Field(() => String, { nullable: true, description: 'Who set it (employee id, or the role of a token without one).' })
  setBy!: string | null;

  @Field(() => DateTimeScalar)
  recordedAt!: Date;

  @Field(() => Int, { nullable: true, description: 'For a goal that applies to someone: 0 = their own goal, 1 = their team\'s, 2 = the parent team\'s, …; 100000 = their role\'s.' })
  precedence!: number | null;

  static from(g: GoalRecord | AppliedGoal): Goal {
    return Object.assign(new Goal(), { ...g, scope: GoalScope.from(g.scope), precedence: 'precedence' in g ? g.precedence : null });
  }
}

@ObjectType({ description: 'One metric in one bucket of a scorecard.' })
export class ScorecardBucket {
  @Field(() => DateScalar)
  periodStart!: IsoDate;

  @Field(() => DateScalar, { description: 'Last day of the bucket (inclusive).' })
  periodEnd!: IsoDate;

  @Field({ description: 'The bucket has ended (late data may still restate it).' })
  complete!: boolean;

  @Field(() => Float, { nullable: true, description: 'The metric over the bucket (AS_WAS): the employee\'s own facts, or those attributed inside the team\'s subtree.' })
  actual!: number | null;

  @Field(() => Float, { nullable: true, description: 'Target of the goal in force on the bucket\'s last day.' })
  target!: number | null;

  @Field(() => Float, { nullable: true, description: 'The floor used for the score (as set, or the default).' })
  floor!: number | null;

  @Field(() => Float)
  weight!: number;

  @Field(() => Float, { nullable: true })
  attainment!: number | null;

  @Field(() => GoalStatusEnum)
  status!: string;

  @Field(() => Float, { nullable: true, description: 'clamp((actual − floor) / (target − floor), 0, 1.2) × 100.' })
  score!: number | null;

  @Field(() => Float, { nullable: true })
  previousActual!: number | null;

  @Field(() => TrendEnum)
  trend!: string;

  @Field(() => Goal, { nullable: true, description: 'The goal judged against (with its precedence).' })
  goal!: Goal | null;

  static from(c: ScoreCell): ScorecardBucket {
    return Object.assign(new ScorecardBucket(), {
      ...c,
      periodStart: c.bucket.start,
      periodEnd: c.bucket.last,
      goal: c.goal ? Goal.from(c.goal) : null,
    });
  }
}

@ObjectType()
export class ScorecardMetric {
  @Field()
  metric!: string;

  @Field()
  label!: string;

  @Field()
  unit!: string;

  @Field()
  format!: string;

  @Field()
  direction!: string;

  @Field({ description: "The metric definition's version (content hash) the actuals were computed with." })
  version!: string;

  @Field(() => GoalGrainEnum)
  grain!: string;

  @Field(() => [ScorecardBucket])
  buckets!: ScorecardBucket[];
}

@ObjectType({ description: 'The weighted total of the metrics that share a bucket: Σ weight × score / Σ weight over those with a score.' })
export class ScorecardTotal {
  @Field(() => GoalGrainEnum)
  grain!: string;

  @Field(() => DateScalar)
  periodStart!: IsoDate;

  @Field(() => DateScalar)
  periodEnd!: IsoDate;

  @Field(() => Float, { nullable: true })
  score!: number | null;

  @Field(() => Int)
  metricsScored!: number;

  static from(t: ScorecardTotalRecord): ScorecardTotal {
    return Object.assign(new ScorecardTotal(), { grain: t.grain, periodStart: t.bucket.start, periodEnd: t.bucket.last, score: t.score, metricsScored: t.metricsScored });
  }
}

@ObjectType({ description: "A scorecard (SPEC §6.1): each goal metric cut into its goal's grain, judged bucket by bucket." })
export class Scorecard {
  @Field(() => ID, { nullable: true })
  employeeId!: string | null;

  @Field(() => ID, { nullable: true })
  teamId!: string | null;

  @Field(() => DateScalar)
  from!: IsoDate;

  @Field(() => DateScalar, { description: 'Exclusive.' })
  to!: IsoDate;

  @Field(() => [ScorecardMetric])
  metrics!: ScorecardMetric[];

  @Field(() => [ScorecardTotal])
  totals!: ScorecardTotal[];

  static from(s: ScorecardRecord): Scorecard {
    return Object.assign(new Scorecard(), {
      employeeId: s.subject.kind === 'employee' ? s.subject.id : null,
      teamId: s.subject.kind === 'team' ? s.subject.id : null,
      from: s.from,
      to: s.to,
      metrics: s.metrics.map((m) =>
        Object.assign(new ScorecardMetric(), {
          metric: m.metric.def.name,
          label: m.metric.def.label,
          unit: m.metric.def.unit,
          format: m.metric.def.format,
          direction: m.metric.def.direction,
          version: m.metric.version,
          grain: m.grain,
          buckets: m.cells.map(ScorecardBucket.from),
        }),
      ),
      totals: s.totals.map(ScorecardTotal.from),
    });
  }
}
