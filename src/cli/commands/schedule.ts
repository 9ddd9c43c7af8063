import { Command } from 'commander';
import { migrateUp } from '../../db';
import { SCHEDULE_FILE } from '../../ingest/schedule';
import { action, withDatabase } from '../run';
import { createScheduling, parseLeaderInterval, readSchedule, scheduleLog } from '../scheduling';
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
        const intervalMs = parseLeaderInterval(opts.leaderInterval);
        const config = readSchedule(opts.config);
        const log = scheduleLog();
        await withDatabase(async (db, cfg) => {
          await migrateUp(db.dataSource);
          const scheduling = createScheduling(db, cfg, config, log);
          if (opts.once) return scheduling.runOnce();
          // Several schedulers may run (one beside each API replica): only the holder of
          // the leader lock runs syncs and jobs; another takes over when it dies.
          const leader = await scheduling.start(intervalMs);
          signalEndsNormally();
          log.info(leader.isLeader ? 'schedule running; Ctrl-C to stop' : 'standing by: another scheduler is the leader; Ctrl-C to stop', {
            file: config.file,
            syncs: config.syncs.length,
            jobs: config.jobs.length,
            leader: leader.isLeader,
          });
          // A signal stops the scheduler and lets a sync or job in progress finish (for a few seconds).
          await new Promise<void>((resolve) => onShutdown(() => scheduling.stop().then(resolve)));
        });
      }),
    );
}
