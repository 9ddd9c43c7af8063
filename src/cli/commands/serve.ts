import { Command } from 'commander';
import { rollupsCurrent } from '../../rollup';
import { RunningServer, startServer } from '../../api';
import { loadConfig } from '../../config';
import { migrateUp, Database } from '../../db';
import { loadManifestOrThrow, recordDefinitionVersions } from '../../semantic';
import { loadActionDefinitions } from '../../actions';
import { action, openForCommand, UserError } from '../run';
import { onShutdown, signalEndsNormally } from '../signals';
import { createScheduling, parseLeaderInterval, readSchedule, scheduleLog } from '../scheduling';
import { SCHEDULE_FILE } from '../../ingest/schedule';

function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 65535) throw new UserError(`--port: must be a whole number between 1 and 65535 (got ${JSON.stringify(v)})`);
  return n;
}

export interface ServeHooks {
  /** Extra routes beside /graphql. */
  routes?: (app: import('express').Express) => void;
  /** Called once the server listens; returns what to stop on shutdown (before the server closes). */
  onListening?: () => () => Promise<void>;
}

/**
 * Serves until a signal (SIGINT, SIGTERM), whose shutdown steps close the server,
 * then let go of the database (stopping the embedded one unless another process
 * uses it). Returns once the server is up.
 */
export async function serveUntilSignal(db: Database, port: number, banner: (url: string) => Promise<string>, hooks: ServeHooks = {}): Promise<void> {
  const config = loadConfig();
  let server: RunningServer;
  try {
    // The metric definitions were validated before the database was opened; their
    // versions are recorded so that results can be traced to a definition.
    await recordDefinitionVersions(db.dataSource, loadManifestOrThrow());
    server = await startServer(db.dataSource, config, { port, routes: hooks.routes });
  } catch (e) {
    await db.close(); // lets go of the embedded PostgreSQL too, so nothing is left running
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UserError(`port ${port} is already in use: set PORT or pass --port`);
    }
    throw e;
  }
  onShutdown(() => server.close());
  const stop = hooks.onListening?.();
  if (stop) onShutdown(stop); // steps run newest first: this one before the server closes
  signalEndsNormally();
  process.stdout.write(await banner(server.url));
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the GraphQL API at /graphql (and /healthz)')
    .option('--port <n>', 'port to listen on (default: PORT or 4000)')
    .option('--schedule [file]', `also run the schedule (default: ${SCHEDULE_FILE}); with several replicas only the leader runs it`)
    .option('--leader-interval <ms>', 'with --schedule: how often a standby replica tries to become the scheduler leader (default 5000)')
    .action(
      action(async (opts: { port?: string; schedule?: string | boolean; leaderInterval?: string }) => {
        const config = loadConfig();
        const port = opts.port ? parsePort(opts.port) : config.port;
        loadActionDefinitions(loadManifestOrThrow()); // refuse to start on invalid metric, badge or plan definitions
        const intervalMs = parseLeaderInterval(opts.leaderInterval);
        const schedule = opts.schedule === undefined || opts.schedule === false ? null : readSchedule(typeof opts.schedule === 'string' ? opts.schedule : undefined);
        const db = await openForCommand(config);
        try {
          await migrateUp(db.dataSource);
          // Building them is a deploy step (`switchboard migrate`), not every replica's start.
          if (!(await rollupsCurrent(db.dataSource, loadManifestOrThrow())))
            process.stderr.write('warning: the rollups are missing or differ from the metric definitions; run `switchboard migrate` to build them (until then, what they cannot answer is read from raw facts)\n');
        } catch (e) {
          await db.close();
          throw e;
        }
        await serveUntilSignal(db, port, async (url) => `Switchboard GraphQL at ${url}, web app at ${url.replace(/graphql$/, '')}\n`);
        if (schedule) {
          // One scheduler leader among the replicas (docs/scaling.md); stopped before the server closes.
          const log = scheduleLog();
          const scheduling = createScheduling(db, config, schedule, log);
          const leader = await scheduling.start(intervalMs);
          onShutdown(() => scheduling.stop());
          log.info(leader.isLeader ? 'schedule running (this replica is the leader)' : 'schedule standing by: another replica is the leader', { file: schedule.file, leader: leader.isLeader });
        }
      }),
    );
}
