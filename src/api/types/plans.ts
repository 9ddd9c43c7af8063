import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DevelopmentPlan as PlanRecord, PlanProgress as ProgressRecord } from '../../actions';
import { IsoDate } from '../../canonical';
import { DateScalar, DateTimeScalar } from '../scalars';
import { GoalGrainEnum, ScorecardBucket } from './goals';

export enum PlanKind {
  DEVELOPMENT = 'development',
  PIP = 'pip',
}
registerEnumType(PlanKind, { name: 'PlanKind', description: 'DEVELOPMENT plan, or PIP (performance improvement plan).' });

export enum PlanStatus {
  DRAFT = 'draft',
  ACTIVE = 'active',
  COMPLETED = 'completed',
  CANCELLED = 'cancelled',
}
registerEnumType(PlanStatus, { name: 'PlanStatus' });

export enum OpenPlanStatus {
  DRAFT = 'draft',
  ACTIVE = 'active',
}
registerEnumType(OpenPlanStatus, { name: 'OpenPlanStatus' });

export enum ClosePlanStatus {
  COMPLETED = 'completed',
  CANCELLED = 'cancelled',
}
registerEnumType(ClosePlanStatus, { name: 'ClosePlanStatus' });

export enum PlanOutcome {
  MET = 'met',
  PARTIALLY_MET = 'partially_met',
  NOT_MET = 'not_met',
}
registerEnumType(PlanOutcome, { name: 'PlanOutcome' });

export enum StepStatus {
  OPEN = 'open',
  DONE = 'done',
  SKIPPED = 'skipped',
}
registerEnumType(StepStatus, { name: 'StepStatus' });

@InputType()
export class PlanStepInput {
  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => DateScalar, { nullable: true })
  dueDate?: IsoDate | null;

  @Field(() => ID, { nullable: true, description: 'Who does it (the employee, the manager, a trainer…).' })
  ownerId?: string | null;
}

@InputType()
export class PlanStepPatch {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => DateScalar, { nullable: true })
  dueDate?: IsoDate | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => StepStatus, { nullable: true })
  status?: StepStatus | null;
}

@InputType()
export class DevelopmentPlanInput {
  @Field(() => PlanKind)
  kind!: PlanKind;

  @Field(() => ID)
  employeeId!: string;

  @Field(() => ID, { nullable: true, description: 'The manager accountable for it; default you.' })
  ownerId?: string | null;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  objective?: string | null;

  @Field(() => DateScalar)
  startsOn!: IsoDate;

  @Field(() => DateScalar, { description: 'Last day (inclusive).' })
  endsOn!: IsoDate;

  @Field(() => OpenPlanStatus, { nullable: true, description: 'Default ACTIVE.' })
  status?: OpenPlanStatus | null;

  @Field(() => [ID], { nullable: true, description: 'Goal ids (as goals returns them) that apply to the employee.' })
  goalIds?: string[] | null;

  @Field(() => [PlanStepInput], { nullable: true })
  steps?: PlanStepInput[] | null;
}

@InputType()
export class DevelopmentPlanPatch {
  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  objective?: string | null;

  @Field(() => ID, { nullable: true })
  ownerId?: string | null;

  @Field(() => DateScalar, { nullable: true })
  startsOn?: IsoDate | null;

  @Field(() => DateScalar, { nullable: true, description: 'Extending a plan moves this.' })
  endsOn?: IsoDate | null;

  @Field(() => OpenPlanStatus, { nullable: true })
  status?: OpenPlanStatus | null;

  @Field(() => [ID], { nullable: true, description: 'Replaces the linked goals.' })
  goalIds?: string[] | null;
}

@ObjectType()
export class PlanStep {
  @Field(() => ID)
  id!: string;

  @Field(() => Int)
  position!: number;

  @Field()
  title!: string;

  @Field()
  description!: string;

  @Field(() => DateScalar, { nullable: true })
  dueDate!: IsoDate | null;

  @Field(() => ID, { nullable: true })
  ownerId!: string | null;

  @Field(() => StepStatus)
  status!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  completedAt!: Date | null;
}

@ObjectType()
export class PlanGoal {
  @Field(() => ID)
  goalId!: string;

  @Field()
  metric!: string;

  @Field(() => GoalGrainEnum)
  grain!: string;
}

@ObjectType({ description: 'A development plan or PIP (SPEC §6.3): steps with dates and owners, linked goals, status and outcome.' })
export class DevelopmentPlan {
  @Field(() => ID)
  id!: string;

  @Field(() => PlanKind)
  kind!: string;

  @Field(() => ID)
  employeeId!: string;

  @Field(() => ID)
  ownerId!: string;

  @Field()
  title!: string;

  @Field()
  objective!: string;

  @Field(() => DateScalar)
  startsOn!: IsoDate;

  @Field(() => DateScalar)
  endsOn!: IsoDate;

  @Field(() => PlanStatus)
  status!: string;

  @Field(() => PlanOutcome, { nullable: true })
  outcome!: string | null;

  @Field()
  outcomeNotes!: string;

  @Field(() => [PlanStep])
  steps!: PlanStep[];

  @Field(() => [PlanGoal])
  goals!: PlanGoal[];

  @Field(() => String, { nullable: true })
  createdBy!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  closedAt!: Date | null;

  /** The record the field resolvers work from. */
  record!: PlanRecord;

  static from(p: PlanRecord): DevelopmentPlan {
    return Object.assign(new DevelopmentPlan(), {
      ...p,
      record: p,
      steps: p.steps.map((s) => Object.assign(new PlanStep(), s)),
      goals: p.goals.map((g) => Object.assign(new PlanGoal(), g)),
    });
  }
}

@ObjectType()
export class PlanProgressMetric {
  @Field(() => ID)
  goalId!: string;

  @Field()
  metric!: string;

  @Field()
  direction!: string;

  @Field({ description: "The metric definition's version." })
  version!: string;

  @Field(() => GoalGrainEnum)
  grain!: string;

  @Field(() => [ScorecardBucket], { description: "The plan's window in whole buckets of the goal's grain, each judged against the goal in force on its last day." })
  buckets!: ScorecardBucket[];
}

@ObjectType()
export class PlanStepsSummary {
  @Field(() => Int)
  total!: number;

  @Field(() => Int)
  done!: number;

  @Field(() => Int)
  skipped!: number;

  @Field(() => Int, { description: 'Open steps past their due date.' })
  overdue!: number;
}

@ObjectType({ description: "A plan's progress: its goal metrics over the plan's window, from the metrics layer, and its steps." })
export class PlanProgress {
  @Field(() => ID)
  planId!: string;

  @Field(() => DateScalar)
  from!: IsoDate;

  @Field(() => DateScalar, { description: 'Exclusive.' })
  to!: IsoDate;

  @Field(() => [PlanProgressMetric])
  metrics!: PlanProgressMetric[];

  @Field(() => PlanStepsSummary)
  steps!: PlanStepsSummary;

  static from(p: ProgressRecord): PlanProgress {
    return Object.assign(new PlanProgress(), {
      ...p,
      metrics: p.metrics.map((m) =>
        Object.assign(new PlanProgressMetric(), {
          goalId: m.goalId,
          metric: m.metric.def.name,
          direction: m.metric.def.direction,
          version: m.metric.version,
          grain: m.grain,
          buckets: m.cells.map(ScorecardBucket.from),
        }),
      ),
      steps: Object.assign(new PlanStepsSummary(), p.steps),
    });
  }
}
