/**
 * The benchmark harness of issue 11:
 *
 *   npm run bench -- --contacts N [--json] [--skip-load] [--skip-rss] [--skip-1m]
 *                    [--rss-file-gb 2] [--duration 20] [--connections 32] [--samples 20] [--keep]
 *                    [--data-dir DIR] [--reuse-database NAME] [--api-replicas N] [--agents N]
 *
 * Generates N contact records with the org, orders, QA, surveys and WFM in
 * proportion (bench/generate.ts `writeDataset`: 400 agents in 40 teams at 10M),
 * writes them as source files in the connectors' formats, ingests them through the
 * real CLI (`switchboard ingest <connector> <file> --json`, one process per run),
 * then measures the dashboard query, an HTTP load, refresh, peak RSS and ingest into
 * a full table. Prints ONE JSON object on stdout (progress goes to stderr); see
 * README "Performance" for what each figure means.
 *
 * Its own database: `switchboard_bench` created (and dropped unless --keep) on the
 * server of DATABASE_URL, or on an embedded PostgreSQL when DATABASE_URL is unset.
 * Not a test: it never runs in `npm test` (test/bench/harness.test.ts runs it tiny).
 *
 * `--data-dir DIR` keeps the generated source files in DIR (with `dataset.json`
 * describing them) and reuses them when DIR already holds a dataset of N contacts
 * (10M contacts are 15.8 GB, some 5 minutes to write). `npm run bench:generate --
 * --contacts N --data-dir DIR` only writes them. `--reuse-database NAME` measures
 * again on a database an earlier run kept (`--keep`) with that dataset: no ingest
 * and no COPY, the query, load and later phases only. `--agents N` staffs the org
 * with N agents (10 a team) instead of in proportion: the queries of the 10M org
 * (400 agents, whose day tier has the same rows at any contact count) over fewer
 * contacts, for profiling. Its figures are not the benchmark's.
 */
import './production';
import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import pino from 'pino';
import { pipeline } from 'stream/promises';
import { DataSource } from 'typeorm';
import { mintToken, TokenRole } from '../src/access';
import { startServer } from '../src/api';
import { OrgChart, upsertEmployee } from '../src/canonical';
import { loadConfig } from '../src/config';
import { createDataSource, migrateUp } from '../src/db';
import { loadRollupCatalog, syncRollups } from '../src/rollup';
import { runIngest } from '../src/ingest';
import { compileMetricQuery, MetricQuery, sourcesOf } from '../src/query';
import { loadManifestOrThrow } from '../src/semantic';
import { arg, benchServer, databaseUrl, dropDatabase, flag, freshDatabase, runBench } from './benchDb';
import { freePort } from '../test/support/ports';
import { Dataset, writeCtrFile, writeDataset } from './generate';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'bin', 'switchboard.js');
const SECRET = 'bench-secret-that-is-long-enough-for-hs256!';
const KPIS = ['contacts_handled', 'aht', 'service_level', 'abandon_rate', 'fcr_rate'];
const DAY = 86400000;

const log = (s: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}\n`);

function pct(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return +s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))].toFixed(2);
}

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const t = process.hrtime.bigint();
  const v = await f();
  return [Number(process.hrtime.bigint() - t) / 1e6, v];
}

interface CliRun {
  summary: { runId: string; read: number; inserted: number; updated: number; unchanged: number; duplicates: number; rejected: number };
  /** Wall time of the process, start-up included. */
  seconds: number;
  peakRssMb: number;
}

/** Peak RSS (VmHWM) of a live process, in MB; 0 when it has gone. */
function hwmMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** `switchboard ingest <connector> <files> --json` in its own process: its summary, wall time and peak RSS. */
function cliIngest(url: string, connector: string, files: string[], extraArgs: string[] = []): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const child = spawn(process.execPath, [...extraArgs, CLI, 'ingest', connector, ...files, '--json'], {
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, hwmMb(child.pid!))), 100);
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err = (err + d).slice(-4000)));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - t) / 1e9;
      if (code !== 0) return reject(new Error(`switchboard ingest ${connector} exited with ${code}: ${err.trim()}`));
      const last = out.trim().split('\n').pop()!;
      resolve({ summary: JSON.parse(last), seconds, peakRssMb: Math.round(peak) });
    });
  });
}

function dashboardQuery(from: Date): { from: string; to: string } {
  const to = new Date(from);
  to.setUTCMonth(to.getUTCMonth() + 1);
  return { from: from.toISOString(), to: to.toISOString() };
}

/**
 * A dashboard's request: one query document with the window and slices as
 * variables, as a dashboard or Apollo Client sends it (so the server parses and
 * validates the document once, whatever the month).
 */
function gql(metrics: string[], dims: string[], grain: string | null, w: { from: string; to: string }): string {
  const q: Record<string, unknown> = { metrics, from: w.from, to: w.to };
  if (dims.length) q.dimensions = dims;
  if (grain) q.grain = grain;
  return JSON.stringify({ query: 'query Dashboard($q: MetricQueryInput!) { metricData(query: $q) { rowCount rows { values } } }', variables: { q } });
}

/** The hand-written SQL of the dashboard query over raw facts: TEAM (as was) × UTC day, 5 KPIs. */
const RAW_SQL = `
  WITH f AS (
    SELECT a.org_unit_id AS team, date_trunc('day', i.initiated_at AT TIME ZONE 'UTC') AS day,
           i.connected_at IS NOT NULL AS handled,
           i.enqueued_at IS NOT NULL AND i.connected_at IS NULL AND i.queue_seconds > 5 AS abandoned,
           coalesce(i.talk_seconds, 0) + coalesce(i.hold_seconds, 0) + coalesce(i.acw_seconds, 0) AS handle_s,
           i.queue_seconds,
           EXISTS (SELECT 1 FROM interaction r
                    WHERE r.customer_address = i.customer_address AND r.initiation_method = 'INBOUND'
                      AND r.initiated_at > i.initiated_at AND r.initiated_at <= i.initiated_at + interval '168 hours') AS has_repeat
      FROM interaction i
      JOIN assignment a ON a.employee_id = i.employee_id AND a.valid @> (i.initiated_at AT TIME ZONE 'UTC')::date
     WHERE i.initiated_at >= $1 AND i.initiated_at < $2
  )
  SELECT team, day,
         count(*) FILTER (WHERE handled) AS contacts_handled,
         sum(handle_s) FILTER (WHERE handled)::float8 / nullif(count(*) FILTER (WHERE handled), 0) AS aht,
         count(*) FILTER (WHERE handled AND queue_seconds <= 20)::float8 / nullif(count(*) FILTER (WHERE handled OR abandoned), 0) AS service_level,
         count(*) FILTER (WHERE abandoned)::float8 / nullif(count(*) FILTER (WHERE handled OR abandoned), 0) AS abandon_rate,
         count(*) FILTER (WHERE handled AND NOT has_repeat)::float8 / nullif(count(*) FILTER (WHERE handled), 0) AS fcr_rate
    FROM f GROUP BY team, day ORDER BY day, team`;

const INTERACTION_COLS = `contact_id, channel, initiation_method, initiated_at, disconnected_at, queue_name, enqueued_at, queue_seconds,
  agent_username, employee_id, connected_at, talk_seconds, hold_seconds, acw_seconds, transferred_at, customer_address,
  product_sku, last_update_at, run_id`;

/** Rows/s of a bare COPY of the canonical rows (as COPY text) into a plain table: no index, no constraint. */
async function rawCopyRate(url: string, dir: string): Promise<{ rows: number; rate: number }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const rowsFile = path.join(dir, 'interaction.copy');
    await pipeline(c.query(copyTo(`COPY interaction (${INTERACTION_COLS}) TO STDOUT`)), fs.createWriteStream(rowsFile));
    await c.query(`DROP TABLE IF EXISTS raw_copy`);
    await c.query(`CREATE TABLE raw_copy (LIKE interaction INCLUDING DEFAULTS)`);
    await c.query('CHECKPOINT');
    const t = process.hrtime.bigint();
    await c.query('BEGIN');
    await pipeline(fs.createReadStream(rowsFile, { highWaterMark: 1 << 20 }), c.query(copyFrom(`COPY raw_copy (${INTERACTION_COLS}) FROM STDIN`)));
    await c.query('COMMIT');
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    const rows = Number((await c.query(`SELECT count(*) FROM raw_copy`)).rows[0].count);
    await c.query(`DROP TABLE raw_copy`);
    fs.rmSync(rowsFile, { force: true });
    return { rows, rate: rows / s };
  } finally {
    await c.end();
  }
}

/** A run's own duration in the ledger (started → committed), without the CLI process's start-up. */
async function runSeconds(ds: DataSource, runId: string): Promise<number> {
  const [{ s }] = await ds.query(`SELECT extract(epoch FROM finished_at - started_at)::float8 AS s FROM ingest_run WHERE id = $1`, [runId]);
  return s;
}

async function addLeaders(ds: DataSource, teams: number): Promise<void> {
  const org = new OrgChart(ds);
  const leaders: [string, string, 'director' | 'supervisor'][] = [['dir-0', 'center', 'director']];
  for (let t = 0; t < Math.min(teams, 4); t++) leaders.push([`sup-${t}`, `team-${t}`, 'supervisor']);
  for (const [id, team, role] of leaders) {
    await upsertEmployee(ds.manager, { id, firstName: role, lastName: id, email: null });
    await org.applyAssignmentVersion(ds.manager, { employeeId: id, orgUnitId: team, role, managerId: null, site: null, effectiveFrom: '2025-01-01', effectiveTo: null });
  }
}

/** `n` API replicas: `switchboard serve` processes on the benchmark database, each on a port of its own. */
async function startReplicas(dbUrl: string, n: number): Promise<{ url: string; stop(): Promise<void> }[]> {
  const started: { url: string; stop(): Promise<void> }[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const port = await freePort();
      const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], {
        env: { ...process.env, DATABASE_URL: dbUrl, SWITCHBOARD_JWT_SECRET: SECRET, SWITCHBOARD_STATEMENT_TIMEOUT_MS: '600000' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      child.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
      const exited = new Promise<void>((res) => child.once('exit', () => res()));
      await new Promise<void>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('Switchboard GraphQL at')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`switchboard serve exited with ${code}: ${err.trim()}`)));
      });
      started.push({
        url: `http://127.0.0.1:${port}`,
        async stop() {
          child.kill('SIGTERM');
          await exited;
        },
      });
    }
    return started;
  } catch (e) {
    await Promise.all(started.map((r) => r.stop()));
    throw e;
  }
}

/** The dataset of `n` contacts: reused from `dataDir` when it holds one, else generated there (or in `scratch`). */
export async function datasetIn(dataDir: string | undefined, scratch: string, n: number, agents?: number): Promise<Dataset> {
  const dir = dataDir ? path.resolve(dataDir) : scratch;
  const manifest = path.join(dir, 'dataset.json');
  if (dataDir && fs.existsSync(manifest)) {
    const d = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Dataset;
    if (d.records.contacts === n && (agents === undefined || d.agents === agents) && Object.values(d.files).every((f) => fs.existsSync(f))) {
      log(`reusing the dataset of ${n} contacts in ${dir}`);
      return d;
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(manifest, { force: true });
  log(`generating ${n} contacts in ${dir}`);
  const d = await writeDataset(dir, n, 42, agents);
  if (dataDir) fs.writeFileSync(manifest, JSON.stringify(d));
  return d;
}

async function main(): Promise<void> {
  const n = Number(arg('contacts') ?? 100_000);
  if (!Number.isSafeInteger(n) || n < 1000) throw new Error('--contacts must be a whole number ≥ 1000');
  const skipLoad = flag('skip-load');
  const skipRss = flag('skip-rss');
  const skip1m = flag('skip-1m');
  const rssGb = Number(arg('rss-file-gb') ?? 2);
  const durationSeconds = Number(arg('duration') ?? 20);
  const connections = Number(arg('connections') ?? 32);
  const samples = Number(arg('samples') ?? 20);
  const replicaCount = Number(arg('api-replicas') ?? 1);
  const agents = arg('agents') === undefined ? undefined : Number(arg('agents'));
  if (agents !== undefined && (!Number.isSafeInteger(agents) || agents < 20)) throw new Error('--agents must be a whole number ≥ 20');
  if (!Number.isSafeInteger(replicaCount) || replicaCount < 1 || replicaCount > 16) throw new Error('--api-replicas must be a whole number from 1 to 16');
  // --reuse-database NAME: a database a run kept (--keep) with the dataset of --data-dir;
  // no ingest, no COPY: the query, load, refresh and later phases only.
  const reuse = arg('reuse-database');
  const keep = flag('keep') || reuse !== undefined;
  const dbName = reuse ?? arg('database') ?? 'switchboard_bench';

  const server = await benchServer();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-run-'));
  const url = reuse ? databaseUrl(server.base, reuse) : await freshDatabase(server.base, dbName);
  // New contact ids for the refresh and later phases on a reused database (its earlier run wrote theirs).
  const stamp = reuse ? `${Date.now().toString(36)}-` : '';
  const ds = createDataSource({ url, poolSize: 12, applicationName: 'switchboard-bench' });
  await ds.initialize();
  let api: Awaited<ReturnType<typeof startServer>> | undefined;
  let apiOff: Awaited<ReturnType<typeof startServer>> | undefined;
  const report: Record<string, unknown> = {};
  try {
    await migrateUp(ds);
    // As `switchboard migrate` does: the rollups follow the metric definitions.
    if (!reuse) await syncRollups(ds, loadManifestOrThrow());
    const [{ server_version: pgVersion }] = await ds.query(`SHOW server_version`);
    // The server settings that bound a large load (PostgreSQL's defaults are 128MB and 1GB).
    const pgSettings = Object.fromEntries(
      (await ds.query(`SELECT name, current_setting(name) AS v FROM pg_settings WHERE name IN ('shared_buffers', 'max_wal_size', 'checkpoint_timeout')`)).map((r: { name: string; v: string }) => [r.name, r.v]),
    );

    if (reuse && !arg('data-dir')) throw new Error('--reuse-database needs the --data-dir of its dataset');
    const [genMs, data] = await timed<Dataset>(() => datasetIn(arg('data-dir'), dir, n, agents));
    log(`generated ${JSON.stringify(data.records)} (${(data.contactBytes / 1e9).toFixed(2)} GB of contacts) in ${(genMs / 1000).toFixed(1)} s`);

    let contacts: CliRun | null = null;
    let ingestRate = NaN;
    const others: Record<string, unknown> = {};
    let copy = { rows: 0, rate: NaN };
    if (!reuse) {
      await cliIngest(url, 'hr-org-units', [data.files.orgUnits]);
      await cliIngest(url, 'hr-employees', [data.files.employees]);
      await addLeaders(ds, data.teams);
      await ds.query('CHECKPOINT');
      log('ingesting contacts');
      contacts = await cliIngest(url, 'amazon-connect-ctr', [data.files.contacts]);
      ingestRate = contacts.summary.read / (await runSeconds(ds, contacts.summary.runId));
      Object.assign(report, { contacts: n, cores: os.cpus().length, pg_version: pgVersion, agents: data.agents, teams: data.teams, ingest_records_per_s: Math.round(ingestRate), ingest_summary: contacts.summary, ingest_peak_rss_mb: contacts.peakRssMb });
      log(`contacts: ${JSON.stringify(contacts.summary)} in ${contacts.seconds.toFixed(1)} s = ${Math.round(ingestRate)} records/s, peak RSS ${contacts.peakRssMb} MB`);
      for (const [connector, file] of [['crm-orders', data.files.orders], ['qa-evaluations', data.files.evaluations], ['surveys', data.files.surveys], ['wfm-adherence', data.files.adherence]]) {
        const r = await cliIngest(url, connector, [file]);
        others[connector] = { ...r.summary, records_per_s: Math.round(r.summary.read / r.seconds) };
      }
      log(`other facts: ${JSON.stringify(others)}`);
      if (!arg('data-dir')) fs.rmSync(data.files.contacts, { force: true });

      log('raw COPY of the canonical rows');
      copy = await rawCopyRate(url, dir);
      report.copy_records_per_s = Math.round(copy.rate);
      log(`raw COPY: ${copy.rows} rows at ${Math.round(copy.rate)} rows/s`);
      await ds.query('VACUUM ANALYZE');
    }

    // The server, with a long statement timeout (raw-fact queries at 10M take seconds).
    const config = { ...loadConfig({}), databaseUrl: url, jwtSecret: SECRET, jwksUrl: undefined, statementTimeoutMs: 600_000 };
    const serverOpts = { port: 0, host: '127.0.0.1', logger: pino({ level: 'silent' }), clock: () => new Date('2026-06-01T12:00:00Z') };
    api = await startServer(ds, config, serverOpts);
    // The same server with no cache at all (SWITCHBOARD_CACHE=off): `graphql_p50_ms`.
    apiOff = await startServer(ds, config, { ...serverOpts, resultCache: null });
    const gqlUrl = `http://127.0.0.1:${api.port}/graphql`;
    const offUrl = `http://127.0.0.1:${apiOff.port}/graphql`;
    const token = (role: TokenRole, sub?: string) => mintToken(SECRET, { role, employeeId: sub, ttlSeconds: 7200 });
    const admin = await token('admin');
    const post = async (body: string, t = admin, to = gqlUrl): Promise<{ rowCount: number; rows: { values: (number | null)[] }[] }> => {
      const res = await fetch(to, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` }, body });
      const text = await res.text();
      if (res.status !== 200 || text.includes('"errors"')) throw new Error(`bench query failed: ${res.status} ${text.slice(0, 300)}`);
      return JSON.parse(text).data.metricData;
    };

    // The dashboard query, a new month each time (windows start a week apart): on the
    // server with the cache off (`graphql_p50_ms`, `graphql_p95_ms`), and on the one
    // with it on, where each new month is a miss of both cache layers
    // (`graphql_miss_p50_ms`: what the cache's bookkeeping adds); `graphql_cached_p50_ms`
    // asks one month again and again with the cache on.
    const start = Date.parse(data.from);
    const windows = Array.from({ length: samples + 2 }, (_, i) => dashboardQuery(new Date(start + (i * 7 + 3) * DAY)));
    const body = (w: { from: string; to: string }) => gql(KPIS, ['TEAM'], 'DAY', w);
    log('dashboard query over GraphQL');
    const gqlMs: number[] = [];
    const missMs: number[] = [];
    // Warm-up: a running server has compiled its hot paths long ago (V8 optimizes after
    // some hundred calls). Months that start on other days than the timed ones, so the
    // timed months are still never asked before.
    for (let i = 0; i < 60; i++) {
      const b = body(dashboardQuery(new Date(start + (i * 7 + 5) * DAY)));
      await post(b);
      await post(b, admin, offUrl);
    }
    // Which path the server took for the dashboard query (a month not timed below).
    const srcRes = await fetch(gqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: body(dashboardQuery(new Date(start + 230 * DAY))).replace('rows { values }', 'rows { values } sources { fact path table }') });
    report.graphql_sources = ((await srcRes.json()) as { data: { metricData: { sources: unknown[] } } }).data.metricData.sources;
    for (const w of windows.slice(0, samples)) {
      gqlMs.push((await timed(() => post(body(w), admin, offUrl)))[0]);
      missMs.push((await timed(() => post(body(w))))[0]);
    }
    const cachedW = windows[0];
    const cachedMs: number[] = [];
    for (let i = 0; i < samples; i++) cachedMs.push((await timed(() => post(body(cachedW))))[0]);

    // The SQL the compiler emits for the same query, alone; and the hand-written SQL over raw facts.
    const manifest = loadManifestOrThrow();
    // With the database's rollup catalog, as the server plans it; the path is what the plan says.
    const env = { manifest, orgTimezone: 'UTC', today: '2026-06-01', scope: { kind: 'all' as const }, rollups: await loadRollupCatalog(ds) };
    const compiled = (w: { from: string; to: string }) => compileMetricQuery({ metrics: KPIS, dimensions: ['TEAM'], grain: 'DAY', from: w.from, to: w.to } as MetricQuery, env);
    const sqlPath = sourcesOf(compiled(windows[0]).plan).map((x) => `${x.strategy}:${x.table}`).join(' + ');
    const emittedMs: number[] = [];
    const rawMs: number[] = [];
    // The emitted SQL with the server's session settings (src/api/requestSql.ts: no JIT);
    // the hand-written SQL with PostgreSQL's defaults.
    const c = new Client({ connectionString: url });
    const cRaw = new Client({ connectionString: url });
    await c.connect();
    await cRaw.connect();
    await c.query('SET jit = off');
    for (const w of windows.slice(0, samples)) {
      const r = compiled(w).rendered;
      emittedMs.push((await timed(() => c.query(r.sql, r.params as unknown[])))[0]);
      rawMs.push((await timed(() => cRaw.query(RAW_SQL, [w.from, w.to])))[0]);
    }
    await c.end();
    await cRaw.end();
    Object.assign(report, { graphql_p50_ms: pct(gqlMs, 0.5), graphql_p95_ms: pct(gqlMs, 0.95), graphql_miss_p50_ms: pct(missMs, 0.5), graphql_cached_p50_ms: pct(cachedMs, 0.5), rollup_sql_p50_ms: pct(emittedMs, 0.5), rollup_sql_path: sqlPath, raw_sql_p50_ms: pct(rawMs, 0.5) });
    log(`graphql p50 ${pct(gqlMs, 0.5)} ms (cache off; a miss with it on: ${pct(missMs, 0.5)} ms, a hit: ${pct(cachedMs, 0.5)} ms), emitted SQL (${sqlPath}) p50 ${pct(emittedMs, 0.5)} ms, raw SQL p50 ${pct(rawMs, 0.5)} ms`);

    // HTTP load: a mix of dashboard queries and scopes, in a process of its own.
    let load: Record<string, unknown> = { rps: null, p99_ms: null, errors: null };
    if (!skipLoad) {
      const tokens = [admin, await token('director', 'dir-0'), ...(await Promise.all([0, 1, 2, 3].filter((t) => t < data.teams).map((t) => token('supervisor', `sup-${t}`)))), await token('agent', 'emp-1')];
      const requests: { body: string; token: string }[] = [];
      for (let i = 0; i < 24; i++) {
        const w = windows[i % 4];
        const t = tokens[i % tokens.length];
        const q = [
          gql(KPIS, ['TEAM'], 'DAY', w),
          gql(['contacts_handled', 'aht', 'service_level'], [], null, w),
          gql(['contacts_handled', 'aht'], ['EMPLOYEE'], 'WEEK', w),
        ][i % 3];
        requests.push({ body: q, token: t });
      }
      const specFile = path.join(dir, 'load.json');
      // --api-replicas N > 1: N `switchboard serve` processes (stateless replicas, as
      // docs/scaling.md runs them), the connections split between them.
      const replicas = replicaCount > 1 ? await startReplicas(url, replicaCount) : [];
      try {
        const urls = replicas.length ? replicas.map((r) => r.url) : [`http://127.0.0.1:${api.port}`];
        // One pass over the mix on each server first, as on servers that have been
        // answering their wallboards: the load measures the steady state. (Cold,
        // autocannon's connections, which all start at the mix's first request, queue
        // in lockstep behind its 24 misses; what a miss costs is graphql_p50_ms.)
        for (const u of urls)
          for (const r of requests) {
            const res = await fetch(`${u}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${r.token}` }, body: r.body });
            if (res.status !== 200 || (await res.text()).includes('"errors"')) throw new Error(`bench warm-up query failed: ${res.status}`);
          }
        fs.writeFileSync(specFile, JSON.stringify({ urls, connections, durationSeconds, requests }));
        log(`autocannon: ${connections} connections for ${durationSeconds} s against ${urls.length} server process(es)`);
        load = await new Promise((resolve, reject) => {
          const child = spawn(process.execPath, [path.join(__dirname, 'load.js'), specFile], { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (d) => (out += d));
          child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`load generator exited with ${code}`))));
        });
      } finally {
        await Promise.all(replicas.map((r) => r.stop()));
      }
      log(`load: ${JSON.stringify(load)}`);
    }

    // Refresh: 10,000 new contacts in a new month; time until metricData shows them all.
    const refreshFrom = '2026-02-01T00:00:00Z';
    const refreshWindow = { from: refreshFrom, to: '2026-03-01T00:00:00Z' };
    const refreshFile = path.join(dir, 'refresh.jsonl');
    await writeCtrFile(refreshFile, 10_000, { agents: data.agents, from: refreshFrom, spacingMs: 200, idPrefix: `rf-${stamp}`, seed: 7 });
    const handledBody = gql(['contacts_handled'], [], null, refreshWindow);
    const before = (await post(handledBody)).rows[0]?.values[0] ?? 0;
    const elapsed = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;
    const t0 = process.hrtime.bigint();
    // A reader polls metricData from the start, as a wallboard does, while the ingest
    // runs in the server's process (as the push endpoint or the scheduler would run
    // it). The figure is when the first answer with every new contact came back: the
    // run's commit, not the statistics refresh (ANALYZE) that follows it.
    const seen: { ms: number; shown: number }[] = [];
    let stop = false;
    const poller = (async () => {
      while (!stop) seen.push({ shown: (await post(handledBody)).rows[0]?.values[0] ?? 0, ms: elapsed(t0) });
    })();
    let refresh: { summary: Awaited<ReturnType<typeof runIngest>> };
    let handled: number;
    try {
      refresh = { summary: await runIngest(ds, 'amazon-connect-ctr', [refreshFile]) };
      const ingestMs = elapsed(t0);
      [{ handled }] = await ds.query(`SELECT count(*)::int AS handled FROM interaction i JOIN assignment a ON a.employee_id = i.employee_id AND a.valid @> (i.initiated_at AT TIME ZONE 'UTC')::date WHERE connected_at IS NOT NULL AND initiated_at >= $1 AND initiated_at < $2`, [refreshWindow.from, refreshWindow.to]);
      for (let i = 0; i < 1000 && !seen.some((x) => x.shown === handled); i++) await new Promise((r) => setTimeout(r, 5));
      log(`refresh: the run returned after ${ingestMs.toFixed(0)} ms (its ANALYZE included)`);
    } finally {
      stop = true;
      await poller;
    }
    const first = seen.find((x) => x.shown === handled);
    if (!first) throw new Error(`refresh: metricData never showed the ${handled} handled contacts (last answer ${seen.at(-1)?.shown})`);
    const refreshMs = first.ms;
    report.refresh_ms_10k = Math.round(refreshMs);
    log(`refresh: ${refresh.summary.inserted} new contacts shown after ${refreshMs.toFixed(0)} ms (${seen.length} polls, ${before} before)`);

    // 1M new contacts (at most N) into the N-contact table.
    let into: { records: number; rate: number | null } = { records: 0, rate: null };
    if (!skip1m) {
      const m = Math.min(1_000_000, n);
      const f = path.join(dir, 'more.jsonl');
      await writeCtrFile(f, m, { agents: data.agents, from: '2026-03-01T00:00:00Z', spacingMs: (365 * DAY) / m, idPrefix: `mm-${stamp}`, seed: 11, addresses: Math.max(1000, Math.round(n / 5)) });
      await ds.query('CHECKPOINT');
      log(`ingesting ${m} new contacts into the ${n}-contact table`);
      const r = await cliIngest(url, 'amazon-connect-ctr', [f]);
      fs.rmSync(f, { force: true });
      const rate = r.summary.read / (await runSeconds(ds, r.summary.runId));
      into = { records: r.summary.read, rate };
      log(`into full table: ${Math.round(rate)} records/s (${r.seconds.toFixed(1)} s)`);
    }

    // Peak RSS while ingesting a file of --rss-file-gb GB (new contacts).
    let peakRss: number | null = null;
    let rssFileBytes = 0;
    if (!skipRss) {
      const f = path.join(dir, 'rss.jsonl');
      const perRecord = 1100;
      const count = Math.ceil((rssGb * 1e9) / perRecord);
      // Callers in the same proportion as the dataset's (about five contacts per caller):
      // the generator's default of 10,000 addresses gave each caller some 180 contacts in
      // six weeks, and every new contact then re-derived the FCR of ~30 earlier ones.
      const w = await writeCtrFile(f, count, { agents: data.agents, from: '2027-01-01T00:00:00Z', spacingMs: 2000, idPrefix: `rss-${stamp}`, seed: 13, addresses: Math.max(1000, Math.round(count / 5)) });
      rssFileBytes = w.bytes;
      log(`peak RSS: ingesting ${(w.bytes / 1e9).toFixed(2)} GB`);
      const r = await cliIngest(url, 'amazon-connect-ctr', [f]);
      fs.rmSync(f, { force: true });
      peakRss = r.peakRssMb;
      log(`peak RSS ${peakRss} MB (${Math.round(r.summary.read / r.seconds)} records/s)`);
    }

    Object.assign(report, {
      contacts: n,
      cores: os.cpus().length,
      pg_version: pgVersion,
      pg_settings: pgSettings,
      node: process.version,
      agents: data.agents,
      teams: data.teams,
      records: data.records,
      contact_file_gb: +(data.contactBytes / 1e9).toFixed(2),
      reused_database: reuse ?? null,
      ingest_records_per_s: contacts ? Math.round(ingestRate) : null,
      ingest_wall_records_per_s: contacts ? Math.round(contacts.summary.read / contacts.seconds) : null,
      ingest_summary: contacts?.summary ?? null,
      ingest_peak_rss_mb: contacts?.peakRssMb ?? null,
      other_ingests: contacts ? others : null,
      copy_records_per_s: contacts ? Math.round(copy.rate) : null,
      ingest_to_copy: contacts ? +(ingestRate / copy.rate).toFixed(3) : null,
      graphql_p50_ms: pct(gqlMs, 0.5),
      graphql_p95_ms: pct(gqlMs, 0.95),
      graphql_miss_p50_ms: pct(missMs, 0.5),
      graphql_cached_p50_ms: pct(cachedMs, 0.5),
      rollup_sql_p50_ms: pct(emittedMs, 0.5),
      rollup_sql_path: sqlPath,
      graphql_sources: report.graphql_sources,
      raw_sql_p50_ms: pct(rawMs, 0.5),
      samples,
      rps: load.rps,
      p99_ms: load.p99_ms,
      errors: load.errors,
      load: skipLoad ? null : { connections, duration_s: durationSeconds, api_replicas: replicaCount, ...load },
      refresh_ms_10k: Math.round(refreshMs),
      peak_rss_mb: peakRss,
      rss_file_gb: skipRss ? null : +(rssFileBytes / 1e9).toFixed(2),
      ingest_1m_records: into.records,
      ingest_1m_into_10m_records_per_s: into.rate === null ? null : Math.round(into.rate),
      into_full_to_empty: into.rate === null || !contacts ? null : +(into.rate / ingestRate).toFixed(3),
      generate_s: +(genMs / 1000).toFixed(1),
      embedded_pg: server.embedded,
    });
  } catch (e) {
    // What was measured before the failure, so a long run is not lost.
    process.stdout.write(`${JSON.stringify({ ...report, failed: (e as Error).message.split('\n')[0] })}\n`);
    throw e;
  } finally {
    await api?.close();
    await apiOff?.close();
    await ds.destroy();
    if (!keep) {
      await dropDatabase(server.base, dbName).catch(() => undefined);
      await server.stop();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(flag('json') ? `${JSON.stringify(report)}\n` : `${JSON.stringify(report, null, 2)}\n`);
}

if (process.argv.includes('--generate-only')) {
  runBench(async () => {
    const n = Number(arg('contacts') ?? 100_000);
    const d = await datasetIn(arg('data-dir') ?? path.join(os.tmpdir(), `sb-bench-data-${n}`), '', n);
    process.stdout.write(`${JSON.stringify({ dir: d.dir, records: d.records, contact_file_gb: +(d.contactBytes / 1e9).toFixed(2) })}\n`);
  });
} else runBench(main);
