/**
 * Result-cache benchmark (issue 11): the dashboard query (TEAM × DAY, 3 KPIs, one
 * month) over real HTTP with the cache off (SWITCHBOARD_CACHE=off), a cache miss
 * (a new month each time), a hit from memory, and — with SWITCHBOARD_REDIS_URL or
 * --redis URL — a hit from Redis on a second server whose own memory is cold.
 * Prints one JSON report. Not a test: it never runs in `npm test`.
 *
 *   npm run bench:cache -- [--records 200000] [--days 7] [--runs 30] [--redis redis://127.0.0.1:6379] [--keep]
 *
 * Needs DATABASE_URL (a server where it may create the database `switchboard_bench_cache`).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import pino from 'pino';
import { mintToken } from '../src/access';
import { startServer } from '../src/api';
import { loadConfig } from '../src/config';
import { createDataSource, migrateUp } from '../src/db';
import { runIngest } from '../src/ingest';
import { createResultCache } from '../src/query/cache';
import { dropDatabase, freshDatabase, runBench } from './benchDb';
import { writeCtrFile, writeHrFiles } from './generate';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const SECRET = 'bench-secret-that-is-long-enough-for-hs256!';

function stats(ms: number[]): { p50_ms: number; p95_ms: number; n: number } {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { p50_ms: +at(0.5).toFixed(2), p95_ms: +at(0.95).toFixed(2), n: s.length };
}

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('set DATABASE_URL to a PostgreSQL server the benchmark may create a database on');
  const records = Number(arg('records') ?? 200_000);
  const runs = Number(arg('runs') ?? 30);
  // The generator writes one contact every 7 s: 200,000 records span about 16 days.
  const days = Number(arg('days') ?? 7);
  const redisUrl = arg('redis') ?? process.env.SWITCHBOARD_REDIS_URL;
  const agents = 400;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-cache-'));
  const dbName = 'switchboard_bench_cache';
  const ds = createDataSource({ url: await freshDatabase(base, dbName), poolSize: 10, applicationName: 'switchboard-bench' });
  await ds.initialize();
  const servers: Awaited<ReturnType<typeof startServer>>[] = [];
  try {
    await migrateUp(ds);
    const hr = writeHrFiles(dir, agents);
    await runIngest(ds, 'hr-org-units', [hr.orgUnits]);
    await runIngest(ds, 'hr-employees', [hr.employees]);
    const file = path.join(dir, 'contacts.jsonl');
    await writeCtrFile(file, records, { agents, from: '2025-01-01T00:00:00Z' });
    await runIngest(ds, 'amazon-connect-ctr', [file]);
    await ds.query('ANALYZE');
    const [{ first, last }] = await ds.query(`SELECT min(initiated_at) AS first, max(initiated_at) AS last FROM interaction`);

    const config = { ...loadConfig({}), jwtSecret: SECRET, jwksUrl: undefined };
    const start = async (extra: Partial<typeof config>, cache?: Awaited<ReturnType<typeof createResultCache>>) => {
      const s = await startServer(ds, { ...config, ...extra }, { port: 0, host: '127.0.0.1', logger: pino({ level: 'silent' }), ...(cache !== undefined ? { resultCache: cache } : {}) });
      servers.push(s);
      return `http://127.0.0.1:${s.port}/graphql`;
    };
    const bearer = await mintToken(SECRET, { role: 'admin', ttlSeconds: 3600 });
    const post = async (url: string, from: Date, to: Date): Promise<{ ms: number; cached: boolean }> => {
      const q = `{ metricData(query: { metrics: ["contacts_handled", "aht", "service_level"], dimensions: [TEAM], grain: DAY, from: "${from.toISOString()}", to: "${to.toISOString()}" }) { cached rowCount } }`;
      const t = process.hrtime.bigint();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` }, body: JSON.stringify({ query: q }) });
      const text = await res.text();
      const ms = Number(process.hrtime.bigint() - t) / 1e6;
      if (res.status !== 200 || text.includes('"errors"')) throw new Error(`bench query failed: ${res.status} ${text.slice(0, 300)}`);
      return { ms, cached: JSON.parse(text).data.metricData.cached };
    };
    // Windows of `days` days, each starting a little later: every one is a query not asked before.
    const t0 = new Date(first).getTime();
    const span = new Date(last).getTime() - t0 - days * 86400e3;
    if (span <= 0) throw new Error(`the data spans less than ${days} days: raise --records or lower --days`);
    const windows = Array.from({ length: runs }, (_, i) => {
      const from = new Date(t0 + Math.floor((i * span) / runs / 3600e3) * 3600e3);
      return [from, new Date(from.getTime() + days * 86400e3)] as const;
    });

    const off = await start({ cache: 'off' });
    const on = await start({ cache: 'on' });
    for (let i = 0; i < 3; i++) await post(off, ...windows[0]); // warm-up (plans, buffers)
    const offMs: number[] = [];
    const missMs: number[] = [];
    const hitMs: number[] = [];
    for (const w of windows) offMs.push((await post(off, ...w)).ms);
    for (const w of windows) {
      const r = await post(on, ...w);
      if (r.cached) throw new Error('expected a miss');
      missMs.push(r.ms);
    }
    for (const w of windows) {
      const r = await post(on, ...w);
      if (!r.cached) throw new Error('expected a hit');
      hitMs.push(r.ms);
    }
    let redis: Record<string, unknown> | null = null;
    if (redisUrl) {
      const [a, b] = [await createResultCache({ redisUrl }), await createResultCache({ redisUrl })];
      const one = await start({}, a);
      const two = await start({}, b);
      const redisHit: number[] = [];
      for (const w of windows) await post(one, ...w);
      for (const w of windows) {
        const r = await post(two, ...w);
        if (!r.cached) throw new Error('expected a Redis hit');
        redisHit.push(r.ms);
      }
      await a?.close();
      await b?.close();
      redis = { graphql_redis_hit: stats(redisHit) };
    }
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM interaction`);
    process.stdout.write(
      `${JSON.stringify({ contacts: n, agents, runs, query: `TEAM x DAY, 3 KPIs, ${days} days`, graphql_cache_off: stats(offMs), graphql_cache_miss: stats(missMs), graphql_cache_hit: stats(hitMs), ...(redis ?? {}), node: process.version }, null, 2)}\n`,
    );
  } finally {
    for (const s of servers) await s.close();
    await ds.destroy();
    if (!process.argv.includes('--keep')) {
      await dropDatabase(base, dbName);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

runBench(main);
