import 'reflect-metadata';
import { useDatabase } from '../support/useDatabase';
import { loadManifestOrThrow } from '../../src/semantic';
import { runMetricQuery } from '../../src/query';
import { seedFacts, seedOrg } from './fixture';
import { buildRollupsIfAsked } from '../rollup/mode';

/**
 * Every KPI of SPEC §4.2 against a hand-written SQL query over the canonical
 * tables (never the compiler), on a fixture with transfers, abandons, short
 * abandons, repeat callers, cancelled orders, auto-fail evaluations and surveys
 * without a known contact.
 */
const db = useDatabase('metrickpis');

const RANGE = (col: string) => `${col} >= $1::timestamptz AND ${col} < $2::timestamptz`;
const HANDLED = 'i.connected_at IS NOT NULL';
const ABANDONED = 'i.enqueued_at IS NOT NULL AND i.connected_at IS NULL AND i.queue_seconds > 5';
const HANDLE = 'coalesce(i.talk_seconds,0) + coalesce(i.hold_seconds,0) + coalesce(i.acw_seconds,0)';

type Group = 'all' | 'employee';
const g = (group: Group, col: string) => (group === 'all' ? `'all'::text` : col);

/** One aggregate per group over contacts. */
const contacts = (group: Group, value: string) =>
  `SELECT ${g(group, 'i.employee_id')} AS k, (${value})::float8 AS v FROM interaction i WHERE ${RANGE('i.initiated_at')} GROUP BY 1`;
const orders = (group: Group, value: string) =>
  `SELECT ${g(group, 'o.employee_id')} AS k, (${value})::float8 AS v FROM sales_order o WHERE ${RANGE('o.ordered_at')} GROUP BY 1`;
const surveys = (group: Group, value: string) =>
  `SELECT ${g(group, 'c.employee_id')} AS k, (${value})::float8 AS v FROM survey_response s LEFT JOIN interaction c ON c.contact_id = s.contact_id WHERE ${RANGE('s.responded_at')} GROUP BY 1`;
const adherence = (group: Group, value: string) =>
  `SELECT ${g(group, 'a.employee_id')} AS k, (${value})::float8 AS v FROM adherence_day a WHERE ${RANGE(`(a.date::timestamp AT TIME ZONE 'UTC')`)} GROUP BY 1`;
/** Two facts meeting on the group key (numerator over denominator). */
const across = (num: string, den: string) =>
  `SELECT coalesce(x.k, y.k) AS k, (coalesce(x.v, 0) / nullif(coalesce(y.v, 0), 0))::float8 AS v
     FROM (${num}) x FULL JOIN (${den}) y ON coalesce(x.k, '~none') = coalesce(y.k, '~none')`;

const HAND: Record<string, (group: Group) => string> = {
  contacts_offered: (gr) => contacts(gr, `count(*) FILTER (WHERE i.enqueued_at IS NOT NULL AND NOT (i.connected_at IS NULL AND coalesce(i.queue_seconds, 0) <= 5))`),
  contacts_handled: (gr) => contacts(gr, `count(*) FILTER (WHERE ${HANDLED})`),
  contacts_abandoned: (gr) => contacts(gr, `count(*) FILTER (WHERE ${ABANDONED})`),
  abandon_rate: (gr) => contacts(gr, `count(*) FILTER (WHERE ${ABANDONED})::float8 / nullif(count(*) FILTER (WHERE ${HANDLED} OR (${ABANDONED})), 0)`),
  aht: (gr) => contacts(gr, `sum(${HANDLE}) FILTER (WHERE ${HANDLED})::float8 / nullif(count(*) FILTER (WHERE ${HANDLED}), 0)`),
  avg_talk_time: (gr) => contacts(gr, `sum(i.talk_seconds) FILTER (WHERE ${HANDLED})::float8 / nullif(count(*) FILTER (WHERE ${HANDLED}), 0)`),
  avg_hold_time: (gr) => contacts(gr, `sum(i.hold_seconds) FILTER (WHERE ${HANDLED})::float8 / nullif(count(*) FILTER (WHERE ${HANDLED}), 0)`),
  avg_acw_time: (gr) => contacts(gr, `sum(i.acw_seconds) FILTER (WHERE ${HANDLED})::float8 / nullif(count(*) FILTER (WHERE ${HANDLED}), 0)`),
  asa: (gr) => contacts(gr, `sum(i.queue_seconds) FILTER (WHERE ${HANDLED})::float8 / nullif(count(*) FILTER (WHERE ${HANDLED}), 0)`),
  service_level: (gr) => contacts(gr, `count(*) FILTER (WHERE ${HANDLED} AND i.queue_seconds <= 20)::float8 / nullif(count(*) FILTER (WHERE ${HANDLED} OR (${ABANDONED})), 0)`),
  transfer_rate: (gr) => contacts(gr, `count(*) FILTER (WHERE ${HANDLED} AND i.transferred_at IS NOT NULL)::float8 / nullif(count(*) FILTER (WHERE ${HANDLED}), 0)`),
  fcr_rate: (gr) =>
    contacts(
      gr,
      `count(*) FILTER (WHERE ${HANDLED} AND NOT EXISTS (
         SELECT 1 FROM interaction r WHERE r.customer_address = i.customer_address AND r.initiation_method = 'INBOUND'
            AND r.initiated_at > i.initiated_at AND r.initiated_at <= i.initiated_at + interval '168 hours'))::float8
       / nullif(count(*) FILTER (WHERE ${HANDLED}), 0)`,
    ),
  conversion_rate: (gr) =>
    contacts(gr, `count(*) FILTER (WHERE ${HANDLED} AND i.contact_id IN (SELECT contact_id FROM sales_order WHERE status = 'booked' AND contact_id IS NOT NULL))::float8 / nullif(count(*) FILTER (WHERE ${HANDLED}), 0)`),
  occupancy: (gr) => across(contacts(gr, `sum(${HANDLE}) FILTER (WHERE ${HANDLED})`), adherence(gr, 'sum(a.staffed_seconds)')),
  adherence: (gr) => adherence(gr, 'sum(a.adherent_seconds)::float8 / nullif(sum(a.scheduled_seconds), 0)'),
  csat: (gr) => surveys(gr, 'avg(s.csat)'),
  csat_top2: (gr) => surveys(gr, 'count(*) FILTER (WHERE s.csat >= 4)::float8 / nullif(count(s.csat), 0)'),
  nps: (gr) => surveys(gr, '100.0 * (count(*) FILTER (WHERE s.nps >= 9) - count(*) FILTER (WHERE s.nps <= 6)) / nullif(count(s.nps), 0)'),
  qa_score: (gr) =>
    `SELECT ${g(gr, 'q.employee_id')} AS k, avg(CASE WHEN q.auto_fail THEN 0 ELSE 100.0 * q.score / q.max_score END)::float8 AS v
       FROM quality_evaluation q WHERE ${RANGE('q.evaluated_at')} GROUP BY 1`,
  orders: (gr) => orders(gr, `count(*) FILTER (WHERE o.status = 'booked')`),
  revenue: (gr) => orders(gr, `coalesce(sum(o.quantity * o.unit_price) FILTER (WHERE o.status = 'booked'), 0)`),
  revenue_per_contact: (gr) => across(orders(gr, `sum(o.quantity * o.unit_price) FILTER (WHERE o.status = 'booked')`), contacts(gr, `count(*) FILTER (WHERE ${HANDLED})`)),
  upsell_rate: (gr) => across(orders(gr, `count(*) FILTER (WHERE o.status = 'booked' AND o.order_type IN ('upsell', 'cross_sell'))`), contacts(gr, `count(*) FILTER (WHERE ${HANDLED})`)),
};

const manifest = () => loadManifestOrThrow();
const env = () => ({ manifest: manifest(), orgTimezone: 'UTC', today: '2026-04-15' });

function expectSame(actual: Map<string, number | null>, expected: Map<string, number | null>, label: string) {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [k, v] of expected) {
    const a = actual.get(k);
    if (v === null || a === null) expect({ label, k, a }).toEqual({ label, k, a: v });
    else if (Math.abs(a! - v) > 1e-9 * Math.max(1, Math.abs(v))) expect({ label, k, a }).toEqual({ label, k, a: v });
  }
}

beforeAll(async () => {
  await seedOrg(db.ds);
  await seedFacts(db.ds);
  await buildRollupsIfAsked(db.ds);
});

describe('every KPI equals a hand-written SQL query', () => {
  it('covers all 23 metrics of SPEC §4.2', () => {
    expect(Object.keys(HAND).sort()).toEqual([...manifest().metrics.keys()].sort());
  });

  const windows = [
    ['the whole fixture', '2026-02-01T00:00:00Z', '2026-04-01T00:00:00Z'],
    ['a window cutting through it', '2026-02-10T06:00:00Z', '2026-03-10T18:30:00Z'],
  ] as const;
  for (const name of Object.keys(HAND)) {
    for (const [label, from, to] of windows) {
      it(`${name} over ${label}, in total and by employee`, async () => {
        for (const group of ['all', 'employee'] as const) {
          const rows: { k: string | null; v: number | null }[] = await db.ds.query(HAND[name](group), [from, to]);
          const expected = new Map(rows.map((r) => [r.k ?? '∅', r.v === null ? null : Number(r.v)]));
          const res = await runMetricQuery(db.ds, { metrics: [name], from, to, dimensions: group === 'employee' ? ['EMPLOYEE'] : [] }, env());
          const actual = new Map(res.rows.map((r) => [group === 'all' ? 'all' : (r.employeeId ?? '∅'), r.values[0]]));
          expectSame(actual, expected, `${name}/${group}`);
        }
      });
    }
  }

  it('the fixture has the cases it claims', async () => {
    const [c] = await db.ds.query(`SELECT
        count(*) FILTER (WHERE transferred_at IS NOT NULL) AS transfers,
        count(*) FILTER (WHERE enqueued_at IS NOT NULL AND connected_at IS NULL AND queue_seconds > 5) AS abandons,
        count(*) FILTER (WHERE enqueued_at IS NOT NULL AND connected_at IS NULL AND queue_seconds <= 5) AS short_abandons
      FROM interaction`);
    expect(Number(c.transfers)).toBeGreaterThan(5);
    expect(Number(c.abandons)).toBeGreaterThan(5);
    expect(Number(c.short_abandons)).toBeGreaterThan(5);
    const [o] = await db.ds.query(`SELECT count(*) FILTER (WHERE status = 'cancelled') AS n FROM sales_order`);
    expect(Number(o.n)).toBeGreaterThan(5);
    const [q] = await db.ds.query(`SELECT count(*) FILTER (WHERE auto_fail) AS n FROM quality_evaluation`);
    expect(Number(q.n)).toBeGreaterThan(3);
    const [s] = await db.ds.query(`SELECT count(*) AS n FROM survey_response s WHERE NOT EXISTS (SELECT 1 FROM interaction c WHERE c.contact_id = s.contact_id)`);
    expect(Number(s.n)).toBeGreaterThan(5);
  });

  it('the 168 h repeat window is inclusive at exactly 168 h and excludes 168 h + 1 s', async () => {
    const res = await runMetricQuery(db.ds, { metrics: ['fcr_rate'], from: '2026-02-10T00:00:00Z', to: '2026-02-12T00:00:00Z', dimensions: ['EMPLOYEE'], filters: [{ dimension: 'CHANNEL', values: ['VOICE'] }] }, env());
    const [edge] = await db.ds.query(
      `SELECT count(*) FILTER (WHERE contact_id = 'edge1')::int AS a, count(*) FILTER (WHERE contact_id = 'edge3')::int AS b FROM interaction`,
    );
    expect(edge).toEqual({ a: 1, b: 1 });
    expect(res.rows.length).toBeGreaterThan(0);
    // edge1 (e1) has a repeat exactly 168 h later; edge3 (e2) only 1 s too late.
    const only = await runMetricQuery(db.ds, { metrics: ['fcr_rate'], from: '2026-02-10T09:00:00Z', to: '2026-02-10T09:00:01Z' }, env());
    expect(only.rows[0].values[0]).toBe(0);
    const other = await runMetricQuery(db.ds, { metrics: ['fcr_rate'], from: '2026-02-11T09:00:00Z', to: '2026-02-11T09:00:01Z' }, env());
    expect(other.rows[0].values[0]).toBe(1);
  });

  it('TEAM (AS_WAS) by DAY matches hand-written attribution SQL for contacts, surveys and WFM days', async () => {
    const from = '2026-02-10T00:00:00Z';
    const to = '2026-03-05T00:00:00Z';
    const cases: [string, string][] = [
      [
        'contacts_handled',
        `SELECT date_trunc('day', i.initiated_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS p, a.org_unit_id AS k, count(*) FILTER (WHERE ${HANDLED})::float8 AS v
           FROM interaction i LEFT JOIN assignment a ON a.employee_id = i.employee_id AND a.valid @> (i.initiated_at AT TIME ZONE 'UTC')::date
          WHERE ${RANGE('i.initiated_at')} GROUP BY 1, 2`,
      ],
      [
        'csat',
        `SELECT date_trunc('day', s.responded_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS p, a.org_unit_id AS k, avg(s.csat)::float8 AS v
           FROM survey_response s LEFT JOIN interaction c ON c.contact_id = s.contact_id
           LEFT JOIN assignment a ON a.employee_id = c.employee_id AND a.valid @> (s.responded_at AT TIME ZONE 'UTC')::date
          WHERE ${RANGE('s.responded_at')} GROUP BY 1, 2`,
      ],
      [
        'adherence',
        `SELECT d.date::timestamp AT TIME ZONE 'UTC' AS p, a.org_unit_id AS k, (sum(d.adherent_seconds)::float8 / nullif(sum(d.scheduled_seconds), 0)) AS v
           FROM adherence_day d LEFT JOIN assignment a ON a.employee_id = d.employee_id AND a.valid @> d.date
          WHERE ${RANGE(`(d.date::timestamp AT TIME ZONE 'UTC')`)} GROUP BY 1, 2`,
      ],
    ];
    for (const [metric, sql] of cases) {
      const rows: { p: Date; k: string | null; v: number | null }[] = await db.ds.query(sql, [from, to]);
      const expected = new Map(rows.map((r) => [`${new Date(r.p).toISOString()}|${r.k}`, r.v]));
      const res = await runMetricQuery(db.ds, { metrics: [metric], from, to, grain: 'DAY', dimensions: ['TEAM'] }, env());
      const actual = new Map(res.rows.map((r) => [`${r.period!.toISOString()}|${r.teamId}`, r.values[0]]));
      expectSame(actual, expected, metric);
    }
  });
});
