import { useDatabase } from '../../test/support/useDatabase';
import { OrgChart } from './orgChart';
import { applyIdentityVersion, resolveAgent, upsertEmployee } from './people';

const db = useDatabase('orgchart');

/**
 * A small operation:
 *   ops (root) ── care ── t1, t2
 *   sales (root)
 * On 2026-03-01 t1 moves from care to sales (a reorganization).
 */
async function seed() {
  const em = db.ds.manager;
  const org = new OrgChart(db.ds);
  await org.applyOrgUnitVersion(em, { orgUnitId: 'ops', name: 'Operations', parentId: null, effectiveFrom: '2026-01-01', effectiveTo: null });
  await org.applyOrgUnitVersion(em, { orgUnitId: 'sales', name: 'Sales', parentId: null, effectiveFrom: '2026-01-01', effectiveTo: null });
  await org.applyOrgUnitVersion(em, { orgUnitId: 'care', name: 'Care', parentId: 'ops', effectiveFrom: '2026-01-01', effectiveTo: null });
  await org.applyOrgUnitVersion(em, { orgUnitId: 't1', name: 'Team One', parentId: 'care', effectiveFrom: '2026-01-01', effectiveTo: '2026-02-28' });
  await org.applyOrgUnitVersion(em, { orgUnitId: 't1', name: 'Team One', parentId: 'sales', effectiveFrom: '2026-03-01', effectiveTo: null });
  await org.applyOrgUnitVersion(em, { orgUnitId: 't2', name: 'Team Two', parentId: 'care', effectiveFrom: '2026-01-01', effectiveTo: null });
  for (const id of ['e1', 'e2', 'e3', 'e4']) {
    await upsertEmployee(em, { id, firstName: id.toUpperCase(), lastName: 'Test', email: `${id}@example.com` });
  }
  // e1: transfer t1 -> t2 on 2026-02-15
  await org.applyAssignmentVersion(em, { employeeId: 'e1', orgUnitId: 't1', role: 'agent', managerId: 'e2', site: 'Leeds', effectiveFrom: '2026-01-01', effectiveTo: '2026-02-14' });
  await org.applyAssignmentVersion(em, { employeeId: 'e1', orgUnitId: 't2', role: 'agent', managerId: 'e4', site: 'Leeds', effectiveFrom: '2026-02-15', effectiveTo: null });
  // e2: promotion agent -> supervisor on 2026-03-01, same team
  await org.applyAssignmentVersion(em, { employeeId: 'e2', orgUnitId: 't1', role: 'agent', managerId: null, site: 'Leeds', effectiveFrom: '2026-01-01', effectiveTo: '2026-02-28' });
  await org.applyAssignmentVersion(em, { employeeId: 'e2', orgUnitId: 't1', role: 'supervisor', managerId: null, site: 'Leeds', effectiveFrom: '2026-03-01', effectiveTo: null });
  // e3: leaves after 2026-02-20
  await org.applyAssignmentVersion(em, { employeeId: 'e3', orgUnitId: 't2', role: 'agent', managerId: 'e4', site: 'York', effectiveFrom: '2026-01-01', effectiveTo: '2026-02-20' });
  // e4: supervisor of t2
  await org.applyAssignmentVersion(em, { employeeId: 'e4', orgUnitId: 't2', role: 'supervisor', managerId: null, site: 'York', effectiveFrom: '2026-01-01', effectiveTo: null });
  return org;
}

let org: OrgChart;
beforeAll(async () => {
  org = await seed();
});

describe('tree as of a date', () => {
  it('a team moving to another parent: before and after the reorganization', async () => {
    const before = await org.treeAsOf('2026-02-28');
    const after = await org.treeAsOf('2026-03-01');
    const shape = (ts: { id: string; parentId: string | null; depth: number }[]) =>
      Object.fromEntries(ts.map((t) => [t.id, `${t.parentId ?? '-'}@${t.depth}`]));
    expect(shape(before)).toEqual({ ops: '-@1', sales: '-@1', care: 'ops@2', t1: 'care@3', t2: 'care@3' });
    expect(shape(after)).toEqual({ ops: '-@1', sales: '-@1', care: 'ops@2', t1: 'sales@2', t2: 'care@3' });
    expect((await org.ancestorsOf('t1', '2026-02-28')).map((t) => t.id)).toEqual(['ops', 'care']);
    expect((await org.ancestorsOf('t1', '2026-03-01')).map((t) => t.id)).toEqual(['sales']);
    expect((await org.descendantsOf('ops', '2026-02-28')).map((t) => t.id)).toEqual(['ops', 'care', 't1', 't2']);
    expect((await org.descendantsOf('ops', '2026-03-01')).map((t) => t.id)).toEqual(['ops', 'care', 't2']);
    expect((await org.rootsAsOf('2026-03-01')).map((t) => t.id).sort()).toEqual(['ops', 'sales']);
  });

  it('nothing is in force before the first version', async () => {
    expect(await org.treeAsOf('2025-12-31')).toEqual([]);
    expect(await org.teamAsOf('t1', '2025-12-31')).toBeNull();
  });

  it('children and members are answered in batches', async () => {
    const kids = await org.childrenOf(['care', 'sales'], '2026-03-01');
    expect(kids.get('care')!.map((t) => t.id)).toEqual(['t2']);
    expect(kids.get('sales')!.map((t) => t.id)).toEqual(['t1']);
    const members = await org.membersOf(['t1', 't2'], '2026-02-16');
    expect(members.get('t1')!.map((a) => a.employeeId)).toEqual(['e2']);
    expect(members.get('t2')!.map((a) => a.employeeId)).toEqual(['e1', 'e3', 'e4']);
  });
});

describe('assignments on both sides of each change', () => {
  it('a transfer', async () => {
    expect((await org.assignmentOn('e1', '2026-02-14'))!.orgUnitId).toBe('t1');
    expect((await org.assignmentOn('e1', '2026-02-15'))!.orgUnitId).toBe('t2');
    expect(await org.isInSubtree('e1', 't1', '2026-02-14')).toBe(true);
    expect(await org.isInSubtree('e1', 't1', '2026-02-15')).toBe(false);
  });

  it('a role change', async () => {
    expect((await org.assignmentOn('e2', '2026-02-28'))!.role).toBe('agent');
    expect((await org.assignmentOn('e2', '2026-03-01'))!.role).toBe('supervisor');
  });

  it('a leaver keeps their last assignment as the latest', async () => {
    expect((await org.assignmentOn('e3', '2026-02-20'))!.orgUnitId).toBe('t2');
    expect(await org.assignmentOn('e3', '2026-02-21')).toBeNull();
    const latest = await org.latestAssignment('e3');
    expect(latest).toMatchObject({ orgUnitId: 't2', effectiveTo: '2026-02-20' });
  });

  it('subtree membership follows the reorganization', async () => {
    // Before the reorg t1 (with e2) sits under ops; after, under sales.
    expect((await org.subtreeMembers('ops', '2026-02-28')).map((a) => a.employeeId)).toEqual(['e1', 'e2', 'e4']);
    expect((await org.subtreeMembers('ops', '2026-03-01')).map((a) => a.employeeId)).toEqual(['e1', 'e4']);
    expect((await org.subtreeMembers('sales', '2026-03-01')).map((a) => a.employeeId)).toEqual(['e2']);
    expect(await org.isInSubtree('e2', 'sales', '2026-02-28')).toBe(false);
    expect(await org.isInSubtree('e2', 'sales', '2026-03-01')).toBe(true);
  });
});

describe('overlap correction (SPEC §2)', () => {
  it('a later-ingested overlapping version closes the earlier one the day before', async () => {
    const em = db.ds.manager;
    await upsertEmployee(em, { id: 'c1', firstName: 'Cee', lastName: 'One', email: null });
    expect(await org.applyAssignmentVersion(em, { employeeId: 'c1', orgUnitId: 't1', role: 'agent', managerId: null, site: null, effectiveFrom: '2026-01-01', effectiveTo: null })).toBe('inserted');
    expect(await org.applyAssignmentVersion(em, { employeeId: 'c1', orgUnitId: 't2', role: 'agent', managerId: null, site: null, effectiveFrom: '2026-02-01', effectiveTo: null })).toBe('inserted');
    const history = (await org.assignmentHistories(['c1'])).get('c1')!;
    expect(history.map((a) => [a.orgUnitId, a.effectiveFrom, a.effectiveTo])).toEqual([
      ['t1', '2026-01-01', '2026-01-31'],
      ['t2', '2026-02-01', null],
    ]);
    expect((await org.assignmentOn('c1', '2026-01-31'))!.orgUnitId).toBe('t1');
    expect((await org.assignmentOn('c1', '2026-02-01'))!.orgUnitId).toBe('t2');
  });

  it('a correction with the same start replaces the version and counts as updated; re-applying is unchanged', async () => {
    const em = db.ds.manager;
    const v = { employeeId: 'c1', orgUnitId: 't1', role: 'supervisor' as const, managerId: null, site: 'York', effectiveFrom: '2026-02-01', effectiveTo: null };
    expect(await org.applyAssignmentVersion(em, v)).toBe('updated');
    expect(await org.applyAssignmentVersion(em, v)).toBe('unchanged');
    expect(await org.applyAssignmentVersion(em, v, null)).toBe('unchanged');
    const history = (await org.assignmentHistories(['c1'])).get('c1')!;
    expect(history.map((a) => [a.orgUnitId, a.role, a.effectiveFrom, a.effectiveTo])).toEqual([
      ['t1', 'agent', '2026-01-01', '2026-01-31'],
      ['t1', 'supervisor', '2026-02-01', null],
    ]);
  });

  it('a bounded correction inside an open version keeps the part after it', async () => {
    const em = db.ds.manager;
    await upsertEmployee(em, { id: 'c2', firstName: 'Cee', lastName: 'Two', email: null });
    await org.applyAssignmentVersion(em, { employeeId: 'c2', orgUnitId: 't1', role: 'agent', managerId: null, site: null, effectiveFrom: '2026-01-01', effectiveTo: null });
    await org.applyAssignmentVersion(em, { employeeId: 'c2', orgUnitId: 't2', role: 'agent', managerId: null, site: null, effectiveFrom: '2026-03-01', effectiveTo: '2026-03-31' });
    const history = (await org.assignmentHistories(['c2'])).get('c2')!;
    expect(history.map((a) => [a.orgUnitId, a.effectiveFrom, a.effectiveTo])).toEqual([
      ['t1', '2026-01-01', '2026-02-28'],
      ['t2', '2026-03-01', '2026-03-31'],
      ['t1', '2026-04-01', null],
    ]);
  });

  it('team versions are corrected the same way', async () => {
    const em = db.ds.manager;
    await org.applyOrgUnitVersion(em, { orgUnitId: 'x', name: 'X', parentId: 'ops', effectiveFrom: '2026-01-01', effectiveTo: null });
    await org.applyOrgUnitVersion(em, { orgUnitId: 'x', name: 'X renamed', parentId: 'sales', effectiveFrom: '2026-05-01', effectiveTo: null });
    expect(await org.teamAsOf('x', '2026-04-30')).toMatchObject({ name: 'X', parentId: 'ops', effectiveTo: '2026-04-30' });
    expect(await org.teamAsOf('x', '2026-05-01')).toMatchObject({ name: 'X renamed', parentId: 'sales', depth: 2 });
  });

  it('an overlapping version inserted directly in SQL is refused by the constraint', async () => {
    await expect(
      db.ds.query(`INSERT INTO assignment (employee_id, org_unit_id, role, valid) VALUES ('e1', 't1', 'agent', '[2026-03-01,2026-03-10]')`),
    ).rejects.toMatchObject({ driverError: { code: '23P01' } });
    await expect(
      db.ds.query(`INSERT INTO org_unit_version (org_unit_id, name, valid) VALUES ('t2', 'Dup', '[2025-06-01,2026-01-01]')`),
    ).rejects.toMatchObject({ driverError: { code: '23P01' } });
    await expect(
      db.ds.query(`INSERT INTO identity_map (source_system, external_id, employee_id, valid) VALUES ('acd', 'dup', 'e1', '[2026-01-01,)'), ('acd', 'dup', 'e2', '[2026-02-01,)')`),
    ).rejects.toMatchObject({ driverError: { code: '23P01' } });
  });
});

describe('identity resolution', () => {
  it('follows a login change and falls back to email in mixed case', async () => {
    const em = db.ds.manager;
    await applyIdentityVersion(em, { system: 'acd', externalId: 'agent.one', employeeId: 'e1', effectiveFrom: '2026-01-01', effectiveTo: '2026-01-31' });
    await applyIdentityVersion(em, { system: 'acd', externalId: 'a1-new', employeeId: 'e1', effectiveFrom: '2026-02-01', effectiveTo: null });
    expect(await resolveAgent(em, 'acd', 'agent.one', '2026-01-31')).toBe('e1');
    expect(await resolveAgent(em, 'acd', 'agent.one', '2026-02-01')).toBeNull();
    expect(await resolveAgent(em, 'acd', 'a1-new', '2026-02-01')).toBe('e1');
    expect(await resolveAgent(em, 'acd', 'E3@Example.COM', '2026-02-01')).toBe('e3');
    expect(await resolveAgent(em, 'acd', 'nobody', '2026-02-01')).toBeNull();
  });
});
