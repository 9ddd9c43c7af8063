import { DataSource } from 'typeorm';
import { OrgChart, upsertEmployee } from '../../src/canonical';

export const RUN_ID = '22222222-2222-2222-2222-222222222222';

/**
 * The operation the action tests use (all in UTC):
 *
 *   center (root) ── care ── t1, t2
 *                └── sales ── s1
 *
 * - a1 agent in t1; a2 agent in t1, transferred to t2 on 2026-03-16;
 * - a3 and a5 agents in t2; a4 agent in s1;
 * - sup1 supervisor of t1; mgr manager of care (assigned to care);
 * - exec1 executive and an1 analyst at center.
 */
export async function seedActionsOrg(ds: DataSource): Promise<void> {
  const em = ds.manager;
  const org = new OrgChart(ds);
  await ds.query(`INSERT INTO ingest_run (id, connector, status) VALUES ($1, 'test', 'completed') ON CONFLICT DO NOTHING`, [RUN_ID]);
  const unit = (id: string, name: string, parent: string | null) => org.applyOrgUnitVersion(em, { orgUnitId: id, name, parentId: parent, effectiveFrom: '2025-01-01', effectiveTo: null });
  await unit('center', 'Contact Center', null);
  await unit('care', 'Care', 'center');
  await unit('sales', 'Sales', 'center');
  await unit('t1', 'Team One', 'care');
  await unit('t2', 'Team Two', 'care');
  await unit('s1', 'Sales One', 'sales');
  const people = ['a1', 'a2', 'a3', 'a4', 'a5', 'sup1', 'mgr', 'exec1', 'an1'];
  for (const id of people) await upsertEmployee(em, { id, firstName: id.toUpperCase(), lastName: 'Person', email: `${id}@example.com` });
  type R = 'agent' | 'supervisor' | 'manager' | 'executive' | 'analyst';
  const assign = (employeeId: string, orgUnitId: string, role: R, effectiveFrom = '2025-01-01', effectiveTo: string | null = null) =>
    org.applyAssignmentVersion(em, { employeeId, orgUnitId, role, managerId: null, site: 'Leeds', effectiveFrom, effectiveTo });
  await assign('a1', 't1', 'agent');
  await assign('a2', 't1', 'agent', '2025-01-01', '2026-03-15');
  await assign('a2', 't2', 'agent', '2026-03-16');
  await assign('a3', 't2', 'agent');
  await assign('a4', 's1', 'agent');
  await assign('a5', 't2', 'agent');
  await assign('sup1', 't1', 'supervisor');
  await assign('mgr', 'care', 'manager');
  await assign('exec1', 'center', 'executive');
  await assign('an1', 'center', 'analyst');
}

let seq = 0;

/** One handled contact: queued 10 s, `handle` seconds of talk, at `at` (UTC). */
export async function contact(ds: DataSource, employee: string, at: string, handle: number): Promise<string> {
  const id = `x${++seq}-${employee}-${at}`;
  const t = Date.parse(at);
  await ds.query(
    `INSERT INTO interaction (contact_id, channel, initiation_method, initiated_at, queue_name, enqueued_at, queue_seconds, employee_id,
       connected_at, talk_seconds, hold_seconds, acw_seconds, customer_address, last_update_at, run_id)
     VALUES ($1, 'VOICE', 'INBOUND', $2, 'Q1', $2, 10, $3, $4, $5, 0, 0, $6, $2, $7)`,
    [id, at, employee, new Date(t + 10000).toISOString(), handle, `+44${id}`, RUN_ID],
  );
  return id;
}

/**
 * The contacts (hand-counted in the tests):
 * - a1: Feb 300 s × 2; March 200, 220, 260, 280 s (aht 240, 4 handled);
 * - a2: March 300, 300 s in t1, then 200, 200 s in t2 (aht 250);
 * - a3: March 400, 400 s; a5: March 1–20, one 100 s contact a day (20);
 * - a4: 1 contact in the week of 2026-02-23, 2 in each week of 03-02, 03-09, 03-16 (100 s).
 */
export async function seedActionsFacts(ds: DataSource): Promise<void> {
  await contact(ds, 'a1', '2026-02-10T10:00:00Z', 300);
  await contact(ds, 'a1', '2026-02-20T10:00:00Z', 300);
  for (const [d, h] of [['03', 200], ['10', 220], ['17', 260], ['24', 280]] as const) await contact(ds, 'a1', `2026-03-${d}T10:00:00Z`, h);
  for (const [d, h] of [['05', 300], ['12', 300], ['18', 200], ['25', 200]] as const) await contact(ds, 'a2', `2026-03-${d}T10:00:00Z`, h);
  await contact(ds, 'a3', '2026-03-06T10:00:00Z', 400);
  await contact(ds, 'a3', '2026-03-13T10:00:00Z', 400);
  for (let d = 1; d <= 20; d++) await contact(ds, 'a5', `2026-03-${String(d).padStart(2, '0')}T09:00:00Z`, 100);
  await contact(ds, 'a4', '2026-02-24T10:00:00Z', 100);
  for (const d of ['03-03', '03-04', '03-10', '03-11', '03-17', '03-18']) await contact(ds, 'a4', `2026-${d}T10:00:00Z`, 100);
}
