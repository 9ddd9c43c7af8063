import fs from 'fs';
import os from 'os';
import path from 'path';
import zlib from 'zlib';
import { isUtf8 } from 'buffer';
import express, { Request, Response } from 'express';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { aRole, AuthError, TokenVerifier } from '../access';
import { Config } from '../config';
import { connectorNames, findConnector, Reason, SourceError, splitJsonObjects } from '../../connectors';
import { FileOutcomes, IngestError, refreshStatistics, runIngest } from '../ingest/runIngest';
import { pushBatches, pushRecords, pushRequests } from './metrics';

/** How push ingest batches and bounds requests (each can be set by environment, see README). */
export interface PushOptions {
  /** Largest request body (after gzip decoding), bytes; larger is 413. */
  maxBodyBytes: number;
  /** Sustained requests per second per caller (token subject, else address); over it is 429. */
  ratePerSecond: number;
  /** Requests a caller may send at once above the sustained rate. */
  burst: number;
  /** A batch waits at most this long for more requests before it runs. */
  batchMs: number;
  /** A batch runs as soon as it holds this many records. */
  batchRecords: number;
  /** Rejections listed in a response (all are in the ledger). */
  maxListedRejections: number;
}

function envNumber(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name}: must be a positive number (got ${JSON.stringify(v)})`);
  return n;
}

export function pushOptionsFromEnv(): PushOptions {
  return {
    maxBodyBytes: envNumber('SWITCHBOARD_PUSH_MAX_BYTES', 16 * 1024 * 1024),
    ratePerSecond: envNumber('SWITCHBOARD_PUSH_RATE', 500),
    burst: envNumber('SWITCHBOARD_PUSH_BURST', 1000),
    batchMs: envNumber('SWITCHBOARD_PUSH_BATCH_MS', 250),
    batchRecords: envNumber('SWITCHBOARD_PUSH_BATCH_RECORDS', 5000),
    maxListedRejections: 1000,
  };
}

/** What one request gets back once its records are durable. */
export interface PushResult extends FileOutcomes {
  runId: string;
  connector: string;
  /** Each rejected record: its position in the request (line, 1-based) and the reasons. */
  rejections: { position: number; reasons: Reason[] }[];
  /** Set when more rejections exist than are listed (read them with rejectedRecords(runId)). */
  rejectionsTruncated: boolean;
}

class BodyError extends Error {
  constructor(readonly status: number, message: string, readonly reasons: string[] = []) {
    super(message);
  }
}

interface Pending {
  file: string;
  records: number;
  resolve(r: PushResult): void;
  reject(e: unknown): void;
}

/**
 * Requests of one connector collected into runs: a run starts `batchMs` after its
 * first request, or as soon as it holds `batchRecords` records, and never while the
 * previous run of the connector is still going (runs of a connector are serialized
 * anyway). Each request is one file of the run; its answer is that file's outcomes.
 * A batch that fails as a whole (one request's CSV header, say) is retried request by
 * request, so one bad request cannot fail the others.
 */
class Batcher {
  private queue: Pending[] = [];
  private queued = 0;
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly ds: DataSource,
    private readonly connector: string,
    private readonly config: Config,
    private readonly opts: PushOptions,
    private readonly log: Logger,
    /** HR connectors apply records one by one and report no per-file counts: one request per run. */
    private readonly single: boolean,
  ) {}

  add(file: string, records: number): Promise<PushResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ file, records, resolve, reject });
      this.queued += records;
      this.kick();
    });
  }

  private kick(): void {
    if (this.running || this.queue.length === 0) return;
    if (this.single || this.queued >= this.opts.batchRecords) {
      this.flush();
      return;
    }
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.opts.batchMs);
      this.timer.unref();
    }
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running || this.queue.length === 0) return;
    const batch: Pending[] = [];
    let n = 0;
    while (this.queue.length && (batch.length === 0 || (!this.single && n + this.queue[0].records <= this.opts.batchRecords))) {
      const p = this.queue.shift()!;
      n += p.records;
      batch.push(p);
    }
    this.queued -= n;
    this.running = true;
    this.runBatch(batch)
      .catch((e) => this.log.error({ err: e }, 'push ingest batch failed'))
      .finally(() => {
        this.running = false;
        this.kick();
      });
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    try {
      const results = await this.run(batch.map((b) => b.file));
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (e) {
      if (batch.length === 1) {
        batch[0].reject(e);
        return;
      }
      for (const b of batch) {
        try {
          b.resolve((await this.run([b.file]))[0]);
        } catch (e2) {
          b.reject(e2);
        }
      }
    }
  }

  private lastAnalyze = 0;
  private analyzing = false;

  /**
   * A file run ANALYZEs what it wrote; small runs every fraction of a second would
   * spend more time there than merging, so push runs refresh the statistics at most
   * once a minute, in the background.
   */
  private statisticsDue(): void {
    if (this.analyzing || Date.now() - this.lastAnalyze < 60_000) return;
    this.analyzing = true;
    this.lastAnalyze = Date.now();
    const kind = findConnector(this.connector)!.produces;
    refreshStatistics(this.ds, kind)
      .catch(() => undefined)
      .finally(() => (this.analyzing = false));
  }

  private async run(files: string[]): Promise<PushResult[]> {
    let perFile: FileOutcomes[] | null = null;
    const s = await runIngest(this.ds, this.connector, files, {
      orgTimezone: this.config.orgTimezone,
      maxRecordBytes: this.config.maxRecordBytes,
      onFileOutcomes: (f) => (perFile = f),
      refreshStatistics: false,
    });
    if (s.inserted + s.updated > 0) this.statisticsDue();
    pushBatches.inc({ connector: this.connector });
    const outcomes: FileOutcomes[] = perFile ?? [{ read: s.read, inserted: s.inserted, updated: s.updated, unchanged: s.unchanged, duplicates: s.duplicates, rejected: s.rejected }];
    const rows: { file: string; position: number; reasons: Reason[]; n: number }[] = s.rejected
      ? await this.ds.query(
          `SELECT file, position, reasons, row_number() OVER (PARTITION BY file ORDER BY position, id)::int AS n
             FROM rejected_record WHERE run_id = $1 ORDER BY file, position, id`,
          [s.runId],
        )
      : [];
    return files.map((f, i) => {
      const mine = rows.filter((r) => r.file === f);
      const o = outcomes[i];
      for (const k of ['inserted', 'updated', 'unchanged', 'duplicates', 'rejected'] as const) if (o[k]) pushRecords.inc({ connector: this.connector, outcome: k }, o[k]);
      return {
        runId: s.runId,
        connector: s.connector,
        ...o,
        // The ledger names the run's temp file; the caller knows the records by position.
        rejections: mine.filter((r) => r.n <= this.opts.maxListedRejections).map((r) => ({ position: r.position, reasons: r.reasons.map((x) => ({ ...x, message: x.message.replace(`${f}:`, 'line ') })) })),
        rejectionsTruncated: mine.length > this.opts.maxListedRejections,
      };
    });
  }
}

/** A token bucket per caller. */
class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly rate: number, private readonly burst: number) {}

  /** Seconds to wait, or 0 when the request may go now. */
  take(who: string): number {
    const now = Date.now();
    const b = this.buckets.get(who) ?? { tokens: this.burst, at: now };
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.rate);
    b.at = now;
    this.buckets.set(who, b);
    if (this.buckets.size > 10_000) this.buckets.clear();
    if (b.tokens < 1) return Math.ceil((1 - b.tokens) / this.rate);
    b.tokens -= 1;
    return 0;
  }
}

interface FirehoseEnvelope {
  requestId: string;
  timestamp: number;
  records: { data: string }[];
}

function firehoseEnvelope(body: Buffer): FirehoseEnvelope | null {
  // Cheap test first: the envelope is a JSON object with requestId and records.
  const head = body.subarray(0, 4096).toString('utf8');
  if (!/^\s*\{/.test(head) || !/"requestId"/.test(head) || !/"records"/.test(body.toString('utf8'))) return null;
  let v: unknown;
  try {
    v = JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
  const o = v as Partial<FirehoseEnvelope>;
  if (!o || typeof o !== 'object' || typeof o.requestId !== 'string' || !Array.isArray(o.records)) return null;
  return o as FirehoseEnvelope;
}

/** Decodes the envelope's records (base64) into one body, one record per line. */
function decodeFirehose(env: FirehoseEnvelope): Buffer {
  const reasons: string[] = [];
  const parts: Buffer[] = [];
  env.records.forEach((r, i) => {
    if (!r || typeof r.data !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(r.data.replace(/\s/g, ''))) {
      reasons.push(`records[${i}].data: must be a base64 string`);
      return;
    }
    const b = Buffer.from(r.data, 'base64');
    parts.push(b);
    if (b.length === 0 || b[b.length - 1] !== 0x0a) parts.push(Buffer.from('\n'));
  });
  if (reasons.length) throw new BodyError(400, `the Firehose envelope has ${reasons.length} unreadable record(s)`, reasons.slice(0, 20));
  return Buffer.concat(parts);
}

/**
 * `POST /ingest/<connector>`: records in the connector's own format (a JSON array,
 * JSON Lines or objects back to back for contact records; CSV with its header for the
 * others), or a Firehose HTTP-endpoint delivery (`{requestId, timestamp, records:
 * [{data: base64}]}`, answered in Firehose's response shape). Only a `service` token
 * may push (Authorization: Bearer, or Firehose's X-Amz-Firehose-Access-Key). The
 * body is checked whole before anything is written: a record the reader cannot
 * frame makes it a 400 with the reasons. Otherwise the request joins the next run of
 * its connector and is answered once that run committed, with its own outcome counts
 * and rejections (SPEC §3).
 */
export function mountPush(app: express.Express, ds: DataSource, config: Config, verify: TokenVerifier, log: Logger, opts: PushOptions = pushOptionsFromEnv()): { close(): void } {
  const batchers = new Map<string, Batcher>();
  const limiter = new RateLimiter(opts.ratePerSecond, opts.burst);
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-push-'));

  app.post('/ingest/:connector', async (req: Request, res: Response) => {
    const connectorName = String(req.params.connector);
    const firehoseId = req.header('x-amz-firehose-request-id');
    let envelope: FirehoseEnvelope | null = null;
    const reply = (status: number, body: Record<string, unknown>) => {
      pushRequests.inc({ connector: findConnector(connectorName) ? connectorName : 'unknown', status: String(status) });
      if (envelope || firehoseId) {
        // Firehose reads only requestId, timestamp and (on failure) errorMessage.
        const requestId = envelope?.requestId ?? firehoseId ?? '';
        const out: Record<string, unknown> = { requestId, timestamp: Date.now() };
        if (status !== 200) out.errorMessage = [body.error, ...((body.reasons as string[] | undefined) ?? [])].join('; ');
        else Object.assign(out, body);
        res.status(status).json(out);
      } else res.status(status).json(body);
    };
    try {
      const auth = /^Bearer\s+(\S+)$/i.exec(req.header('authorization') ?? '')?.[1] ?? req.header('x-amz-firehose-access-key');
      if (!auth) throw new BodyError(401, 'missing token: send Authorization: Bearer <service token> (see `switchboard token --role service`), or X-Amz-Firehose-Access-Key');
      let principal;
      try {
        principal = await verify(auth);
      } catch (e) {
        if (e instanceof AuthError) throw new BodyError(401, e.message);
        throw e;
      }
      if (principal.role !== 'service' || principal.embed) throw new BodyError(403, `${principal.embed ? 'an embed' : aRole(principal.role)} token may not push data: use a service token (switchboard token --role service)`);
      const wait = limiter.take(principal.employeeId ? `sub:${principal.employeeId}` : `ip:${req.ip}`);
      if (wait > 0) {
        res.setHeader('Retry-After', String(wait));
        throw new BodyError(429, `too many requests: at most ${opts.ratePerSecond} per second (burst ${opts.burst}); retry after ${wait} s`);
      }
      const connector = findConnector(connectorName);
      if (!connector) throw new BodyError(404, `unknown connector ${JSON.stringify(connectorName)}; known connectors: ${connectorNames().join(', ')}`);

      let body = await readBody(req, opts.maxBodyBytes);
      envelope = firehoseEnvelope(body);
      if (envelope) body = decodeFirehose(envelope);
      if (body.length === 0 || body.toString('utf8').trim() === '') throw new BodyError(400, 'the request body holds no records');
      if (!isUtf8(body)) throw new BodyError(400, 'the request body is not UTF-8 text');

      const json = connector.produces === 'interaction';
      const dir = fs.mkdtempSync(path.join(tmpRoot, 'r-'));
      const file = path.join(dir, json ? 'records.jsonl' : 'records.csv');
      try {
        // The whole body is framed before anything is written: a broken record refuses the request.
        const problems: string[] = [];
        let records = 0;
        if (json) {
          // A JSON array, JSON Lines or objects back to back become JSON Lines, one record a
          // line: a record's position in the answer is its number in the request.
          const lines: string[] = [];
          for await (const item of splitJsonObjects((async function* () { yield body; })(), { maxRecordBytes: config.maxRecordBytes })) {
            records++;
            if (item.malformed !== undefined) problems.push(`line ${item.position}: record ${item.malformed}`);
            else lines.push(JSON.stringify(item.raw));
          }
          if (!problems.length) await fs.promises.writeFile(file, lines.join('\n') + '\n');
        } else {
          await fs.promises.writeFile(file, body);
          try {
            for await (const item of connector.read({ path: file, maxRecordBytes: config.maxRecordBytes })) {
              records++;
              if (item.malformed !== undefined) problems.push(`line ${item.position}: record ${item.malformed}`);
            }
          } catch (e) {
            if (e instanceof SourceError) throw new BodyError(400, `the request body cannot be read: ${e.message.split(`${file}:`).join('line ').split(file).join('the body')}`);
            throw e;
          }
        }
        if (problems.length) throw new BodyError(400, `the request body has ${problems.length} malformed record(s); nothing was written`, problems.slice(0, 50));
        if (records === 0) throw new BodyError(400, 'the request body holds no records');
        let batcher = batchers.get(connector.name);
        if (!batcher) batchers.set(connector.name, (batcher = new Batcher(ds, connector.name, config, opts, log, connector.produces === 'employee_version' || connector.produces === 'org_unit_version')));
        const result = await batcher.add(file, records);
        reply(200, result as unknown as Record<string, unknown>);
      } finally {
        fs.promises.rm(dir, { recursive: true, force: true }).catch(() => undefined);
      }
    } catch (e) {
      if (e instanceof BodyError) return reply(e.status, { error: e.message, ...(e.reasons.length ? { reasons: e.reasons } : {}) });
      if (e instanceof IngestError) return reply(400, { error: e.message.replace(/\S*switchboard-push-[^\s:]*:?/g, 'line ').trim() });
      log.error({ err: e, connector: connectorName, firehoseRequestId: firehoseId }, 'push ingest failed');
      reply(500, { error: 'internal error: the records were not written (the server log has the details); retry the request' });
    }
  });
  return { close: () => fs.rmSync(tmpRoot, { recursive: true, force: true }) };
}


/** The raw body, gunzipped when Content-Encoding is gzip (Firehose can compress), at most `max` bytes. */
async function readBody(req: Request, max: number): Promise<Buffer> {
  const declared = Number(req.header('content-length') ?? NaN);
  if (Number.isFinite(declared) && declared > max) {
    req.resume();
    throw new BodyError(413, `the request body is larger than ${max} bytes (SWITCHBOARD_PUSH_MAX_BYTES); send fewer records per request`);
  }
  const enc = (req.header('content-encoding') ?? 'identity').toLowerCase();
  if (enc !== 'identity' && enc !== 'gzip') throw new BodyError(415, `unsupported Content-Encoding ${JSON.stringify(enc)} (gzip or none)`);
  const source: NodeJS.ReadableStream = enc === 'gzip' ? req.pipe(zlib.createGunzip()) : req;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const c of source as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > max) {
        req.unpipe();
        req.resume();
        throw new BodyError(413, `the request body is larger than ${max} bytes (SWITCHBOARD_PUSH_MAX_BYTES); send fewer records per request`);
      }
      chunks.push(c);
    }
  } catch (e) {
    if (e instanceof BodyError) throw e;
    throw new BodyError(400, `the request body cannot be read: ${(e as Error).message}`);
  }
  return Buffer.concat(chunks);
}

