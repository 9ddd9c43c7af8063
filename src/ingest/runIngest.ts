import { randomUUID } from 'crypto';
import fs from 'fs';
import path from 'path';
import { Worker } from 'worker_threads';
import { PoolClient } from 'pg';
import { DataSource, QueryRunner } from 'typeorm';
import { OrgChart, SourceSystem, WriteOutcome } from '../canonical';
import { isValidTimeZone } from '../config';
import {
  CanonicalRecord,
  Connector,
  connectorNames,
  EmployeeVersionRecord,
  FactRecord,
  findConnector,
  isRejection,
  OrgUnitRecord,
  Reason,
  RecordKind,
  Rejection,
  SourceError,
} from '../../connectors';
import { compactDayTiers } from '../rollup/build';
import { observeIngestRun } from '../telemetry/prom';
import { FactChangeRange, recordChange, stagedChangeRange } from './changes';
import type { ParseWorkerData } from './parseWorker';
import { Counts, readRecords, stageLine } from './read';
import { CopyWriter } from './copyWriter';
import { FACTS, FactSpec, isFactKind, stagedColumns } from './facts';
import { applyHrRecord, hrEntity, hrHistory, hrRowError } from './hr';
import { IdentityResolver } from './identity';
import { CONNECTOR_LOCK, RUN_LOCK, sweepAbandonedRuns } from './ledger';
import { chunkBounds, copyStageSql, createStageSql, INDEX_STAGE, INSERT_REJECTIONS, mergeSql, STAGE, stageChunks, UPSERT_PRODUCTS } from './merge';

/** The run summary of SPEC §3.4. */
export interface RunSummary {
  runId: string;
  connector: string;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  rejected: number;
}

/** One input file's share of a run's outcomes. */
export type FileOutcomes = Omit<RunSummary, 'runId' | 'connector'>;

export interface IngestProgress {
  read: number;
  rejected: number;
  file: string;
  /** Bytes of the current file read so far is not tracked; records/s is computed by the caller. */
  phase: 'reading' | 'merging' | 'done';
}

export interface IngestOptions {
  /** Zone for timestamps without an offset (`--source-tz`), default UTC. */
  sourceTz?: string;
  /** Zone turning instants into org-chart dates (SWITCHBOARD_ORG_TIMEZONE), default UTC. */
  orgTimezone?: string;
  /** A record larger than this is rejected as malformed, unbuffered (SWITCHBOARD_MAX_RECORD_BYTES), default 1 MiB. */
  maxRecordBytes?: number;
  onProgress?: (p: IngestProgress) => void;
  /** Called with the run id as soon as the run is recorded (before any record is read). */
  onRunStarted?: (runId: string) => void;
  /**
   * Fact runs: called before the commit with each input file's outcome counts, in the
   * order given (push ingest batches requests into one run, one file each, and answers
   * each request with its own counts).
   */
  onFileOutcomes?: (perFile: FileOutcomes[]) => void;
  /**
   * ANALYZE what the run wrote after it commits (default true). Push ingest's small
   * frequent runs turn it off and refresh statistics on their own schedule.
   */
  refreshStatistics?: boolean;
  /** Runs inside the run's transaction after the merge, so what it writes commits with the run or not at all. */
  onBeforeCommit?: (tx: QueryRunner, summary: RunSummary) => Promise<void>;
  /** Test only: input bytes per merge chunk (a range of the stage in file order), default 40 MiB; small values force many chunks. */
  stageChunkBytes?: number;
  /** Parse in a worker thread (default: SWITCHBOARD_INGEST_WORKER=0/1, else for input of 4 MiB or more). Facts only. */
  parseWorker?: boolean;
  /**
   * Test only: run without the per-connector lock that serializes runs, as a push
   * endpoint or a second scheduler would, to show that the merge alone keeps facts sound.
   */
  skipConnectorLock?: boolean;
}

/** A problem that stops a run before or while it reads (unknown connector, unreadable file, bad header). */
export class IngestError extends Error {
  constructor(message: string, readonly runId: string | null = null) {
    super(message);
    this.name = 'IngestError';
  }
}

const AGENT_SYSTEMS: Partial<Record<RecordKind, SourceSystem>> = {
  interaction: 'acd',
  sales_order: 'crm',
  quality_evaluation: 'qa',
  adherence_day: 'wfm',
};


/**
 * Runs one connector over files as one run (SPEC §3): read → cleanse → resolve
 * identities → stage with COPY → one set-based merge that decides every record's
 * outcome → ledger. Everything after the run row is one transaction: a run commits
 * its facts, rejections and counts together, or nothing (a killed run is later
 * marked failed by `sweepAbandonedRuns`). Runs of the same connector are serialized.
 */
export async function runIngest(ds: DataSource, connectorName: string, files: string[], opts: IngestOptions = {}): Promise<RunSummary> {
  const connector = findConnector(connectorName);
  if (!connector) {
    throw new IngestError(`unknown connector ${JSON.stringify(connectorName)}; known connectors: ${connectorNames().join(', ')}`);
  }
  if (files.length === 0) throw new IngestError('no input file given');
  const sourceTz = opts.sourceTz ?? 'UTC';
  const orgTimezone = opts.orgTimezone ?? 'UTC';
  if (!isValidTimeZone(sourceTz)) throw new IngestError(`invalid source time zone ${JSON.stringify(sourceTz)}: use an IANA zone such as UTC or America/New_York`);
  if (!isValidTimeZone(orgTimezone)) throw new IngestError(`invalid org time zone ${JSON.stringify(orgTimezone)}`);
  if (opts.maxRecordBytes !== undefined && !(Number.isSafeInteger(opts.maxRecordBytes) && opts.maxRecordBytes > 0)) {
    throw new IngestError(`invalid maximum record size ${opts.maxRecordBytes}: use a whole number of bytes`);
  }
  for (const f of files) {
    try {
      const st = await fs.promises.stat(f);
      if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EISDIR' });
      await fs.promises.access(f, fs.constants.R_OK);
    } catch (e) {
      throw new IngestError(`cannot read ${f}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
  }

  await sweepAbandonedRuns(ds);
  const runId = randomUUID();
  const startedAt = performance.now();
  const qr = ds.createQueryRunner();
  const client = (await qr.connect()) as PoolClient;
  let locked = false;
  try {
    // A killed client must not leave its backend running a long merge (holding locks):
    // PostgreSQL 14+ checks the socket during queries with this setting.
    await qr.query(`SET client_connection_check_interval = '1s'`).catch(() => undefined);
    // The staging table is a temp table: give it memory (only possible before this
    // session's first temp table; a pooled session that already had one keeps its size).
    await qr.query(`SET temp_buffers = '256MB'`).catch(() => undefined);
    await qr.query(`SELECT pg_advisory_lock($1, hashtext($2))`, [RUN_LOCK, runId]);
    locked = true;
    await qr.query(`INSERT INTO ingest_run (id, connector, files, source_tz) VALUES ($1, $2, $3, $4)`, [runId, connector.name, files, sourceTz]);
    opts.onRunStarted?.(runId);
    await qr.startTransaction();
    try {
      if (!opts.skipConnectorLock) await qr.query(`SELECT pg_advisory_xact_lock($1, hashtext($2))`, [CONNECTOR_LOCK, connector.name]);
      const { summary, changes, chunked } = await ingestInTransaction(qr, client, connector, files, runId, sourceTz, orgTimezone, opts);
      await qr.query(
        `UPDATE ingest_run SET status = 'completed', finished_at = clock_timestamp(), read = $2, inserted = $3, updated = $4,
                unchanged = $5, duplicates = $6, rejected = $7 WHERE id = $1`,
        [runId, summary.read, summary.inserted, summary.updated, summary.unchanged, summary.duplicates, summary.rejected],
      );
      if (summary.inserted + summary.updated > 0) {
        const range: FactChangeRange = changes ?? { from: null, to: null, employees: null };
        await recordChange(qr, { runId, connector: connector.name, kind: connector.produces, ...range });
      }
      if (opts.onBeforeCommit) await opts.onBeforeCommit(qr, summary);
      await qr.commitTransaction();
      // A run killed just before this one may only have let go of its locks while we waited.
      await sweepAbandonedRuns(qr).catch(() => undefined);
      if (summary.inserted + summary.updated > 0 && opts.refreshStatistics !== false) {
        await refreshStatistics(qr, connector.produces);
        // A run merged in several chunks rewrote the day tiers' rows many times in one
        // transaction: their indexes are rebuilt compact (see compactDayTiers).
        if (chunked) await compactDayTiers(qr, FACTS[connector.produces as FactRecord['kind']].table).catch(() => undefined);
      }
      opts.onProgress?.({ read: summary.read, rejected: summary.rejected, file: files[files.length - 1], phase: 'done' });
      observeIngestRun(connector.name, 'completed', (performance.now() - startedAt) / 1000, summary);
      return summary;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      observeIngestRun(connector.name, 'failed', (performance.now() - startedAt) / 1000);
      const message = e instanceof Error ? e.message.split('\n')[0] : String(e);
      await qr.query(`UPDATE ingest_run SET status = 'failed', finished_at = now(), error = $2 WHERE id = $1`, [runId, message]).catch(() => undefined);
      if (e instanceof SourceError) throw new IngestError(e.message, runId);
      throw e;
    }
  } finally {
    if (locked) await qr.query(`SELECT pg_advisory_unlock($1, hashtext($2))`, [RUN_LOCK, runId]).catch(() => undefined);
    await qr.query(`RESET client_connection_check_interval`).catch(() => undefined);
    await qr.release();
  }
}

/** Tables a run of each record kind writes. */
const WRITTEN_TABLES: Record<RecordKind, string[]> = {
  org_unit_version: ['org_unit', 'org_unit_version'],
  employee_version: ['employee', 'identity_map', 'assignment'],
  interaction: ['interaction'],
  sales_order: ['sales_order', 'product'],
  quality_evaluation: ['quality_evaluation'],
  survey_response: ['survey_response'],
  adherence_day: ['adherence_day'],
};

/**
 * Refreshes the planner's statistics for what a run wrote. Autovacuum gets there
 * too, but only after a while: until then a freshly loaded table has none, and the
 * metric queries' joins were measured 400 times slower (80 s instead of 0.2 s on the demo).
 */
export async function refreshStatistics(qr: { query(sql: string): Promise<unknown> }, kind: RecordKind): Promise<void> {
  await qr.query(`ANALYZE ${WRITTEN_TABLES[kind].join(', ')}`).catch(() => undefined);
}

async function ingestInTransaction(
  qr: QueryRunner,
  client: PoolClient,
  connector: Connector<unknown>,
  files: string[],
  runId: string,
  sourceTz: string,
  orgTimezone: string,
  opts: IngestOptions,
): Promise<{ summary: RunSummary; changes: FactChangeRange | null; chunked: boolean }> {
  const system = AGENT_SYSTEMS[connector.produces];
  const resolver = await IdentityResolver.load(qr, system ? [system] : [], orgTimezone);
  const counts = { read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, rejected: 0 };
  const fact = isFactKind(connector.produces) ? FACTS[connector.produces] : null;
  const sink = fact ? await FactSink.open(qr, client, fact, files, opts.stageChunkBytes) : new HrSink(qr, runId, connector, files);
  try {
    return await readAndWrite(connector, files, runId, sourceTz, resolver, sink, counts, opts);
  } catch (e) {
    await sink.abort();
    throw e;
  }
}

async function readAndWrite(
  connector: Connector<unknown>,
  files: string[],
  runId: string,
  sourceTz: string,
  resolver: IdentityResolver,
  sink: Sink,
  counts: Counts,
  opts: IngestOptions,
): Promise<{ summary: RunSummary; changes: FactChangeRange | null; chunked: boolean }> {
  if (sink instanceof FactSink && useParseWorker(files, opts)) {
    await sink.stageInWorker({ connector: connector.name, files, sourceTz, maxRecordBytes: opts.maxRecordBytes, resolver: resolver.toData(), cols: sink.cols }, files, counts, opts);
  } else {
    let lastReport = 0;
    await readRecords(connector, files, sourceTz, resolver, (...a) => sink.accept(...a), counts, {
      maxRecordBytes: opts.maxRecordBytes,
      onRecord: opts.onProgress
        ? (file) => {
            if (counts.read - lastReport >= 1000 || counts.read === 1) {
              lastReport = counts.read;
              opts.onProgress!({ read: counts.read, rejected: counts.rejected, file, phase: 'reading' });
            }
          }
        : undefined,
    });
  }
  opts.onProgress?.({ read: counts.read, rejected: counts.rejected, file: files[files.length - 1], phase: 'merging' });
  const changes = await sink.finish(runId, connector.name, files, counts);
  const total = counts.inserted + counts.updated + counts.unchanged + counts.duplicates + counts.rejected;
  if (total !== counts.read) throw new Error(`internal error: ${counts.read} records read but ${total} outcomes`);
  if (sink instanceof FactSink) opts.onFileOutcomes?.(sink.perFile);
  return { summary: { runId, connector: connector.name, ...counts }, changes: changes ?? null, chunked: sink instanceof FactSink && sink.chunked };
}

/** Input of at least this many bytes is parsed in a worker thread (below it, a worker's start-up costs more than it saves). */
const PARSE_WORKER_MIN_BYTES = 4 * 1024 * 1024;

/** Whether a fact run parses in a worker: `opts.parseWorker`, else SWITCHBOARD_INGEST_WORKER (0/1), else by input size. */
function useParseWorker(files: string[], opts: IngestOptions): boolean {
  if (opts.parseWorker !== undefined) return opts.parseWorker;
  const env = process.env.SWITCHBOARD_INGEST_WORKER;
  if (env === '0' || env === '1') return env === '1';
  let bytes = 0;
  for (const f of files) bytes += fs.statSync(f).size;
  return bytes >= PARSE_WORKER_MIN_BYTES;
}

/** The parse worker, from dist/ (compiled) or, under ts-jest/ts-node, from its TypeScript source. */
function startParseWorker(data: ParseWorkerData): Worker {
  const file = path.join(__dirname, `parseWorker${path.extname(__filename)}`);
  if (file.endsWith('.ts')) {
    return new Worker(`require('ts-node').register({ transpileOnly: true }); require(${JSON.stringify(file)});`, { eval: true, workerData: data });
  }
  return new Worker(file, { workerData: data });
}


interface Sink {
  accept(seq: number, fileNo: number, position: number, text: string, rec: CanonicalRecord | Rejection, employeeId: string | null, counts: Counts): Promise<void>;
  /** Writes what was staged; fact sinks return the range of what may have changed. */
  finish(runId: string, connector: string, files: string[], counts: Counts): Promise<FactChangeRange | void>;
  abort(): Promise<void>;
}

/**
 * Facts: COPY into a temp staging table in file order, then one set-based merge per
 * chunk: consecutive ranges of some 40 MB of input (see `createStageSql`).
 */
class FactSink implements Sink {
  /** Outcome counts per input file (filled by `finish`). */
  readonly perFile: FileOutcomes[];

  private constructor(
    private readonly qr: QueryRunner,
    private readonly spec: FactSpec,
    private readonly copy: CopyWriter,
    readonly cols: string[],
    private readonly parts: number,
    files: number,
  ) {
    this.perFile = Array.from({ length: files }, () => ({ read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, rejected: 0 }));
  }

  private worker: Worker | null = null;

  /** Whether the stage is merged in more than one chunk. */
  get chunked(): boolean {
    return this.parts > 1;
  }

  /**
   * Stages the run's records parsed by a worker thread: its COPY text is written to
   * the stage as it comes, while the worker reads on (acknowledged batch by batch,
   * so at most a few batches are ever held). Counts read and rejected come back.
   */
  stageInWorker(data: ParseWorkerData, files: string[], counts: Counts, opts: IngestOptions): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const worker = startParseWorker(data);
      this.worker = worker;
      let settled = false;
      let chain = Promise.resolve();
      const fail = (e: Error) => {
        if (settled) return;
        settled = true;
        void worker.terminate();
        reject(e);
      };
      worker.on('message', (m: { type: string; text?: string; read?: number; rejected?: number; fileNo?: number; counts?: Counts; name?: string; message?: string }) => {
        if (m.type === 'batch') {
          chain = chain
            .then(async () => {
              await this.copy.writeLine(m.text!);
              worker.postMessage('ack');
              counts.read = m.read!;
              counts.rejected = m.rejected!;
              opts.onProgress?.({ read: counts.read, rejected: counts.rejected, file: files[m.fileNo!], phase: 'reading' });
            })
            .catch(fail);
        } else if (m.type === 'done') {
          chain
            .then(() => {
              Object.assign(counts, m.counts);
              settled = true;
              return worker.terminate().then(() => resolve());
            })
            .catch(fail);
        } else if (m.type === 'error') {
          fail(m.name === 'SourceError' ? new SourceError(m.message!) : new Error(`ingest parse worker: ${m.message}`));
        }
      });
      worker.on('error', (e) => fail(e));
      worker.on('exit', (code) => fail(new Error(`ingest parse worker exited (code ${code}) before it finished`)));
    });
  }

  static async open(qr: QueryRunner, client: PoolClient, spec: FactSpec, files: string[], chunkBytes?: number): Promise<FactSink> {
    let bytes = 0;
    for (const f of files) bytes += (await fs.promises.stat(f)).size;
    const parts = stageChunks(bytes, chunkBytes);
    for (const sql of createStageSql(spec, parts > 1)) await qr.query(sql);
    return new FactSink(qr, spec, new CopyWriter(client, copyStageSql(spec)), stagedColumns(spec), parts, files.length);
  }

  accept(seq: number, fileNo: number, position: number, text: string, rec: CanonicalRecord | Rejection, employeeId: string | null): Promise<void> {
    return this.copy.writeLine(stageLine(this.cols, seq, fileNo, position, text, rec, employeeId));
  }

  async abort(): Promise<void> {
    if (this.worker) await this.worker.terminate().catch(() => undefined);
    return this.copy.abort();
  }

  async finish(runId: string, connector: string, files: string[], counts: Counts): Promise<FactChangeRange> {
    await this.copy.end();
    await this.qr.query(INSERT_REJECTIONS, [runId, connector, files]);
    if (this.spec.kind === 'sales_order') await this.qr.query(UPSERT_PRODUCTS, [runId]);
    const range = await stagedChangeRange(this.qr, this.spec);
    // Records read and rejected per input file, as staged (whichever thread parsed them).
    const staged: { file_no: number; read: number; rejected: number }[] = await this.qr.query(
      `SELECT file_no, count(*)::int AS read, count(rej_reasons)::int AS rejected FROM ${STAGE} GROUP BY file_no`,
    );
    for (const r of staged) {
      this.perFile[r.file_no - 1].read = r.read;
      this.perFile[r.file_no - 1].rejected = r.rejected;
    }
    // Sorts and hashes of one chunk in memory (the run's transaction only).
    await this.qr.query(`SET LOCAL work_mem = '64MB'`);
    let chunks: ([number, number] | null)[] = [null];
    if (this.parts > 1) {
      for (const sql of INDEX_STAGE) await this.qr.query(sql);
      const [b] = await this.qr.query(`SELECT min(seq)::float8 AS lo, max(seq)::float8 AS hi FROM ${STAGE}`);
      chunks = b.lo === null ? [] : chunkBounds(b.lo, b.hi, this.parts);
    }
    const sql = mergeSql(this.spec, this.parts > 1);
    for (const bounds of chunks) {
      const rows: { outcome: string; file_no: number; n: number }[] = await this.qr.query(sql, bounds ? [runId, ...bounds] : [runId]);
      for (const { outcome, file_no, n } of rows) {
        const k = ({ inserted: 'inserted', updated: 'updated', unchanged: 'unchanged', duplicate: 'duplicates' } as const)[outcome as 'inserted'];
        if (!k) continue;
        counts[k] += n;
        this.perFile[file_no - 1][k] += n;
      }
    }
    return range;
  }
}

interface PendingRejection {
  fileNo: number;
  position: number;
  raw: string;
  reasons: Reason[];
}

/** HR records: applied one by one through the org-chart module; rejections batched. */
class HrSink implements Sink {
  private readonly org: OrgChart;
  private pending: PendingRejection[] = [];
  /** Keys written earlier in this run: a later identical copy is a duplicate, not unchanged. */
  private readonly seen = new Set<string>();
  /**
   * Each team or person the run touched: its stored history before the run's first
   * record of it, and the outcomes of its records. Outcomes are settled at the end:
   * when the history is what it was (a file that leans on the correction rule,
   * ingested again, cuts and restores the same versions), nothing was inserted or
   * updated, and its records count as unchanged (or duplicates).
   */
  private readonly entities = new Map<string, { before: string; outcomes: { outcome: WriteOutcome; repeated: boolean }[] }>();

  constructor(
    private readonly qr: QueryRunner,
    private readonly runId: string,
    private readonly connector: Connector<unknown>,
    private readonly files: string[],
  ) {
    this.org = new OrgChart(qr);
  }

  async accept(_seq: number, fileNo: number, position: number, text: string, rec: CanonicalRecord | Rejection, _e: string | null, counts: Counts): Promise<void> {
    if (isRejection(rec)) {
      await this.reject(fileNo, position, text, rec.reasons);
      return;
    }
    const hr = rec as OrgUnitRecord | EmployeeVersionRecord;
    const entity = hrEntity(hr);
    if (!this.entities.has(entity)) this.entities.set(entity, { before: await hrHistory(this.qr, entity), outcomes: [] });
    try {
      let outcome = await applyHrRecord(this.qr.manager, this.org, hr, this.runId);
      const key = this.connector.key(rec);
      const repeated = this.seen.has(key);
      if (outcome === 'unchanged' && repeated) outcome = 'duplicate';
      this.seen.add(key);
      this.entities.get(entity)!.outcomes.push({ outcome, repeated });
    } catch (e) {
      const known = hrRowError(e);
      if (!known) throw e;
      counts.rejected++;
      const file = this.files[fileNo];
      await this.reject(fileNo, position, text, [{ code: known.code, field: null, value: null, message: `${file}:${position}: ${known.message}` }]);
    }
  }

  private async reject(fileNo: number, position: number, raw: string, reasons: Reason[]): Promise<void> {
    this.pending.push({ fileNo, position, raw, reasons });
    if (this.pending.length >= 500) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const rows = this.pending;
    this.pending = [];
    await this.qr.query(
      `INSERT INTO rejected_record (run_id, connector, file, position, raw, reasons)
       SELECT $1, $2, ($3::text[])[f], p, r, x FROM unnest($4::int[], $5::int[], $6::text[], $7::jsonb[]) AS u(f, p, r, x)`,
      [this.runId, this.connector.name, this.files, rows.map((r) => r.fileNo + 1), rows.map((r) => r.position), rows.map((r) => r.raw), rows.map((r) => JSON.stringify(r.reasons))],
    );
  }

  async finish(_runId: string, _connector: string, _files: string[], counts: Counts): Promise<void> {
    await this.flush();
    for (const [entity, { before, outcomes }] of this.entities) {
      const same = (await hrHistory(this.qr, entity)) === before;
      for (const { outcome, repeated } of outcomes) {
        const o: WriteOutcome = same ? (repeated ? 'duplicate' : 'unchanged') : outcome;
        if (o === 'inserted') counts.inserted++;
        else if (o === 'updated') counts.updated++;
        else if (o === 'unchanged') counts.unchanged++;
        else counts.duplicates++;
      }
    }
  }

  async abort(): Promise<void> {
    this.pending = [];
  }
}

export type { FactRecord };
