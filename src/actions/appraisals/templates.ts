import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import { z } from 'zod';
import { defaultMetricsDir, Manifest } from '../../semantic';
import { ConfigFileError, displayPath, readYamlConfig } from '../config/yamlConfig';

/**
 * Appraisal templates and feedback settings, declared beside the metrics in
 * `metrics/appraisals/`: `competencies.yaml` holds the rating scale and the
 * templates (each a list of competencies with weights); `feedback.yaml` the
 * minimum number of authors before two-way feedback shows to its subject.
 */

const Key = z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower_snake_case');

const Competencies = z
  .object({
    scale: z
      .object({ min: z.number().int(), max: z.number().int(), labels: z.record(z.string().regex(/^-?\d+$/, 'a whole-number rating'), z.string().min(1)).default({}) })
      .strict()
      .refine((s) => s.min < s.max, { message: 'min must be below max', path: ['max'] }),
    templates: z.record(
      Key,
      z
        .object({
          label: z.string().min(1),
          description: z.string().default(''),
          competencies: z.array(z.object({ key: Key, label: z.string().min(1), description: z.string().default(''), weight: z.number().positive().default(1) }).strict()).min(1),
        })
        .strict(),
    ),
  })
  .strict();

const Feedback = z.object({ two_way: z.object({ minimum_authors: z.number().int().min(1).max(100) }).strict() }).strict();

export interface Competency {
  key: string;
  label: string;
  description: string;
  weight: number;
}

export interface AppraisalTemplate {
  key: string;
  label: string;
  description: string;
  competencies: Competency[];
  /** Hash of competencies.yaml: kept with each appraisal, so a rating can be read against the template it was given on. */
  version: string;
}

export interface AppraisalConfig {
  scale: { min: number; max: number; labels: Map<number, string> };
  templates: Map<string, AppraisalTemplate>;
  feedback: { twoWayMinimumAuthors: number };
}

export const appraisalsDir = (metricsDir = defaultMetricsDir()) => path.join(metricsDir, 'appraisals');

/** Default when feedback.yaml is absent. */
export const TWO_WAY_MINIMUM_AUTHORS = 3;

/** Loads and checks the templates and feedback settings; every problem at once, as file:line. */
export function loadAppraisalConfig(manifest: Manifest, dir = appraisalsDir(manifest.dir)): AppraisalConfig {
  const problems: string[] = [];
  const templates = new Map<string, AppraisalTemplate>();
  let scale: AppraisalConfig['scale'] = { min: 1, max: 5, labels: new Map() };
  const file = path.join(dir, 'competencies.yaml');
  if (fs.existsSync(file)) {
    const r = readYamlConfig(file, Competencies);
    if ('problems' in r) problems.push(...r.problems);
    else {
      const version = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex').slice(0, 12);
      scale = { min: r.value.scale.min, max: r.value.scale.max, labels: new Map(Object.entries(r.value.scale.labels).map(([k, v]) => [Number(k), v])) };
      for (const k of scale.labels.keys()) {
        if (k < scale.min || k > scale.max) problems.push(`${displayPath(file)}:${r.line(['scale', 'labels', String(k)])}: scale.labels.${k}: outside the scale ${scale.min} to ${scale.max}`);
      }
      for (const [key, t] of Object.entries(r.value.templates)) {
        t.competencies.forEach((c, i) => {
          if (t.competencies.findIndex((o) => o.key === c.key) !== i) {
            problems.push(`${displayPath(file)}:${r.line(['templates', key, 'competencies', i, 'key'])}: templates.${key}.competencies.${i}.key: ${JSON.stringify(c.key)} is listed twice`);
          }
        });
        templates.set(key, { key, label: t.label, description: t.description, competencies: t.competencies, version });
      }
    }
  }
  let twoWayMinimumAuthors = TWO_WAY_MINIMUM_AUTHORS;
  const fb = path.join(dir, 'feedback.yaml');
  if (fs.existsSync(fb)) {
    const r = readYamlConfig(fb, Feedback);
    if ('problems' in r) problems.push(...r.problems);
    else twoWayMinimumAuthors = r.value.two_way.minimum_authors;
  }
  if (problems.length) throw new ConfigFileError(problems);
  return { scale, templates, feedback: { twoWayMinimumAuthors } };
}
