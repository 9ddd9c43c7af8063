import { TokenRole } from './tokens';

/**
 * How far a role sees (SPEC §7):
 * - `self`: only the caller's own rows (agent);
 * - `subtree`: the employees currently inside the caller's current team's subtree (supervisor, manager, director);
 * - `all`: everything, unattributed facts included (executive, analyst, admin);
 * - `none`: nothing through GraphQL (service: a token that may only push data for ingest).
 */
export type Reach = 'self' | 'subtree' | 'all' | 'none';

const REACH: Record<TokenRole, Reach> = {
  agent: 'self',
  supervisor: 'subtree',
  manager: 'subtree',
  director: 'subtree',
  executive: 'all',
  analyst: 'all',
  admin: 'all',
  service: 'none',
};

export function reachOf(role: TokenRole): Reach {
  return REACH[role];
}

/**
 * Roles that may act on people in their scope (set goals, coach, assign tasks).
 * Analysts read everything but act on nobody; agents act on nobody, not even
 * themselves (an agent reads their own goals and coaching).
 */
export const ACTING_ROLES: readonly TokenRole[] = ['supervisor', 'manager', 'director', 'executive', 'admin'];

/** "an agent", "a supervisor": for messages. */
export function aRole(role: TokenRole): string {
  return `${/^[aeiou]/.test(role) ? 'an' : 'a'} ${role}`;
}
