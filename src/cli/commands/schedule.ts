import path from 'path';
import { Command } from 'commander';
import pino from 'pino';
import { repoRoot } from '../../config';
import { LeaderLock, migrateUp } from '../../db';
import cron from 'node-cron';
import { loadGamification, runAlertsJob, runGamificationJob, runWebhooksJob } from '../../actions';
import { JobConfig, JobKind, loadScheduleConfig, SCHEDULE_FILE, ScheduleConfigError, Scheduler } from '../../ingest/schedule';
import { loadManifestOrThrow } from '../../semantic';
import { action, UserError, withDatabase } from '../run';
import { onShutdown, signalEndsNormally } from '../signals';

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description(`run the connector syncs of ${SCHEDULE_FILE} on their node-cron schedules, in the foreground`)
    .option('--config <file>', `schedule file (default: ${SCHEDULE_FILE} in the repository root)`)
    .option('--once', 'run every sync once now, then exit (instead of waiting for cron)')
    .option('--leader-interval <ms>', 'how often a standby scheduler tries to become the leader (default 5000)')
    .action(
      action(async (opts: { config?: string; once?: boolean; leaderInterval?: string }) => {
        const intervalMs = opts.leaderInterval === undefined ? 5000 : Number(opts.leaderInterval);
        if (!/^\d+$/.test(opts.leaderInterval ?? '5000') || intervalMs < 100 || intervalMs > 600000) {
          throw new UserError(`--leader-interval: must be a whole number of milliseconds between 100 and 600000 (got ${JSON.stringify(opts.leaderInterval)})`);
        }
        const file = opts.config ?? path.join(repoRoot(), SCHEDULE_FILE);
        let config;
        try {
          config = loadScheduleConfig(file);
        } catch (e) {
          if (e instanceof ScheduleConfigError) throw new UserError(e.message.split('\n').join('; '));
          throw e;
        }
        const logger = pino({ base: undefined });
        const log = {
          info: (msg: string, data: Record<string, unknown> = {}) => logger.info(data, msg),
          error: (msg: string, data: Record<string, unknown> = {}) => logger.error(data, msg),
        };
        // Definitions the jobs run on are checked before anything starts.
        const manifest = config.jobs.some((j) => j.job !== 'webhooks') ? loadManifestOrThrow() : null;
        const gamification = manifest && config.jobs.some((j) => j.job === 'gamification') ? loadGamification(manifest) : null;
        await withDatabase(async (db, cfg) => {
          await migrateUp(db.dataSource);
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
          if (opts.once) {
            for (const s of config.syncs) await scheduler.tick(s.name);
            for (const j of config.jobs) await runJob(j);
            return;
          }
          // Several schedulers may run (one beside each API replica): only the holder of
          // the leader lock runs syncs and jobs; another takes over when it dies.
          let tasks: ReturnType<typeof cron.schedule>[] = [];
          const stopJobs = async () => {
            for (const t of tasks.splice(0)) await t.destroy();
            await scheduler.stop();
          };
          const leader = new LeaderLock({
            url: db.url,
            intervalMs,
            log,
            onElected: () => {
              scheduler.start();
              tasks = config.jobs.map((j) => cron.schedule(j.cron, () => runJob(j).then(() => undefined), { name: j.name, noOverlap: true }));
            },
            onDeposed: stopJobs,
          });
          await leader.start();
          signalEndsNormally();
          log.info(leader.isLeader ? 'schedule running; Ctrl-C to stop' : 'standing by: another scheduler is the leader; Ctrl-C to stop', {
            file,
            syncs: config.syncs.length,
            jobs: config.jobs.length,
            leader: leader.isLeader,
          });
          // A signal stops the scheduler and lets a sync or job in progress finish (for a few seconds).
          await new Promise<void>((resolve) =>
            onShutdown(async () => {
              await stopJobs();
              await scheduler.idle();
              while (running.size) await new Promise((r) => setTimeout(r, 100));
              await leader.stop(); // only now may another scheduler take over
              resolve();
            }),
          );
        });
      }),
    );
}
