import { serve, token } from '../support/server';
import { useDatabase } from '../support/useDatabase';
import { seedActionsFacts, seedActionsOrg } from './fixture';

/**
 * Goals and scorecards over GraphQL with tokens, against hand-computed numbers
 * (SPEC §6.1). Every expected value below is worked out by hand from the fixture
 * (test/actions/fixture.ts) and the goals set here.
 */
const db = useDatabase('scorecard');
let api: Awaited<ReturnType<typeof serve>>;
let exec: string;

const SET = `mutation($i: SetGoalInput!) { setGoal(input: $i) { id metric grain target weight floor effectiveFrom effectiveTo scope { kind employeeId teamId role } } }`;
const goal = (input: Record<string, unknown>, bearer = exec) => api.gql(SET, { i: input }, bearer);

beforeAll(async () => {
  await seedActionsOrg(db.ds);
  await seedActionsFacts(db.ds);
  api = await serve(db.ds);
  exec = await token('executive', 'exec1');
  const from = '2026-01-01';
  for (const input of [
    { metric: 'aht', scope: { role: 'agent' }, grain: 'MONTH', target: 300, effectiveFrom: from },
    { metric: 'aht', scope: { teamId: 'care' }, grain: 'MONTH', target: 280, effectiveFrom: from },
    { metric: 'aht', scope: { teamId: 't1' }, grain: 'MONTH', target: 250, effectiveFrom: from },
    { metric: 'aht', scope: { employeeId: 'a1' }, grain: 'MONTH', target: 240, effectiveFrom: from, weight: 2 },
    { metric: 'contacts_handled', scope: { role: 'agent' }, grain: 'MONTH', target: 10, effectiveFrom: from },
    { metric: 'contacts_handled', scope: { teamId: 't1' }, grain: 'MONTH', target: 25, effectiveFrom: from },
    { metric: 'contacts_handled', scope: { employeeId: 'a1' }, grain: 'MONTH', target: 8, effectiveFrom: '2026-03-01' },
    // The target changes mid-period: the March bucket is judged against the one in force on March 31.
    { metric: 'contacts_handled', scope: { employeeId: 'a1' }, grain: 'MONTH', target: 12, effectiveFrom: '2026-03-20' },
  ]) {
    const r = await goal(input);
    expect(r.body.errors).toBeUndefined();
  }
});
afterAll(() => api?.close());

const CARD = `query($e: ID, $t: ID) { scorecard(employeeId: $e, teamId: $t, from: "2026-03-01", to: "2026-04-01") {
  employeeId teamId
  metrics { metric version direction grain buckets { periodStart periodEnd complete actual target floor weight attainment status score previousActual trend goal { id precedence scope { kind } } } }
  totals { grain periodStart periodEnd score metricsScored } } }`;

const close = (x: number) => expect.closeTo(x, 6);

describe('scorecards (SPEC §6.1)', () => {
  it("judges an agent's month: employee goal first, lower and higher is better, a target changed mid-period, weighted total, trend", async () => {
    const r = await api.gql(CARD, { e: 'a1' }, exec);
    expect(r.body.errors).toBeUndefined();
    const card = r.body.data.scorecard;
    expect(card.metrics.map((m: { metric: string }) => m.metric)).toEqual(['aht', 'contacts_handled']);
    const [aht, handled] = card.metrics;
    expect(aht.version).toMatch(/^[0-9a-f]{12,}$/);
    // aht: (200 + 220 + 260 + 280) / 4 = 240 against a1's own goal 240 (weight 2); floor 2 × 240.
    expect(aht.buckets).toEqual([
      {
        periodStart: '2026-03-01',
        periodEnd: '2026-03-31',
        complete: true,
        actual: 240,
        target: 240,
        floor: 480,
        weight: 2,
        attainment: 1,
        status: 'ON_TRACK',
        score: 100,
        previousActual: 300,
        trend: 'IMPROVING',
        goal: { id: expect.any(String), precedence: 0, scope: { kind: 'employee' } },
      },
    ]);
    // contacts_handled: 4 handled against 12 (set on 03-20, in force on 03-31); score 4/12.
    const b = handled.buckets[0];
    expect(b).toMatchObject({ actual: 4, target: 12, floor: 0, weight: 1, status: 'OFF_TRACK', previousActual: 2, trend: 'IMPROVING' });
    expect(b.attainment).toEqual(close(1 / 3));
    expect(b.score).toEqual(close(100 / 3));
    // total: (2 × 100 + 1 × 33.33…) / 3
    expect(card.totals).toEqual([{ grain: 'MONTH', periodStart: '2026-03-01', periodEnd: '2026-03-31', score: close((200 + 100 / 3) / 3), metricsScored: 2 }]);
  });

  it('an agent who transferred mid-period: all their own facts, the goal of their team on the last day (precedence)', async () => {
    const card = (await api.gql(CARD, { e: 'a2' }, exec)).body.data.scorecard;
    const [aht, handled] = card.metrics;
    // aht (300 + 300 + 200 + 200) / 4 = 250. On 03-31 a2 is in t2 (no goal) under care (280): precedence 2.
    expect(aht.buckets[0]).toMatchObject({ actual: 250, target: 280, floor: 560, status: 'ON_TRACK', goal: { precedence: 2, scope: { kind: 'team' } } });
    expect(aht.buckets[0].attainment).toEqual(close(280 / 250));
    expect(aht.buckets[0].score).toEqual(close(((250 - 560) / (280 - 560)) * 100));
    // contacts: no team goal above t2, so the role goal 10 applies.
    expect(handled.buckets[0]).toMatchObject({ actual: 4, target: 10, status: 'OFF_TRACK', score: close(40), goal: { precedence: 100000, scope: { kind: 'role' } } });
    expect(card.totals[0].score).toEqual(close((((250 - 560) / (280 - 560)) * 100 + 40) / 2));
  });

  it("a team's scorecard is over the facts attributed inside its subtree (AS_WAS), against the team's goal", async () => {
    // t1 in March: a1's 4 contacts (960 s) and a2's 2 before the transfer (600 s): aht 260, 6 handled.
    const t1 = (await api.gql(CARD, { t: 't1' }, exec)).body.data.scorecard;
    const [aht, handled] = t1.metrics;
    expect(aht.buckets[0]).toMatchObject({ actual: 260, target: 250, floor: 500, status: 'AT_RISK', score: close(96) });
    expect(aht.buckets[0].attainment).toEqual(close(250 / 260));
    expect(handled.buckets[0]).toMatchObject({ actual: 6, target: 25, status: 'OFF_TRACK', score: close(24) });
    expect(t1.totals[0].score).toEqual(close(60));
    // care: t1 and t2, 30 contacts, 960 + 1000 + 800 + 2000 s; only aht has a care goal. The score is capped at 120.
    const care = (await api.gql(CARD, { t: 'care' }, exec)).body.data.scorecard;
    expect(care.metrics.map((m: { metric: string }) => m.metric)).toEqual(['aht']);
    expect(care.metrics[0].buckets[0]).toMatchObject({ target: 280, status: 'ON_TRACK', score: close(120) });
    expect(care.metrics[0].buckets[0].actual).toEqual(close(4760 / 30));
  });

  it('keeps the history of a changed goal: the earlier target closes the day before', async () => {
    const r = await api.gql(`{ goals(metric: "contacts_handled", employeeId: "a1") { target effectiveFrom effectiveTo setBy } }`, {}, exec);
    expect(r.body.data.goals).toEqual([
      { target: 8, effectiveFrom: '2026-03-01', effectiveTo: '2026-03-19', setBy: 'exec1' },
      { target: 12, effectiveFrom: '2026-03-20', effectiveTo: null, setBy: 'exec1' },
    ]);
    const applied = await api.gql(`{ appliedGoals(employeeId: "a1", date: "2026-03-10") { metric target precedence } }`, {}, exec);
    expect(applied.body.data.appliedGoals).toEqual([
      { metric: 'aht', target: 240, precedence: 0 },
      { metric: 'contacts_handled', target: 8, precedence: 0 },
    ]);
    const a3 = await api.gql(`{ appliedGoals(employeeId: "a3", date: "2026-03-10") { metric target precedence } }`, {}, exec);
    expect(a3.body.data.appliedGoals).toEqual([
      { metric: 'aht', target: 280, precedence: 2 },
      { metric: 'contacts_handled', target: 10, precedence: 100000 },
    ]);
  });

  it('an agent reads their own scorecard, not a peer\'s', async () => {
    const a1 = await token('agent', 'a1');
    expect((await api.gql(CARD, {}, a1)).body.data.scorecard.employeeId).toBe('a1');
    const peer = await api.gql(CARD, { e: 'a2' }, a1);
    expect(peer.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const team = await api.gql(CARD, { t: 't1' }, a1);
    expect(team.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // sup1 leads t1: a1 yes, a2 (now in t2) no.
    const sup = await token('supervisor', 'sup1');
    expect((await api.gql(CARD, { e: 'a1' }, sup)).body.errors).toBeUndefined();
    expect((await api.gql(CARD, { e: 'a2' }, sup)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await api.gql(CARD, { t: 't1' }, sup)).body.errors).toBeUndefined();
    expect((await api.gql(CARD, { t: 'care' }, sup)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('setGoal refuses what cannot be a goal, and callers outside scope', () => {
  const base = { metric: 'aht', scope: { employeeId: 'a1' }, grain: 'MONTH', target: 200, effectiveFrom: '2026-05-01' };
  const code = (r: { body: { errors?: { extensions?: { code?: string } }[] } }) => r.body.errors?.[0].extensions?.code;

  it('an unknown metric, a wrong-signed target, a ratio written as a percentage, two scopes', async () => {
    const unknown = await goal({ ...base, metric: 'ahtt' });
    expect(code(unknown)).toBe('BAD_USER_INPUT');
    expect(unknown.body.errors![0].message).toMatch(/unknown metric "ahtt"; did you mean "aht"/);
    expect(code(await goal({ ...base, target: -5 }))).toBe('BAD_USER_INPUT');
    expect(code(await goal({ ...base, metric: 'csat', target: 0 }))).toBe('BAD_USER_INPUT');
    const pct = await goal({ ...base, metric: 'service_level', target: 80 });
    expect(pct.body.errors![0].message).toMatch(/ratio between 0 and 1: write 0.8/);
    expect(code(await goal({ ...base, scope: { employeeId: 'a1', role: 'agent' } }))).toBe('BAD_USER_INPUT');
    expect(code(await goal({ ...base, effectiveTo: '2026-04-01' }))).toBe('BAD_USER_INPUT');
  });

  it('agents and analysts set no goals; a supervisor only within their subtree; role goals need an executive', async () => {
    const sup = await token('supervisor', 'sup1');
    const mgr = await token('manager', 'mgr');
    expect(code(await goal(base, await token('agent', 'a1')))).toBe('FORBIDDEN');
    expect(code(await goal(base, await token('analyst', 'an1')))).toBe('FORBIDDEN');
    expect(code(await goal({ ...base, scope: { employeeId: 'a3' } }, sup))).toBe('FORBIDDEN'); // a3 is in t2
    expect(code(await goal({ ...base, scope: { teamId: 'care' } }, sup))).toBe('FORBIDDEN'); // above t1
    expect(code(await goal({ ...base, scope: { role: 'agent' } }, mgr))).toBe('FORBIDDEN');
    expect((await goal(base, sup)).body.errors).toBeUndefined();
    expect((await goal({ ...base, scope: { teamId: 't2' } }, mgr)).body.errors).toBeUndefined();
    const id = (await api.gql(`{ goals(metric: "aht", teamId: "t2") { id } }`, {}, mgr)).body.data.goals[0].id;
    expect(code(await api.gql(`mutation($id: ID!) { endGoal(id: $id) { id } }`, { id }, sup))).toBe('FORBIDDEN');
    const ended = await api.gql(`mutation($id: ID!) { endGoal(id: $id, effectiveTo: "2026-04-30") { id } }`, { id }, mgr);
    expect(ended.body).toEqual({ data: { endGoal: null } }); // ended before it began: removed
  });

  it('writes every change to the audit trail with before and after', async () => {
    const r = await api.gql(`{ auditLog(entity: "goal", id: "contacts_handled:employee:a1") { action actorEmployeeId actorRole before after } }`, {}, exec);
    const log = r.body.data.auditLog;
    expect(log.map((l: { action: string }) => l.action)).toEqual(['create', 'update']);
    expect(log[0]).toMatchObject({ actorEmployeeId: 'exec1', actorRole: 'executive', before: null });
    expect(JSON.parse(log[1].before).map((g: { target: number }) => g.target)).toEqual([8]);
    expect(JSON.parse(log[1].after).map((g: { target: number; effectiveTo: string | null }) => [g.target, g.effectiveTo])).toEqual([
      [8, '2026-03-19'],
      [12, null],
    ]);
    // a1 may read the trail of their own goal; a peer's is hidden.
    const a2 = await token('agent', 'a2');
    expect((await api.gql(`{ auditLog(entity: "goal", id: "contacts_handled:employee:a1") { id } }`, {}, a2)).body.data.auditLog).toEqual([]);
  });
});
