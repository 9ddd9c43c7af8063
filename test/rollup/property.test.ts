import fc from 'fast-check';
import { MetricQuery, QueryEnv, runMetricQuery } from '../../src/query';
import { loadRollupCatalog, rebuildRollups } from '../../src/rollup';
import { loadManifestOrThrow } from '../../src/semantic';
import { RUN_ID, seedOrg } from '../metrics/fixture';
import { useDatabase } from '../support/useDatabase';

/**
 * Over random small histories of writes (contacts inserted, moved to another agent
 * or time, deleted; orders and surveys on random contacts), the rollups kept by
 * incremental refresh answer exactly as raw facts, for queries in three zones.
 */
const db = useDatabase('rollupproperty');
const manifest = loadManifestOrThrow();
const BASE = Date.parse('2026-02-14T18:00:00Z');

type Op =
  | { k: 'contact'; id: number; emp: number; min: number; addr: number; handled: boolean; queue: number; transfer: boolean }
  | { k: 'move'; id: number; emp: number; min: number }
  | { k: 'delete'; id: number }
  | { k: 'order'; id: number; contact: number; booked: boolean; qty: number }
  | { k: 'survey'; id: number; contact: number; csat: number; min: number };

const EMPS = ['e1', 'e2', 'e3', 'e4', 'e5', null];
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ k: fc.constant('contact' as const), id: fc.nat(15), emp: fc.nat(5), min: fc.nat(600), addr: fc.nat(3), handled: fc.boolean(), queue: fc.nat(40), transfer: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('move' as const), id: fc.nat(15), emp: fc.nat(5), min: fc.nat(600) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delete' as const), id: fc.nat(15) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('order' as const), id: fc.nat(5), contact: fc.nat(15), booked: fc.boolean(), qty: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('survey' as const), id: fc.nat(5), contact: fc.nat(15), csat: fc.integer({ min: 1, max: 5 }), min: fc.nat(600) }) },
);

async function apply(o: Op): Promise<void> {
  const at = (min: number) => new Date(BASE + min * 60_000).toISOString();
  if (o.k === 'contact') {
    await db.ds.query(
      `INSERT INTO interaction (contact_id, channel, initiation_method, initiated_at, queue_name, enqueued_at, queue_seconds, employee_id, connected_at,
         talk_seconds, hold_seconds, acw_seconds, transferred_at, customer_address, last_update_at, run_id)
       VALUES ($1, 'VOICE', 'INBOUND', $2, 'Q1', $2, $3, $4, CASE WHEN $5 THEN $2::timestamptz END, 100, 5, 10, CASE WHEN $6 THEN $2::timestamptz END, $7, $2, '${RUN_ID}')
       ON CONFLICT (contact_id) DO UPDATE SET queue_seconds = EXCLUDED.queue_seconds, connected_at = EXCLUDED.connected_at, customer_address = EXCLUDED.customer_address`,
      [`c${o.id}`, at(o.min), o.queue, EMPS[o.emp], o.handled, o.transfer, `+a${o.addr}`],
    );
  } else if (o.k === 'move') {
    await db.ds.query(`UPDATE interaction SET employee_id = $2, initiated_at = $3 WHERE contact_id = $1`, [`c${o.id}`, EMPS[o.emp], at(o.min)]);
  } else if (o.k === 'delete') {
    await db.ds.query(`DELETE FROM interaction WHERE contact_id = $1`, [`c${o.id}`]);
  } else if (o.k === 'order') {
    await db.ds.query(
      `INSERT INTO sales_order (order_id, crm_user_id, employee_id, contact_id, sku, quantity, unit_price, currency, ordered_at, order_type, status, run_id)
       VALUES ($1, 'crm', 'e1', $2, 'p1', $3, 10, 'USD', $4, 'upsell', $5, '${RUN_ID}')
       ON CONFLICT (order_id) DO UPDATE SET contact_id = EXCLUDED.contact_id, status = EXCLUDED.status, quantity = EXCLUDED.quantity`,
      [`o${o.id}`, `c${o.contact}`, o.qty, new Date(BASE).toISOString(), o.booked ? 'booked' : 'cancelled'],
    );
  } else {
    await db.ds.query(
      `INSERT INTO survey_response (response_id, contact_id, responded_at, csat, run_id) VALUES ($1, $2, $3, $4, '${RUN_ID}')
       ON CONFLICT (response_id) DO UPDATE SET contact_id = EXCLUDED.contact_id, csat = EXCLUDED.csat`,
      [`s${o.id}`, `c${o.contact}`, at(o.min), o.csat],
    );
  }
}

const QUERIES: MetricQuery[] = [
  { metrics: ['contacts_handled', 'aht', 'fcr_rate', 'conversion_rate', 'transfer_rate', 'service_level', 'csat', 'revenue_per_contact'], dimensions: ['TEAM'], grain: 'HOUR', from: '2026-02-14T00:00:00Z', to: '2026-02-16T00:00:00Z', timezone: 'Asia/Kolkata' },
  { metrics: ['fcr_rate', 'csat', 'abandon_rate', 'upsell_rate'], dimensions: ['EMPLOYEE'], grain: 'DAY', from: '2026-02-14T05:00:00Z', to: '2026-02-16T05:00:00Z', timezone: 'America/New_York', attribution: 'AS_IS' },
  { metrics: ['contacts_offered', 'fcr_rate', 'avg_hold_time'], from: '2026-02-14T18:45:00Z', to: '2026-02-15T02:30:00Z', compare: 'PREVIOUS_PERIOD' },
];

beforeAll(async () => {
  await seedOrg(db.ds);
  await rebuildRollups(db.ds, manifest);
});

it('incremental rollups equal raw facts over random write histories', async () => {
  const rollups = await loadRollupCatalog(db.ds);
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
      await db.ds.query(`DELETE FROM survey_response; DELETE FROM sales_order; DELETE FROM interaction`);
      for (const o of ops) await apply(o);
      for (const q of QUERIES) {
        const env: QueryEnv = { manifest, orgTimezone: 'UTC', today: '2026-04-15' };
        const a = await runMetricQuery(db.ds, q, { ...env, rollups });
        const b = await runMetricQuery(db.ds, q, { ...env, forceRaw: true });
        expect(a.sources.every((s) => s.strategy === 'rollup')).toBe(true);
        expect(a.rows).toEqual(b.rows);
      }
    }),
    { numRuns: 100, seed: 1111 },
  );
}, 600_000);

it('a bulk statement (more rows than the per-bucket probe handles) refreshes to what a rebuild gives', async () => {
  await db.ds.query(`DELETE FROM survey_response; DELETE FROM sales_order; DELETE FROM interaction`);
  const table = `SELECT * FROM rollup_interaction ORDER BY slot, employee_id, product_sku, channel, queue_name`;
  await db.ds.query(`
    INSERT INTO interaction (contact_id, channel, initiation_method, initiated_at, queue_name, enqueued_at, queue_seconds, employee_id, connected_at,
      talk_seconds, customer_address, last_update_at, run_id)
    SELECT 'bulk' || g, CASE WHEN g % 3 = 0 THEN 'CHAT' ELSE 'VOICE' END, 'INBOUND', TIMESTAMPTZ '2026-02-01T00:00:00Z' + g * interval '37 seconds', 'Q' || (g % 2),
           TIMESTAMPTZ '2026-02-01T00:00:00Z' + g * interval '37 seconds', g % 40, (ARRAY['e1','e2','e3','e4',NULL])[1 + g % 5],
           CASE WHEN g % 4 <> 0 THEN TIMESTAMPTZ '2026-02-01T00:00:00Z' + g * interval '37 seconds' END, g % 300, '+b' || (g % 500), now(), '${RUN_ID}'
      FROM generate_series(1, 25000) g`);
  await db.ds.query(`UPDATE interaction SET employee_id = 'e2', initiated_at = initiated_at + interval '20 minutes' WHERE contact_id LIKE 'bulk%' AND employee_id = 'e1'`);
  const incremental = await db.ds.query(table);
  expect(incremental.length).toBeGreaterThan(1000);
  await db.ds.query(`SELECT rollup_interaction_rebuild()`);
  expect(await db.ds.query(table)).toEqual(incremental);
}, 300_000);
