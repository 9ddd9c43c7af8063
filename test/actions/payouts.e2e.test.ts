import fs from 'fs';
import os from 'os';
import path from 'path';
import { Actor, approvePayoutRun, computePayouts, IncentivePlan, loadIncentivePlans, periodOf, runPayouts, setGoal } from '../../src/actions';
import { loadManifestOrThrow } from '../../src/semantic';
import { serve, token } from '../support/server';
import { useDatabase } from '../support/useDatabase';
import { contact, seedActionsFacts, seedActionsOrg } from './fixture';

/**
 * Incentive payouts against a hand-computed plan: tiers, a cap, a frozen approved
 * run, and a visible adjustment after a restatement (late data).
 */
const db = useDatabase('payouts');
const manifest = loadManifestOrThrow();
const env = { manifest, orgTimezone: 'UTC', today: '2026-04-15' };
const exec: Actor = { principal: { role: 'executive', employeeId: 'exec1' }, scope: { kind: 'all' }, today: '2026-04-15' };
let plan: IncentivePlan;
let api: Awaited<ReturnType<typeof serve>>;

const PLAN = `name: care_test
label: Care agents
eligible: { role: agent, under_team: care }
period: MONTH
currency: EUR
target_pay: 300
metrics:
  - { metric: aht, weight: 2 }
  - { metric: contacts_handled, weight: 1 }
tiers:
  - { name: stretch, min_score: 110, pay_pct: 150 }
  - { name: full, min_score: 100, pay_pct: 100 }
  - { name: half, min_score: 80, pay_pct: 50 }
  - { name: quarter, min_score: 60, pay_pct: 25 }
cap: 400
`;

beforeAll(async () => {
  await seedActionsOrg(db.ds);
  await seedActionsFacts(db.ds);
  const goal = (metric: string, kind: 'employee' | 'team' | 'role', ref: string, target: number) =>
    setGoal(db.ds, manifest, exec, { metric, scope: { kind, ref } as never, grain: 'MONTH', target, effectiveFrom: '2026-01-01' });
  await goal('aht', 'team', 'care', 280);
  await goal('aht', 'employee', 'a1', 240);
  await goal('contacts_handled', 'role', 'agent', 10);
  await goal('contacts_handled', 'employee', 'a1', 12);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-plans-'));
  fs.writeFileSync(path.join(dir, 'care_test.yaml'), PLAN);
  plan = loadIncentivePlans(manifest, dir).get('care_test')!;
  api = await serve(db.ds);
});
afterAll(() => api?.close());

const march = () => periodOf(plan, '2026-03-15');
const score = (actual: number, target: number, floor: number) => Math.min(Math.max((actual - floor) / (target - floor), 0), 1.2) * 100;

describe('incentive payouts', () => {
  it('computes each eligible employee with the full trail: scores, weighted total, tier, cap', async () => {
    const lines = await computePayouts(db.ds, env, plan, march(), { kind: 'all' }, new Date('2026-04-15T00:00:00Z'));
    // Agents under care on 03-31: a1 (t1), a2, a3, a5 (t2). a4 (sales) and sup1 (a supervisor) are not eligible.
    expect(lines.map((l) => l.employeeId)).toEqual(['a1', 'a2', 'a3', 'a5']);
    const by = new Map(lines.map((l) => [l.employeeId, l]));
    // a1: aht 240 vs 240 → 100; 4 handled vs 12 → 33.3; (2 × 100 + 33.3) / 3 = 77.8 → quarter: 75.
    expect(by.get('a1')!.trail.metrics.map((m) => [m.metric, m.actual, m.target, m.floor])).toEqual([
      ['aht', 240, 240, 480],
      ['contacts_handled', 4, 12, 0],
    ]);
    expect(by.get('a1')!.score).toBeCloseTo((2 * 100 + 100 / 3) / 3, 9);
    expect(by.get('a1')).toMatchObject({ tier: 'quarter', amount: 75 });
    // a2: aht 250 vs care 280 (floor 560) → 110.7; 4 vs 10 → 40; (221.4 + 40) / 3 = 87.1 → half: 150.
    expect(by.get('a2')!.score).toBeCloseTo((2 * score(250, 280, 560) + 40) / 3, 9);
    expect(by.get('a2')).toMatchObject({ tier: 'half', amount: 150 });
    // a3: aht 400 → 57.1; 2 vs 10 → 20; 44.8 → no tier: 0.
    expect(by.get('a3')).toMatchObject({ tier: null, amount: 0 });
    expect(by.get('a3')!.score).toBeCloseTo((2 * score(400, 280, 560) + 20) / 3, 9);
    // a5: aht 100 and 20 handled both cap at 120 → stretch: 150% of 300 = 450, capped at 400.
    expect(by.get('a5')).toMatchObject({ score: 120, tier: 'stretch', amount: 400 });
    expect(by.get('a5')!.trail).toMatchObject({ payPct: 150, uncapped: 450, cap: 400, amount: 400, currency: 'EUR', targetPay: 300 });
  });

  it('freezes an approved run; a restatement becomes a visible adjustment, never a silent change', async () => {
    const draft = await runPayouts(db.ds, env, exec, plan, '2026-03-01', new Date());
    expect(draft.status).toBe('draft');
    const approve = await approvePayoutRun(db.ds, exec, draft.id);
    expect(approve.status).toBe('approved');
    const frozen = await db.ds.query(`SELECT employee_id, amount::float8 AS amount FROM payout_line WHERE run_id = $1 ORDER BY employee_id`, [draft.id]);
    expect(frozen).toEqual([
      { employee_id: 'a1', amount: 75 },
      { employee_id: 'a2', amount: 150 },
      { employee_id: 'a3', amount: 0 },
      { employee_id: 'a5', amount: 400 },
    ]);
    // Nothing can change an approved run, whatever writes to it.
    await expect(db.ds.query(`UPDATE payout_line SET amount = 1 WHERE run_id = $1`, [draft.id])).rejects.toThrow(/approved and frozen/);
    await expect(db.ds.query(`DELETE FROM payout_run WHERE id = $1`, [draft.id])).rejects.toThrow(/approved and frozen/);

    // Late data: a3 handled one more March contact (100 s): aht (800 + 100) / 3 = 300 → 92.9; 3 vs 10 → 30;
    // (185.7 + 30) / 3 = 71.9 → quarter: 75. The report shows it as an adjustment of +75.
    await contact(db.ds, 'a3', '2026-03-27T10:00:00Z', 100);
    const report = await api.gql(
      `{ payouts(plan: "care_agents_monthly", period: "2026-03-01") { periodStart } }`,
      {},
      await token('executive', 'exec1'),
    );
    expect(report.body.errors).toBeUndefined();
    const lines = await computePayouts(db.ds, env, plan, march(), { kind: 'all' }, new Date());
    expect(lines.find((l) => l.employeeId === 'a3')).toMatchObject({ tier: 'quarter', amount: 75 });
    const adj = await runPayouts(db.ds, env, exec, plan, '2026-03-31', new Date());
    expect(adj).toMatchObject({ status: 'draft', adjustsRun: draft.id });
    expect(await db.ds.query(`SELECT employee_id, amount::float8 AS amount FROM payout_line WHERE run_id = $1`, [adj.id])).toEqual([{ employee_id: 'a3', amount: 75 }]);
    expect(await db.ds.query(`SELECT employee_id, amount::float8 AS amount FROM payout_line WHERE run_id = $1 ORDER BY employee_id`, [draft.id])).toEqual(frozen);
  });

  it('only executives and admins run or approve payouts; an agent reads only their own line', async () => {
    const run = `mutation { runPayouts(plan: "care_agents_monthly", period: "2026-03-01") { id } }`;
    for (const [role, id] of [['manager', 'mgr'], ['analyst', 'an1'], ['agent', 'a1']] as const) {
      expect((await api.gql(run, {}, await token(role, id))).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const approve = `mutation { approvePayoutRun(id: "00000000-0000-0000-0000-000000000000") { id } }`;
    expect((await api.gql(approve, {}, await token('manager', 'mgr'))).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const mine = await api.gql(`{ payouts(plan: "care_agents_monthly", period: "2026-03-01") { lines { employeeId } } }`, {}, await token('agent', 'a1'));
    expect(mine.body.data.payouts.lines).toEqual([{ employeeId: 'a1' }]);
    const sup = await api.gql(`{ payouts(plan: "care_agents_monthly", period: "2026-03-01") { lines { employeeId } } }`, {}, await token('supervisor', 'sup1'));
    expect(sup.body.data.payouts.lines).toEqual([{ employeeId: 'a1' }]); // t1's agents today
  });
});
