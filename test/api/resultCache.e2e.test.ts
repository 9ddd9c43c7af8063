import fs from 'fs';
import os from 'os';
import path from 'path';
import { Redis } from 'ioredis';
import { runIngest } from '../../src/ingest';
import { createResultCache, dependentKinds, ResultCache } from '../../src/query/cache';
import { resolveQuery, runMetricQuery } from '../../src/query';
import { loadManifestOrThrow } from '../../src/semantic';
import { ingestFixtures, loadHr } from '../ingest/support';
import { serve, token } from '../support/server';
import { useDatabase } from '../support/useDatabase';

/**
 * The metricData result cache over real HTTP: a repeat is served from the cache
 * (cached: true) with the same values as hand-written SQL; a caller with another
 * scope never gets someone else's entry; an ingest that touches a query's facts
 * makes the next request miss and see the new rows, while an ingest of an
 * unrelated kind leaves it cached; /metrics counts hits and misses; with Redis two
 * servers (replicas) share entries; SWITCHBOARD_CACHE=off computes every time.
 */
const db = useDatabase('resultcache');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-cache-'));
const REDIS_URL = process.env.SWITCHBOARD_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
let api: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  await loadHr(db.ds);
  await ingestFixtures(db.ds, 'amazon-connect-ctr', ['contacts.jsonl']);
  api = await serve(db.ds);
});
afterAll(async () => {
  await api?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const QUERY = `query($m: [String!]!) {
  metricData(query: { metrics: $m, grain: DAY, from: "2026-01-01T00:00:00Z", to: "2026-04-01T00:00:00Z" }) {
    cached rows { period values }
  }
}`;

type Result = { cached: boolean; rows: { period: string; values: (number | null)[] }[] };

async function ask(g: typeof api.gql, metric: string, bearer?: string): Promise<Result> {
  const res = await g<{ metricData: Result }>(QUERY, { m: [metric] }, bearer);
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.metricData;
}

/** day → handled contacts, by hand (UTC days; days with none left out). */
async function handledByDay(employeeId?: string): Promise<Record<string, number>> {
  const rows: { day: string; n: number }[] = await db.ds.query(
    `SELECT to_char(initiated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n
       FROM interaction
      WHERE connected_at IS NOT NULL AND initiated_at >= '2026-01-01Z' AND initiated_at < '2026-04-01Z'
        AND ($1::text IS NULL OR employee_id = $1)
      GROUP BY 1`,
    [employeeId ?? null],
  );
  return Object.fromEntries(rows.map((r) => [r.day, r.n]));
}

const byDay = (r: Result) => Object.fromEntries(r.rows.filter((x) => x.values[0] !== 0).map((x) => [x.period.slice(0, 10), x.values[0]]));

function contactLine(id: string, at: string, agent: string): string {
  return JSON.stringify({
    ContactId: id,
    Channel: 'VOICE',
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: at,
    DisconnectTimestamp: at.replace('T10:', 'T11:'),
    LastUpdateTimestamp: at.replace('T10:', 'T12:'),
    Queue: { Name: 'Support', EnqueueTimestamp: at, Duration: 10 },
    Agent: { Username: agent, ConnectedToAgentTimestamp: at, AgentInteractionDuration: 60 },
  });
}

async function ingestContact(id: string, at: string, agent: string): Promise<void> {
  const f = path.join(dir, `${id}.jsonl`);
  fs.writeFileSync(f, contactLine(id, at, agent) + '\n');
  await runIngest(db.ds, 'amazon-connect-ctr', [f]);
}

/** The hit and miss counters as /metrics shows them. */
async function lookups(base: string): Promise<{ hit: number; miss: number }> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  const sum = (outcome: string) =>
    [...text.matchAll(new RegExp(`^switchboard_result_cache_lookups_total\\{outcome="${outcome}",store="[a-z]+"\\} (\\d+)$`, 'gm'))].reduce((n, m) => n + Number(m[1]), 0);
  return { hit: sum('hit'), miss: sum('miss') };
}

test('the query depends on its facts, the facts its computed columns read, and the org kinds', () => {
  const manifest = loadManifestOrThrow();
  const env = { manifest, orgTimezone: 'UTC', today: '2026-03-01' };
  const kinds = (metric: string) => dependentKinds(resolveQuery({ metrics: [metric], from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }, env));
  expect(kinds('contacts_handled')).toEqual(['employee_version', 'interaction', 'org_unit_version']);
  expect(kinds('conversion_rate')).toEqual(['employee_version', 'interaction', 'org_unit_version', 'sales_order']);
  expect(kinds('qa_score')).toEqual(['employee_version', 'org_unit_version', 'quality_evaluation']);
});

test('a repeat is served from the cache, with the values of hand-written SQL', async () => {
  const before = await lookups(api.base);
  const first = await ask(api.gql, 'contacts_handled');
  const expected = await handledByDay();
  expect(Object.keys(expected).length).toBeGreaterThan(1);
  expect(first.cached).toBe(false);
  expect(byDay(first)).toEqual(expected);
  const second = await ask(api.gql, 'contacts_handled');
  expect(second.cached).toBe(true);
  expect(second.rows).toEqual(first.rows);
  const after = await lookups(api.base);
  expect(after).toEqual({ hit: before.hit + 1, miss: before.miss + 1 });
});

test('the scope is part of the key, not the token: an agent gets their own rows, an analyst shares the admin entry', async () => {
  await ask(api.gql, 'contacts_handled'); // the admin's entry exists
  const analyst = await ask(api.gql, 'contacts_handled', await token('analyst'));
  expect(analyst.cached).toBe(true); // the same scope (everyone)
  const agent = await token('agent', 'e2');
  const mine = await ask(api.gql, 'contacts_handled', agent);
  expect(mine.cached).toBe(false);
  expect(byDay(mine)).toEqual(await handledByDay('e2'));
  expect(byDay(mine)).not.toEqual(await handledByDay());
  expect((await ask(api.gql, 'contacts_handled', agent)).cached).toBe(true);
});

test('an ingest of the facts makes the next request miss and see the new contact; an unrelated kind does not', async () => {
  await ask(api.gql, 'contacts_handled');
  await ask(api.gql, 'conversion_rate');
  expect((await ask(api.gql, 'contacts_handled')).cached).toBe(true);

  await ingestContact('cache-new-1', '2026-03-03T10:00:00Z', 'agent.two');
  const fresh = await ask(api.gql, 'contacts_handled');
  expect(fresh.cached).toBe(false);
  const expected = await handledByDay();
  expect(expected['2026-03-03']).toBeGreaterThanOrEqual(1);
  expect(byDay(fresh)).toEqual(expected);

  // Orders change conversion (its computed column reads them), not contacts handled.
  expect((await ask(api.gql, 'conversion_rate')).cached).toBe(false); // the contact changed it too
  expect((await ask(api.gql, 'conversion_rate')).cached).toBe(true);
  await ingestFixtures(db.ds, 'crm-orders', ['orders.csv']);
  expect((await ask(api.gql, 'contacts_handled')).cached).toBe(true);
  expect((await ask(api.gql, 'conversion_rate')).cached).toBe(false);

  // QA evaluations touch neither.
  await ingestFixtures(db.ds, 'qa-evaluations', ['evaluations.csv']);
  expect((await ask(api.gql, 'contacts_handled')).cached).toBe(true);
  expect((await ask(api.gql, 'conversion_rate')).cached).toBe(true);

  // A reorganization (org kinds) can change any attribution.
  const reorg = path.join(dir, 'org-units.csv');
  fs.writeFileSync(reorg, fs.readFileSync(path.resolve(__dirname, '../../connectors/hr-org-units/fixtures/org-units.csv'), 'utf8').replace(/\n*$/, '\n') + 'tz9,Cache Test Team,t1,2026-03-01,\n');
  const [{ version: before }] = await db.ds.query(`SELECT coalesce(max(version), 0)::int AS version FROM data_version WHERE kind = 'org_unit_version'`);
  await runIngest(db.ds, 'hr-org-units', [reorg]);
  const [{ version: after }] = await db.ds.query(`SELECT coalesce(max(version), 0)::int AS version FROM data_version WHERE kind = 'org_unit_version'`);
  expect(after).toBe(before + 1);
  expect((await ask(api.gql, 'contacts_handled')).cached).toBe(false);
});

test('SWITCHBOARD_CACHE=off computes every request', async () => {
  const off = await serve(db.ds, { cache: 'off' });
  try {
    expect((await ask(off.gql, 'contacts_handled')).cached).toBe(false);
    const again = await ask(off.gql, 'contacts_handled');
    expect(again.cached).toBe(false);
    expect(byDay(again)).toEqual(await handledByDay());
  } finally {
    await off.close();
  }
});

test('the memory store is bounded in bytes: the least recently used entry goes first, a result larger than the bound is not kept', async () => {
  const env = { manifest: loadManifestOrThrow(), orgTimezone: 'UTC', today: '2026-03-01' };
  const q = (month: string) => ({ metrics: ['contacts_handled'], grain: 'DAY' as const, from: `2026-${month}-01T00:00:00Z`, to: `2026-${month}-28T00:00:00Z` });
  const run = (cache: ResultCache, month: string) => cache.run(db.ds, q(month), env, () => runMetricQuery(db.ds, q(month), env));
  const one = await run(new ResultCache({ maxBytes: 1 << 20 }), '01');
  const size = JSON.stringify({ ...one, query: undefined, cached: undefined }).length;
  // Room for one result of this size, not two.
  const cache = new ResultCache({ maxBytes: Math.floor(size * 1.5) });
  expect((await run(cache, '01')).cached).toBe(false);
  expect((await run(cache, '01')).cached).toBe(true);
  expect((await run(cache, '02')).cached).toBe(false); // evicts January
  expect(cache.size).toBe(1);
  expect((await run(cache, '02')).cached).toBe(true);
  expect((await run(cache, '01')).cached).toBe(false);
  const tiny = new ResultCache({ maxBytes: 16 });
  expect((await run(tiny, '01')).cached).toBe(false);
  expect((await run(tiny, '01')).cached).toBe(false);
  expect(tiny.size).toBe(0);
});

describe('shared through Redis', () => {
  let redis: Redis;
  let caches: ResultCache[] = [];
  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect(); // fails the tests when Redis is not there (SWITCHBOARD_TEST_REDIS_URL)
  });
  afterAll(async () => {
    for (const c of caches) await c.close();
    await redis?.quit();
  });

  test('a second replica (its own memory) gets the first replica’s result from Redis', async () => {
    caches = [(await createResultCache({ redisUrl: REDIS_URL }))!, (await createResultCache({ redisUrl: REDIS_URL }))!];
    const one = await serve(db.ds, {}, { resultCache: caches[0] });
    const two = await serve(db.ds, {}, { resultCache: caches[1] });
    try {
      // A contact at a time no other test asks about, so the key is new.
      await ingestContact('cache-redis-1', '2026-03-20T10:00:00Z', 'agent.two');
      const first = await ask(one.gql, 'contacts_handled');
      expect(first.cached).toBe(false);
      const before = await lookups(two.base);
      const shared = await ask(two.gql, 'contacts_handled');
      expect(shared.cached).toBe(true);
      expect(shared.rows).toEqual(first.rows);
      const after = await lookups(two.base);
      expect(after.hit).toBe(before.hit + 1);
      expect(caches[1].size).toBe(1); // the Redis hit filled the second replica's memory

      await ingestContact('cache-redis-2', '2026-03-21T10:00:00Z', 'agent.two');
      const fresh = await ask(two.gql, 'contacts_handled');
      expect(fresh.cached).toBe(false);
      expect(byDay(fresh)).toEqual(await handledByDay());
      expect((await ask(one.gql, 'contacts_handled')).cached).toBe(true); // from Redis, written by two
    } finally {
      await one.close();
      await two.close();
    }
  });
});
