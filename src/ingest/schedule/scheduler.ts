import cron, { ScheduledTask } from 'node-cron';
import { DataSource } from 'typeorm';
import { IngestError, RunSummary, runIngest } from '../runIngest';
import { FoundFile, listSyncFiles } from './files';
import { ScheduleConfig, SyncConfig } from './config';

export interface TickResult {
  sync: string;
  skipped?: 'busy';
  runs: { file: string; summary?: RunSummary; error?: string }[];
}

export interface SchedulerLog {
  info(msg: string, data?: Record<string, unknown>): void;
  error(msg: string, data?: Record<string, unknown>): void;
}

/**
 * Runs connector syncs (`switchboard schedule`). Each tick lists the sync's files,
 * ingests every file not processed yet (path + size + mtime) as its own run, and
 * records it as processed in the same transaction as the run. Two runs of the
 * same connector never overlap: a tick that finds its connector busy is skipped
 * (and runIngest also serializes runs per connector in the database). A failing
 * file is logged, recorded as a failed run and as processed (so it is not retried
 * until it changes), and does not stop the scheduler.
 */
export class Scheduler {
  private readonly busy = new Set<string>();
  private tasks: ScheduledTask[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly config: ScheduleConfig,
    private readonly opts: { orgTimezone: string; maxRecordBytes?: number; log: SchedulerLog },
  ) {}

  sync(name: string): SyncConfig {
    const s = this.config.syncs.find((x) => x.name === name);
    if (!s) throw new Error(`no sync named ${JSON.stringify(name)} in ${this.config.file}`);
    return s;
  }

  /** One pass of a sync, as cron would run it. */
  async tick(name: string): Promise<TickResult> {
    const sync = this.sync(name);
    const result: TickResult = { sync: name, runs: [] };
    if (this.busy.has(sync.connector)) {
      this.opts.log.info('skipped: a run of this connector is still going', { sync: name, connector: sync.connector });
      return { ...result, skipped: 'busy' };
    }
    this.busy.add(sync.connector);
    try {
      const files = await listSyncFiles(sync.path);
      const done = await this.processed(sync, files);
      for (const f of files) {
        if (done.has(key(f))) continue;
        result.runs.push(await this.ingestFile(sync, f));
      }
    } catch (e) {
      this.opts.log.error('sync failed', { sync: name, error: (e as Error).message });
    } finally {
      this.busy.delete(sync.connector);
    }
    return result;
  }

  private async processed(sync: SyncConfig, files: FoundFile[]): Promise<Set<string>> {
    if (files.length === 0) return new Set();
    const rows: { path: string; size: string; mtime: Date }[] = await this.ds.query(
      `SELECT path, size::text, mtime FROM ingest_processed_file WHERE sync_name = $1 AND path = ANY ($2)`,
      [sync.name, files.map((f) => f.path)],
    );
    return new Set(rows.map((r) => `${r.path}\u0000${r.size}\u0000${r.mtime.getTime()}`));
  }

  private async ingestFile(sync: SyncConfig, f: FoundFile): Promise<TickResult['runs'][number]> {
    const record = (tx: { query(sql: string, p?: unknown[]): Promise<unknown> }, runId: string | null, status: 'completed' | 'failed') =>
      tx.query(
        `INSERT INTO ingest_processed_file (sync_name, path, size, mtime, connector, run_id, status) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (sync_name, path, size, mtime) DO NOTHING`,
        [sync.name, f.path, f.size, f.mtime, sync.connector, runId, status],
      );
    try {
      const summary = await runIngest(this.ds, sync.connector, [f.path], {
        sourceTz: sync.sourceTz,
        orgTimezone: this.opts.orgTimezone,
        maxRecordBytes: this.opts.maxRecordBytes,
        onBeforeCommit: (tx, s) => record(tx, s.runId, 'completed').then(() => undefined),
      });
      this.opts.log.info('ingested', { sync: sync.name, ...summary, file: f.path });
      return { file: f.path, summary };
    } catch (e) {
      const message = (e as Error).message.split('\n')[0];
      let runId = e instanceof IngestError ? e.runId : null;
      try {
        if (runId === null) {
          // Failed before a run existed (file vanished, bad zone...): the ledger still shows it.
          const rows: { id: string }[] = await this.ds.query(
            `INSERT INTO ingest_run (connector, files, source_tz, status, finished_at, error) VALUES ($1, $2, $3, 'failed', now(), $4) RETURNING id`,
            [sync.connector, [f.path], sync.sourceTz, message],
          );
          runId = rows[0].id;
        }
        await record(this.ds, runId, 'failed');
      } catch (inner) {
        this.opts.log.error('could not record the failure', { sync: sync.name, error: (inner as Error).message });
      }
      this.opts.log.error('ingest failed', { sync: sync.name, file: f.path, runId, error: message });
      return { file: f.path, error: message };
    }
  }

  /** Starts one node-cron task per sync. */
  start(): void {
    for (const s of this.config.syncs) {
      const task = cron.schedule(s.cron, () => this.tick(s.name).then(() => undefined), { name: s.name, noOverlap: true });
      this.tasks.push(task);
      this.opts.log.info('scheduled', { sync: s.name, connector: s.connector, cron: s.cron, path: s.path });
    }
  }

  async stop(): Promise<void> {
    for (const t of this.tasks) await t.destroy();
    this.tasks = [];
  }

  /** Resolves when no tick is running (used on shutdown). */
  async idle(): Promise<void> {
    while (this.busy.size > 0) await new Promise((r) => setTimeout(r, 100));
  }
}

function key(f: FoundFile): string {
  return `${f.path}\u0000${f.size}\u0000${f.mtime.getTime()}`;
}
