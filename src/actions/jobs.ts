import { DataSource } from 'typeorm';
import { dateInZone } from '../canonical';
import { Manifest } from '../semantic';
import { freezeEndedContests } from './gamification/contests';
import { Gamification, loadGamification } from './gamification/definitions';
import { loadIncentivePlans } from './incentives/plans';
import { RuleRun, runBadgeRules } from './gamification/evaluate';

export interface GamificationJobResult {
  rules: RuleRun[];
  frozenContests: string[];
}

/**
 * The `gamification` job of `switchboard schedule`: every badge rule once, then
 * freezing the contests that have ended. `now` is the clock (tests inject one).
 */
export async function runGamificationJob(ds: DataSource, manifest: Manifest, g: Gamification, orgTimezone: string, now: Date): Promise<GamificationJobResult> {
  const env = { manifest, orgTimezone, today: dateInZone(now, orgTimezone) };
  const rules = await runBadgeRules(ds, env, g, now);
  const frozenContests = await freezeEndedContests(ds, env, g, now);
  return { rules, frozenContests };
}

/** Loads (and so validates) every definition actions run on: throws ConfigFileError listing each problem as file:line. */
export function loadActionDefinitions(manifest: Manifest): void {
  loadGamification(manifest);
  loadIncentivePlans(manifest);
}
