import { DataSource } from 'typeorm';
import { dateInZone } from '../canonical';
import { Manifest } from '../semantic';
import { ConfigFileError } from './config/yamlConfig';
import { freezeEndedContests } from './gamification/contests';
import { Gamification, loadGamification } from './gamification/definitions';
import { loadIncentivePlans } from './incentives/plans';
import { RuleRun, runBadgeRules } from './gamification/evaluate';
import { evaluateAlertRules, RuleEvaluation } from './alerts/evaluate';
import { loadAppraisalConfig } from './appraisals/templates';
import { deliverDueWebhooks, DeliveryOptions, DeliveryRun } from './webhooks/deliver';

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
  const problems: string[] = [];
  for (const load of [loadGamification, loadIncentivePlans, loadAppraisalConfig]) {
    try {
      load(manifest);
    } catch (e) {
      if (!(e instanceof ConfigFileError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length) throw new ConfigFileError(problems);
}

/**
 * The `alerts` job of `switchboard schedule` (every minute, say): evaluates every
 * enabled alert rule at `now`, one metric query per rule. Events go to the
 * webhook outbox; the `webhooks` job delivers them.
 */
export function runAlertsJob(ds: DataSource, manifest: Manifest, orgTimezone: string, now: Date): Promise<RuleEvaluation[]> {
  return evaluateAlertRules(ds, { manifest, orgTimezone, today: dateInZone(now, orgTimezone) }, now);
}

/** The `webhooks` job: delivers what is due in the outbox, retrying failures with backoff. */
export function runWebhooksJob(ds: DataSource, opts: DeliveryOptions = {}): Promise<DeliveryRun> {
  return deliverDueWebhooks(ds, opts);
}
