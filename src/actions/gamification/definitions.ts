import path from 'path';
import { z } from 'zod';
import { defaultMetricsDir, didYouMean, Manifest } from '../../semantic';
import { GOAL_GRAINS } from '../buckets';
import { ConfigFileError, displayPath, readYamlConfig, yamlFilesIn } from '../config/yamlConfig';

/**
 * Gamification is declared in YAML beside the metrics (`metrics/badges/`):
 * `catalog.yaml` lists the badges (with the points each is worth) and the rewards
 * points can buy; each file under `rules/` is one rule that `switchboard schedule`
 * runs, awarding its badge at most once per employee and period.
 */

const Id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case');

const Catalog = z
  .object({
    badges: z.record(Id, z.object({ name: z.string().min(1), description: z.string().default(''), points: z.number().int().min(0).default(0) }).strict()),
    rewards: z.record(Id, z.object({ name: z.string().min(1), description: z.string().default(''), cost: z.number().int().positive() }).strict()).default({}),
  })
  .strict();

const Grain = z.enum(GOAL_GRAINS);
const common = {
  name: Id,
  label: z.string().min(1),
  description: z.string().default(''),
  badge: Id,
  metric: z.string().min(1),
  lookback: z.number().int().positive().max(400).default(12),
};
const volume = { volume_metric: z.string().min(1).default('contacts_handled'), min_volume: z.number().min(0).default(0) };

const Rule = z.discriminatedUnion('kind', [
  /** The goal met (ON_TRACK) N buckets in a row; the count restarts after each award. */
  z.object({ kind: z.literal('goal_streak'), ...common, count: z.number().int().min(1).max(100) }).strict(),
  /** Top N of a board (the center, or each employee's own team) in a bucket. */
  z.object({ kind: z.literal('leaderboard_top'), ...common, ...volume, grain: Grain, top: z.number().int().min(1), board: z.enum(['center', 'team']).default('center') }).strict(),
  /** A bucket better than every earlier one of the same employee in the look-back. */
  z.object({ kind: z.literal('personal_best'), ...common, ...volume, grain: Grain, min_history: z.number().int().min(1).default(4) }).strict(),
  /** A bucket whose value passes a threshold. */
  z.object({ kind: z.literal('threshold'), ...common, ...volume, grain: Grain, op: z.enum(['>', '>=', '<', '<=']), value: z.number() }).strict(),
]);

export type BadgeRule = z.infer<typeof Rule> & { file: string };
export type RuleKind = BadgeRule['kind'];
export interface BadgeDef {
  id: string;
  name: string;
  description: string;
  points: number;
}
export interface RewardDef {
  id: string;
  name: string;
  description: string;
  cost: number;
}
export interface Gamification {
  badges: Map<string, BadgeDef>;
  rewards: Map<string, RewardDef>;
  rules: BadgeRule[];
}

export const badgesDir = (metricsDir = defaultMetricsDir()) => path.join(metricsDir, 'badges');

/** Loads and checks the catalog and the rules against the metrics; every problem at once, as file:line. */
export function loadGamification(manifest: Manifest, dir = badgesDir(manifest.dir)): Gamification {
  const problems: string[] = [];
  const badges = new Map<string, BadgeDef>();
  const rewards = new Map<string, RewardDef>();
  const catalogFile = path.join(dir, 'catalog.yaml');
  const cat = readYamlConfig(catalogFile, Catalog);
  if ('problems' in cat) {
    if (!/cannot read: ENOENT/.test(cat.problems[0] ?? '') || yamlFilesIn(path.join(dir, 'rules')).length) problems.push(...cat.problems);
  } else {
    for (const [id, b] of Object.entries(cat.value.badges)) badges.set(id, { id, ...b });
    for (const [id, r] of Object.entries(cat.value.rewards)) rewards.set(id, { id, ...r });
  }
  const rules: BadgeRule[] = [];
  for (const file of yamlFilesIn(path.join(dir, 'rules'))) {
    const r = readYamlConfig(file, Rule);
    if ('problems' in r) {
      problems.push(...r.problems);
      continue;
    }
    const at = (field: string) => `${displayPath(file)}:${r.line([field])}: ${field}`;
    const metricCheck = (field: string, name: string) => {
      if (!manifest.metrics.has(name)) {
        const s = didYouMean(name, manifest.metrics.keys());
        problems.push(`${at(field)}: unknown metric ${JSON.stringify(name)}${s ? `; did you mean "${s}"?` : ''}`);
      }
    };
    metricCheck('metric', r.value.metric);
    if ('volume_metric' in r.value) metricCheck('volume_metric', r.value.volume_metric);
    if (badges.size && !badges.has(r.value.badge)) problems.push(`${at('badge')}: unknown badge ${JSON.stringify(r.value.badge)}; declare it in ${displayPath(catalogFile)}`);
    if (rules.some((o) => o.name === r.value.name)) problems.push(`${at('name')}: a rule named ${JSON.stringify(r.value.name)} is already defined`);
    rules.push({ ...r.value, file: displayPath(file) });
  }
  if (problems.length) throw new ConfigFileError(problems);
  return { badges, rewards, rules };
}
