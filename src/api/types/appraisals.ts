import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Appraisal as AppraisalRecord, AppraisalConfig, AppraisalTemplate as TemplateRecord, ScorecardSnapshot } from '../../actions';
import { IsoDate } from '../../canonical';
import { DateScalar, DateTimeScalar } from '../scalars';
import { GoalGrainEnum, GoalStatusEnum, TrendEnum } from './goals';

export enum AppraisalStatus {
  DRAFT = 'draft',
  SUBMITTED = 'submitted',
  ACKNOWLEDGED = 'acknowledged',
}
registerEnumType(AppraisalStatus, { name: 'AppraisalStatus', description: 'DRAFT (editable), SUBMITTED (frozen), ACKNOWLEDGED (the employee has seen it).' });

@ObjectType()
export class Competency {
  @Field()
  key!: string;

  @Field()
  label!: string;

  @Field()
  description!: string;

  @Field(() => Float)
  weight!: number;
}

@ObjectType()
export class RatingLabel {
  @Field(() => Int)
  rating!: number;

  @Field()
  label!: string;
}

@ObjectType({ description: 'An appraisal template from metrics/appraisals/competencies.yaml.' })
export class AppraisalTemplate {
  @Field()
  key!: string;

  @Field()
  label!: string;

  @Field()
  description!: string;

  @Field({ description: 'Hash of the file it came from.' })
  version!: string;

  @Field(() => Int)
  scaleMin!: number;

  @Field(() => Int)
  scaleMax!: number;

  @Field(() => [RatingLabel])
  labels!: RatingLabel[];

  @Field(() => [Competency])
  competencies!: Competency[];

  static from(t: TemplateRecord, cfg: AppraisalConfig): AppraisalTemplate {
    return Object.assign(new AppraisalTemplate(), {
      ...t,
      scaleMin: cfg.scale.min,
      scaleMax: cfg.scale.max,
      labels: [...cfg.scale.labels].map(([rating, label]) => Object.assign(new RatingLabel(), { rating, label })),
      competencies: t.competencies.map((c) => Object.assign(new Competency(), c)),
    });
  }
}

@InputType()
export class RatingInput {
  @Field()
  competency!: string;

  @Field(() => Int)
  rating!: number;

  @Field(() => String, { nullable: true })
  comment?: string | null;
}

@InputType()
export class AppraisalInput {
  @Field(() => ID)
  employeeId!: string;

  @Field()
  template!: string;

  @Field(() => DateScalar)
  periodStart!: IsoDate;

  @Field(() => DateScalar, { description: 'Last day (inclusive).' })
  periodEnd!: IsoDate;

  @Field(() => [RatingInput], { nullable: true })
  ratings?: RatingInput[] | null;

  @Field(() => String, { nullable: true })
  comments?: string | null;
}

@InputType()
export class AppraisalPatch {
  @Field(() => [RatingInput], { nullable: true, description: 'Replaces the ratings.' })
  ratings?: RatingInput[] | null;

  @Field(() => String, { nullable: true })
  comments?: string | null;
}

@ObjectType()
export class AppraisalRating {
  @Field()
  competency!: string;

  @Field(() => Int)
  rating!: number;

  @Field()
  comment!: string;
}

@ObjectType({ description: 'One bucket of the frozen scorecard, as it was when the snapshot was taken.' })
export class SnapshotBucket {
  @Field(() => DateScalar)
  periodStart!: IsoDate;

  @Field(() => DateScalar)
  periodEnd!: IsoDate;

  @Field()
  complete!: boolean;

  @Field(() => Float, { nullable: true })
  actual!: number | null;

  @Field(() => Float, { nullable: true })
  target!: number | null;

  @Field(() => Float, { nullable: true })
  floor!: number | null;

  @Field(() => Float)
  weight!: number;

  @Field(() => Float, { nullable: true })
  attainment!: number | null;

  @Field(() => GoalStatusEnum)
  status!: string;

  @Field(() => Float, { nullable: true })
  score!: number | null;

  @Field(() => Float, { nullable: true })
  previousActual!: number | null;

  @Field(() => TrendEnum)
  trend!: string;

  @Field(() => ID, { nullable: true })
  goalId!: string | null;
}

@ObjectType()
export class SnapshotMetric {
  @Field()
  metric!: string;

  @Field()
  label!: string;

  @Field()
  unit!: string;

  @Field()
  direction!: string;

  @Field()
  version!: string;

  @Field(() => GoalGrainEnum)
  grain!: string;

  @Field(() => [SnapshotBucket])
  buckets!: SnapshotBucket[];
}

@ObjectType()
export class SnapshotTotal {
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
}

@ObjectType({ description: "The period's scorecard frozen into the appraisal: it does not change when the data does." })
export class AppraisalSnapshot {
  @Field(() => DateScalar)
  from!: IsoDate;

  @Field(() => DateScalar, { description: 'Exclusive.' })
  to!: IsoDate;

  @Field(() => DateTimeScalar)
  takenAt!: Date;

  @Field(() => [SnapshotMetric])
  metrics!: SnapshotMetric[];

  @Field(() => [SnapshotTotal])
  totals!: SnapshotTotal[];

  static from(s: ScorecardSnapshot): AppraisalSnapshot {
    return Object.assign(new AppraisalSnapshot(), {
      ...s,
      takenAt: new Date(s.takenAt),
      metrics: s.metrics.map((m) => Object.assign(new SnapshotMetric(), { ...m, buckets: m.buckets.map((b) => Object.assign(new SnapshotBucket(), b)) })),
      totals: s.totals.map((t) => Object.assign(new SnapshotTotal(), t)),
    });
  }
}

@ObjectType({ description: 'An appraisal (SPEC §6.3): period, ratings per competency, comments, the employee\'s acknowledgement, and the frozen scorecard.' })
export class Appraisal {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  employeeId!: string;

  @Field(() => ID, { nullable: true })
  reviewerId!: string | null;

  @Field()
  template!: string;

  @Field()
  templateVersion!: string;

  @Field(() => DateScalar)
  periodStart!: IsoDate;

  @Field(() => DateScalar)
  periodEnd!: IsoDate;

  @Field(() => AppraisalStatus)
  status!: string;

  @Field(() => [AppraisalRating])
  ratings!: AppraisalRating[];

  @Field(() => Float, { nullable: true, description: 'Σ weight × rating / Σ weight over the rated competencies.' })
  overallRating!: number | null;

  @Field()
  comments!: string;

  @Field(() => AppraisalSnapshot)
  snapshot!: AppraisalSnapshot;

  @Field(() => DateTimeScalar, { nullable: true })
  submittedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  acknowledgedAt!: Date | null;

  @Field(() => String, { nullable: true })
  employeeComment!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  static from(a: AppraisalRecord): Appraisal {
    return Object.assign(new Appraisal(), { ...a, ratings: a.ratings.map((r) => Object.assign(new AppraisalRating(), r)), snapshot: AppraisalSnapshot.from(a.snapshot) });
  }
}
