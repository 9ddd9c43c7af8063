import {
  AccessError,
  assertCanActOnEmployee,
  assertCanActOnTeam,
  assertCanSeeEmployee,
  canSeeEmployee,
  canSeeTeam,
  EmployeeScope,
  Principal,
  resolveScope,
} from '../../src/access';
import { useDatabase } from '../support/useDatabase';
import { seedAccessOrg, TODAY } from './fixture';

/** src/access on the hand-drawn org of ./fixture.ts (today 2026-12-01), straight on PostgreSQL. */
const db = useDatabase('accessscope');
beforeAll(() => seedAccessOrg(db.ds));

const who = (role: Principal['role'], employeeId: string | null = null): Principal => ({ role, employeeId });

describe('resolveScope', () => {
  it.each<[string, Principal, EmployeeScope]>([
    ['agent: own rows', who('agent', 'A2'), { kind: 'employee', employeeId: 'A2' }],
    ['supervisor: current team subtree, self included', who('supervisor', 'S1'), { kind: 'subtree', teamId: 'care-general', asOf: TODAY, employeeIds: ['A1', 'S1'] }],
    ['supervisor whose team moved', who('supervisor', 'S2'), { kind: 'subtree', teamId: 'care-retention', asOf: TODAY, employeeIds: ['A3', 'S2'] }],
    ['director after the move', who('director', 'D1'), { kind: 'subtree', teamId: 'care', asOf: TODAY, employeeIds: ['A1', 'D1', 'S1'] }],
    ['manager after the move', who('manager', 'M1'), { kind: 'subtree', teamId: 'sales', asOf: TODAY, employeeIds: ['A2', 'A3', 'A4', 'M1', 'S2', 'S3'] }],
    ['supervisor with no assignment today: own rows', who('supervisor', 'S4'), { kind: 'employee', employeeId: 'S4' }],
    ['executive', who('executive', 'X1'), { kind: 'all' }],
    ['analyst', who('analyst', 'N1'), { kind: 'all' }],
    ['admin', who('admin'), { kind: 'all' }],
  ])('%s', async (_name, p, expected) => {
    expect(await resolveScope(db.ds, p, TODAY)).toEqual(expected);
  });

  it('on another day, the tree and assignments of that day', async () => {
    // Before the move (2026-11-01) care-retention was under care, and A2 in care-general.
    expect(await resolveScope(db.ds, who('director', 'D1'), '2026-11-01')).toMatchObject({ employeeIds: ['A1', 'A2', 'A3', 'D1', 'S1', 'S2'] });
  });

  it('a service token has no scope at all', async () => {
    await expect(resolveScope(db.ds, who('service'), TODAY)).rejects.toBeInstanceOf(AccessError);
  });
});

describe('canSeeEmployee / canSeeTeam', () => {
  it('with resolved members, and with a subtree scope that carries none (asks the database)', async () => {
    const resolved = await resolveScope(db.ds, who('manager', 'M1'), TODAY);
    const bare: EmployeeScope = { kind: 'subtree', teamId: 'sales', asOf: TODAY };
    for (const scope of [resolved, bare]) {
      expect(await canSeeEmployee(db.ds, scope, 'A3')).toBe(true);
      expect(await canSeeEmployee(db.ds, scope, 'A1')).toBe(false);
    }
    expect(await canSeeEmployee(db.ds, { kind: 'employee', employeeId: 'A1' }, 'A1')).toBe(true);
    expect(await canSeeEmployee(db.ds, { kind: 'all' }, 'Z9')).toBe(true);
  });

  it("a team is visible to a subtree scope when it lies in the subtree on today's tree", async () => {
    const d1 = await resolveScope(db.ds, who('director', 'D1'), TODAY);
    const m1 = await resolveScope(db.ds, who('manager', 'M1'), TODAY);
    expect(await canSeeTeam(db.ds, d1, 'care')).toBe(true);
    expect(await canSeeTeam(db.ds, d1, 'care-general')).toBe(true);
    expect(await canSeeTeam(db.ds, d1, 'care-retention')).toBe(false); // moved to sales
    expect(await canSeeTeam(db.ds, m1, 'care-retention')).toBe(true);
    expect(await canSeeTeam(db.ds, m1, 'center')).toBe(false);
    expect(await canSeeTeam(db.ds, m1, 'nonexistent')).toBe(false);
    expect(await canSeeTeam(db.ds, { kind: 'employee', employeeId: 'A1' }, 'care-general')).toBe(false);
    expect(await canSeeTeam(db.ds, { kind: 'all' }, 'care-general')).toBe(true);
  });
});

describe('assert helpers (for actions): AccessError with code FORBIDDEN', () => {
  const forbidden = async (p: Promise<void>, message: RegExp) => {
    const e = await p.then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(AccessError);
    expect((e as AccessError).code).toBe('FORBIDDEN');
    expect((e as AccessError).message).toMatch(message);
  };

  it('a supervisor acts within their subtree only', async () => {
    const s1 = who('supervisor', 'S1');
    const scope = await resolveScope(db.ds, s1, TODAY);
    await expect(assertCanActOnEmployee(db.ds, s1, scope, 'A1')).resolves.toBeUndefined();
    await expect(assertCanActOnTeam(db.ds, s1, scope, 'care-general')).resolves.toBeUndefined();
    await forbidden(assertCanActOnEmployee(db.ds, s1, scope, 'A2'), /employee A2 is outside your scope/);
    await forbidden(assertCanActOnTeam(db.ds, s1, scope, 'sales-inbound'), /team sales-inbound is outside your scope/);
  });

  it('agents and analysts act on nobody; an agent still sees themselves', async () => {
    const a1 = who('agent', 'A1');
    const own = await resolveScope(db.ds, a1, TODAY);
    await expect(assertCanSeeEmployee(db.ds, own, 'A1')).resolves.toBeUndefined();
    await forbidden(assertCanSeeEmployee(db.ds, own, 'S1'), /outside your scope/);
    await forbidden(assertCanActOnEmployee(db.ds, a1, own, 'A1'), /an agent cannot act on employees/);
    const n1 = who('analyst', 'N1');
    await forbidden(assertCanActOnTeam(db.ds, n1, { kind: 'all' }, 'care'), /an analyst cannot act on teams/);
  });
});
