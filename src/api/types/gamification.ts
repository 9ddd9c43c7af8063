import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';
import { IsoDate } from '../../canonical';
import { DateScalar, DateTimeScalar } from '../scalars';

@InputType({ description: 'A board: a team\'s subtree (teamId), or the whole center (center: true). Exactly one.' })
export class BoardInput {
  @Field(() => ID, { nullable: true })
  teamId?: string | null;

  @Field(() => Boolean, { nullable: true })
  center?: boolean | null;
}

@ObjectType()
export class LeaderboardBoard {
  @Field(() => ID, { nullable: true, description: 'The team whose subtree the board covers; null for the center board.' })
  teamId!: string | null;

  @Field()
  center!: boolean;

  @Field({ description: "Public boards show peers' names to everyone on them; private boards show peers as anonymous ranks." })
  public!: boolean;
}

@ObjectType({ description: 'One employee on a leaderboard, as the caller may see them.' })
export class LeaderboardEntry {
  @Field(() => Int, { nullable: true, description: 'Standard competition rank (1, 2, 2, 4); null when not qualified.' })
  rank!: number | null;

  @Field(() => ID, { nullable: true, description: 'Null for an anonymous peer (a private board, outside your scope).' })
  employeeId!: string | null;

  @Field({ description: 'A peer shown without a name.' })
  anonymous!: boolean;

  @Field({ description: 'This entry is the caller.' })
  isMe!: boolean;

  @Field(() => Float, { nullable: true })
  value!: number | null;

  @Field(() => Float, { description: 'The volume that decides who qualifies (handled contacts unless the board names another count).' })
  volume!: number;

  @Field()
  qualified!: boolean;
}

@ObjectType({ description: 'A leaderboard (SPEC §6.2).' })
export class Leaderboard {
  @Field()
  metric!: string;

  @Field({ description: "The metric definition's version." })
  version!: string;

  @Field()
  direction!: string;

  @Field()
  volumeMetric!: string;

  @Field(() => Float)
  minVolume!: number;

  @Field(() => DateTimeScalar)
  from!: Date;

  @Field(() => DateTimeScalar)
  to!: Date;

  @Field(() => LeaderboardBoard)
  board!: LeaderboardBoard;

  @Field(() => [LeaderboardEntry], { description: 'Qualified employees, best first; equal values share a rank and go by employee id.' })
  entries!: LeaderboardEntry[];

  @Field(() => [LeaderboardEntry], { description: 'Below the minimum volume or without a value, by employee id.' })
  notQualified!: LeaderboardEntry[];

  @Field(() => Int)
  qualifiedCount!: number;

  @Field(() => LeaderboardEntry, { nullable: true, description: "The caller's own entry, wherever it stands." })
  me!: LeaderboardEntry | null;
}

@ObjectType({ description: 'A badge of the catalog (metrics/badges/catalog.yaml).' })
export class Badge {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => Int)
  points!: number;
}

@ObjectType({ description: 'A reward points can buy (metrics/badges/catalog.yaml).' })
export class Reward {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => Int)
  cost!: number;
}

@ObjectType({ description: 'A badge rule run by `switchboard schedule` (metrics/badges/rules/).' })
export class BadgeRuleInfo {
  @Field(() => ID)
  name!: string;

  @Field()
  label!: string;

  @Field()
  description!: string;

  @Field({ description: 'goal_streak, leaderboard_top, personal_best or threshold.' })
  kind!: string;

  @Field()
  badge!: string;

  @Field()
  metric!: string;

  @Field()
  file!: string;
}

@ObjectType({ description: 'An earlier award whose numbers changed (late data, back-dated org change). The award stays.' })
export class Restatement {
  @Field(() => Float, { nullable: true })
  valueNow!: number | null;

  @Field()
  stillQualifies!: boolean;

  @Field(() => DateTimeScalar)
  at!: Date;
}

@ObjectType({ description: 'A badge an employee holds.' })
export class Achievement {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  employeeId!: string;

  @Field()
  badge!: string;

  @Field({ description: 'rule, manual or contest.' })
  source!: string;

  @Field(() => String, { nullable: true })
  rule!: string | null;

  @Field(() => DateTimeScalar)
  awardedAt!: Date;

  @Field(() => String, { nullable: true, description: 'Who gave a manual recognition.' })
  awardedBy!: string | null;

  @Field(() => DateScalar, { nullable: true })
  periodStart!: IsoDate | null;

  @Field(() => DateScalar, { nullable: true })
  periodEnd!: IsoDate | null;

  @Field(() => String, { nullable: true })
  metric!: string | null;

  @Field(() => Float, { nullable: true, description: 'The value that earned it, when it was awarded.' })
  value!: number | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => Int)
  points!: number;

  @Field(() => ID, { nullable: true })
  contestId!: string | null;

  @Field(() => Restatement, { nullable: true, description: 'Set when the data behind the award has changed since.' })
  restatement!: Restatement | null;

  static from(r: Record<string, unknown>): Achievement {
    return Object.assign(new Achievement(), {
      id: String(r.id),
      employeeId: r.employee_id,
      badge: r.badge,
      source: r.source,
      rule: r.rule ?? null,
      awardedAt: r.awarded_at,
      awardedBy: r.awarded_by ?? null,
      periodStart: r.period_start ?? null,
      periodEnd: r.period_end ?? null,
      metric: r.metric ?? null,
      value: r.value ?? null,
      reason: r.reason ?? null,
      points: r.points,
      contestId: r.contest_id ?? null,
      restatement: r.still_qualifies === null || r.still_qualifies === undefined ? null : Object.assign(new Restatement(), { valueNow: r.restated_value ?? null, stillQualifies: r.still_qualifies, at: r.restated_at }),
    });
  }
}

@ObjectType()
export class PointsBalance {
  @Field(() => ID)
  employeeId!: string;

  @Field(() => Int)
  earned!: number;

  @Field(() => Int)
  spent!: number;

  @Field(() => Int)
  balance!: number;
}

@ObjectType({ description: 'One line of the points ledger.' })
export class PointsEntry {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  employeeId!: string;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field({ description: 'earned or spent.' })
  kind!: string;

  @Field(() => Int)
  points!: number;

  @Field()
  reason!: string;

  @Field(() => ID, { nullable: true })
  achievementId!: string | null;

  @Field(() => ID, { nullable: true })
  redemptionId!: string | null;
}

@ObjectType()
export class ContestPrize {
  @Field(() => Int)
  rank!: number;

  @Field()
  label!: string;

  @Field(() => Int)
  points!: number;

  @Field(() => String, { nullable: true })
  badge!: string | null;
}

@InputType()
export class ContestPrizeInput {
  @Field(() => Int)
  rank!: number;

  @Field(() => String, { nullable: true })
  label?: string | null;

  @Field(() => Int, { nullable: true, description: "Default: the badge's points, else 0." })
  points?: number | null;

  @Field(() => String, { nullable: true })
  badge?: string | null;
}

@InputType()
export class CreateContestInput {
  @Field(() => ID, { nullable: true, description: 'Default: from the name and start date.' })
  id?: string | null;

  @Field()
  name!: string;

  @Field()
  metric!: string;

  @Field(() => String, { nullable: true })
  volumeMetric?: string | null;

  @Field(() => BoardInput)
  board!: BoardInput;

  @Field(() => DateTimeScalar)
  startsAt!: Date;

  @Field(() => DateTimeScalar)
  endsAt!: Date;

  @Field(() => Float, { nullable: true })
  minVolume?: number | null;

  @Field(() => [ContestPrizeInput])
  prizes!: ContestPrizeInput[];
}

@ObjectType()
export class ContestStanding extends LeaderboardEntry {
  @Field(() => ContestPrize, { nullable: true })
  prize!: ContestPrize | null;
}

@ObjectType({ description: 'A named competition over a window; its final standing is frozen when it ends.' })
export class Contest {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field()
  metric!: string;

  @Field()
  volumeMetric!: string;

  @Field(() => LeaderboardBoard)
  board!: LeaderboardBoard;

  @Field(() => DateTimeScalar)
  startsAt!: Date;

  @Field(() => DateTimeScalar)
  endsAt!: Date;

  @Field(() => Float)
  minVolume!: number;

  @Field(() => [ContestPrize])
  prizes!: ContestPrize[];

  @Field({ description: 'SCHEDULED, RUNNING, ENDED (waiting to be frozen by the schedule) or FROZEN.' })
  status!: string;

  @Field(() => DateTimeScalar, { nullable: true })
  frozenAt!: Date | null;
}

@ObjectType()
export class BadgeRuleRun {
  @Field()
  rule!: string;

  @Field()
  badge!: string;

  @Field(() => Int)
  awarded!: number;

  @Field(() => Int, { description: 'Earlier awards whose data changed since (kept, marked with a restatement).' })
  restated!: number;
}
