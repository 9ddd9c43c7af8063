import { DataSource } from 'typeorm';
import { OrgChart, Role, upsertEmployee } from '../../src/canonical';
import { serve } from '../support/server';
import { TestDatabase, useDatabase } from '../support/useDatabase';

export const RUN_ID = '22222222-2222-2222-2222-222222222222';
/** "Today" for every access test (the server's clock is pinned to it). */
export const TODAY = '2026-12-01';
export const NOW = new Date(`${TODAY}T12:00:00Z`);

/**
 * The org of the access tests (SPEC §7), every team from 2026-01-01:
 *
 *   center ─┬─ care ──── care-general      (S1 supervisor; A1, A5 agents)
 *           │            care-retention    (S2 supervisor; A3)  until 2026-11-19
 *           └─ sales ─┬─ care-retention                         from 2026-11-20 (the team moved)
 *                     └─ sales-inbound     (S3 supervisor; A4)
 *
 * - X1 executive and N1 analyst at center; D1 director of care; M1 manager of sales;
 * - A2 agent transfers care-general → sales-inbound on 2026-11-10;
 * - A5 agent (care-general) leaves after 2026-10-31;
 * - S4 supervisor of care-general until 2026-06-30, no assignment since;
 * - Z9 has a contact but never an assignment (an unattributed fact).
 */
export async function seedAccessOrg(ds: DataSource): Promise<void> {
  const em = ds.manager;
  const org = new OrgChart(ds);
  await ds.query(`INSERT INTO ingest_run (id, connector, status, files, finished_at) VALUES ($1, 'test', 'completed', '{f.csv}', now())`, [RUN_ID]);
  await ds.query(
    `INSERT INTO rejected_record (run_id, connector, file, position, raw, reasons) VALUES ($1, 'test', 'f.csv', 2, 'A1,secret', '[{"code":"malformed","message":"m"}]')`,
    [RUN_ID],
  );
  const unit = (id: string, name: string, parentId: string | null, from = '2026-01-01', to: string | null = null) =>
    org.applyOrgUnitVersion(em, { orgUnitId: id, name, parentId, effectiveFrom: from, effectiveTo: to });
  await unit('center', 'Contact Center', null);
  await unit('care', 'Customer Care', 'center');
  await unit('sales', 'Sales', 'center');
  await unit('care-general', 'General Care', 'care');
  await unit('care-retention', 'Retention', 'care', '2026-01-01', '2026-11-19');
  await unit('care-retention', 'Retention', 'sales', '2026-11-20');
  await unit('sales-inbound', 'Inbound Sales', 'sales');
  for (const id of ['X1', 'N1', 'D1', 'M1', 'S1', 'S2', 'S3', 'S4', 'A1', 'A2', 'A3', 'A4', 'A5', 'Z9']) {
    await upsertEmployee(em, { id, firstName: id, lastName: 'Person', email: `${id.toLowerCase()}@example.com` });
  }
  const assign = (employeeId: string, orgUnitId: string, role: Role, from = '2026-01-01', to: string | null = null) =>
    org.applyAssignmentVersion(em, { employeeId, orgUnitId, role, managerId: null, site: 'HQ', effectiveFrom: from, effectiveTo: to });
  await assign('X1', 'center', 'executive');
  await assign('N1', 'center', 'analyst');
  await assign('D1', 'care', 'director');
  await assign('M1', 'sales', 'manager');
  await assign('S1', 'care-general', 'supervisor');
  await assign('S2', 'care-retention', 'supervisor');
  await assign('S3', 'sales-inbound', 'supervisor');
  await assign('S4', 'care-general', 'supervisor', '2026-01-01', '2026-06-30');
  await assign('A1', 'care-general', 'agent');
  await assign('A2', 'care-general', 'agent', '2026-01-01', '2026-11-09');
  await assign('A2', 'sales-inbound', 'agent', '2026-11-10');
  await assign('A3', 'care-retention', 'agent');
  await assign('A4', 'sales-inbound', 'agent');
  await assign('A5', 'care-general', 'agent', '2026-01-01', '2026-10-31');
}

/** One handled contact per line: id, agent, time, channel, handle seconds (all talk). */
export const CONTACTS: [string, string, string, 'VOICE' | 'CHAT', number][] = [
  ['f01', 'A1', '2026-10-05T10:00:00Z', 'VOICE', 100], // care-general
  ['f02', 'A1', '2026-11-25T10:00:00Z', 'CHAT', 200], // care-general
  ['f03', 'A2', '2026-10-06T10:00:00Z', 'VOICE', 300], // care-general, before the transfer
  ['f04', 'A2', '2026-11-15T10:00:00Z', 'VOICE', 100], // sales-inbound, after it
  ['f05', 'A2', '2026-11-26T10:00:00Z', 'CHAT', 200], // sales-inbound
  ['f06', 'A3', '2026-10-07T10:00:00Z', 'VOICE', 400], // care-retention, then under care
  ['f07', 'A3', '2026-11-27T10:00:00Z', 'VOICE', 200], // care-retention, now under sales
  ['f08', 'A4', '2026-10-08T10:00:00Z', 'VOICE', 300], // sales-inbound
  ['f09', 'A5', '2026-10-09T10:00:00Z', 'VOICE', 100], // care-general, before leaving
  ['f10', 'S1', '2026-10-10T10:00:00Z', 'VOICE', 200], // care-general
  ['f11', 'S2', '2026-11-21T10:00:00Z', 'VOICE', 300], // care-retention
  ['f12', 'S3', '2026-10-11T10:00:00Z', 'VOICE', 400], // sales-inbound
  ['f13', 'D1', '2026-10-12T10:00:00Z', 'VOICE', 100], // care
  ['f14', 'M1', '2026-10-13T10:00:00Z', 'VOICE', 200], // sales
  ['f15', 'X1', '2026-10-14T10:00:00Z', 'VOICE', 300], // center
  ['f16', 'N1', '2026-10-15T10:00:00Z', 'VOICE', 400], // center
  ['f17', 'S4', '2026-05-10T10:00:00Z', 'VOICE', 100], // care-general, while S4 was there
  ['f18', 'Z9', '2026-10-16T10:00:00Z', 'CHAT', 200], // no assignment: unattributed
];

export async function seedAccessFacts(ds: DataSource): Promise<void> {
  for (const [id, employee, at, channel, handle] of CONTACTS) {
    await ds.query(
      `INSERT INTO interaction (contact_id, channel, initiation_method, initiated_at, queue_name, enqueued_at, queue_seconds, employee_id,
         connected_at, talk_seconds, hold_seconds, acw_seconds, last_update_at, run_id)
       VALUES ($1, $2, 'INBOUND', $3, 'Q1', $3, 10, $4, $3, $5, 0, 0, $3, $6)`,
      [id, channel, at, employee, handle, RUN_ID],
    );
  }
}

/** The whole window of the facts: from ≤ t < to. */
export const WINDOW = { from: '2026-01-01T00:00:00Z', to: '2026-12-01T00:00:00Z' };

/**
 * A test file's own database with the access org (and, unless `facts: false`,
 * the contacts), and a started server whose "today" is TODAY.
 */
export function useAccessApi(label: string, opts: { facts?: boolean } = {}): { db: TestDatabase; api: Awaited<ReturnType<typeof serve>> } {
  const db = useDatabase(label);
  const handle = { db } as { db: TestDatabase; api: Awaited<ReturnType<typeof serve>> };
  beforeAll(async () => {
    await seedAccessOrg(db.ds);
    if (opts.facts !== false) await seedAccessFacts(db.ds);
    handle.api = await serve(db.ds, {}, { clock: () => NOW });
  });
  afterAll(() => handle.api?.close());
  return handle;
}
