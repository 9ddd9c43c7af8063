import fs from 'fs';
import path from 'path';
import { validate as validateCron } from 'node-cron';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { connectorNames, findConnector } from '../../../connectors';
import { isValidTimeZone } from '../../config';

/** The schedule file at the repository root (see "Schedules" in README.md). */
export const SCHEDULE_FILE = 'switchboard.schedule.yaml';

export interface SyncConfig {
  /** Unique name of the sync (defaults to the connector name). */
  name: string;
  connector: string;
  cron: string;
  /** Absolute glob (`*` and `?` in the last path segment) or drop folder. */
  path: string;
  sourceTz: string;
}

/**
 * Jobs `switchboard schedule` runs besides connector syncs (actions, issue 9 and on):
 * badge rules and contests, alert evaluation, and webhook delivery from the outbox.
 */
export const JOB_KINDS = ['gamification', 'alerts', 'webhooks'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export interface JobConfig {
  name: string;
  job: JobKind;
  cron: string;
}

export interface ScheduleConfig {
  file: string;
  syncs: SyncConfig[];
  jobs: JobConfig[];
}

export class ScheduleConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScheduleConfigError';
  }
}

const Sync = z.object({
  name: z.string().min(1).optional(),
  connector: z.string().min(1),
  cron: z.string().min(1),
  path: z.string().min(1),
  source_tz: z.string().min(1).optional(),
}).strict();

const Job = z.object({ name: z.string().min(1).optional(), job: z.enum(JOB_KINDS), cron: z.string().min(1) }).strict();

/** Reads and validates the schedule; every problem is reported with file and line. */
export function loadScheduleConfig(file: string): ScheduleConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScheduleConfigError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  if (doc.errors.length) throw new ScheduleConfigError(`${file}:${doc.errors[0].linePos?.[0].line ?? 1}: ${doc.errors[0].message.split('\n')[0]}`);
  const root = doc.contents;
  const syncsNode = isMap(root) ? root.get('syncs', true) : undefined;
  const jobsNode = isMap(root) ? root.get('jobs', true) : undefined;
  if (!isSeq(syncsNode) && !isSeq(jobsNode)) throw new ScheduleConfigError(`${file}:1: expected a top-level "syncs:" list (and/or "jobs:")`);
  const problems: string[] = [];
  const syncs: SyncConfig[] = [];
  const base = path.dirname(path.resolve(file));
  const lineOf = (item: unknown) => ((item as { range?: [number] }).range ? lc.linePos((item as { range: [number] }).range[0]).line : 1);
  (isSeq(syncsNode) ? syncsNode.items : []).forEach((item, i) => {
    const line = lineOf(item);
    const at = `${file}:${line}: syncs[${i}]`;
    const parsed = Sync.safeParse((item as { toJSON(): unknown }).toJSON());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(`${at}: ${issue.path.join('.') || 'entry'}: ${issue.message}`);
      return;
    }
    const s = parsed.data;
    if (!findConnector(s.connector)) problems.push(`${at}: unknown connector ${JSON.stringify(s.connector)} (known: ${connectorNames().join(', ')})`);
    if (!validateCron(s.cron)) problems.push(`${at}: cron ${JSON.stringify(s.cron)} is not a valid cron expression`);
    if (s.source_tz && !isValidTimeZone(s.source_tz)) problems.push(`${at}: source_tz ${JSON.stringify(s.source_tz)} is not an IANA time zone`);
    const name = s.name ?? s.connector;
    if (syncs.some((o) => o.name === name)) problems.push(`${at}: a sync named ${JSON.stringify(name)} is already defined; give each a distinct name`);
    syncs.push({ name, connector: s.connector, cron: s.cron, path: path.resolve(base, s.path), sourceTz: s.source_tz ?? 'UTC' });
  });
  const jobs: JobConfig[] = [];
  (isSeq(jobsNode) ? jobsNode.items : []).forEach((item, i) => {
    const at = `${file}:${lineOf(item)}: jobs[${i}]`;
    const parsed = Job.safeParse((item as { toJSON(): unknown }).toJSON());
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      problems.push(`${at}: ${issue.path.join('.') || 'entry'}: ${issue.message}`);
      return;
    }
    const j = parsed.data;
    if (!validateCron(j.cron)) problems.push(`${at}: cron ${JSON.stringify(j.cron)} is not a valid cron expression`);
    const name = j.name ?? j.job;
    if (jobs.some((o) => o.name === name) || syncs.some((o) => o.name === name)) problems.push(`${at}: the name ${JSON.stringify(name)} is already used; give each a distinct name`);
    jobs.push({ name, job: j.job, cron: j.cron });
  });
  if (problems.length) throw new ScheduleConfigError(problems.join('\n'));
  return { file, syncs, jobs };
}
