import { OrgChart, upsertEmployee } from '../../src/canonical';
import { createDataSource } from '../../src/db';
import { serve } from '../support/server';
import { useDatabase } from '../support/useDatabase';
import { CountingLogger } from '../support/countingLogger';

// As a user runs it: Apollo would add stack traces to errors outside NODE_ENV=test/production.
process.env.NODE_ENV = 'development';

const logger = new CountingLogger(); // counts the statements, to prove DataLoader batching
const db = useDatabase('orgapi', { logger });
let api: Awaited<ReturnType<typeof serve>>;

// Three levels: 2 departments, 4 groups, 8 teams, 3 agents per team.
beforeAll(async () => {
  const em = db.ds.manager;
  const org = new OrgChart(db.ds);
  const v = (id: string, name: string, parentId: string | null, from = '2026-01-01', to: string | null = null) =>
    org.applyOrgUnitVersion(em, { orgUnitId: id, name, parentId, effectiveFrom: from, effectiveTo: to });
  for (const d of [1, 2]) {
    await v(`d${d}`, `Department ${d}`, null);
    for (const g of [1, 2]) {
      await v(`d${d}g${g}`, `Group ${d}.${g}`, `d${d}`);
      for (const t of [1, 2]) {
        const team = `d${d}g${g}t${t}`;
        await v(team, `Team ${d}.${g}.${t}`, `d${d}g${g}`);
        for (const a of [1, 2, 3]) {
          const id = `${team}a${a}`;
          await upsertEmployee(em, { id, firstName: 'Agent', lastName: id, email: `${id}@example.com` });
          await org.applyAssignmentVersion(em, { employeeId: id, orgUnitId: team, role: 'agent', managerId: null, site: 'HQ', effectiveFrom: '2026-01-01', effectiveTo: null });
        }
      }
    }
  }
  // A reorganization: group d1g2 moves under d2 from 2026-03-01; a transfer of one agent.
  await v('d1g2', 'Group 1.2', 'd2', '2026-03-01');
  await org.applyAssignmentVersion(em, { employeeId: 'd1g1t1a1', orgUnitId: 'd2g1t1', role: 'supervisor', managerId: null, site: 'HQ', effectiveFrom: '2026-02-01', effectiveTo: null });
  api = await serve(db.ds);
});
afterAll(async () => api?.close());

const TREE = `query($asOf: Date) {
  orgChart(asOf: $asOf) { teamId name depth children { teamId name depth parent { teamId }
    children { id teamId asOf name depth members { id name assignment(asOf: $asOf) { role teamId } } } } }
}`;

describe('GraphQL org chart over HTTP', () => {
  it('answers the tree as of a date, before and after a reorganization', async () => {
    const before = await api.gql(TREE, { asOf: '2026-02-15' });
    expect(before.status).toBe(200);
    expect(before.body.errors).toBeUndefined();
    const roots = before.body.data.orgChart;
    expect(roots.map((r: any) => r.teamId)).toEqual(['d1', 'd2']);
    expect(roots[0].children.map((g: any) => g.teamId)).toEqual(['d1g1', 'd1g2']);
    expect(roots[0].children[0].parent).toEqual({ teamId: 'd1' });
    const t = roots[0].children[0].children[0];
    expect(t).toMatchObject({ id: 'd1g1t1@2026-02-15', teamId: 'd1g1t1', asOf: '2026-02-15', depth: 3 });
    expect(t.members.map((m: any) => m.id)).toEqual(['d1g1t1a2', 'd1g1t1a3']); // a1 transferred on 2026-02-01
    expect(t.members[0].assignment).toEqual({ role: 'agent', teamId: 'd1g1t1' });

    const after = await api.gql(TREE, { asOf: '2026-03-01' });
    const afterRoots = after.body.data.orgChart;
    expect(afterRoots[0].children.map((g: any) => g.teamId)).toEqual(['d1g1']);
    expect(afterRoots[1].children.map((g: any) => g.teamId)).toEqual(['d1g2', 'd2g1', 'd2g2']);
  });

  it('loads each level with one SQL query, whatever the number of teams', async () => {
    logger.queries = [];
    const res = await api.gql(TREE, { asOf: '2026-02-15' });
    expect(res.body.errors).toBeUndefined();
    // roots, level-2 children (their parents come from the loader cache), level-3
    // children, members of level 3, employees of those members, assignment histories
    const selects = logger.queries.filter((q) => /^\s*(WITH|SELECT)/i.test(q));
    expect(selects).toHaveLength(6);
    expect(logger.queries.filter((q) => q.includes('FROM assignment WHERE org_unit_id = ANY'))).toHaveLength(1);
    expect(logger.queries.filter((q) => q.includes('FROM employee WHERE id = ANY'))).toHaveLength(1);
  });

  it('team(id, asOf) and employee(id) with its assignment history', async () => {
    const res = await api.gql(`{
      team(id: "d1g2t1", asOf: "2026-03-05") { id name depth parent { id parent { id } } }
      gone: team(id: "d1g2t1", asOf: "2025-12-31") { id }
      versioned: team(id: "d1g2t1@2026-02-15") { teamId asOf parent { teamId } }
      employee(id: "d1g1t1a1") { id name email assignments { id teamId role effectiveFrom effectiveTo team { id } }
        latestAssignment { teamId role } }
      nobody: employee(id: "nope") { id }
    }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.team).toEqual({ id: 'd1g2t1@2026-03-05', name: 'Team 1.2.1', depth: 3, parent: { id: 'd1g2@2026-03-05', parent: { id: 'd2@2026-03-05' } } });
    expect(res.body.data.gone).toBeNull();
    expect(res.body.data.versioned).toEqual({ teamId: 'd1g2t1', asOf: '2026-02-15', parent: { teamId: 'd1g2' } });
    expect(res.body.data.nobody).toBeNull();
    expect(res.body.data.employee).toEqual({
      id: 'd1g1t1a1',
      name: 'Agent d1g1t1a1',
      email: 'd1g1t1a1@example.com',
      assignments: [
        { id: 'd1g1t1a1@2026-01-01', teamId: 'd1g1t1', role: 'agent', effectiveFrom: '2026-01-01', effectiveTo: '2026-01-31', team: { id: 'd1g1t1@2026-01-01' } },
        { id: 'd1g1t1a1@2026-02-01', teamId: 'd2g1t1', role: 'supervisor', effectiveFrom: '2026-02-01', effectiveTo: null, team: { id: 'd2g1t1@2026-02-01' } },
      ],
      latestAssignment: { teamId: 'd2g1t1', role: 'supervisor' },
    });
  });

  it('refuses requests without a valid token', async () => {
    const none = await api.gql('{ me { role } }', {}, null);
    expect(none.status).toBe(401);
    expect(none.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const bad = await api.gql('{ me { role } }', {}, 'not.a.jwt');
    expect(bad.status).toBe(401);
    const me = await api.gql('{ me { role employeeId } }');
    expect(me.body.data).toEqual({ me: { role: 'admin', employeeId: null } });
  });

  it('rejects a malformed date with a GraphQL error', async () => {
    const res = await api.gql(`{ orgChart(asOf: "2026-02-30") { id } }`);
    expect(res.body.errors![0].extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors![0].extensions).not.toHaveProperty('stacktrace');
  });

  it('/healthz reports the database without a token', async () => {
    const res = await fetch(`${api.base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'up' });
  });
});

describe('/healthz when the database is down', () => {
  it('answers 503 with database: down', async () => {
    const unreachable = createDataSource({ url: 'postgres://postgres@127.0.0.1:1/none' });
    const down = await serve(unreachable);
    try {
      const res = await fetch(`${down.base}/healthz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable', database: 'down' });
    } finally {
      await down.close();
    }
  });
});
