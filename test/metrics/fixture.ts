import { DataSource } from 'typeorm';
import { OrgChart, upsertEmployee } from '../../src/canonical';

export const RUN_ID = '11111111-1111-1111-1111-111111111111';

/**
 * The org used by the metric tests:
 *   ops (root) ── care ── t1, t2        sales (root)
 * - reorganization: on 2026-03-01 t1 moves from care to sales;
 * - transfer: e1 moves t1 → t2 on 2026-02-15 (site Leeds → York);
 * - promotion: e2 agent → supervisor on 2026-03-01 (same team t1);
 * - leaver: e3 (t2, York) leaves after 2026-02-20;
 * - e4 supervisor of t2 throughout; e5 has facts but no assignment (unattributed).
 */
export async function seedOrg(ds: DataSource): Promise<void> {
  const em = ds.manager;
  const org = new OrgChart(ds);
  await ds.query(`INSERT INTO ingest_run (id, connector, status) VALUES ($1, 'test', 'completed') ON CONFLICT DO NOTHING`, [RUN_ID]);
  const unit = (orgUnitId: string, name: string, parentId: string | null, effectiveFrom: string, effectiveTo: string | null = null) =>
    org.applyOrgUnitVersion(em, { orgUnitId, name, parentId, effectiveFrom, effectiveTo });
  await unit('ops', 'Operations', null, '2025-01-01');
  await unit('sales', 'Sales', null, '2025-01-01');
  await unit('care', 'Care', 'ops', '2025-01-01');
  await unit('t1', 'Team One', 'care', '2025-01-01', '2026-02-28');
  await unit('t1', 'Team One', 'sales', '2026-03-01');
  await unit('t2', 'Team Two', 'care', '2025-01-01');
  for (const id of ['e1', 'e2', 'e3', 'e4', 'e5']) await upsertEmployee(em, { id, firstName: id.toUpperCase(), lastName: 'Test', email: `${id}@example.com` });
  const assign = (employeeId: string, orgUnitId: string, role: 'agent' | 'supervisor', site: string, effectiveFrom: string, effectiveTo: string | null = null) =>
    org.applyAssignmentVersion(em, { employeeId, orgUnitId, role, managerId: null, site, effectiveFrom, effectiveTo });
  await assign('e1', 't1', 'agent', 'Leeds', '2025-01-01', '2026-02-14');
  await assign('e1', 't2', 'agent', 'York', '2026-02-15');
  await assign('e2', 't1', 'agent', 'Leeds', '2025-01-01', '2026-02-28');
  await assign('e2', 't1', 'supervisor', 'Leeds', '2026-03-01');
  await assign('e3', 't2', 'agent', 'York', '2025-01-01', '2026-02-20');
  await assign('e4', 't2', 'supervisor', 'York', '2025-01-01');
  await ds.query(`INSERT INTO product (sku, name, category) VALUES ('p1', 'Router', 'hardware'), ('p2', 'Fibre 1G', 'plans')`);
}

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Facts over Feb–Mar 2026 with every case SPEC §4.2 distinguishes: handled,
 * abandoned, short abandons (≤ 5 s), not queued, transfers, repeat callers
 * (inside and just outside 168 h), booked and cancelled orders of each type,
 * auto-fail evaluations, surveys with and without a known contact, WFM days.
 */
export async function seedFacts(ds: DataSource): Promise<void> {
  const r = rng(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const start = Date.parse('2026-02-01T00:00:00Z');
  const span = Date.parse('2026-04-01T00:00:00Z') - start;
  const contacts: unknown[][] = [];
  for (let i = 0; i < 400; i++) {
    const t = start + Math.floor(r() * span);
    const queued = r() < 0.9;
    const queueSeconds = queued ? pick([0, 2, 5, 6, 12, 20, 21, 45, 90]) : null;
    const handled = queued ? r() < 0.75 : r() < 0.5;
    const employee = handled ? pick(['e1', 'e2', 'e3', 'e4', 'e5']) : null;
    contacts.push([
      `c${i}`,
      pick(['VOICE', 'VOICE', 'CHAT']),
      pick(['INBOUND', 'INBOUND', 'INBOUND', 'OUTBOUND', 'TRANSFER']),
      iso(t),
      queued ? pick(['Q1', 'Q2']) : null,
      queued ? iso(t + 1000) : null,
      queueSeconds,
      employee,
      handled ? iso(t + 1000 + (queueSeconds ?? 0) * 1000) : null,
      handled ? Math.floor(r() * 600) : null,
      handled ? pick([0, 0, 30, 120]) : null,
      handled ? Math.floor(r() * 120) : null,
      handled && r() < 0.2 ? iso(t + 200000) : null,
      `+4400${Math.floor(r() * 60)}`,
      pick(['p1', 'p2', 'p9', null]),
    ]);
  }
  // Repeat callers at the window's edges: exactly 168 h later (a repeat) and 168 h + 1 s later (not).
  contacts.push(['edge1', 'VOICE', 'INBOUND', '2026-02-10T09:00:00Z', 'Q1', '2026-02-10T09:00:01Z', 3, 'e1', '2026-02-10T09:00:04Z', 100, 0, 10, null, '+edge-a', 'p1']);
  contacts.push(['edge2', 'VOICE', 'INBOUND', '2026-02-17T09:00:00Z', 'Q1', null, null, null, null, null, null, null, null, '+edge-a', null]);
  contacts.push(['edge3', 'VOICE', 'INBOUND', '2026-02-11T09:00:00Z', 'Q1', '2026-02-11T09:00:01Z', 3, 'e2', '2026-02-11T09:00:04Z', 100, 0, 10, null, '+edge-b', 'p1']);
  contacts.push(['edge4', 'VOICE', 'INBOUND', '2026-02-18T09:00:01Z', 'Q1', null, null, null, null, null, null, null, null, '+edge-b', null]);
  for (const c of contacts) {
    await ds.query(
      `INSERT INTO interaction (contact_id, channel, initiation_method, initiated_at, queue_name, enqueued_at, queue_seconds, employee_id,
         connected_at, talk_seconds, hold_seconds, acw_seconds, transferred_at, customer_address, product_sku, last_update_at, run_id)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$4,'${RUN_ID}')`,
      c,
    );
  }
  for (let i = 0; i < 120; i++) {
    const t = start + Math.floor(r() * span);
    await ds.query(
      `INSERT INTO sales_order (order_id, crm_user_id, employee_id, contact_id, sku, quantity, unit_price, currency, ordered_at, order_type, status, run_id)
       VALUES ($1, 'crm', $2, $3, $4, $5, $6, 'USD', $7, $8, $9, '${RUN_ID}')`,
      [`o${i}`, pick(['e1', 'e2', 'e3', 'e4']), r() < 0.8 ? `c${Math.floor(r() * 400)}` : null, pick(['p1', 'p2']), pick([1, 1, 2, 3]), pick([9.99, 49.5, 120]), iso(t), pick(['new', 'upsell', 'cross_sell']), r() < 0.8 ? 'booked' : 'cancelled'],
    );
  }
  for (let i = 0; i < 60; i++) {
    const t = start + Math.floor(r() * span);
    const max = pick([50, 100]);
    await ds.query(
      `INSERT INTO quality_evaluation (evaluation_id, qa_agent_id, employee_id, evaluated_at, score, max_score, auto_fail, run_id)
       VALUES ($1, 'qa', $2, $3, $4, $5, $6, '${RUN_ID}')`,
      [`q${i}`, pick(['e1', 'e2', 'e3', 'e4']), iso(t), Math.floor(r() * (max + 1)), max, r() < 0.15],
    );
  }
  for (let i = 0; i < 150; i++) {
    const t = start + Math.floor(r() * span);
    await ds.query(
      `INSERT INTO survey_response (response_id, contact_id, responded_at, csat, nps, run_id) VALUES ($1, $2, $3, $4, $5, '${RUN_ID}')`,
      [`s${i}`, r() < 0.8 ? `c${Math.floor(r() * 400)}` : `unknown-${i}`, iso(t), r() < 0.85 ? 1 + Math.floor(r() * 5) : null, r() < 0.85 ? Math.floor(r() * 11) : null],
    );
  }
  for (const e of ['e1', 'e2', 'e3', 'e4']) {
    for (let d = 0; d < 59; d++) {
      if (r() < 0.3) continue;
      const date = new Date(start + d * 86400000).toISOString().slice(0, 10);
      const scheduled = pick([0, 14400, 28800]);
      await ds.query(
        `INSERT INTO adherence_day (wfm_agent_id, date, employee_id, scheduled_seconds, adherent_seconds, staffed_seconds, run_id) VALUES ($1, $2, $3, $4, $5, $6, '${RUN_ID}')`,
        [`w-${e}`, date, e, scheduled, Math.floor(scheduled * r()), Math.floor(scheduled * (0.8 + r() * 0.3))],
      );
    }
  }
}
