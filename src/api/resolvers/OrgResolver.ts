import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { AssignmentVersion, IsoDate } from '../../canonical';
import { ApiContext } from '../context';
import { boundedLimit, LimitArg, LIST_LIMITS } from '../limits';
import { EmployeeRow } from '../loaders';
import { DateScalar } from '../scalars';
import { parseTeamRef, teamDate } from '../teamRef';
import { Assignment, Employee, Team } from '../types/org';

/** An Employee as the caller may see it: details only inside their scope (SPEC §7). */
export async function employeeFor(ctx: ApiContext, row: EmployeeRow): Promise<Employee> {
  return Employee.from(row, await ctx.canSee(row.id));
}

async function employeeById(ctx: ApiContext, id: string): Promise<Employee | null> {
  const row = await ctx.loaders.employee.load(id);
  return row ? employeeFor(ctx, row) : null;
}

const teamsLimit = (limit: number | null) => boundedLimit('limit', limit ?? LIST_LIMITS.orgTeams.default, LIST_LIMITS.orgTeams.max);
const peopleLimit = (limit: number | null) => boundedLimit('limit', limit ?? LIST_LIMITS.orgPeople.default, LIST_LIMITS.orgPeople.max);

/**
 * The versioned org chart: the tree as of a date, teams, employees and their
 * history. The tree itself is visible to every caller; people's details and
 * assignments only within the caller's scope.
 */
@Resolver(() => Team)
export class TeamResolver {
  @Query(() => [Team], { description: 'Root teams of the org chart as of a date (default: today), with children and members below.' })
  async orgChart(
    @Ctx() ctx: ApiContext,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: IsoDate | null,
    @LimitArg(LIST_LIMITS.orgTeams, 'teams') limit: number | null = LIST_LIMITS.orgTeams.default,
  ): Promise<Team[]> {
    const n = teamsLimit(limit);
    const date = asOf ?? ctx.today;
    const roots = (await ctx.org.rootsAsOf(date)).slice(0, n);
    for (const r of roots) ctx.loaders.team.prime({ id: r.id, asOf: date }, r);
    return roots.map((t) => Team.from(t, date));
  }

  @Query(() => Team, { nullable: true, description: 'A team as of a date (default: the date in a versioned id, else today); null when not in force that day.' })
  async team(
    @Ctx() ctx: ApiContext,
    @Arg('id', () => ID, { description: 'A team id, plain (`care`) or versioned (`care@2026-03-01`).' }) id: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: IsoDate | null,
  ): Promise<Team | null> {
    const ref = parseTeamRef(id);
    const date = teamDate(ref, asOf, ctx.today);
    const t = await ctx.loaders.team.load({ id: ref.teamId, asOf: date });
    return t ? Team.from(t, date) : null;
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The parent team on the same date; null for a root.' })
  async parent(@Root() team: Team, @Ctx() ctx: ApiContext): Promise<Team | null> {
    if (!team.parentId) return null;
    const p = await ctx.loaders.team.load({ id: team.parentId, asOf: team.asOf });
    return p ? Team.from(p, team.asOf) : null;
  }

  @FieldResolver(() => [Team], { description: 'Child teams on the same date.' })
  async children(
    @Root() team: Team,
    @Ctx() ctx: ApiContext,
    @LimitArg(LIST_LIMITS.orgTeams, 'teams') limit: number | null = LIST_LIMITS.orgTeams.default,
  ): Promise<Team[]> {
    const n = teamsLimit(limit);
    const kids = (await ctx.loaders.children.load({ id: team.teamId, asOf: team.asOf })).slice(0, n);
    return kids.map((k) => {
      const child = Team.from(k, team.asOf, team.depth + 1);
      // so that `parent` and `team` lookups of these teams need no further query
      ctx.loaders.team.prime({ id: k.id, asOf: team.asOf }, { ...k, depth: child.depth });
      return child;
    });
  }

  @FieldResolver(() => [Employee], {
    description: "Employees assigned directly to this team on the same date. Outside the caller's scope each shows only id and name.",
  })
  async members(
    @Root() team: Team,
    @Ctx() ctx: ApiContext,
    @LimitArg(LIST_LIMITS.orgPeople, 'people') limit: number | null = LIST_LIMITS.orgPeople.default,
  ): Promise<Employee[]> {
    const n = peopleLimit(limit);
    const assignments = (await ctx.loaders.members.load({ id: team.teamId, asOf: team.asOf })).slice(0, n);
    const rows = await ctx.loaders.employee.loadMany(assignments.map((a) => a.employeeId));
    const found = rows.filter((r): r is EmployeeRow => r !== null && !(r instanceof Error));
    return Promise.all(found.map((r) => employeeFor(ctx, r)));
  }

  @FieldResolver(() => [Assignment], {
    description:
      "The assignments in force in this team on the same date (who, with which role, manager and site), of the employees in the caller's scope only.",
  })
  async memberships(
    @Root() team: Team,
    @Ctx() ctx: ApiContext,
    @LimitArg(LIST_LIMITS.orgPeople, 'people') limit: number | null = LIST_LIMITS.orgPeople.default,
  ): Promise<Assignment[]> {
    const n = peopleLimit(limit);
    const all = await ctx.loaders.members.load({ id: team.teamId, asOf: team.asOf });
    const visible: AssignmentVersion[] = [];
    for (const a of all) {
      if (visible.length >= n) break;
      if (await ctx.canSee(a.employeeId)) visible.push(a);
    }
    return visible.map(Assignment.from);
  }
}

@Resolver(() => Employee)
export class EmployeeResolver {
  @Query(() => Employee, { nullable: true, description: "An employee by id; outside the caller's scope only id and name. Null when there is none." })
  async employee(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<Employee | null> {
    return employeeById(ctx, id);
  }

  @FieldResolver(() => [Assignment], { description: "Every assignment version, oldest first; empty outside the caller's scope." })
  async assignments(@Root() e: Employee, @Ctx() ctx: ApiContext): Promise<Assignment[]> {
    if (!e.inScope) return [];
    return (await ctx.loaders.assignments.load(e.id)).map(Assignment.from);
  }

  @FieldResolver(() => Assignment, {
    nullable: true,
    description: "The assignment in force on `asOf` (default: today); null when none, or outside the caller's scope.",
  })
  async assignment(
    @Root() e: Employee,
    @Ctx() ctx: ApiContext,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: IsoDate | null,
  ): Promise<Assignment | null> {
    if (!e.inScope) return null;
    const date = asOf ?? ctx.today;
    const history = await ctx.loaders.assignments.load(e.id);
    const a = history.find((h) => h.effectiveFrom <= date && (h.effectiveTo === null || date <= h.effectiveTo));
    return a ? Assignment.from(a) : null;
  }

  @FieldResolver(() => Assignment, { nullable: true, description: "The latest assignment (for a leaver, the last one); null outside the caller's scope." })
  async latestAssignment(@Root() e: Employee, @Ctx() ctx: ApiContext): Promise<Assignment | null> {
    if (!e.inScope) return null;
    const history = await ctx.loaders.assignments.load(e.id);
    return history.length ? Assignment.from(history[history.length - 1]) : null;
  }
}

@Resolver(() => Assignment)
export class AssignmentResolver {
  @FieldResolver(() => Employee, { nullable: true })
  async employee(@Root() a: Assignment, @Ctx() ctx: ApiContext): Promise<Employee | null> {
    return employeeById(ctx, a.employeeId);
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team as it stood on the first day of this assignment.' })
  async team(@Root() a: Assignment, @Ctx() ctx: ApiContext): Promise<Team | null> {
    const t = await ctx.loaders.team.load({ id: a.teamId, asOf: a.effectiveFrom });
    return t ? Team.from(t, a.effectiveFrom) : null;
  }

  @FieldResolver(() => Employee, { nullable: true, description: "The manager; outside the caller's scope only id and name." })
  async manager(@Root() a: Assignment, @Ctx() ctx: ApiContext): Promise<Employee | null> {
    return a.managerId ? employeeById(ctx, a.managerId) : null;
  }
}
