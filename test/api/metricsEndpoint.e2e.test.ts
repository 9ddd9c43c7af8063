import os from 'os';
import pino from 'pino';
import { startServer } from '../../src/api';
import { ingestFixtures, loadHr } from '../ingest/support';
import { serve, testConfig } from '../support/server';
import { useDatabase } from '../support/useDatabase';

/**
 * /metrics over real HTTP: the Prometheus text of prom-client's default registry,
 * with the GraphQL request and SQL latency histograms, the ingest counters (equal to
 * the rows the run wrote, counted by hand-written SQL), the pool gauges and the cache
 * counters; open to loopback clients, token-protected with SWITCHBOARD_METRICS_TOKEN.
 */
const db = useDatabase('metricsep');
let api: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  api = await serve(db.ds);
});
afterAll(async () => api?.close());

/** `name{labels} value` lines of the exposition, as label text → value. */
function samples(text: string, name: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of text.matchAll(new RegExp(`^${name}(\\{[^}]*\\})? (\\S+)$`, 'gm'))) out.set(m[1] ?? '', Number(m[2]));
  return out;
}

async function scrape(base = api.base, headers: Record<string, string> = {}): Promise<string> {
  const res = await fetch(`${base}/metrics`, { headers });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  return res.text();
}

test('ingest throughput: records by connector and outcome, equal to the rows written; and the run duration', async () => {
  await loadHr(db.ds);
  const before = samples(await scrape(), 'switchboard_ingest_records_total');
  const summary = await ingestFixtures(db.ds, 'amazon-connect-ctr', ['contacts.jsonl']);
  const text = await scrape();
  const after = samples(text, 'switchboard_ingest_records_total');
  const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM interaction`);
  const inserted = '{connector="amazon-connect-ctr",outcome="inserted"}';
  expect(n).toBeGreaterThan(0);
  expect((after.get(inserted) ?? 0) - (before.get(inserted) ?? 0)).toBe(n);
  const [{ rejected }] = await db.ds.query(`SELECT count(*)::int AS rejected FROM rejected_record WHERE run_id = $1`, [summary.runId]);
  const rej = '{connector="amazon-connect-ctr",outcome="rejected"}';
  expect((after.get(rej) ?? 0) - (before.get(rej) ?? 0)).toBe(rejected);
  expect(samples(text, 'switchboard_ingest_run_duration_seconds_count').get('{connector="amazon-connect-ctr",status="completed"}')).toBeGreaterThanOrEqual(1);
});

test('GraphQL request and SQL latency histograms, pool gauges and cache counters', async () => {
  const q = `{ metricData(query: { metrics: ["contacts_handled"], from: "2026-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z" }) { rows { values } } }`;
  const before = await scrape();
  const reqKey = '{type="query",field="metricData",outcome="ok"}';
  const reqBefore = samples(before, 'switchboard_graphql_request_duration_seconds_count').get(reqKey) ?? 0;
  const sqlBefore = samples(before, 'switchboard_sql_duration_seconds_count').get('{pool="primary",outcome="ok"}') ?? 0;
  for (let i = 0; i < 3; i++) expect((await api.gql(q)).body.errors).toBeUndefined();
  const bad = await api.gql(`{ metricData(query: { metrics: ["no_such_metric"], from: "2026-01-01T00:00:00Z", to: "2026-03-01T00:00:00Z" }) { rowCount } }`);
  expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  const text = await scrape();
  expect(samples(text, 'switchboard_graphql_request_duration_seconds_count').get(reqKey)).toBe(reqBefore + 3);
  expect(samples(text, 'switchboard_graphql_request_duration_seconds_count').get('{type="query",field="metricData",outcome="error"}')).toBeGreaterThanOrEqual(1);
  expect(text).toMatch(/^switchboard_graphql_request_duration_seconds_bucket\{le="0.005",type="query",field="metricData",outcome="ok"\} \d+$/m);
  expect(samples(text, 'switchboard_sql_duration_seconds_count').get('{pool="primary",outcome="ok"}')).toBeGreaterThan(sqlBefore);
  const pool = samples(text, 'switchboard_db_pool_connections');
  expect(pool.get('{pool="primary",state="total"}')).toBeGreaterThanOrEqual(1);
  expect(pool.get('{pool="primary",state="total"}')).toBeLessThanOrEqual(4); // the test data source's pool size
  expect(pool.has('{pool="primary",state="idle"}')).toBe(true);
  expect(pool.get('{pool="primary",state="waiting"}')).toBe(0);
  const lookups = samples(text, 'switchboard_result_cache_lookups_total');
  // The first ask misses both layers; its two repeats are answered whole by the
  // response layer (src/api/responseCache.ts), in front of the result cache.
  expect(lookups.get('{outcome="miss",store="memory"}')).toBeGreaterThanOrEqual(1);
  expect(lookups.get('{outcome="miss",store="response"}')).toBeGreaterThanOrEqual(1);
  expect(lookups.get('{outcome="hit",store="response"}')).toBeGreaterThanOrEqual(2);
  expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
});

test('with SWITCHBOARD_METRICS_TOKEN, /metrics needs that bearer token', async () => {
  const secured = await serve(db.ds, { metricsToken: 'metrics-token-0123456789' });
  try {
    expect((await fetch(`${secured.base}/metrics`)).status).toBe(401);
    expect((await fetch(`${secured.base}/metrics`, { headers: { authorization: 'Bearer metrics-token-wrong-value' } })).status).toBe(401);
    const text = await scrape(secured.base, { authorization: 'Bearer metrics-token-0123456789' });
    expect(text).toMatch(/^# TYPE switchboard_result_cache_lookups_total counter$/m);
  } finally {
    await secured.close();
  }
});

test('without a token, a client on another address is refused', async () => {
  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  if (!external) return console.warn('no non-loopback IPv4 address on this machine: the refusal is not exercised');
  const server = await startServer(db.ds, testConfig(), { port: 0, host: '0.0.0.0', logger: pino({ level: 'silent' }) });
  try {
    const res = await fetch(`http://${external}:${server.port}/metrics`);
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/SWITCHBOARD_METRICS_TOKEN/);
    expect((await fetch(`http://127.0.0.1:${server.port}/metrics`)).status).toBe(200);
  } finally {
    await server.close();
  }
});
