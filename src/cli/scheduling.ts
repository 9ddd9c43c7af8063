import path from 'path';
import cron from 'node-cron';
import pino from 'pino';
import { loadGamification, runAlertsJob, runGamificationJob, runWebhooksJob } from '../actions';
import { Config, repoRoot } from '../config';
import { Database, LeaderLock } from '../db';
import { JobConfig, JobKind, loadScheduleConfig, SCHEDULE_FILE, ScheduleConfig, ScheduleConfigError, Scheduler } from '../ingest/schedule';
import { loadManifestOrThrow } from '../semantic';
import { UserError } from './run';

export interface ScheduleLog {
  info(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

/** JSON lines on stdout (pino), as `switchboard schedule` has always logged. */
export function scheduleLog(): ScheduleLog {
  const logger = pino({ base: undefined });
  return {
    info: (msg, data = {}) => logger.info(data, msg),
    error: (msg, data = {}) => logger.error(data, msg),
  };
}

/** `--leader-interval`, checked. */
export function parseLeaderInterval(v: string | undefined): number {
  if (v === undefined) return 5000;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 100 || n > 600000) throw new UserError(`--leader-interval: must be a whole number of milliseconds between 100 and 600000 (got ${JSON.stringify(v)})`);
  return n;
}

/** The schedule file (default: the repository's), read and validated: problems as one UserError line. */
export function readSchedule(file: string | undefined): ScheduleConfig {
  try {
    return loadScheduleConfig(file ?? path.join(repoRoot(), SCHEDULE_FILE));
  } catch (e) {
    if (e instanceof ScheduleConfigError) throw new UserError(e.message.split('\n').join('; '));
    throw e;
  }
}

export interface Scheduling {
  leader: LeaderLock | null;
  /** Every sync once, then every job once (`--once`). */
  runOnce(): Promise<void>;
  /** Stops the cron tasks, waits for a sync or job in progress, then lets go of the leader lock. */
  stop(): Promise<void>;
}

/**
 * The syncs and jobs of a schedule, on node-cron, run only while this process holds
 * the scheduler leader lock (src/db/leader.ts): several processes (one beside each
 * API replica, or `serve --schedule`) may run it, one runs the tasks.
 */
export function createScheduling(db: Database, cfg: Config, config: ScheduleConfig, log: ScheduleLog): Scheduling & { start(intervalMs: number): Promise<LeaderLock> } {
  // Definitions the jobs run on are checked before anything starts.
  const manifest = config.jobs.some((j) => j.job !== 'webhooks') ? loadManifestOrThrow() : null;
  const gamification = manifest && config.jobs.some((j) => j.job === 'gamification') ? loadGamification(manifest) : null;
  const scheduler = new Scheduler(db.dataSource, config, { orgTimezone: cfg.orgTimezone, maxRecordBytes: cfg.maxRecordBytes, log });
  const running = new Set<string>();
  // Each job kind, run once at the system's time; returns what to log.
  const jobs: Record<JobKind, () => Promise<Record<string, unknown>>> = {
    gamification: async () => {
      const r = await runGamificationJob(db.dataSource, manifest!, gamification!, cfg.orgTimezone, new Date());
      return { awarded: r.rules.reduce((n, x) => n + x.awarded, 0), restated: r.rules.reduce((n, x) => n + x.restated.length, 0), frozenContests: r.frozenContests };
    },
    alerts: async () => {
      const r = await runAlertsJob(db.dataSource, manifest!, cfg.orgTimezone, new Date());
      for (const x of r.filter((x) => x.error)) log.error('alert rule failed', { rule: x.name, ruleId: x.ruleId, error: x.error });
      return { rules: r.length, opened: r.reduce((n, x) => n + x.opened.length, 0), resolved: r.reduce((n, x) => n + x.resolved.length, 0), failed: r.filter((x) => x.error).length };
    },
    webhooks: async () => ({ ...(await runWebhooksJob(db.dataSource)) }),
  };
  const runJob = async (j: JobConfig) => {
    if (running.has(j.name)) return log.info('skipped: the previous run of this job is still going', { job: j.name });
    running.add(j.name);
    try {
      log.info('job done', { job: j.name, ...(await jobs[j.job]()) });
    } catch (e) {
      log.error('job failed', { job: j.name, error: (e as Error).message.split('\n')[0] });
    } finally {
      running.delete(j.name);
    }
  };
  let tasks: ReturnType<typeof cron.schedule>[] = [];
  const stopTasks = async () => {
    for (const t of tasks.splice(0)) await t.destroy();
    await scheduler.stop();
  };
  let leader: LeaderLock | null = null;
  return {
    get leader() {
      return leader;
    },
    async runOnce() {
      for (const s of config.syncs) await scheduler.tick(s.name);
      for (const j of config.jobs) await runJob(j);
    },
    async start(intervalMs: number) {
      leader = new LeaderLock({
        url: db.url,
        intervalMs,
        log,
        onElected: () => {
          scheduler.start();
          tasks = config.jobs.map((j) => cron.schedule(j.cron, () => runJob(j).then(() => undefined), { name: j.name, noOverlap: true }));
        },
        onDeposed: stopTasks,
      });
      await leader.start();
      return leader;
    },
    async stop() {
      await stopTasks();
      await scheduler.idle();
      while (running.size) await new Promise((r) => setTimeout(r, 100));
      await leader?.stop(); // only now may another process take over
    },
  };
}
