import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ApiContext } from '../context';
import { ContestStanding, LeaderboardEntry } from '../types/gamification';
import { Employee } from '../types/org';
import { employeeFor } from './OrgResolver';

/**
 * The person behind a visible board entry, so a board can show names (a wallboard
 * reads from across a room). Null for an anonymous peer: the entry has no id to
 * look up. Outside the caller's scope an Employee shows only id and name, as
 * everywhere else (SPEC §7).
 */
async function entryEmployee(entry: LeaderboardEntry, ctx: ApiContext): Promise<Employee | null> {
  if (!entry.employeeId) return null;
  const row = await ctx.loaders.employee.load(entry.employeeId);
  return row ? employeeFor(ctx, row) : null;
}

@Resolver(() => LeaderboardEntry)
export class BoardEntryResolver {
  @FieldResolver(() => Employee, { nullable: true, description: 'The person, when the entry is not anonymous.' })
  employee(@Root() entry: LeaderboardEntry, @Ctx() ctx: ApiContext): Promise<Employee | null> {
    return entryEmployee(entry, ctx);
  }
}

@Resolver(() => ContestStanding)
export class ContestStandingResolver {
  @FieldResolver(() => Employee, { nullable: true, description: 'The person, when the standing is not anonymous.' })
  employee(@Root() entry: ContestStanding, @Ctx() ctx: ApiContext): Promise<Employee | null> {
    return entryEmployee(entry, ctx);
  }
}
