import { TokenRole } from '../../src/access';
import { token } from '../support/server';
import { RUN_ID, WINDOW, useAccessApi } from './fixture';

/**
 * Role × query matrix (SPEC §7), over real HTTP with signed tokens: exactly
 * which employees' data each caller receives. Every expected set below is worked
 * out by hand from the org chart in ./fixture.ts on TODAY (2026-12-01):
 *
 *   center (X1 executive, N1 analyst)
 *   ├─ care (D1 director) ── care-general (S1; A1)        A5 left, S4 left, A2 transferred out
 *   └─ sales (M1 manager) ─┬─ care-retention (S2; A3)      moved here from care on 2026-11-20
 *                          └─ sales-inbound (S3; A2, A4)   A2 transferred in on 2026-11-10
 */
const fx = useAccessApi('accessmatrix');


interface Caller {
  name: string;
  role: TokenRole;
  sub?: string;
  /** metricData contacts_handled by EMPLOYEE */
  byEmployee: Record<string, number>;
  /** by TEAM (AS_WAS: the team of each contact when it happened) */
  byTeam: Record<string, number>;
  total: number;
  /** current members of the org chart whose details (email, assignments) the caller sees */
  details: string[];
  ledger: boolean;
}

const ALL_BY_EMPLOYEE = { A1: 2, A2: 3, A3: 2, A4: 1, A5: 1, S1: 1, S2: 1, S3: 1, D1: 1, M1: 1, X1: 1, N1: 1, S4: 1, Z9: 1 };
const ALL_BY_TEAM = { center: 2, care: 1, sales: 1, 'care-general': 6, 'care-retention': 3, 'sales-inbound': 4, null: 1 };
const CURRENT_MEMBERS = ['A1', 'A2', 'A3', 'A4', 'D1', 'M1', 'N1', 'S1', 'S2', 'S3', 'X1'];

const CALLERS: Caller[] = [
  { name: 'agent A1', role: 'agent', sub: 'A1', byEmployee: { A1: 2 }, byTeam: { 'care-general': 2 }, total: 2, details: ['A1'], ledger: false },
  // Transferred on 2026-11-10: all of their own contacts, each under the team of its day.
  { name: 'agent A2 (transferred)', role: 'agent', sub: 'A2', byEmployee: { A2: 3 }, byTeam: { 'care-general': 1, 'sales-inbound': 2 }, total: 3, details: ['A2'], ledger: false },
  // A2 transferred out, A5 and S4 left: none of theirs any more.
  { name: 'supervisor S1', role: 'supervisor', sub: 'S1', byEmployee: { S1: 1, A1: 2 }, byTeam: { 'care-general': 3 }, total: 3, details: ['A1', 'S1'], ledger: false },
  // Their team moved from care to sales: they still see exactly their team.
  { name: 'supervisor S2 (team moved)', role: 'supervisor', sub: 'S2', byEmployee: { S2: 1, A3: 2 }, byTeam: { 'care-retention': 3 }, total: 3, details: ['A3', 'S2'], ledger: false },
  // A2 transferred in: A2's earlier contact (then in care-general) comes along, under its team of the day.
  {
    name: 'supervisor S3 (gained a transfer)', role: 'supervisor', sub: 'S3', byEmployee: { S3: 1, A2: 3, A4: 1 }, byTeam: { 'sales-inbound': 4, 'care-general': 1 }, total: 5,
    details: ['A2', 'A4', 'S3'], ledger: false,
  },
  // Lost care-retention in the move.
  { name: 'director D1', role: 'director', sub: 'D1', byEmployee: { D1: 1, S1: 1, A1: 2 }, byTeam: { care: 1, 'care-general': 3 }, total: 4, details: ['A1', 'D1', 'S1'], ledger: false },
  // Gained care-retention in the move.
  {
    name: 'manager M1', role: 'manager', sub: 'M1', byEmployee: { M1: 1, S2: 1, A3: 2, S3: 1, A2: 3, A4: 1 }, byTeam: { sales: 1, 'care-retention': 3, 'sales-inbound': 4, 'care-general': 1 }, total: 9,
    details: ['A2', 'A3', 'A4', 'M1', 'S2', 'S3'], ledger: false,
  },
  // No assignment today: only their own rows.
  { name: 'supervisor S4 (no current team)', role: 'supervisor', sub: 'S4', byEmployee: { S4: 1 }, byTeam: { 'care-general': 1 }, total: 1, details: [], ledger: false },
  { name: 'executive X1', role: 'executive', sub: 'X1', byEmployee: ALL_BY_EMPLOYEE, byTeam: ALL_BY_TEAM, total: 18, details: CURRENT_MEMBERS, ledger: true },
  { name: 'analyst N1', role: 'analyst', sub: 'N1', byEmployee: ALL_BY_EMPLOYEE, byTeam: ALL_BY_TEAM, total: 18, details: CURRENT_MEMBERS, ledger: true },
  { name: 'admin', role: 'admin', byEmployee: ALL_BY_EMPLOYEE, byTeam: ALL_BY_TEAM, total: 18, details: CURRENT_MEMBERS, ledger: true },
];

const metric = (dims: string) => `{ metricData(query: { metrics: ["contacts_handled"], ${dims} from: "${WINDOW.from}", to: "${WINDOW.to}" }) {
  rows { teamId employeeId values employee { id inScope email } } } }`;

type Row = { teamId: string | null; employeeId: string | null; values: number[]; employee: { id: string; inScope: boolean; email: string | null } | null };

describe.each(CALLERS)('$name', (c) => {
  let bearer: string;
  beforeAll(async () => {
    bearer = await token(c.role, c.sub);
  });
  const ask = async (q: string) => {
    const res = await fx.api.gql(q, {}, bearer);
    expect(res.body.errors).toBeUndefined();
    return res.body.data;
  };

  it('metricData by EMPLOYEE: exactly the employees in scope, each with details', async () => {
    const rows: Row[] = (await ask(metric('dimensions: [EMPLOYEE],'))).metricData.rows;
    expect(Object.fromEntries(rows.map((r) => [r.employeeId, r.values[0]]))).toEqual(c.byEmployee);
    for (const r of rows) expect(r.employee).toMatchObject({ id: r.employeeId, inScope: true, email: `${r.employeeId!.toLowerCase()}@example.com` });
  });

  it('metricData by TEAM and in total', async () => {
    const byTeam: Row[] = (await ask(metric('dimensions: [TEAM],'))).metricData.rows;
    expect(Object.fromEntries(byTeam.map((r) => [String(r.teamId), r.values[0]]))).toEqual(c.byTeam);
    const total: Row[] = (await ask(metric(''))).metricData.rows;
    expect(total.map((r) => r.values[0])).toEqual([c.total]);
  });

  it('orgChart: the whole tree for everyone; details only of the members in scope', async () => {
    const data = await ask(`{ orgChart { teamId children { teamId children { teamId
      members { id name email inScope assignment { role } } memberships { employeeId role } } members { id name email inScope } memberships { employeeId } }
      members { id name email inScope } memberships { employeeId } } }`);
    const teams: string[] = [];
    const people: { id: string; name: string; email: string | null; inScope: boolean }[] = [];
    const memberships: string[] = [];
    const walk = (ts: any[]) => {
      for (const t of ts) {
        teams.push(t.teamId);
        people.push(...t.members);
        memberships.push(...t.memberships.map((m: { employeeId: string }) => m.employeeId));
        walk(t.children ?? []);
      }
    };
    walk(data.orgChart);
    expect(teams.sort()).toEqual(['care', 'care-general', 'care-retention', 'center', 'sales', 'sales-inbound']);
    expect(people.map((p) => p.id).sort()).toEqual(CURRENT_MEMBERS);
    for (const p of people) expect(p.name).toBe(`${p.id} Person`);
    expect(people.filter((p) => p.email !== null).map((p) => p.id).sort()).toEqual(c.details);
    expect(people.filter((p) => p.inScope).map((p) => p.id).sort()).toEqual(c.details);
    expect(memberships.sort()).toEqual(c.details);
  });

  it('employee(id): history and email only inside the scope', async () => {
    const inScope = new Set(Object.keys(c.byEmployee));
    for (const id of Object.keys(ALL_BY_EMPLOYEE)) {
      const e = (await ask(`{ employee(id: "${id}") { id name email inScope assignments { teamId } assignment { teamId } latestAssignment { teamId } } }`)).employee;
      if (inScope.has(id)) {
        expect(e).toMatchObject({ id, inScope: true, email: `${id.toLowerCase()}@example.com` });
        if (id !== 'Z9') expect(e.assignments.length).toBeGreaterThan(0);
      } else {
        expect(e).toEqual({ id, name: `${id} Person`, email: null, inScope: false, assignments: [], assignment: null, latestAssignment: null });
      }
    }
  });

  it(`the ingest ledger: ${c.ledger ? 'visible' : 'FORBIDDEN'}`, async () => {
    const runs = await fx.api.gql(`{ ingestRuns { id } }`, {}, bearer);
    const rejected = await fx.api.gql(`{ rejectedRecords(runId: "${RUN_ID}") { raw } }`, {}, bearer);
    if (c.ledger) {
      expect(runs.body.data.ingestRuns).toEqual([{ id: RUN_ID }]);
      expect(rejected.body.data.rejectedRecords).toEqual([{ raw: 'A1,secret' }]);
    } else {
      expect(runs.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(runs.body.data?.ingestRuns ?? null).toBeNull();
      expect(rejected.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(JSON.stringify(rejected.body)).not.toContain('secret');
    }
  });
});

describe('a service token', () => {
  it('may read nothing: every operation, introspection included, is FORBIDDEN (HTTP 403)', async () => {
    const bearer = await token('service');
    for (const q of ['{ me { role } }', metric(''), '{ orgChart { teamId } }', '{ __schema { queryType { name } } }', '{ metrics { name } }']) {
      const res = await fx.api.gql(q, {}, bearer);
      expect(res.status).toBe(403);
      expect(res.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(res.body.data).toBeUndefined();
    }
  });
});
