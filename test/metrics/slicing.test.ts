import 'reflect-metadata';
import { graphql } from 'graphql';
import { useDatabase } from '../support/useDatabase';
import { loadManifestOrThrow } from '../../src/semantic';
import { EmployeeScope, MetricQuery, MetricQueryError, runMetricQuery } from '../../src/query';
import { buildApiSchema, createContext } from '../../src/api';
import { loadConfig } from '../../src/config';
import { RUN_ID, seedOrg } from './fixture';
import { buildRollupsIfAsked } from '../rollup/mode';

/**
 * Slicing with hand-computed expectations: attribution across a reorganization,
 * a transfer, a promotion and a leaver (AS_WAS / AS_IS / AS_OF, teamLevel,
 * underTeam), grains across DST and in a half-hour zone, filters, ordering,
 * multi-fact metrics, comparison, errors, and the GraphQL surface.
 */
const db = useDatabase('metricslicing');
const env = (orgTimezone = 'UTC') => ({ manifest: loadManifestOrThrow(), orgTimezone, today: '2026-04-15' });

async function contact(id: string, employee: string | null, at: string, channel = 'VOICE') {
  await db.ds.query(
    `INSERT INTO interaction (contact_id, channel, initiation_method, initiated_at, queue_name, enqueued_at, queue_seconds, employee_id,
       connected_at, talk_seconds, hold_seconds, acw_seconds, last_update_at, run_id)
     VALUES ($1, $2, 'INBOUND', $3, 'Q1', $3, 10, $4, $3, 100, 0, 20, $3, '${RUN_ID}')`,
    [id, channel, at, employee],
  );
}

beforeAll(async () => {
  await seedOrg(db.ds);
  // Attribution facts (all handled, handle time 120 s).
  await contact('a1', 'e1', '2026-02-10T12:00:00Z'); // e1 in t1 (care) before the transfer
  await contact('a2', 'e1', '2026-02-20T12:00:00Z'); // e1 in t2 after the transfer
  await contact('a3', 'e2', '2026-02-20T12:00:00Z'); // e2 agent in t1 (under care)
  await contact('a4', 'e2', '2026-03-05T12:00:00Z'); // e2 supervisor in t1, now under sales
  await contact('a5', 'e3', '2026-02-18T12:00:00Z'); // e3 in t2 before leaving
  await contact('a6', 'e5', '2026-02-18T12:00:00Z'); // e5: no assignment → unattributed
  // DST in New York (2026-03-08): local days Mar 7, Mar 8 (twice), Mar 9.
  for (const [id, at] of [['n1', '2026-03-08T04:30:00Z'], ['n2', '2026-03-08T05:30:00Z'], ['n3', '2026-03-09T03:30:00Z'], ['n4', '2026-03-09T04:30:00Z']]) await contact(id, 'e4', at, 'CHAT');
  // Asia/Kolkata hours (+05:30): 15:59, 16:00, 16:59 local.
  for (const [id, at] of [['k1', '2026-03-20T10:29:00Z'], ['k2', '2026-03-20T10:30:00Z'], ['k3', '2026-03-20T11:29:00Z']]) await contact(id, 'e4', at, 'CHAT');
  // ISO weeks: Sunday 22 Mar (week of Mon 16), Monday 23 and Sunday 29 (week of Mon 23).
  for (const [id, at] of [['w1', '2026-03-22T12:00:00Z'], ['w2', '2026-03-23T00:30:00Z'], ['w3', '2026-03-29T23:00:00Z']]) await contact(id, 'e4', at, 'CHAT');
  // WFM days.
  await db.ds.query(
    `INSERT INTO adherence_day (wfm_agent_id, date, employee_id, scheduled_seconds, adherent_seconds, staffed_seconds, run_id)
     VALUES ('w1', '2026-02-10', 'e1', 1000, 900, 1200, '${RUN_ID}'), ('w3', '2026-02-18', 'e3', 600, 300, 600, '${RUN_ID}')`,
  );
  await buildRollupsIfAsked(db.ds);
});

const FEB_MAR = { from: '2026-02-01T00:00:00Z', to: '2026-03-06T00:00:00Z' };
async function by(dim: 'TEAM' | 'ROLE' | 'SITE', extra: Partial<MetricQuery> = {}): Promise<Record<string, number | null>> {
  const res = await runMetricQuery(db.ds, { metrics: ['contacts_handled'], dimensions: [dim], ...FEB_MAR, ...extra }, env());
  const key = (r: (typeof res.rows)[number]) => String(dim === 'TEAM' ? r.teamId : dim === 'ROLE' ? r.role : r.site);
  return Object.fromEntries(res.rows.map((r) => [key(r), r.values[0]]));
}
const total = async (extra: Partial<MetricQuery>) => (await runMetricQuery(db.ds, { metrics: ['contacts_handled'], ...FEB_MAR, ...extra }, env())).rows.map((r) => r.values[0]);

describe('attribution across a reorganization, a transfer, a promotion and a leaver', () => {
  it('AS_WAS: the assignment and tree at each fact’s time', async () => {
    expect(await by('TEAM')).toEqual({ t1: 3, t2: 2, null: 1 });
    expect(await by('ROLE')).toEqual({ agent: 4, supervisor: 1, null: 1 });
    expect(await by('SITE')).toEqual({ Leeds: 3, York: 2, null: 1 });
  });

  it('AS_IS: latest assignments (the leaver’s last one) and today’s tree', async () => {
    expect(await by('TEAM', { attribution: 'AS_IS' })).toEqual({ t1: 2, t2: 3, null: 1 });
    expect(await by('ROLE', { attribution: 'AS_IS' })).toEqual({ agent: 3, supervisor: 2, null: 1 });
    expect(await by('TEAM', { attribution: 'AS_IS', teamLevel: 1 })).toEqual({ sales: 2, ops: 3, null: 1 });
  });

  it('AS_OF: the assignment and tree on one date (the leaver is unattributed after leaving)', async () => {
    expect(await by('TEAM', { attribution: 'AS_OF', asOf: '2026-02-01' })).toEqual({ t1: 4, t2: 1, null: 1 });
    expect(await by('TEAM', { attribution: 'AS_OF', asOf: '2026-03-01' })).toEqual({ t1: 2, t2: 2, null: 2 });
    expect(await by('TEAM', { attribution: 'AS_OF', asOf: '2026-03-01', teamLevel: 1 })).toEqual({ sales: 2, ops: 2, null: 2 });
  });

  it('teamLevel rolls up within the tree version of each fact; a shallow team stays itself', async () => {
    expect(await by('TEAM', { teamLevel: 1 })).toEqual({ ops: 4, sales: 1, null: 1 });
    expect(await by('TEAM', { teamLevel: 2 })).toEqual({ care: 4, t1: 1, null: 1 });
    expect(await by('TEAM', { teamLevel: 9 })).toEqual({ t1: 3, t2: 2, null: 1 });
  });

  it('underTeam keeps facts attributed inside the subtree (per attribution)', async () => {
    expect(await total({ underTeam: 'care' })).toEqual([4]);
    expect(await total({ underTeam: 'sales' })).toEqual([1]);
    expect(await total({ underTeam: 'sales', attribution: 'AS_IS' })).toEqual([2]);
    expect(await total({ underTeam: 'ops', attribution: 'AS_OF', asOf: '2026-02-01' })).toEqual([5]);
    expect(await by('TEAM', { underTeam: 'care', teamLevel: 3 })).toEqual({ t1: 2, t2: 2 });
  });
});

describe('access scope (a predicate over employees, in the emitted SQL)', () => {
  const scoped = async (scope: EmployeeScope) =>
    (await runMetricQuery(db.ds, { metrics: ['contacts_handled'], ...FEB_MAR }, { ...env(), scope })).rows.map((r) => r.values[0]);
  it('one employee, a current subtree, or everything', async () => {
    expect(await scoped({ kind: 'employee', employeeId: 'e1' })).toEqual([2]);
    // Today (2026-04-15) care holds e1 and e4 (t2); e2's t1 is under sales, e3 has left.
    expect(await scoped({ kind: 'subtree', teamId: 'care', asOf: '2026-04-15' })).toEqual([2]);
    expect(await scoped({ kind: 'subtree', teamId: 'ops', asOf: '2026-02-16' })).toEqual([5]);
    expect(await scoped({ kind: 'all' })).toEqual([6]);
  });
});

describe('time grains in the query’s zone', () => {
  const rows = async (q: Partial<MetricQuery>) =>
    (await runMetricQuery(db.ds, { metrics: ['contacts_handled'], from: '', to: '', ...q } as MetricQuery, env())).rows.map((r) => [r.period!.toISOString(), r.values[0]]);

  it('DAY in America/New_York across the March DST change', async () => {
    expect(await rows({ grain: 'DAY', timezone: 'America/New_York', from: '2026-03-07T05:00:00Z', to: '2026-03-10T04:00:00Z' })).toEqual([
      ['2026-03-07T05:00:00.000Z', 1],
      ['2026-03-08T05:00:00.000Z', 2],
      ['2026-03-09T04:00:00.000Z', 1],
    ]);
  });

  it('HOUR in Asia/Kolkata (half-hour offset)', async () => {
    expect(await rows({ grain: 'HOUR', timezone: 'Asia/Kolkata', from: '2026-03-20T09:30:00Z', to: '2026-03-20T11:30:00Z' })).toEqual([
      ['2026-03-20T09:30:00.000Z', 1],
      ['2026-03-20T10:30:00.000Z', 2],
    ]);
  });

  it('WEEK starts on Monday', async () => {
    expect(await rows({ grain: 'WEEK', from: '2026-03-16T00:00:00Z', to: '2026-03-30T00:00:00Z' })).toEqual([
      ['2026-03-16T00:00:00.000Z', 4], // Sunday 22 Mar + the three Kolkata contacts of Friday 20 Mar
      ['2026-03-23T00:00:00.000Z', 2], // Monday 23 Mar 00:30 and Sunday 29 Mar 23:00
    ]);
  });

  it('MONTH, QUARTER and YEAR; from is inclusive and to exclusive', async () => {
    expect(await rows({ grain: 'MONTH', from: '2026-02-01T00:00:00Z', to: '2026-04-01T00:00:00Z' })).toEqual([
      ['2026-02-01T00:00:00.000Z', 5],
      ['2026-03-01T00:00:00.000Z', 11],
    ]);
    expect(await rows({ grain: 'QUARTER', timezone: 'Europe/Paris', from: '2026-01-01T00:00:00Z', to: '2026-04-01T00:00:00Z' })).toEqual([['2025-12-31T23:00:00.000Z', 16]]);
    expect(await rows({ grain: 'YEAR', from: '2026-02-10T12:00:00Z', to: '2026-02-20T12:00:00Z' })).toEqual([['2026-01-01T00:00:00.000Z', 3]]);
  });

  it('the org-chart date of an instant is its date in SWITCHBOARD_ORG_TIMEZONE', async () => {
    // 2026-02-15T03:00Z is still 14 Feb in New York: e1 is then in t1, but already in t2 by UTC.
    await contact('tz1', 'e1', '2026-02-15T03:00:00Z');
    const q: MetricQuery = { metrics: ['contacts_handled'], dimensions: ['TEAM'], from: '2026-02-15T00:00:00Z', to: '2026-02-15T06:00:00Z' };
    expect((await runMetricQuery(db.ds, q, env('UTC'))).rows.map((r) => r.teamId)).toEqual(['t2']);
    expect((await runMetricQuery(db.ds, q, env('America/New_York'))).rows.map((r) => r.teamId)).toEqual(['t1']);
    await db.ds.query(`DELETE FROM interaction WHERE contact_id = 'tz1'`);
  });
});

describe('filters, order, limit', () => {
  it('filters by values and by exclusion', async () => {
    const q = { metrics: ['contacts_handled'], from: '2026-02-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
    expect((await runMetricQuery(db.ds, { ...q, filters: [{ dimension: 'CHANNEL', values: ['CHAT'] }] }, env())).rows[0].values).toEqual([10]);
    expect((await runMetricQuery(db.ds, { ...q, filters: [{ dimension: 'CHANNEL', values: ['CHAT'], exclude: true }] }, env())).rows[0].values).toEqual([6]);
    expect((await runMetricQuery(db.ds, { ...FEB_MAR, metrics: ['contacts_handled'], filters: [{ dimension: 'TEAM', values: ['t2'], exclude: true }] }, env())).rows[0].values).toEqual([4]);
    expect((await runMetricQuery(db.ds, { ...FEB_MAR, metrics: ['contacts_handled'], filters: [{ dimension: 'ROLE', values: ['supervisor'] }] }, env())).rows[0].values).toEqual([1]);
  });

  it('orders by a metric and limits', async () => {
    const res = await runMetricQuery(db.ds, { metrics: ['contacts_handled'], dimensions: ['TEAM'], ...FEB_MAR, orderBy: [{ field: 'contacts_handled', direction: 'DESC' }], limit: 2 }, env());
    expect(res.rows.map((r) => [r.teamId, r.values[0]])).toEqual([['t1', 3], ['t2', 2]]);
  });
});

describe('metrics on several facts', () => {
  it('aht with adherence by employee: each fact contributes where it has rows', async () => {
    const res = await runMetricQuery(db.ds, { metrics: ['aht', 'adherence', 'occupancy'], dimensions: ['EMPLOYEE'], ...FEB_MAR }, env());
    expect(res.rows.map((r) => [r.employeeId, ...r.values])).toEqual([
      ['e1', 120, 0.9, 0.2],
      ['e2', 120, null, null],
      ['e3', 120, 0.5, 0.2],
      ['e5', 120, null, null],
    ]);
    expect(res.metrics.map((m) => m.name)).toEqual(['aht', 'adherence', 'occupancy']);
    expect(res.metrics[0].version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('a count over no facts is 0 and a ratio over nothing is null', async () => {
    const res = await runMetricQuery(db.ds, { metrics: ['contacts_handled', 'revenue', 'aht'], from: '2020-01-01T00:00:00Z', to: '2020-02-01T00:00:00Z' }, env());
    expect(res.rows.map((r) => r.values)).toEqual([[0, 0, null]]);
  });
});

describe('period-over-period comparison', () => {
  it('PREVIOUS_PERIOD of a calendar month is the previous calendar month', async () => {
    const res = await runMetricQuery(db.ds, { metrics: ['contacts_handled'], grain: 'MONTH', from: '2026-03-01T00:00:00Z', to: '2026-04-01T00:00:00Z', compare: 'PREVIOUS_PERIOD' }, env());
    expect(res.rows.map((r) => [r.period!.toISOString(), r.values, r.previousValues])).toEqual([['2026-03-01T00:00:00.000Z', [11], [5]]]);
  });

  it('PREVIOUS_PERIOD by day lines up each day with the one a window earlier', async () => {
    const res = await runMetricQuery(db.ds, { metrics: ['contacts_handled'], grain: 'DAY', dimensions: ['EMPLOYEE'], from: '2026-02-20T00:00:00Z', to: '2026-03-02T00:00:00Z', compare: 'PREVIOUS_PERIOD' }, env());
    // 10 days back: 2026-02-10 (e1) lines up with 2026-02-20; 2026-02-18 (e3, e5) with 2026-02-28, which has no contacts.
    expect(res.rows.map((r) => [r.period!.toISOString().slice(0, 10), r.employeeId, r.values[0], r.previousValues![0]])).toEqual([
      ['2026-02-20', 'e1', 1, 1],
      ['2026-02-20', 'e2', 1, 0],
      ['2026-02-28', 'e3', 0, 1],
      ['2026-02-28', 'e5', 0, 1],
    ]);
  });

  it('PREVIOUS_YEAR with nothing a year earlier gives 0 for counts', async () => {
    const res = await runMetricQuery(db.ds, { metrics: ['contacts_handled', 'aht'], from: '2026-02-01T00:00:00Z', to: '2026-03-01T00:00:00Z', compare: 'PREVIOUS_YEAR' }, env());
    expect(res.rows.map((r) => [r.values, r.previousValues])).toEqual([[[5, 120], [0, null]]]);
  });
});

describe('errors are BAD_USER_INPUT with a way out', () => {
  const fails = async (q: Partial<MetricQuery>, message: RegExp) => {
    const run = runMetricQuery(db.ds, { metrics: ['aht'], ...FEB_MAR, ...q } as MetricQuery, env());
    await expect(run).rejects.toBeInstanceOf(MetricQueryError);
    await expect(run).rejects.toThrow(message);
  };
  it('unknown metric, with a did-you-mean', () => fails({ metrics: ['ahtt'] }, /unknown metric "ahtt"; did you mean "aht"\?/));
  it('unsupported dimension, naming both', () => fails({ metrics: ['csat'], dimensions: ['QUEUE'] }, /metric "csat" does not support dimension QUEUE/));
  it('unsupported dimension of a multi-fact metric', () => fails({ metrics: ['occupancy'], dimensions: ['CHANNEL'] }, /metric "occupancy" does not support dimension CHANNEL/));
  it('AS_OF without asOf', () => fails({ attribution: 'AS_OF' }, /asOf/));
  it('unknown time zone', () => fails({ timezone: 'Mars/Olympus' }, /timezone/));
  it('empty range', () => fails({ from: '2026-02-02T00:00:00Z', to: '2026-02-01T00:00:00Z' }, /earlier/));
  it('order by something not in the query', () => fails({ orderBy: [{ field: 'csat' }] }, /orderBy/));
});

describe('GraphQL metricData and the catalog', () => {
  const run = async (source: string) => {
    const ctx = createContext(db.ds, loadConfig({ SWITCHBOARD_ORG_TIMEZONE: 'UTC' }), { employeeId: null, role: 'admin' }, new Date('2026-04-15T12:00:00Z'));
    return graphql({ schema: buildApiSchema(), source, contextValue: ctx });
  };

  it('answers the SPEC §5 query shape, with teams through DataLoader and versions in the metadata', async () => {
    const r = await run(`{
      metricData(query: { metrics: ["contacts_handled", "aht"], dimensions: [TEAM], grain: MONTH, from: "2026-02-01T00:00:00Z", to: "2026-03-01T00:00:00Z",
                          timezone: "UTC", attribution: AS_WAS, teamLevel: 3, filters: [{ dimension: CHANNEL, values: ["VOICE"] }] }) {
        rowCount metrics { name version }
        rows { period teamId employeeId role site productSku productCategory channel queue team { id teamId name parent { teamId } } values }
      }
    }`);
    expect(r.errors).toBeUndefined();
    const data = r.data!.metricData as { rowCount: number; metrics: { name: string; version: string }[]; rows: { teamId: string | null; team: { id: string; teamId: string; name: string; parent: { teamId: string } | null } | null; values: number[] }[] };
    expect(data.rowCount).toBe(3);
    expect(data.metrics.map((m) => m.name)).toEqual(['contacts_handled', 'aht']);
    // AS_WAS with a grain: each row's team as it stood at the bucket start.
    expect(data.rows.map((x) => x.team?.id ?? null)).toEqual(['t1@2026-02-01', 't2@2026-02-01', null]);
    expect(data.rows.map((x) => [x.teamId, x.team?.name ?? null, x.team?.parent?.teamId ?? null, x.values])).toEqual([
      ['t1', 'Team One', 'care', [2, 120]],
      ['t2', 'Team Two', 'care', [2, 120]],
      [null, null, null, [1, 120]],
    ]);
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM metric_definition_version`);
    expect(n).toBe(23);
  });

  it('unknown metric and unsupported dimension are BAD_USER_INPUT errors', async () => {
    const a = await run(`{ metricData(query: { metrics: ["csta"], from: "2026-02-01T00:00:00Z", to: "2026-03-01T00:00:00Z" }) { rowCount } }`);
    expect(a.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(a.errors![0].message).toMatch(/did you mean "csat"/);
    const b = await run(`{ metricData(query: { metrics: ["orders"], dimensions: [CHANNEL], from: "2026-02-01T00:00:00Z", to: "2026-03-01T00:00:00Z" }) { rowCount } }`);
    expect(b.errors![0].extensions!.code).toBe('BAD_USER_INPUT');
    expect(b.errors![0].message).toMatch(/"orders".*CHANNEL/);
  });

  it('lists the catalog and one metric', async () => {
    const r = await run(`{ metrics { name type dimensions version } metric(name: "occupancy") { label unit format direction owner facts dimensions parameters { name value } } }`);
    expect(r.errors).toBeUndefined();
    const list = r.data!.metrics as { name: string }[];
    expect(list).toHaveLength(23);
    expect(r.data!.metric).toMatchObject({ facts: ['adherence_day', 'interaction'], dimensions: ['TEAM', 'EMPLOYEE', 'ROLE', 'SITE'], direction: 'higher_is_better' });
  });
});
