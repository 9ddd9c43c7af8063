import { GraphQLError } from 'graphql';
import { ActionError, Actor, ConfigFileError, Gamification, IncentivePlan, loadGamification, loadIncentivePlans } from '../actions';
import { loadManifestOrThrow } from '../semantic';
import { ApiContext } from './context';
import { plainTeamId } from './teamRef';

/**
 * The caller as actions see them: principal, scope (SPEC §7, resolved once per
 * request by the context: src/access/scope.ts) and today.
 */
export function actorOf(ctx: ApiContext): Promise<Actor> {
  const c = ctx as ApiContext & { actor?: Promise<Actor> };
  c.actor ??= ctx.scope().then((scope) => ({ principal: ctx.principal, scope, today: ctx.today }));
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

/** A team argument: the plain id, or the per-date form `<teamId>@<date>` of Team.id. */
export const teamArg = (ref: string) => plainTeamId(ref);

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
