import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { IsoDate } from '../../canonical';
import { ApiContext } from '../context';
import { DateScalar } from '../scalars';
import { Assignment, Employee, Team } from '../types/org';

/** The versioned org chart: the tree as of a date, teams, employees and their history. */
@Resolver(() => Team)
export class TeamResolver {
  @Query(() => [Team], { description: 'Root teams of the org chart as of a date (default: today), with children and members below.' })
  async orgChart(
    @Ctx() ctx: ApiContext,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: IsoDate | null,
  ): Promise<Team[]> {
    const date = asOf ?? ctx.today;
    const roots = await ctx.org.rootsAsOf(date);
    for (const r of roots) ctx.loaders.team.prime({ id: r.id, asOf: date }, r);
    return roots.map((t) => Team.from(t, date));
  }

  @Query(() => Team, { nullable: true, description: 'A team as of a date (default: today); null when not in force that day.' })
  async team(
    @Ctx() ctx: ApiContext,
    @Arg('id', () => ID) id: string,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: IsoDate | null,
  ): Promise<Team | null> {
    const date = asOf ?? ctx.today;
    const t = await ctx.loaders.team.load({ id, asOf: date });
    return t ? Team.from(t, date) : null;
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The parent team on the same date; null for a root.' })
  async parent(@Root() team: Team, @Ctx() ctx: ApiContext): Promise<Team | null> {
    if (!team.parentId) return null;
    const p = await ctx.loaders.team.load({ id: team.parentId, asOf: team.asOf });
    return p ? Team.from(p, team.asOf) : null;
  }

  @FieldResolver(() => [Team], { description: 'Child teams on the same date.' })
  async children(@Root() team: Team, @Ctx() ctx: ApiContext): Promise<Team[]> {
    const kids = await ctx.loaders.children.load({ id: team.id, asOf: team.asOf });
    return kids.map((k) => {
      const child = Team.from(k, team.asOf, team.depth + 1);
      // so that `parent` and `team` lookups of these teams need no further query
      ctx.loaders.team.prime({ id: k.id, asOf: team.asOf }, { ...k, depth: child.depth });
      return child;
    });
  }

  @FieldResolver(() => [Employee], { description: 'Employees assigned directly to this team on the same date.' })
  async members(@Root() team: Team, @Ctx() ctx: ApiContext): Promise<Employee[]> {
    const assignments = await ctx.loaders.members.load({ id: team.id, asOf: team.asOf });
    const rows = await ctx.loaders.employee.loadMany(assignments.map((a) => a.employeeId));
    return rows.flatMap((r) => (r && !(r instanceof Error) ? [Employee.from(r, team.asOf)] : []));
  }
}

@Resolver(() => Employee)
export class EmployeeResolver {
  @Query(() => Employee, { nullable: true })
  async employee(@Ctx() ctx: ApiContext, @Arg('id', () => ID) id: string): Promise<Employee | null> {
    const row = await ctx.loaders.employee.load(id);
    return row ? Employee.from(row) : null;
  }

  @FieldResolver(() => [Assignment], { description: 'Every assignment version, oldest first.' })
  async assignments(@Root() e: Employee, @Ctx() ctx: ApiContext): Promise<Assignment[]> {
    return (await ctx.loaders.assignments.load(e.id)).map(Assignment.from);
  }

  @FieldResolver(() => Assignment, {
    nullable: true,
    description: 'The assignment in force on a date (default: the date of the team it was reached through, else today).',
  })
  async assignment(
    @Root() e: Employee,
    @Ctx() ctx: ApiContext,
    @Arg('asOf', () => DateScalar, { nullable: true }) asOf?: IsoDate | null,
  ): Promise<Assignment | null> {
    const date = asOf ?? e.asOf ?? ctx.today;
    const history = await ctx.loaders.assignments.load(e.id);
    const a = history.find((h) => h.effectiveFrom <= date && (h.effectiveTo === null || date <= h.effectiveTo));
    return a ? Assignment.from(a) : null;
  }

  @FieldResolver(() => Assignment, { nullable: true, description: 'The latest assignment (for a leaver, the last one).' })
  async latestAssignment(@Root() e: Employee, @Ctx() ctx: ApiContext): Promise<Assignment | null> {
    const history = await ctx.loaders.assignments.load(e.id);
    return history.length ? Assignment.from(history[history.length - 1]) : null;
  }
}

@Resolver(() => Assignment)
export class AssignmentResolver {
  @FieldResolver(() => Employee, { nullable: true })
  async employee(@Root() a: Assignment, @Ctx() ctx: ApiContext): Promise<Employee | null> {
    const row = await ctx.loaders.employee.load(a.employeeId);
    return row ? Employee.from(row, a.effectiveFrom) : null;
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team as it stood on the first day of this assignment.' })
  async team(@Root() a: Assignment, @Ctx() ctx: ApiContext): Promise<Team | null> {
    const t = await ctx.loaders.team.load({ id: a.teamId, asOf: a.effectiveFrom });
    return t ? Team.from(t, a.effectiveFrom) : null;
  }

  @FieldResolver(() => Employee, { nullable: true })
  async manager(@Root() a: Assignment, @Ctx() ctx: ApiContext): Promise<Employee | null> {
    if (!a.managerId) return null;
    const row = await ctx.loaders.employee.load(a.managerId);
    return row ? Employee.from(row, a.effectiveFrom) : null;
  }
}
