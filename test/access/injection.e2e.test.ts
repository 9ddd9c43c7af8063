import { token } from '../support/server';
import { RUN_ID, useAccessApi, WINDOW } from './fixture';

/**
 * Injection strings in every string input: they leak nothing (no SQL, no stack,
 * no one else's data), break nothing (no 5xx, tables intact, the server answers
 * the next query) and each refusal carries extensions.code.
 */
const fx = useAccessApi('accessinject');
let agent: string;
let admin: string;

beforeAll(async () => {
  agent = await token('agent', 'A1');
  admin = await token('admin');
});

const INJECTIONS = [
  "' OR '1'='1",
  "A2' OR employee_id IS NOT NULL --",
  "'; DROP TABLE interaction; --",
  'x"); DELETE FROM employee; --',
  '*/ SELECT pg_sleep(5) /*',
  '-- comment',
  '--',
  '$1',
  "care-general') UNION SELECT email FROM employee --",
  'care-general@2026-01-01\' OR 1=1 --',
  '\\',
  '%',
  "é'𝕏\u2028\r\n",
  'A1\u0000',
  'x'.repeat(10000),
];

/** Server-side text that must never reach a client. */
const LEAKS = /syntax error at or near|org_unit_path|FROM interaction|interaction_facts|QueryFailedError|stacktrace|\.ts:\d+|\.js:\d+|node_modules/;
const OTHERS = /a2@|a3@|a4@|a5@|s1@|s2@|s3@|s4@|d1@|m1@|x1@|n1@|z9@/;

async function send(query: string, variables: Record<string, unknown>, bearer: string) {
  const res = await fx.api.gql(query, variables, bearer);
  expect(res.status).toBeLessThan(500);
  const text = JSON.stringify(res.body);
  expect(text).not.toMatch(LEAKS);
  if (bearer === agent) expect(text).not.toMatch(OTHERS);
  for (const e of res.body.errors ?? []) expect(typeof e.extensions?.code).toBe('string');
  return res;
}

const METRIC = `query($q: MetricQueryInput!) { metricData(query: $q) { rows { employeeId teamId channel values employee { email } } } }`;
const base = { metrics: ['contacts_handled'], ...WINDOW };

describe.each(INJECTIONS.map((s) => [JSON.stringify(s).slice(0, 60), s]))('injection %s', (_label, evil) => {
  it('in filter values of every dimension: no rows of anyone else, at most the caller’s own', async () => {
    for (const dimension of ['TEAM', 'EMPLOYEE', 'ROLE', 'SITE', 'CHANNEL', 'QUEUE', 'PRODUCT', 'PRODUCT_CATEGORY']) {
      for (const exclude of [false, true]) {
        const res = await send(METRIC, { q: { ...base, dimensions: ['EMPLOYEE'], filters: [{ dimension, values: [evil], exclude }] } }, agent);
        const rows = res.body.data?.metricData?.rows ?? [];
        for (const r of rows) expect(r.employeeId).toBe('A1');
      }
    }
  });

  it('in underTeam, metric names, the time zone, orderBy and asOf', async () => {
    const under = await send(METRIC, { q: { ...base, underTeam: evil } }, agent);
    // PostgreSQL cannot store a NUL character: that value is refused; any other matches no team.
    if (evil.includes('\u0000')) expect(under.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    else expect(under.body.data.metricData.rows.map((r: { values: number[] }) => r.values)).toEqual([[0]]);
    const metric = await send(METRIC, { q: { ...base, metrics: [evil] } }, agent);
    expect(metric.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const zone = await send(METRIC, { q: { ...base, timezone: evil } }, agent);
    expect(zone.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const order = await send(METRIC, { q: { ...base, orderBy: [{ field: evil }] } }, agent);
    expect(order.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const asOf = await send(METRIC, { q: { ...base, attribution: 'AS_OF', asOf: evil } }, agent);
    expect(asOf.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const from = await send(METRIC, { q: { ...base, from: evil } }, agent);
    expect(from.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('in ids and names: team, employee, orgChart asOf, assignment asOf, metric', async () => {
    const team = await send(`query($id: ID!) { team(id: $id) { teamId } }`, { id: evil }, agent);
    expect(team.body.data?.team ?? null).toBeNull();
    const employee = await send(`query($id: ID!) { employee(id: $id) { id email } }`, { id: evil }, agent);
    expect(employee.body.data?.employee ?? null).toBeNull();
    const chart = await send(`query($d: Date) { orgChart(asOf: $d) { teamId } }`, { d: evil }, agent);
    expect(chart.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const asg = await send(`query($d: Date) { me { employee { assignment(asOf: $d) { teamId } } } }`, { d: evil }, agent);
    expect(asg.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const m = await send(`query($n: String!) { metric(name: $n) { name } }`, { n: evil }, agent);
    expect(m.body.data?.metric ?? null).toBeNull();
  });

  it('in the ingest ledger: connector and run id', async () => {
    const runs = await send(`query($c: String) { ingestRuns(connector: $c) { id } }`, { c: evil }, admin);
    expect(runs.body.data?.ingestRuns ?? []).toEqual([]);
    const rejected = await send(`query($id: ID!) { rejectedRecords(runId: $id) { raw } }`, { id: evil }, admin);
    expect(rejected.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('after every injection', () => {
  it('the data is intact and the server answers', async () => {
    expect(await fx.db.ds.query(`SELECT (SELECT count(*)::int FROM interaction) AS i, (SELECT count(*)::int FROM employee) AS e, (SELECT count(*)::int FROM ingest_run) AS r`)).toEqual([
      { i: 18, e: 14, r: 1 },
    ]);
    const res = await fx.api.gql(`query($id: ID!) { rejectedRecords(runId: $id) { raw } }`, { id: RUN_ID }, admin);
    expect(res.body.data.rejectedRecords).toEqual([{ raw: 'A1,secret' }]);
    const mine = await fx.api.gql(METRIC, { q: base }, agent);
    expect(mine.body.data.metricData.rows.map((r: { values: number[] }) => r.values)).toEqual([[2]]);
  });
});
