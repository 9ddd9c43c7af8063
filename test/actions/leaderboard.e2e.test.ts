import { competitionRank } from '../../src/actions';
import { serve, token } from '../support/server';
import { useDatabase } from '../support/useDatabase';
import { seedActionsFacts, seedActionsOrg } from './fixture';

/**
 * Leaderboards (SPEC §6.2, §7) over GraphQL. March 2026 on the care board (t1 and
 * t2, AS_WAS), counted by hand from the fixture: handled a5 20, a1 4, a2 4, a3 2;
 * aht a5 100, a1 240, a2 250, a3 400.
 */
const db = useDatabase('leaderboard');
let api: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  await seedActionsOrg(db.ds);
  await seedActionsFacts(db.ds);
  api = await serve(db.ds);
});
afterAll(() => api?.close());

const Q = `query($m: String!, $b: BoardInput!, $min: Float) {
  leaderboard(metric: $m, from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z", board: $b, minVolume: $min) {
    metric direction volumeMetric qualifiedCount board { teamId center public }
    entries { rank employeeId anonymous isMe value volume qualified }
    notQualified { rank employeeId anonymous value volume qualified }
    me { rank employeeId } } }`;
const board = (bearer: string, m: string, b: Record<string, unknown>, min?: number) => api.gql(Q, { m, b, min }, bearer);
type Entry = { rank: number; employeeId: string | null; value: number };
const ranks = (r: { body: { data?: { leaderboard: { entries: Entry[] } } } }) => r.body.data!.leaderboard.entries.map((e) => [e.rank, e.employeeId, e.value]);

describe('leaderboards', () => {
  it('show restated values after a back-dated org correction, with no rebuild', async () => {
    const an = await token('analyst', 'an1');
    const before = await board(an, 'contacts_handled', { teamId: 't1' });
    expect(ranks(before)).toEqual([
      [1, 'a1', 4],
      [2, 'a2', 2],
    ]);
    // HR corrects a3's history: a3 was in t1 since March 1st (AS_WAS attribution moves a3's March contacts).
    const { OrgChart } = await import('../../src/canonical');
    await new OrgChart(db.ds).applyAssignmentVersion(db.ds.manager, { employeeId: 'a3', orgUnitId: 't1', role: 'agent', managerId: null, site: 'Leeds', effectiveFrom: '2026-03-01', effectiveTo: '2026-03-31' });
    expect(ranks(await board(an, 'contacts_handled', { teamId: 't1' }))).toEqual([
      [1, 'a1', 4],
      [2, 'a2', 2],
      [2, 'a3', 2],
    ]);
    expect(ranks(await board(an, 'contacts_handled', { teamId: 't2' })).map((x) => x[1])).toEqual(['a5', 'a2']);
    // Undo the correction for the other tests: t2 again from March 1st.
    await new OrgChart(db.ds).applyAssignmentVersion(db.ds.manager, { employeeId: 'a3', orgUnitId: 't2', role: 'agent', managerId: null, site: 'Leeds', effectiveFrom: '2026-03-01', effectiveTo: '2026-03-31' });
  });

  it('ranks with standard competition ranking: ties share a rank, listed by employee id', async () => {
    const r = await board(await token('analyst', 'an1'), 'contacts_handled', { teamId: 'care' });
    expect(ranks(r)).toEqual([
      [1, 'a5', 20],
      [2, 'a1', 4],
      [2, 'a2', 4],
      [4, 'a3', 2],
    ]);
    expect(competitionRank([{ employeeId: 'b', value: 1 }, { employeeId: 'a', value: 1 }, { employeeId: 'c', value: 0.5 }], 'higher_is_better').map((e) => e.rank)).toEqual([1, 1, 3]);
  });

  it('ranks lower-is-better metrics ascending and lists employees under the minimum volume apart', async () => {
    const r = await board(await token('analyst', 'an1'), 'aht', { teamId: 'care' }, 3);
    expect(r.body.data.leaderboard.direction).toBe('lower_is_better');
    expect(ranks(r)).toEqual([
      [1, 'a5', 100],
      [2, 'a1', 240],
      [3, 'a2', 250],
    ]);
    expect(r.body.data.leaderboard.notQualified).toEqual([{ rank: null, employeeId: 'a3', anonymous: false, value: 400, volume: 2, qualified: false }]);
    expect(r.body.data.leaderboard.qualifiedCount).toBe(3);
  });

  it('an agent sees their board with peers as anonymous ranks while it is private, named once it is public', async () => {
    const a1 = await token('agent', 'a1');
    const r = await board(a1, 'contacts_handled', { teamId: 'care' });
    expect(r.body.data.leaderboard.board).toEqual({ teamId: 'care', center: false, public: false });
    expect(r.body.data.leaderboard.entries.map((e: { rank: number; employeeId: string | null; anonymous: boolean; isMe: boolean; value: number }) => [e.rank, e.employeeId, e.anonymous, e.isMe, e.value])).toEqual([
      [1, null, true, false, 20],
      [2, 'a1', false, true, 4],
      [2, null, true, false, 4],
      [4, null, true, false, 2],
    ]);
    expect(r.body.data.leaderboard.me).toEqual({ rank: 2, employeeId: 'a1' });
    // a1 may not mark it public; the care manager may.
    const refuse = await api.gql(`mutation { setLeaderboardVisibility(board: { teamId: "care" }, public: true) }`, {}, a1);
    expect(refuse.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const ok = await api.gql(`mutation { setLeaderboardVisibility(board: { teamId: "care" }, public: true) }`, {}, await token('manager', 'mgr'));
    expect(ok.body.data.setLeaderboardVisibility).toBe(true);
    const named = await board(a1, 'contacts_handled', { teamId: 'care' });
    expect(ranks(named).map((x) => x[1])).toEqual(['a5', 'a1', 'a2', 'a3']);
    await api.gql(`mutation { setLeaderboardVisibility(board: { teamId: "care" }, public: false) }`, {}, await token('manager', 'mgr'));
  });

  it('what an agent, a supervisor and an analyst may see', async () => {
    const a1 = await token('agent', 'a1');
    // Boards that hold the agent's team: t1, care, the center. Not t2 nor sales.
    for (const b of [{ teamId: 't1' }, { teamId: 'care' }, { center: true }]) expect((await board(a1, 'aht', b)).body.errors).toBeUndefined();
    for (const b of [{ teamId: 't2' }, { teamId: 'sales' }]) expect((await board(a1, 'aht', b)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    // sup1 leads t1 (today: a1 and sup1): a1 is named, a2 (now in t2), a3 and a5 are not.
    const sup = await board(await token('supervisor', 'sup1'), 'contacts_handled', { teamId: 'care' });
    expect(sup.body.data.leaderboard.entries.map((e: { employeeId: string | null }) => e.employeeId)).toEqual([null, 'a1', null, null]);
    // The care manager sees their whole subtree named; an analyst sees everyone.
    const mgr = await board(await token('manager', 'mgr'), 'contacts_handled', { teamId: 'care' });
    expect(ranks(mgr).map((x) => x[1])).toEqual(['a5', 'a1', 'a2', 'a3']);
    const center = await board(await token('analyst', 'an1'), 'contacts_handled', { center: true });
    expect(ranks(center).map((x) => x[1])).toEqual(['a5', 'a4', 'a1', 'a2', 'a3']);
    expect(ranks(center).map((x) => x[0])).toEqual([1, 2, 3, 3, 5]);
  });

  it('refuses a board given twice or not at all, a volume metric that is not a count, and an unknown team', async () => {
    const an = await token('analyst', 'an1');
    expect((await board(an, 'aht', { teamId: 'care', center: true })).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await board(an, 'aht', {})).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await board(an, 'aht', { teamId: 'nope' })).body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const v = await api.gql(`{ leaderboard(metric: "aht", from: "2026-03-01T00:00:00Z", to: "2026-04-01T00:00:00Z", board: { center: true }, volumeMetric: "csat") { metric } }`, {}, an);
    expect(v.body.errors?.[0].message).toMatch(/csat is not a count/);
  });
});
