import { Field, Float, ID, ObjectType } from 'type-graphql';
import { IsoDate } from '../../canonical';
import { DateScalar, DateTimeScalar } from '../scalars';

@ObjectType()
export class PlanMetric {
  @Field()
  metric!: string;

  @Field(() => Float)
  weight!: number;
}

@ObjectType()
export class PlanTier {
  @Field()
  name!: string;

  @Field(() => Float)
  minScore!: number;

  @Field(() => Float, { description: 'Share of the target pay, in percent.' })
  payPct!: number;
}

@ObjectType({ description: 'An incentive plan (metrics/incentives/*.yaml): variable pay from goal attainment.' })
export class IncentivePlan {
  @Field(() => ID)
  name!: string;

  @Field()
  label!: string;

  @Field()
  description!: string;

  @Field({ description: 'MONTH or QUARTER.' })
  period!: string;

  @Field()
  currency!: string;

  @Field(() => Float)
  targetPay!: number;

  @Field(() => [PlanMetric])
  metrics!: PlanMetric[];

  @Field(() => [PlanTier], { description: 'The highest tier whose minScore the total score reaches pays.' })
  tiers!: PlanTier[];

  @Field(() => Float, { nullable: true })
  cap!: number | null;

  @Field(() => String, { nullable: true })
  eligibleRole!: string | null;

  @Field(() => ID, { nullable: true })
  eligibleUnderTeam!: string | null;

  @Field({ description: 'Content hash of the plan file.' })
  version!: string;

  @Field()
  file!: string;
}

@ObjectType({ description: 'How one metric counted towards a payout.' })
export class PayoutMetric {
  @Field()
  metric!: string;

  @Field()
  version!: string;

  @Field(() => Float)
  weight!: number;

  @Field(() => Float, { nullable: true })
  actual!: number | null;

  @Field(() => Float, { nullable: true })
  target!: number | null;

  @Field(() => Float, { nullable: true })
  floor!: number | null;

  @Field(() => ID, { nullable: true })
  goalId!: string | null;

  @Field(() => Float, { nullable: true })
  score!: number | null;
}

@ObjectType({ description: 'The full calculation trail of one payout.' })
export class PayoutCalculation {
  @Field(() => [PayoutMetric])
  metrics!: PayoutMetric[];

  @Field(() => Float, { nullable: true })
  totalScore!: number | null;

  @Field(() => String, { nullable: true })
  tier!: string | null;

  @Field(() => Float)
  payPct!: number;

  @Field(() => Float)
  targetPay!: number;

  @Field(() => Float)
  uncapped!: number;

  @Field(() => Float, { nullable: true })
  cap!: number | null;

  @Field(() => Float)
  amount!: number;

  @Field()
  currency!: string;
}

@ObjectType({ description: "One employee's payout: as computed now, what is approved, and the difference." })
export class PayoutReportLine {
  @Field(() => ID)
  employeeId!: string;

  @Field(() => PayoutCalculation, { description: "Computed on today's data." })
  current!: PayoutCalculation;

  @Field(() => Float, { description: 'Sum of the approved (frozen) runs and adjustments.' })
  approvedAmount!: number;

  @Field(() => Float, { description: 'current.amount − approvedAmount: what a new adjustment run would pay (only once a run is approved).' })
  adjustment!: number;
}

@ObjectType()
export class PayoutRunLine {
  @Field(() => ID)
  employeeId!: string;

  @Field(() => Float, { nullable: true })
  score!: number | null;

  @Field(() => String, { nullable: true })
  tier!: string | null;

  @Field(() => Float, { description: 'For an adjustment run: the difference it pays.' })
  amount!: number;

  @Field(() => PayoutCalculation, { nullable: true })
  calculation!: PayoutCalculation | null;
}

@ObjectType({ description: 'A payout run: a draft, or approved and frozen. An adjustment run adjusts an approved one.' })
export class PayoutRun {
  @Field(() => ID)
  id!: string;

  @Field()
  plan!: string;

  @Field()
  planVersion!: string;

  @Field(() => DateScalar)
  periodStart!: IsoDate;

  @Field(() => DateScalar)
  periodEnd!: IsoDate;

  @Field({ description: 'draft or approved.' })
  status!: string;

  @Field(() => ID, { nullable: true })
  adjustsRun!: string | null;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => String, { nullable: true })
  createdBy!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  approvedAt!: Date | null;

  @Field(() => String, { nullable: true })
  approvedBy!: string | null;
}

@ObjectType()
export class PayoutReport {
  @Field(() => IncentivePlan)
  plan!: IncentivePlan;

  @Field(() => DateScalar)
  periodStart!: IsoDate;

  @Field(() => DateScalar)
  periodEnd!: IsoDate;

  @Field(() => [PayoutRun])
  runs!: PayoutRun[];

  @Field(() => [PayoutReportLine])
  lines!: PayoutReportLine[];
}
