import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CoachingImpact as ImpactRecord, CoachingSession as SessionRecord } from '../../actions';
import { IsoDate } from '../../canonical';
import { DateScalar, DateTimeScalar } from '../scalars';
import { Task } from './workflow';

export enum CoachingStatus {
  SCHEDULED = 'scheduled',
  COMPLETED = 'completed',
  CANCELLED = 'cancelled',
}
registerEnumType(CoachingStatus, { name: 'CoachingStatus' });

@InputType()
export class CoachingInput {
  @Field(() => ID)
  employeeId!: string;

  @Field(() => ID, { nullable: true, description: 'Default: you.' })
  coachId?: string | null;

  @Field(() => [String], { description: 'The metrics the session works on.' })
  focusMetrics!: string[];

  @Field(() => DateTimeScalar)
  scheduledAt!: Date;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => ID, { nullable: true, description: 'The alert event that led to it.' })
  alertEventId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The task it answers.' })
  taskId?: string | null;
}

@InputType()
export class CoachingPatch {
  @Field(() => ID, { nullable: true })
  coachId?: string | null;

  @Field(() => [String], { nullable: true })
  focusMetrics?: string[] | null;

  @Field(() => DateTimeScalar, { nullable: true })
  scheduledAt?: Date | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;
}

@InputType({ description: 'A follow-up task of a session (for the employee unless another assignee is named).' })
export class FollowUpInput {
  @Field()
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => ID, { nullable: true })
  assigneeId?: string | null;

  @Field(() => DateScalar, { nullable: true })
  dueDate?: IsoDate | null;

  @Field(() => String, { nullable: true })
  metric?: string | null;
}

@InputType()
export class CompleteCoachingInput {
  @Field(() => DateTimeScalar, { nullable: true, description: 'Default now.' })
  completedAt?: Date | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => [FollowUpInput], { nullable: true })
  followUps?: FollowUpInput[] | null;
}

@ObjectType({ description: 'A coaching session (SPEC §6.3).' })
export class CoachingSession {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  employeeId!: string;

  @Field(() => ID)
  coachId!: string;

  @Field(() => [String])
  focusMetrics!: string[];

  @Field(() => DateTimeScalar)
  scheduledAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  completedAt!: Date | null;

  @Field(() => CoachingStatus)
  status!: SessionRecord['status'];

  @Field()
  notes!: string;

  @Field(() => ID, { nullable: true })
  alertEventId!: string | null;

  @Field(() => ID, { nullable: true })
  taskId!: string | null;

  @Field(() => String, { nullable: true })
  createdBy!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  static from(s: SessionRecord): CoachingSession {
    return Object.assign(new CoachingSession(), s);
  }
}

@ObjectType()
export class DateWindow {
  @Field(() => DateScalar)
  from!: IsoDate;

  @Field(() => DateScalar, { description: 'Exclusive.' })
  to!: IsoDate;
}

@ObjectType()
export class CoachingImpactMetric {
  @Field()
  metric!: string;

  @Field()
  direction!: string;

  @Field({ description: "The metric definition's version." })
  version!: string;

  @Field(() => Float, { nullable: true })
  before!: number | null;

  @Field(() => Float, { nullable: true })
  after!: number | null;

  @Field(() => Float, { nullable: true, description: 'after − before.' })
  difference!: number | null;

  @Field(() => Boolean, { nullable: true, description: "The difference goes the metric's good way." })
  improved!: boolean | null;
}

@ObjectType({ description: 'Before and after a coaching session: each focus metric over the N days before the session day and the N days after it, from the metrics layer.' })
export class CoachingImpact {
  @Field(() => ID)
  sessionId!: string;

  @Field(() => DateScalar)
  sessionDate!: IsoDate;

  @Field(() => Int)
  days!: number;

  @Field(() => DateWindow)
  before!: DateWindow;

  @Field(() => DateWindow)
  after!: DateWindow;

  @Field({ description: 'The after window has fully passed.' })
  complete!: boolean;

  @Field(() => [CoachingImpactMetric])
  metrics!: CoachingImpactMetric[];

  static from(i: ImpactRecord): CoachingImpact {
    return Object.assign(new CoachingImpact(), {
      ...i,
      before: Object.assign(new DateWindow(), i.before),
      after: Object.assign(new DateWindow(), i.after),
      metrics: i.metrics.map((m) => Object.assign(new CoachingImpactMetric(), m)),
    });
  }
}

@ObjectType()
export class CompletedCoaching {
  @Field(() => CoachingSession)
  session!: CoachingSession;

  @Field(() => [Task])
  followUps!: Task[];
}
