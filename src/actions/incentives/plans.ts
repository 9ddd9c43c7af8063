import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { z } from 'zod';
import { ROLES } from '../../canonical';
import { defaultMetricsDir, didYouMean, Manifest } from '../../semantic';
import { ConfigFileError, displayPath, readYamlConfig, yamlFilesIn } from '../config/yamlConfig';

/**
 * An incentive plan (variable pay from attainment) is one YAML file under
 * `metrics/incentives/`: who is eligible, the period, the metrics and their
 * weights, the tiers that turn a total score into a share of the target pay, and
 * an optional cap. Targets come from the goals in force (one truth for targets).
 */
const Plan = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case'),
    label: z.string().min(1),
    description: z.string().default(''),
    eligible: z.object({ role: z.enum(ROLES).optional(), under_team: z.string().min(1).optional() }).strict().default({}),
    period: z.enum(['MONTH', 'QUARTER']),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
    target_pay: z.number().positive(),
    metrics: z.array(z.object({ metric: z.string().min(1), weight: z.number().positive().default(1) }).strict()).min(1),
    tiers: z
      .array(z.object({ name: z.string().min(1), min_score: z.number().min(0), pay_pct: z.number().min(0) }).strict())
      .min(1)
      .refine((ts) => ts.every((t, i) => i === 0 || t.min_score < ts[i - 1].min_score), 'list tiers from the highest min_score down, each lower than the one before'),
    cap: z.number().positive().optional(),
  })
  .strict();

export type IncentivePlan = z.infer<typeof Plan> & { file: string; version: string };

export const incentivesDir = (metricsDir = defaultMetricsDir()) => path.join(metricsDir, 'incentives');

/** Loads every plan; problems (file:line) all at once. Each plan's version is a hash of its file. */
export function loadIncentivePlans(manifest: Manifest, dir = incentivesDir(manifest.dir)): Map<string, IncentivePlan> {
  const problems: string[] = [];
  const plans = new Map<string, IncentivePlan>();
  for (const file of yamlFilesIn(dir)) {
    const r = readYamlConfig(file, Plan);
    if ('problems' in r) {
      problems.push(...r.problems);
      continue;
    }
    r.value.metrics.forEach((m, i) => {
      if (!manifest.metrics.has(m.metric)) {
        const s = didYouMean(m.metric, manifest.metrics.keys());
        problems.push(`${displayPath(file)}:${r.line(['metrics', i, 'metric'])}: metrics.${i}.metric: unknown metric ${JSON.stringify(m.metric)}${s ? `; did you mean "${s}"?` : ''}`);
      }
    });
    if (plans.has(r.value.name)) problems.push(`${displayPath(file)}:${r.line(['name'])}: name: a plan named ${JSON.stringify(r.value.name)} is already defined`);
    const version = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12);
    plans.set(r.value.name, { ...r.value, file: displayPath(file), version });
  }
  if (problems.length) throw new ConfigFileError(problems);
  return plans;
}
