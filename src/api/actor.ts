import { GraphQLError } from 'graphql';
import { ActionError, Actor, ConfigFileError, currentTeamOf, Gamification, IncentivePlan, loadGamification, loadIncentivePlans } from '../actions';
import { EmployeeScope } from '../query';
import { loadManifestOrThrow } from '../semantic';
import { ApiContext } from './context';

/**
 * The caller as actions see them: principal, scope (SPEC §7) and today. Resolved
 * once per request. agent → their own rows; supervisor, manager, director → the
 * employees currently in their current team's subtree (only themselves without a
 * current assignment); executive, analyst, admin → everything.
 */
export function actorOf(ctx: ApiContext): Promise<Actor> {
  const c = ctx as ApiContext & { actor?: Promise<Actor> };
  c.actor ??= (async () => {
    const p = ctx.principal;
    let scope: EmployeeScope;
    if (p.role === 'executive' || p.role === 'analyst' || p.role === 'admin') scope = { kind: 'all' };
    else if (p.role === 'agent' || !p.employeeId) scope = { kind: 'employee', employeeId: p.employeeId ?? '' };
    else {
      const team = await currentTeamOf(ctx.ds, p.employeeId, ctx.today);
      scope = team ? { kind: 'subtree', teamId: team.teamId, asOf: ctx.today } : { kind: 'employee', employeeId: p.employeeId };
    }
    return { principal: p, scope, today: ctx.today };
  })();
  return c.actor;
}

/** Runs an action; its refusals become GraphQL errors with extensions.code. */
export async function act<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ActionError) throw new GraphQLError(e.message, { extensions: { code: e.code } });
    if (e instanceof ConfigFileError) throw new GraphQLError(`invalid configuration: ${e.problems.join('; ')}`, { extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    throw e;
  }
}

let gamification: Gamification | undefined;
let plans: Map<string, IncentivePlan> | undefined;

/** The badge catalog and rules, loaded once per process beside the metrics. */
export function gamificationDefs(): Gamification {
  gamification ??= loadGamification(loadManifestOrThrow());
  return gamification;
}

export function incentivePlans(): Map<string, IncentivePlan> {
  plans ??= loadIncentivePlans(loadManifestOrThrow());
  return plans;
}
