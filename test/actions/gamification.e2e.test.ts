import fs from 'fs';
import os from 'os';
import path from 'path';
import { Actor, freezeEndedContests, Gamification, loadGamification, runBadgeRules, setGoal } from '../../src/actions';
import { loadManifestOrThrow } from '../../src/semantic';
import { serve, token } from '../support/server';
import { useDatabase } from '../support/useDatabase';
import { contact, seedActionsFacts, seedActionsOrg } from './fixture';

/**
 * Badge rules with an injectable clock, points and rewards, recognition, and
 * contests frozen when they end. Expected values counted by hand from the fixture.
 */
const db = useDatabase('gamification');
let api: Awaited<ReturnType<typeof serve>>;
const manifest = loadManifestOrThrow();
const env = { manifest, orgTimezone: 'UTC', today: '2026-04-15' };
const exec: Actor = { principal: { role: 'executive', employeeId: 'exec1' }, scope: { kind: 'all' }, today: '2026-01-01' };

/** Rules written to a temp folder beside a copy of the catalog. */
function rulesDir(rules: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-badges-'));
  fs.mkdirSync(path.join(dir, 'rules'));
  fs.copyFileSync(path.join(manifest.dir, 'badges', 'catalog.yaml'), path.join(dir, 'catalog.yaml'));
  for (const [name, text] of Object.entries(rules)) fs.writeFileSync(path.join(dir, 'rules', `${name}.yaml`), text);
  return dir;
}

let streak: Gamification;

beforeAll(async () => {
  await seedActionsOrg(db.ds);
  await seedActionsFacts(db.ds);
  // a4 must handle 2 contacts a week; the fixture gives 1 in the week of 02-23, then 2, 2, 2.
  await setGoal(db.ds, manifest, exec, { metric: 'contacts_handled', scope: { kind: 'employee', ref: 'a4' }, grain: 'WEEK', target: 2, effectiveFrom: '2026-02-01' });
  streak = loadGamification(
    manifest,
    rulesDir({ streak: `name: streak\nlabel: Three weeks\nkind: goal_streak\nbadge: on_a_roll\nmetric: contacts_handled\ncount: 3\nlookback: 8\n` }),
  );
  api = await serve(db.ds);
});
afterAll(() => api?.close());

const awards = (rule: string) =>
  db.ds.query(`SELECT employee_id, badge, award_key, awarded_at, period_start::text, period_end::text, points, still_qualifies FROM achievement WHERE rule = $1 ORDER BY id`, [rule]);

describe('badge rules run on an injectable clock', () => {
  it('awards a streak once, on the day its third bucket has ended, and not again when the rule re-runs', async () => {
    // Sunday 2026-03-22, 23:00: the week of 03-16 has not ended yet: two in a row only.
    expect((await runBadgeRules(db.ds, env, streak, new Date('2026-03-22T23:00:00Z')))[0].awarded).toBe(0);
    expect(await awards('streak')).toEqual([]);
    // Monday 03-23: the third week is complete.
    const monday = new Date('2026-03-23T08:00:00Z');
    expect((await runBadgeRules(db.ds, env, streak, monday))[0].awarded).toBe(1);
    expect(await awards('streak')).toEqual([
      { employee_id: 'a4', badge: 'on_a_roll', award_key: 'streak:a4:WEEK:2026-03-16', awarded_at: monday, period_start: '2026-03-02', period_end: '2026-03-22', points: 50, still_qualifies: null },
    ]);
    for (const later of ['2026-03-23T09:00:00Z', '2026-03-30T08:00:00Z', '2026-04-06T08:00:00Z']) {
      expect((await runBadgeRules(db.ds, env, streak, new Date(later)))[0].awarded).toBe(0);
    }
    expect(await awards('streak')).toHaveLength(1);
    const [{ balance }] = await db.ds.query(`SELECT sum(points)::int AS balance FROM points_entry WHERE employee_id = 'a4'`);
    expect(balance).toBe(50);
  });

  it('keeps an award when late data breaks it, and reports the restatement', async () => {
    // A correction removes one of a4's two contacts in the week of 03-09.
    await db.ds.query(`DELETE FROM interaction WHERE contact_id = (SELECT contact_id FROM interaction WHERE employee_id = 'a4' AND initiated_at::date = '2026-03-11')`);
    const [run] = await runBadgeRules(db.ds, env, streak, new Date('2026-04-06T08:00:00Z'));
    expect(run.awarded).toBe(0);
    expect(run.restated).toEqual([{ achievementId: expect.any(String), employeeId: 'a4', valueAtAward: 3, valueNow: 2, stillQualifies: false }]);
    const [a] = await awards('streak');
    expect(a.still_qualifies).toBe(false);
    const r = await api.gql(`{ achievements(employeeId: "a4", restatedOnly: true) { badge value restatement { valueNow stillQualifies } } }`, {}, await token('agent', 'a4'));
    expect(r.body.data.achievements).toEqual([{ badge: 'on_a_roll', value: 3, restatement: { valueNow: 2, stillQualifies: false } }]);
  });

  it('personal bests, thresholds and podiums follow the metric direction and award once', async () => {
    const g = loadGamification(
      manifest,
      rulesDir({
        pb: `name: pb\nlabel: PB\nkind: personal_best\nbadge: personal_best\nmetric: aht\ngrain: WEEK\nmin_history: 1\nlookback: 6\n`,
        fast: `name: fast\nlabel: Fast\nkind: threshold\nbadge: kudos\nmetric: aht\ngrain: MONTH\nop: "<="\nvalue: 240\nmin_volume: 4\nlookback: 2\n`,
        podium: `name: podium\nlabel: Podium\nkind: leaderboard_top\nbadge: top_three\nmetric: contacts_handled\ngrain: MONTH\ntop: 2\nboard: team\nlookback: 1\n`,
      }),
    );
    const now = new Date('2026-04-02T08:00:00Z');
    const runs = await runBadgeRules(db.ds, env, g, now);
    expect(runs.map((r) => [r.rule, r.awarded])).toEqual([
      ['fast', 3],
      ['pb', 2],
      ['podium', 6],
    ]);
    // aht ≤ 240 in March with ≥ 4 handled: a1 (240), a4 (100, 5 handled) and a5 (100); a2 (250) and a3 (2 handled) not.
    expect((await awards('fast')).map((a: { employee_id: string }) => a.employee_id).sort()).toEqual(['a1', 'a4', 'a5']);
    // Weekly aht over the 6 weeks from 02-16, lower is better, one earlier week needed:
    // a1 300 (02-16), 200 (03-02: a best), 220, 260, 280; a2 300 (03-02), 300 (equal: not a best), 200 (03-16: a best), 200;
    // a3, a4 and a5 never change.
    expect((await awards('pb')).map((a: { employee_id: string; period_start: string }) => [a.employee_id, a.period_start])).toEqual([
      ['a1', '2026-03-02'],
      ['a2', '2026-03-16'],
    ]);
    // Top 2 of each team in March (AS_WAS): t1 a1 4, a2 2; t2 a5 20, a2 2 and a3 2 tie (both rank 2); s1 a4 (6, after the correction 5).
    expect((await awards('podium')).map((a: { award_key: string }) => a.award_key).sort()).toEqual(
      ['podium:a1:t1:2026-03-01', 'podium:a2:t1:2026-03-01', 'podium:a2:t2:2026-03-01', 'podium:a3:t2:2026-03-01', 'podium:a4:s1:2026-03-01', 'podium:a5:t2:2026-03-01'].sort(),
    );
    expect((await runBadgeRules(db.ds, env, g, now)).map((r) => r.awarded)).toEqual([0, 0, 0]);
  });
});

describe('points, rewards and recognition', () => {
  it('spends points on a reward, never beyond the balance', async () => {
    const a4 = await token('agent', 'a4');
    const before = await api.gql(`{ points { employeeId earned spent balance } }`, {}, a4);
    // The streak (on_a_roll 50), the March podium on s1 (top_three 30) and the fast month (kudos 10).
    expect(before.body.data.points).toEqual({ employeeId: 'a4', earned: 90, spent: 0, balance: 90 });
    const short = await api.gql(`mutation { redeemReward(reward: "extra_break") { balance } }`, {}, a4);
    expect(short.body.errors?.[0]).toMatchObject({ message: 'redeemReward: A 15-minute extra break costs 100 points; your balance is 90', extensions: { code: 'BAD_USER_INPUT' } });
    const kudos = await api.gql(`mutation { recognize(employeeId: "a4", badge: "kudos", reason: "Covered a colleague's shift") { points } }`, {}, await token('executive', 'exec1'));
    expect(kudos.body.data.recognize.points).toBe(10);
    const r = await api.gql(`mutation { redeemReward(reward: "extra_break") { earned spent balance } }`, {}, a4);
    expect(r.body.errors).toBeUndefined();
    expect(r.body.data.redeemReward).toEqual({ earned: 100, spent: 100, balance: 0 });
    const again = await api.gql(`mutation { redeemReward(reward: "extra_break") { balance } }`, {}, a4);
    expect(again.body.errors?.[0].message).toBe('redeemReward: A 15-minute extra break costs 100 points; your balance is 0');
    const ledger = await api.gql(`{ pointsLedger { kind points reason } }`, {}, a4);
    expect(ledger.body.data.pointsLedger[0]).toEqual({ kind: 'spent', points: 100, reason: 'reward extra_break: A 15-minute extra break' });
  });

  it('only executives and admins trigger the gamification job; only an employee can spend points', async () => {
    const run = `mutation { runGamification { rule awarded } }`;
    for (const [role, id] of [['manager', 'mgr'], ['analyst', 'an1'], ['agent', 'a1']] as const) {
      expect((await api.gql(run, {}, await token(role, id))).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const admin = await api.gql(`mutation { redeemReward(reward: "extra_break") { balance } }`, {}, await token('admin'));
    expect(admin.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('recognition: a supervisor gives a badge within their subtree; agents and outsiders cannot', async () => {
    const sup = await token('supervisor', 'sup1');
    const q = `mutation($e: ID!) { recognize(employeeId: $e, badge: "kudos", reason: "Calmed an angry caller", metric: "csat") { employeeId badge source awardedBy points reason } }`;
    const ok = await api.gql(q, { e: 'a1' }, sup);
    expect(ok.body.data.recognize).toEqual({ employeeId: 'a1', badge: 'kudos', source: 'manual', awardedBy: 'sup1', points: 10, reason: 'Calmed an angry caller' });
    expect((await api.gql(q, { e: 'a3' }, sup)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await api.gql(q, { e: 'a2' }, await token('agent', 'a1'))).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await api.gql(q, { e: 'sup1' }, sup)).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await api.gql(`{ points(employeeId: "a1") { balance } }`, {}, sup)).body.data.points.balance).toBeGreaterThanOrEqual(10);
    expect((await api.gql(`{ points(employeeId: "a1") { balance } }`, {}, await token('agent', 'a2'))).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('contests', () => {
  const CREATE = `mutation($i: CreateContestInput!) { createContest(input: $i) { id status board { teamId } prizes { rank label points badge } } }`;
  const input = {
    id: 'march-madness',
    name: 'March madness',
    metric: 'contacts_handled',
    board: { teamId: 'care' },
    startsAt: '2026-03-01T00:00:00Z',
    endsAt: '2026-04-01T00:00:00Z',
    prizes: [
      { rank: 1, label: 'Gold', points: 100, badge: 'contest_winner' },
      { rank: 2, label: 'Silver', points: 50 },
    ],
  };

  it('only a manager of the board (or an executive) creates one', async () => {
    expect((await api.gql(CREATE, { i: input }, await token('supervisor', 'sup1'))).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const r = await api.gql(CREATE, { i: input }, await token('manager', 'mgr'));
    expect(r.body.data.createContest).toEqual({ id: 'march-madness', status: 'ENDED', board: { teamId: 'care' }, prizes: [
      { rank: 1, label: 'Gold', points: 100, badge: 'contest_winner' },
      { rank: 2, label: 'Silver', points: 50, badge: null },
    ] });
  });

  it('freezes the final standing when it ends, awards prizes once, and never changes after', async () => {
    const frozen = await freezeEndedContests(db.ds, env, streak, new Date('2026-04-01T00:00:01Z'));
    expect(frozen).toEqual(['march-madness']);
    const S = `{ contest(id: "march-madness") { status standings { rank employeeId value prize { label points } } } }`;
    const expected = [
      { rank: 1, employeeId: 'a5', value: 20, prize: { label: 'Gold', points: 100 } },
      { rank: 2, employeeId: 'a1', value: 4, prize: { label: 'Silver', points: 50 } },
      { rank: 2, employeeId: 'a2', value: 4, prize: { label: 'Silver', points: 50 } },
      { rank: 4, employeeId: 'a3', value: 2, prize: null },
    ];
    const an = await token('analyst', 'an1');
    expect((await api.gql(S, {}, an)).body.data.contest).toEqual({ status: 'FROZEN', standings: expected });
    // Late data after the end: the frozen standing stays; freezing again awards nothing.
    await contact(db.ds, 'a3', '2026-03-30T10:00:00Z', 100);
    await contact(db.ds, 'a3', '2026-03-30T11:00:00Z', 100);
    await contact(db.ds, 'a3', '2026-03-30T12:00:00Z', 100);
    expect(await freezeEndedContests(db.ds, env, streak, new Date('2026-04-02T00:00:00Z'))).toEqual([]);
    expect((await api.gql(S, {}, an)).body.data.contest.standings).toEqual(expected);
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM achievement WHERE contest_id = 'march-madness'`);
    expect(n).toBe(3);
    // An agent of the board sees it with anonymous peers.
    const mine = await api.gql(S, {}, await token('agent', 'a1'));
    expect(mine.body.data.contest.standings.map((s: { employeeId: string | null }) => s.employeeId)).toEqual([null, 'a1', null, null]);
    expect((await api.gql(S, {}, await token('agent', 'a4'))).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
