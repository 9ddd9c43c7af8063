import path from 'path';
import { Command } from 'commander';
import pino from 'pino';
import { repoRoot } from '../../config';
import { migrateUp } from '../../db';
import { loadScheduleConfig, SCHEDULE_FILE, ScheduleConfigError, Scheduler } from '../../ingest/schedule';
import { action, UserError, withDatabase } from '../run';

export function registerSchedule(program: Command): void {
  program
    .command('schedule')
    .description(`run the connector syncs of ${SCHEDULE_FILE} on their node-cron schedules, in the foreground`)
    .option('--config <file>', `schedule file (default: ${SCHEDULE_FILE} in the repository root)`)
    .option('--once', 'run every sync once now, then exit (instead of waiting for cron)')
    .action(
      action(async (opts: { config?: string; once?: boolean }) => {
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
        await withDatabase(async (db, cfg) => {
          await migrateUp(db.dataSource);
          const scheduler = new Scheduler(db.dataSource, config, { orgTimezone: cfg.orgTimezone, maxRecordBytes: cfg.maxRecordBytes, log });
          if (opts.once) {
            for (const s of config.syncs) await scheduler.tick(s.name);
            return;
          }
          scheduler.start();
          log.info('schedule running; Ctrl-C to stop', { file, syncs: config.syncs.length });
          await new Promise<void>((resolve) => {
            process.once('SIGINT', () => resolve());
            process.once('SIGTERM', () => resolve());
          });
          await scheduler.stop();
          await scheduler.idle();
        });
      }),
    );
}
