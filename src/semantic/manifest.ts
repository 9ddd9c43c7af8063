import fs from 'fs';
import path from 'path';
import { repoRoot } from '../config';
import { decodeFact, decodeMetric } from './decode';
import { DefinitionProblem, ErrorReporter, InvalidDefinitionsError } from './errors';
import { link } from './link';
import { rules } from './rules';
import { parseYamlFile } from './source';
import { FactDef, Manifest, MetricDef } from './types';

/** The folder of the shipped definitions: `metrics/` at the repository root. */
/** `metrics/` at the repository root, or SWITCHBOARD_METRICS_DIR when set. */
export function defaultMetricsDir(): string {
  return process.env.SWITCHBOARD_METRICS_DIR || path.join(repoRoot(), 'metrics');
}

/**
 * Folders of `metrics/` that hold other governed definitions built on the metrics
 * (gamification, incentive plans, appraisal competencies), not metrics themselves.
 */
export const NON_METRIC_FOLDERS: readonly string[] = ['badges', 'incentives', 'appraisals', 'queues'];

function yamlFiles(dir: string, top = true): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory()
        ? top && NON_METRIC_FOLDERS.includes(e.name)
          ? []
          : yamlFiles(path.join(dir, e.name), false)
        : /\.ya?ml$/.test(e.name)
          ? [path.join(dir, e.name)]
          : [],
    )
    .sort();
}

export type LoadResult = { ok: true; manifest: Manifest } | { ok: false; problems: DefinitionProblem[] };

/**
 * Loads every definition under `dir`: files under `facts/` are facts (semantic
 * models), every other YAML file is one metric. Parse → decode → validate (all
 * rules, every problem collected) → link.
 */
export function loadManifest(dir: string = defaultMetricsDir()): LoadResult {
  const errors = new ErrorReporter();
  const facts: FactDef[] = [];
  const metrics: MetricDef[] = [];
  const files = yamlFiles(dir);
  if (files.length === 0) errors.error({ file: path.relative(process.cwd(), dir) || dir, line: 1, col: 1 }, 'no definition files found');
  for (const abs of files) {
    const fromCwd = path.relative(process.cwd(), abs);
    const rel = !fromCwd || fromCwd.startsWith('..') ? abs : fromCwd;
    const root = parseYamlFile(rel, fs.readFileSync(abs, 'utf8'), errors);
    if (!root) continue;
    const isFact = path.relative(dir, abs).split(path.sep)[0] === 'facts';
    if (isFact) {
      const f = decodeFact(rel, root, errors);
      if (f) facts.push(f);
    } else {
      const m = decodeMetric(rel, root, errors);
      if (m) metrics.push(m);
    }
  }
  const ctx = {
    facts,
    metrics,
    // First definition wins: a duplicate is reported by the uniqueNames rule.
    factByName: new Map([...facts].reverse().map((f) => [f.name, f])),
    metricByName: new Map([...metrics].reverse().map((m) => [m.name, m])),
    errors,
  };
  for (const rule of rules) rule(ctx);
  if (!errors.ok) return { ok: false, problems: errors.sorted() };
  return { ok: true, manifest: { dir, facts: ctx.factByName, metrics: link(ctx.factByName, ctx.metricByName) } };
}

let cached: Manifest | undefined;

/**
 * The shipped manifest, loaded once per process; throws InvalidDefinitionsError
 * listing every problem (file:line) when a definition is invalid. The server calls
 * this at start, so it refuses to start on invalid definitions.
 */
export function loadManifestOrThrow(dir?: string): Manifest {
  if (!dir && cached) return cached;
  const r = loadManifest(dir);
  if (!r.ok) throw new InvalidDefinitionsError(r.problems);
  if (!dir) cached = r.manifest;
  return r.manifest;
}
