import { serve, token } from '../support/server';
import { collect, ctr, wsClient } from '../support/live';
import { useDatabase } from '../support/useDatabase';
import { seedOrg } from '../metrics/fixture';

/**
 * Issue 12, Done-when 1: contact events pushed over HTTP with a service token reach
 * GraphQL subscriptions over WebSocket, signed in with the same tokens and scopes.
 *
 * The org (test/metrics/fixture.ts) today: e1 is an agent in t2, e4 supervises t2
 * (t2 today: e1, e4), e2 supervises t1 under sales. ACD logins agent.e1, agent.e2.
 * Everything happens today (UTC), in queue RT (not configured: UTC, 20 s):
 *
 *   step  contact  agent  in queue  talk+hold+acw  state
 *   1     c1       e1     12 s      100+10+20      handled
 *   1     c2       e1     30 s      200+0+10       handled
 *   2     c3       –      –         –              queued, waiting (partial record)
 *   3     c3       e2      8 s      60+0+0         handled (the full record)
 *   4     c4       –      45 s      –              abandoned
 *
 * By hand, contacts_handled / aht for today:
 *   after 1: e1 2 / 170 (130, 210) · all 2 / 170 · e2 0 / –
 *   after 3: e2 1 / 60 · all 3 / 133.33 (400 / 3) · e1 unchanged
 * Queue RT:
 *   after 1: offered 2, handled 2, abandoned 0, waiting 0, service level 1/2 (12 s ≤ 20), ASA 21
 *   after 2: offered 3, waiting 1, the rest as after 1
 *   after 3: offered 3, handled 3, waiting 0, service level 2/3, ASA 50/3
 *   after 4: offered 4, abandoned 1, service level 2/4
 */
const db = useDatabase('realtime_live');
let api: Awaited<ReturnType<typeof serve>>;
const now = Date.now();
const dayStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
const base = Math.max(dayStart, now - 20 * 60_000);
const at = (s: number) => base + s * 1000;
const Q = { metrics: ['contacts_handled', 'aht'], from: new Date(dayStart).toISOString(), to: new Date(dayStart + 86_400_000).toISOString() };
const LIVE = `subscription($q: MetricQueryInput!) { metricDataLive(query: $q) { rows { employeeId values } } }`;
const QUEUES = `subscription { queueIntradayLive(queues: ["RT"]) { queue date offered handled abandoned waiting serviceLevel asa longestWaitSeconds oldestWaitingSince } }`;
const clients: ReturnType<typeof wsClient>[] = [];
const client = (bearer: string | null) => {
  const c = wsClient(api.base, bearer);
  clients.push(c);
  return c;
};

async function push(records: unknown[]) {
  const res = await fetch(`${api.base}/ingest/amazon-connect-ctr`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token('service')}`, 'content-type': 'application/json' },
    body: JSON.stringify(records),
  });
  const body = await res.json();
  expect(res.status).toBe(200);
  return body;
}

const values = (r: { data?: { metricDataLive: { rows: { employeeId: string | null; values: (number | null)[] }[] } } }) =>
  r.data!.metricDataLive.rows.map((x) => [x.employeeId, ...x.values.map((v) => (v === null ? null : Math.round(v * 100) / 100))]);

beforeAll(async () => {
  await seedOrg(db.ds);
  await db.ds.query(`INSERT INTO identity_map (source_system, external_id, employee_id, valid) VALUES ('acd', 'agent.e1', 'e1', '[2025-01-01,)'), ('acd', 'agent.e2', 'e2', '[2025-01-01,)')`);
  api = await serve(db.ds);
});
afterAll(async () => {
  for (const c of clients) await c.dispose();
  await api?.close();
});

describe('metricDataLive and queueIntradayLive over WebSocket', () => {
  it('pushes fresh results to the subscribers whose scope the pushed contacts touch, and to nobody else', async () => {
    const [e1, e2, e4, admin] = await Promise.all([token('agent', 'e1'), token('supervisor', 'e2'), token('supervisor', 'e4'), token('admin')]);
    const a = collect(client(e1), LIVE, { q: Q });
    const b = collect(client(e2), LIVE, { q: Q });
    const c = collect(client(admin), LIVE, { q: Q });
    const c2 = collect(client(admin), LIVE, { q: Q }); // same query and scope as c: one shared evaluation
    const d = collect(client(e4), LIVE, { q: { ...Q, dimensions: ['EMPLOYEE'] } });
    await Promise.all([a, b, c, c2, d].map((s) => s.until(1)));
    expect(values(a.results[0])).toEqual([[null, 0, null]]);
    expect(values(d.results[0])).toEqual([]);

    const metrics = await (await fetch(`${api.base}/metrics`)).text();
    expect(metrics).toMatch(/^switchboard_subscriptions_open\{subscription="metricDataLive"\} 5$/m);
    expect(metrics).toMatch(/^switchboard_subscription_groups\{subscription="metricDataLive"\} 4$/m);

    // Step 1: two handled contacts of e1.
    const r1 = await push([
      ctr({ id: 'c1', at: at(0), queue: 'RT', agent: 'agent.e1', queueSeconds: 12, talk: 100, hold: 10, acw: 20 }),
      ctr({ id: 'c2', at: at(60), queue: 'RT', agent: 'agent.e1', queueSeconds: 30, talk: 200, hold: 0, acw: 10 }),
    ]);
    expect(r1).toMatchObject({ read: 2, inserted: 2, rejected: 0, rejections: [] });
    await Promise.all([a.until(2), c.until(2), c2.until(2), d.until(2)]);
    expect(values(a.results[1])).toEqual([[null, 2, 170]]);
    expect(values(c.results[1])).toEqual([[null, 2, 170]]);
    expect(values(c2.results[1])).toEqual([[null, 2, 170]]);
    expect(values(d.results[1])).toEqual([['e1', 2, 170]]);

    // The queue board, subscribed now: its first result already has step 1.
    const q = collect(client(e1), QUEUES);
    await q.until(1);
    expect(q.results[0].data!.queueIntradayLive).toEqual([
      { queue: 'RT', date: new Date(dayStart).toISOString().slice(0, 10), offered: 2, handled: 2, abandoned: 0, waiting: 0, serviceLevel: 0.5, asa: 21, longestWaitSeconds: null, oldestWaitingSince: null },
    ]);

    // Step 2: c3 is queued and waits (Amazon Connect's partial record: no agent, no disconnect).
    await push([ctr({ id: 'c3', at: at(120), queue: 'RT', agent: null, queueSeconds: null, disconnected: false })]);
    await q.until(2);
    expect(q.results[1].data!.queueIntradayLive[0]).toMatchObject({ offered: 3, handled: 2, abandoned: 0, waiting: 1, serviceLevel: 0.5, asa: 21, oldestWaitingSince: new Date(at(121)).toISOString() });
    expect(q.results[1].data!.queueIntradayLive[0].longestWaitSeconds).toBeGreaterThanOrEqual(0);

    // Step 3: the full record: e2 answered after 8 s.
    const r3 = await push([ctr({ id: 'c3', at: at(120), queue: 'RT', agent: 'agent.e2', queueSeconds: 8, talk: 60 })]);
    expect(r3).toMatchObject({ read: 1, inserted: 0, updated: 1 });
    await Promise.all([q.until(3), b.until(2), c.until(3)]);
    expect(q.results[2].data!.queueIntradayLive[0]).toMatchObject({ offered: 3, handled: 3, abandoned: 0, waiting: 0, longestWaitSeconds: null, oldestWaitingSince: null });
    expect(q.results[2].data!.queueIntradayLive[0].serviceLevel).toBeCloseTo(2 / 3, 10);
    expect(q.results[2].data!.queueIntradayLive[0].asa).toBeCloseTo(50 / 3, 10);
    expect(values(b.results[1])).toEqual([[null, 1, 60]]);
    expect(values(c.results[2])).toEqual([[null, 3, 133.33]]);

    // Step 4: c4 abandons after 45 s.
    await push([ctr({ id: 'c4', at: at(180), queue: 'RT', agent: null, queueSeconds: 45 })]);
    await q.until(4);
    expect(q.results[3].data!.queueIntradayLive[0]).toMatchObject({ offered: 4, handled: 3, abandoned: 1, waiting: 0, serviceLevel: 0.5 });

    // The queue board has seen step 4, so every change is through: e2 never saw step 1
    // (outside their scope), e1 never saw steps 3 and 4 (e2's and nobody's contacts).
    await c.until(3);
    expect(b.results).toHaveLength(2);
    expect(a.results).toHaveLength(2);
    expect(d.results).toHaveLength(2);

    const after = await (await fetch(`${api.base}/metrics`)).text();
    const count = Number(/^switchboard_event_to_visible_seconds_count\{subscription="metricDataLive"\} (\d+)$/m.exec(after)?.[1]);
    expect(count).toBeGreaterThanOrEqual(5);
    expect(after).toMatch(/^switchboard_push_records_total\{connector="amazon-connect-ctr",outcome="inserted"\} 4$/m);
  });

  it('refuses a socket without a valid token, and a service token', async () => {
    const closeCode = async (bearer: string | null) => {
      const s = collect(client(bearer), `subscription { queueIntradayLive { queue } }`);
      const e = (await s.closed) as { code?: number; reason?: string };
      return [e.code, e.reason];
    };
    expect(await closeCode(null)).toEqual([4401, expect.stringMatching(/missing token/)]);
    expect(await closeCode('not-a-jwt')).toEqual([4401, expect.stringMatching(/invalid token/)]);
    expect(await closeCode(await token('service'))).toEqual([4403, 'a service token may only push data for ingest']);
  });

  it('applies the query limits and input checks of HTTP to subscriptions', async () => {
    const s = collect(client(await token('admin')), LIVE, { q: { ...Q, metrics: ['no_such_metric'] } });
    const e = await s.until(1).then(
      () => s.results[0].errors,
      (x) => x,
    );
    expect(JSON.stringify(e)).toMatch(/BAD_USER_INPUT|no_such_metric/);
  });
});
