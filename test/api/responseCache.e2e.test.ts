import fs from 'fs';
import os from 'os';
import path from 'path';
import { parse, OperationDefinitionNode } from 'graphql';
import { runIngest } from '../../src/ingest';
import { isCacheableOperation } from '../../src/api/responseCache';
import { ingestFixtures, loadHr } from '../ingest/support';
import { serve, token } from '../support/server';
import { useDatabase } from '../support/useDatabase';

/**
 * The response cache (src/api/responseCache.ts) over real HTTP: a repeated
 * metricData read is answered whole, byte for byte as before, with the values of
 * hand-written SQL; each caller has their own entries; an ingest makes the next
 * request miss and see the new rows; errors, mutations and documents that select
 * `cached` are never kept; SWITCHBOARD_CACHE=off keeps nothing.
 */
const db = useDatabase('responsecache');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-rcache-'));
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

const QUERY = `query Handled($from: DateTime!) {
  metricData(query: { metrics: ["contacts_handled"], grain: DAY, from: $from, to: "2026-04-01T00:00:00Z" }) {
    rowCount rows { period values }
  }
}`;

/** The raw response text (the cache's claim is "the same bytes"). */
async function post(body: unknown, bearer: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${api.base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

async function responseLookups(base = api.base): Promise<{ hit: number; miss: number }> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const n = (outcome: string) => Number(new RegExp(`^switchboard_result_cache_lookups_total\\{outcome="${outcome}",store="response"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { hit: n('hit'), miss: n('miss') };
}

/** day → handled contacts, by hand (UTC days from `from`; days with none left out). */
async function handledByDay(from: string, employeeId?: string): Promise<Record<string, number>> {
  const rows: { day: string; n: number }[] = await db.ds.query(
    `SELECT to_char(initiated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day, count(*)::int AS n
       FROM interaction
      WHERE connected_at IS NOT NULL AND initiated_at >= $1::timestamptz AND initiated_at < '2026-04-01Z'
        AND ($2::text IS NULL OR employee_id = $2)
      GROUP BY 1`,
    [from, employeeId ?? null],
  );
  return Object.fromEntries(rows.map((r) => [r.day, r.n]));
}

const byDay = (text: string) =>
  Object.fromEntries(
    (JSON.parse(text).data.metricData.rows as { period: string; values: number[] }[]).filter((x) => x.values[0] !== 0).map((x) => [x.period.slice(0, 10), x.values[0]]),
  );

const op = (doc: string) => {
  const d = parse(doc);
  return isCacheableOperation(d, d.definitions[0] as OperationDefinitionNode);
};

test('only reads of metricData that do not select `cached` are kept', () => {
  expect(op(QUERY)).toBe(true);
  expect(op('{ a: metricData(query: { metrics: ["aht"], from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" }) { rowCount } __typename }')).toBe(true);
  expect(op('{ metricData(query: { metrics: ["aht"], from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" }) { cached rowCount } }')).toBe(false);
  expect(op('query { metricData(query: { metrics: ["aht"], from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" }) { ...F } } fragment F on MetricResult { cached }')).toBe(false);
  expect(op('{ metricData(query: { metrics: ["aht"], from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" }) { rowCount } me { role } }')).toBe(false);
  expect(op('{ ... on Query { metricData(query: { metrics: ["aht"], from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" }) { rowCount } } }')).toBe(false);
  expect(op('{ metrics { name } }')).toBe(false);
  expect(op('mutation { __typename }')).toBe(false);
});

test('a repeat is answered whole from the cache: the same bytes, with the values of hand-written SQL', async () => {
  const admin = await token('admin');
  const from = '2026-01-01T00:00:00Z';
  const before = await responseLookups();
  const first = await post({ query: QUERY, variables: { from } }, admin);
  expect(first.status).toBe(200);
  const expected = await handledByDay(from);
  expect(Object.keys(expected).length).toBeGreaterThan(1);
  expect(byDay(first.text)).toEqual(expected);
  const second = await post({ query: QUERY, variables: { from } }, admin);
  expect(second.text).toBe(first.text);
  expect(await responseLookups()).toEqual({ hit: before.hit + 1, miss: before.miss + 1 });
  // Other variables: another entry.
  const later = await post({ query: QUERY, variables: { from: '2026-02-01T00:00:00Z' } }, admin);
  expect(byDay(later.text)).toEqual(await handledByDay('2026-02-01T00:00:00Z'));
  expect(await responseLookups()).toEqual({ hit: before.hit + 1, miss: before.miss + 2 });
});

test('each caller has their own entries: two agents asking the same document get their own rows', async () => {
  const from = '2026-01-01T00:00:00Z';
  const [e1, e2] = [await token('agent', 'e1'), await token('agent', 'e2')];
  const mine1 = await post({ query: QUERY, variables: { from } }, e1);
  const mine2 = await post({ query: QUERY, variables: { from } }, e2);
  const again2 = await post({ query: QUERY, variables: { from } }, e2);
  const again1 = await post({ query: QUERY, variables: { from } }, e1);
  expect(byDay(mine1.text)).toEqual(await handledByDay(from, 'e1'));
  expect(byDay(mine2.text)).toEqual(await handledByDay(from, 'e2'));
  expect(byDay(mine1.text)).not.toEqual(byDay(mine2.text));
  expect(again1.text).toBe(mine1.text);
  expect(again2.text).toBe(mine2.text);
});

test('an ingest makes the next request miss and see the new contact', async () => {
  const admin = await token('admin');
  const from = '2026-03-01T00:00:00Z';
  const first = await post({ query: QUERY, variables: { from } }, admin);
  expect((await post({ query: QUERY, variables: { from } }, admin)).text).toBe(first.text);
  const f = path.join(dir, 'late.jsonl');
  const at = '2026-03-03T10:00:00Z';
  fs.writeFileSync(
    f,
    JSON.stringify({
      ContactId: 'rcache-new-1',
      Channel: 'VOICE',
      InitiationMethod: 'INBOUND',
      InitiationTimestamp: at,
      DisconnectTimestamp: '2026-03-03T11:00:00Z',
      LastUpdateTimestamp: '2026-03-03T12:00:00Z',
      Queue: { Name: 'Support', EnqueueTimestamp: at, Duration: 10 },
      Agent: { Username: 'agent.two', ConnectedToAgentTimestamp: at, AgentInteractionDuration: 60 },
    }) + '\n',
  );
  const before = await handledByDay(from);
  await runIngest(db.ds, 'amazon-connect-ctr', [f]);
  const expected = await handledByDay(from);
  expect(expected['2026-03-03']).toBe((before['2026-03-03'] ?? 0) + 1);
  const misses = (await responseLookups()).miss;
  const fresh = await post({ query: QUERY, variables: { from } }, admin);
  expect((await responseLookups()).miss).toBe(misses + 1);
  expect(byDay(fresh.text)).toEqual(expected);
  expect(fresh.text).not.toBe(first.text);
});

test('an answer with errors is never kept; a document that selects `cached` bypasses the cache', async () => {
  const admin = await token('admin');
  const bad = { query: 'query { metricData(query: { metrics: ["no_such_metric"], from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" }) { rowCount } }' };
  const before = await responseLookups();
  const a = await post(bad, admin);
  const b = await post(bad, admin);
  expect(JSON.parse(a.text).errors[0].extensions.code).toBe('BAD_USER_INPUT');
  expect(b.text).toBe(a.text);
  expect(await responseLookups()).toEqual({ hit: before.hit, miss: before.miss + 2 });

  const withCached = { query: 'query { metricData(query: { metrics: ["contacts_handled"], from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z" }) { cached rowCount } }' };
  await post(withCached, admin);
  const again = JSON.parse((await post(withCached, admin)).text);
  expect(again.data.metricData.cached).toBe(true); // the result cache answered, and says so
  expect(await responseLookups()).toEqual({ hit: before.hit, miss: before.miss + 2 });
});

test('SWITCHBOARD_CACHE=off keeps nothing', async () => {
  const off = await serve(db.ds, { cache: 'off' });
  try {
    const admin = await token('admin');
    const from = '2026-01-01T00:00:00Z';
    const ask = () => fetch(`${off.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ query: QUERY, variables: { from } }) });
    const before = await responseLookups(off.base); // the counters are the process's, shared with `api`
    const [r1, r2] = [await ask(), await ask()];
    expect(byDay(await r1.text())).toEqual(await handledByDay(from));
    expect(byDay(await r2.text())).toEqual(await handledByDay(from));
    expect(await responseLookups(off.base)).toEqual(before);
  } finally {
    await off.close();
  }
});
