/**
 * Access-scope benchmark (issue 8): what the SPEC §7 scope costs a metric query.
 * Loads the bench data set (bench/generate.ts: 200 agents in 10 teams under one
 * center, N contact records), starts the real server, and times metricData over
 * HTTP for:
 * - unscoped: an admin token (scope all);
 * - scoped, same rows: a director of the center (every agent is in their
 *   subtree, so the scope predicate filters nothing and only its cost shows);
 * - scoped to one team (a supervisor) and to one agent, for reference.
 * Then, straight through the compiler, the two ways to express a subtree scope:
 * the members resolved once into an array parameter (what the API sends) and
 * the per-assignment org_unit_path subquery. Finally the time to refuse the
 * issue's abusive requests. Prints one JSON report.
 *
 *   npm run bench:scope -- [--records 200000] [--runs 15] [--keep]
 *
 * Needs DATABASE_URL (a server where it may create the database `switchboard_bench_scope`).
 * Not a test: it never runs in `npm test`.
 */
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import pino from 'pino';
import { mintToken, resolveScope, TokenRole } from '../src/access';
import { startServer } from '../src/api';
import { requestSql } from '../src/api/requestSql';
import { OrgChart, upsertEmployee } from '../src/canonical';
import { loadConfig } from '../src/config';
import { createDataSource, migrateUp } from '../src/db';
import { runIngest } from '../src/ingest';
import { EmployeeScope, MetricQuery, runMetricQuery } from '../src/query';
import { loadManifestOrThrow } from '../src/semantic';
import { dropDatabase, freshDatabase, runBench } from './benchDb';
import { writeCtrFile, writeHrFiles } from './generate';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const SECRET = 'bench-secret-that-is-long-enough-for-hs256!';
const TODAY = '2026-02-01';

function stats(ms: number[]): { medianMs: number; p90Ms: number; minMs: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { medianMs: +at(0.5).toFixed(2), p90Ms: +at(0.9).toFixed(2), minMs: +s[0].toFixed(2) };
}

async function timed(f: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('set DATABASE_URL to a PostgreSQL server the benchmark may create a database on');
  const records = Number(arg('records') ?? 200_000);
  const runs = Number(arg('runs') ?? 15);
  const agents = 200;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-scope-'));
  const dbName = 'switchboard_bench_scope';
  const ds = createDataSource({ url: await freshDatabase(base, dbName), poolSize: 10, applicationName: 'switchboard-bench' });
  await ds.initialize();
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  try {
    await migrateUp(ds);
    const hr = writeHrFiles(dir, agents);
    await runIngest(ds, 'hr-org-units', [hr.orgUnits]);
    await runIngest(ds, 'hr-employees', [hr.employees]);
    const file = path.join(dir, 'contacts.jsonl');
    await writeCtrFile(file, records, { agents, from: '2026-01-05T00:00:00Z' });
    const loaded = await runIngest(ds, 'amazon-connect-ctr', [file]);
    // Leaders: a director of the whole center, a supervisor of team-3.
    const org = new OrgChart(ds);
    for (const [id, team, role] of [['dir-0', 'center', 'director'], ['sup-3', 'team-3', 'supervisor']] as const) {
      await upsertEmployee(ds.manager, { id, firstName: role, lastName: id, email: null });
      await org.applyAssignmentVersion(ds.manager, { employeeId: id, orgUnitId: team, role, managerId: null, site: null, effectiveFrom: '2025-01-01', effectiveTo: null });
    }
    await ds.query('ANALYZE');
    const [{ first, last }] = await ds.query(`SELECT min(initiated_at) AS first, max(initiated_at) AS last FROM interaction`);
    const from = new Date(first).toISOString();
    const to = new Date(new Date(last).getTime() + 1000).toISOString();

    const config = { ...loadConfig({}), jwtSecret: SECRET, jwksUrl: undefined };
    server = await startServer(ds, config, { port: 0, host: '127.0.0.1', logger: pino({ level: 'silent' }), clock: () => new Date(`${TODAY}T12:00:00Z`) });
    const url = `http://127.0.0.1:${server.port}/graphql`;
    const bearer = async (role: TokenRole, sub?: string) => mintToken(SECRET, { role, employeeId: sub, ttlSeconds: 3600 });
    const tokens = { unscoped: await bearer('admin'), scopedAll: await bearer('director', 'dir-0'), team: await bearer('supervisor', 'sup-3'), agent: await bearer('agent', 'emp-7') };
    const post = async (t: string, body: string) => {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` }, body });
      const text = await res.text();
      if (res.status !== 200 || text.includes('"errors"')) throw new Error(`bench query failed: ${res.status} ${text.slice(0, 300)}`);
      return text;
    };
    const queries: Record<string, string> = {
      total: `{ metricData(query: { metrics: ["contacts_handled", "aht", "service_level"], from: "${from}", to: "${to}" }) { rows { values } } }`,
      byEmployee: `{ metricData(query: { metrics: ["contacts_handled", "aht"], dimensions: [EMPLOYEE], from: "${from}", to: "${to}" }) { rowCount } }`,
      byTeamDay: `{ metricData(query: { metrics: ["aht", "service_level"], dimensions: [TEAM], grain: DAY, from: "${from}", to: "${to}" }) { rowCount } }`,
    };

    const overHttp: Record<string, unknown> = {};
    for (const [name, q] of Object.entries(queries)) {
      const body = JSON.stringify({ query: q });
      const samples: Record<keyof typeof tokens, number[]> = { unscoped: [], scopedAll: [], team: [], agent: [] };
      for (const t of Object.values(tokens)) for (let i = 0; i < 3; i++) await post(t, body); // warm-up
      // Interleaved, so drift (caches, other load on the machine) hits both sides alike.
      for (let i = 0; i < runs; i++) for (const k of Object.keys(tokens) as (keyof typeof tokens)[]) samples[k].push(await timed(() => post(tokens[k], body)));
      const u0 = stats(samples.unscoped);
      const s0 = stats(samples.scopedAll);
      overHttp[name] = {
        unscoped: u0,
        scopedSameRows: s0,
        overheadPercent: +((100 * (s0.medianMs - u0.medianMs)) / u0.medianMs).toFixed(1),
        scopedOneTeam: stats(samples.team),
        scopedOneAgent: stats(samples.agent),
      };
    }

    // The two SQL forms of a subtree scope, compiler only (no HTTP, no scope resolution).
    const env = { manifest: loadManifestOrThrow(), orgTimezone: 'UTC', today: TODAY };
    const resolved = await resolveScope(ds, { role: 'director', employeeId: 'dir-0' }, TODAY);
    const subquery: EmployeeScope = { kind: 'subtree', teamId: 'center', asOf: TODAY };
    const scopes: Record<string, EmployeeScope> = { unscoped: { kind: 'all' }, arrayParameter: resolved, orgUnitPathSubquery: subquery };
    const compiler: Record<string, unknown> = {};
    for (const [name, q] of Object.entries<MetricQuery>({
      total: { metrics: ['contacts_handled', 'aht', 'service_level'], from, to },
      byEmployee: { metrics: ['contacts_handled', 'aht'], dimensions: ['EMPLOYEE'], from, to },
    })) {
      const samples: Record<string, number[]> = Object.fromEntries(Object.keys(scopes).map((k) => [k, []]));
      for (const s of Object.values(scopes)) await runMetricQuery(ds, q, { ...env, scope: s });
      for (let i = 0; i < runs; i++) for (const [k, s] of Object.entries(scopes)) samples[k].push(await timed(() => runMetricQuery(ds, q, { ...env, scope: s })));
      const un = stats(samples.unscoped).medianMs;
      compiler[name] = Object.fromEntries(
        Object.entries(samples).map(([k, v]) => [k, { ...stats(v), overheadPercent: +((100 * (stats(v).medianMs - un)) / un).toFixed(1) }]),
      );
    }
    const sequential = async (f: () => Promise<unknown>) => {
      const out: number[] = [];
      for (let i = 0; i < runs; i++) out.push(await timed(f));
      return stats(out);
    };
    const resolveMs = await sequential(() => resolveScope(ds, { role: 'director', employeeId: 'dir-0' }, TODAY));
    // What each API statement pays for its statement_timeout (SET and RESET around it), for the record.
    const apiSql = requestSql(ds, { concurrency: 3, statementTimeoutMs: config.statementTimeoutMs });
    const statement = { direct: await sequential(() => ds.query('SELECT 1')), withStatementTimeout: await sequential(() => apiSql.query('SELECT 1')) };

    // How fast the abusive requests of the issue are refused (each followed by a normal query).
    let nest = 'teamId';
    for (let i = 0; i < 30; i++) nest = `children { parent { ${nest} } }`;
    const md = `metricData(query: { metrics: ["aht"], from: "${from}", to: "${to}" }) { rows { values } }`;
    const refusal = async (body: string) => {
      const t = process.hrtime.bigint();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.unscoped}` }, body });
      await res.text();
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      await post(tokens.unscoped, JSON.stringify({ query: '{ me { role } }' }));
      return { status: res.status, ms: +ms.toFixed(2) };
    };
    // The 10 MB body: time until the server answers, while the client is still sending
    // (fetch would first encode and send all of it, which measures the client).
    const bigBody = async () => {
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const total = 10 * 1024 * 1024;
      const t = process.hrtime.bigint();
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': total, authorization: `Bearer ${tokens.unscoped}` } }, (res) => {
          resolve(res.statusCode ?? 0);
          res.resume();
          req.destroy();
        });
        req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)));
        let sent = 0;
        const pump = () => {
          while (sent < total && !req.destroyed) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          if (!req.destroyed) req.end();
        };
        pump();
      });
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      await post(tokens.unscoped, JSON.stringify({ query: '{ me { role } }' }));
      return { status, ms: +ms.toFixed(2) };
    };
    const refusals = {
      cyclic30Levels: await refusal(JSON.stringify({ query: `{ orgChart { ${nest} } }` })),
      metricData500Aliases: await refusal(JSON.stringify({ query: `{ ${Array.from({ length: 500 }, (_, i) => `a${i}: ${md}`).join(' ')} }` })),
      body10MB: await bigBody(),
    };

    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM interaction`);
    process.stdout.write(
      `${JSON.stringify({ contacts: n, recordsRead: loaded.read, agents, runs, window: { from, to }, overHttp, compiler, resolveScopeMs: resolveMs, statementMs: statement, scopeMembers: resolved.kind === 'subtree' ? resolved.employeeIds?.length : null, refusals, node: process.version }, null, 2)}\n`,
    );
  } finally {
    await server?.close();
    await ds.destroy();
    if (!process.argv.includes('--keep')) {
      await dropDatabase(base, dbName);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

runBench(main);
