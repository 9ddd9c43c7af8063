import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import {
  applicableGoals,
  applicableTeamGoals,
  assertCanSeeEmployee,
  assertCanSeeTeam,
  badInput,
  computeScorecard,
  endGoal,
  GoalScope as GoalScopeRecord,
  listGoals,
  setGoal,
} from '../../actions';
import { IsoDate, isIsoDate } from '../../canonical';
import { loadManifestOrThrow } from '../../semantic';
import { act, actorOf, teamArg } from '../actor';
import { LIMITS } from '../limits';
import { ApiContext } from '../context';
import { DateScalar } from '../scalars';
import { Goal, GoalScopeInput, Scorecard, SetGoalInput } from '../types/goals';

const MAX_LIST = 1000;

function toScope(s: GoalScopeInput): GoalScopeRecord {
  const given = [s.employeeId ? 'employeeId' : null, s.teamId ? 'teamId' : null, s.role ? 'role' : null].filter(Boolean);
  if (given.length !== 1) throw badInput(`scope: give exactly one of employeeId, teamId or role (got ${given.length ? given.join(' and ') : 'none'})`);
  if (s.employeeId) return { kind: 'employee', ref: s.employeeId };
  if (s.teamId) return { kind: 'team', ref: teamArg(s.teamId) };
  return { kind: 'role', ref: s.role as GoalScopeRecord['ref'] } as GoalScopeRecord;
}

function checkWindow(from: IsoDate, to: IsoDate): void {
  if (!isIsoDate(from) || !isIsoDate(to) || !(from < to)) throw badInput('from must be a date before to (to is exclusive)');
  if ((Date.parse(to) - Date.parse(from)) / 86400000 > 800) throw badInput('a scorecard covers at most 800 days: ask for a shorter window');
}

/** Goals and scorecards (SPEC §6.1). */
@Resolver()
export class GoalResolver {
  @Query(() => [Goal], { description: 'Stored goal versions (their effective-dated history), within what you may see. Role goals are visible to everyone.' })
  goals(
    @Ctx() ctx: ApiContext,
    @Arg('metric', () => String, { nullable: true }) metric?: string | null,
    @Arg('employeeId', () => ID, { nullable: true }) employeeId?: string | null,
    @Arg('teamId', () => ID, { nullable: true }) teamId?: string | null,
    @Arg('role', () => String, { nullable: true }) role?: string | null,
    @Arg('activeOn', () => DateScalar, { nullable: true, description: 'Only versions in force that day.' }) activeOn?: IsoDate | null,
    @Arg('limit', () => Int, { defaultValue: 200 }) limit = 200,
  ): Promise<Goal[]> {
    return act(async () => {
      if (limit < 1 || limit > MAX_LIST) throw badInput(`limit: 1 to ${MAX_LIST}`);
      const goals = await listGoals(ctx.sql, await actorOf(ctx), { metric, employeeId, teamId: teamId ? teamArg(teamId) : null, role, activeOn, limit });
      return goals.map(Goal.from);
    });
  }

  @Query(() => [Goal], { description: 'The goal that applies to an employee for each metric on a day: their own, else the nearest team above them, else their role\'s (SPEC §6.1).' })
  appliedGoals(
    @Ctx() ctx: ApiContext,
    @Arg('employeeId', () => ID, { nullable: true, description: 'Default: you.' }) employeeId?: string | null,
    @Arg('teamId', () => ID, { nullable: true, description: "A team's own goals instead (its team goal, else the nearest ancestor's)." }) teamId?: string | null,
    @Arg('date', () => DateScalar, { nullable: true, description: 'Default: today.' }) date?: IsoDate | null,
  ): Promise<Goal[]> {
    return act(async () => {
      const actor = await actorOf(ctx);
      const day = date ?? ctx.today;
      if (teamId) {
        const team = teamArg(teamId);
        await assertCanSeeTeam(ctx.sql, actor, team, 'appliedGoals');
        return [...(await applicableTeamGoals(ctx.sql, [team], [day])).values()].map(Goal.from);
      }
      const id = employeeId ?? actor.principal.employeeId;
      if (!id) throw badInput('employeeId: give one (your token has no employee)');
      await assertCanSeeEmployee(ctx.sql, actor, id, 'appliedGoals');
      return [...(await applicableGoals(ctx.sql, [id], [day])).values()].map(Goal.from);
    });
  }

  @Mutation(() => Goal, { description: 'Sets a goal from effectiveFrom on. A change writes a new version (the correction rule of SPEC §2) and keeps the history. Audited.' })
  setGoal(@Ctx() ctx: ApiContext, @Arg('input', () => SetGoalInput) input: SetGoalInput): Promise<Goal> {
    return act(async () => {
      const g = await setGoal(ctx.ds, loadManifestOrThrow(), await actorOf(ctx), { ...input, grain: input.grain, scope: toScope(input.scope) });
      return Goal.from(g);
    });
  }

  @Mutation(() => Goal, { nullable: true, description: 'Ends a goal version on effectiveTo (default today); before its first day, removes it (null). Audited.' })
  endGoal(
    @Ctx() ctx: ApiContext,
    @Arg('id', () => ID) id: string,
    @Arg('effectiveTo', () => DateScalar, { nullable: true }) effectiveTo?: IsoDate | null,
  ): Promise<Goal | null> {
    return act(async () => {
      const g = await endGoal(ctx.ds, await actorOf(ctx), id, effectiveTo);
      return g ? Goal.from(g) : null;
    });
  }

  @Query(() => Scorecard, {
    description: "A scorecard for an employee (default: you) or a team over [from, to), in whole buckets of each goal's grain (SPEC §6.1).",
    // One metric query per goal grain: priced like metricData (src/api/queryLimits.ts).
    complexity: ({ childComplexity }) => LIMITS.metricDataCost + childComplexity,
  })
  scorecard(
    @Ctx() ctx: ApiContext,
    @Arg('from', () => DateScalar) from: IsoDate,
    @Arg('to', () => DateScalar, { description: 'Exclusive.' }) to: IsoDate,
    @Arg('employeeId', () => ID, { nullable: true }) employeeId?: string | null,
    @Arg('teamId', () => ID, { nullable: true }) teamId?: string | null,
  ): Promise<Scorecard> {
    return act(async () => {
      checkWindow(from, to);
      const actor = await actorOf(ctx);
      if (employeeId && teamId) throw badInput('give employeeId or teamId, not both');
      const env = { manifest: loadManifestOrThrow(), orgTimezone: ctx.config.orgTimezone, today: ctx.today };
      if (teamId) {
        const team = teamArg(teamId);
        await assertCanSeeTeam(ctx.sql, actor, team, 'scorecard');
        return Scorecard.from(await computeScorecard(ctx.sql, env, { kind: 'team', id: team }, from, to, new Date()));
      }
      const id = employeeId ?? actor.principal.employeeId;
      if (!id) throw badInput('employeeId: give one (your token has no employee)');
      await assertCanSeeEmployee(ctx.sql, actor, id, 'scorecard');
      return Scorecard.from(await computeScorecard(ctx.sql, env, { kind: 'employee', id }, from, to, new Date()));
    });
  }
}

