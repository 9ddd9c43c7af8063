import { DataSource } from 'typeorm';
import { Actor, createContest, getContest, loadGamification, runGamificationJob, setBoardVisibility, setGoal } from '../actions';
import { addDays, IsoDate } from '../canonical';
import { loadManifestOrThrow } from '../semantic';
import { startOfDayIn } from '../actions/buckets';

/**
 * Goals, leaderboard settings and contests for the demo operation (issue 9),
 * written through the same actions an executive would use, then one run of the
 * gamification job so that badges and points exist from the start. The badge
 * rules and the incentive plan ship as YAML under metrics/.
 */
/** Whether the demo's actions are in (the last thing seeded is the running contest). */
export async function demoActionsSeeded(ds: DataSource): Promise<boolean> {
  return (await getContest(ds, 'sales-sprint')) !== null;
}

export async function seedDemoActions(ds: DataSource, opts: { start: IsoDate; today: IsoDate; orgTimezone: string; log?: (l: string) => void }): Promise<void> {
  const manifest = loadManifestOrThrow();
  const g = loadGamification(manifest);
  const actor: Actor = { principal: { role: 'admin', employeeId: null }, scope: { kind: 'all' }, today: opts.today };
  const env = { manifest, orgTimezone: opts.orgTimezone, today: opts.today };
  const from = opts.start;
  const goals: Parameters<typeof setGoal>[3][] = [
    // What every agent is held to, month by month…
    { metric: 'aht', scope: { kind: 'role', ref: 'agent' }, grain: 'MONTH', target: 420, effectiveFrom: from },
    { metric: 'csat', scope: { kind: 'role', ref: 'agent' }, grain: 'MONTH', target: 3.8, effectiveFrom: from, weight: 2 },
    { metric: 'fcr_rate', scope: { kind: 'role', ref: 'agent' }, grain: 'MONTH', target: 0.83, effectiveFrom: from },
    { metric: 'contacts_handled', scope: { kind: 'role', ref: 'agent' }, grain: 'MONTH', target: 750, effectiveFrom: from },
    // …teams that aim higher (the nearest team goal wins over the role's)…
    { metric: 'csat', scope: { kind: 'team', ref: 'care' }, grain: 'MONTH', target: 4, effectiveFrom: from, weight: 2 },
    { metric: 'conversion_rate', scope: { kind: 'team', ref: 'sales' }, grain: 'MONTH', target: 0.06, effectiveFrom: from },
    { metric: 'fcr_rate', scope: { kind: 'team', ref: 'tech' }, grain: 'MONTH', target: 0.8, effectiveFrom: from },
    // …and one agent with a weekly handle-time goal of their own, tightened three weeks ago.
    { metric: 'aht', scope: { kind: 'employee', ref: 'E1015' }, grain: 'WEEK', target: 425, effectiveFrom: from },
    { metric: 'aht', scope: { kind: 'employee', ref: 'E1015' }, grain: 'WEEK', target: 415, effectiveFrom: addDays(opts.today, -21) },
  ];
  for (const goal of goals) await setGoal(ds, manifest, actor, goal);
  await setBoardVisibility(ds, actor, { kind: 'team', teamId: 'tech' }, true);
  const day = (d: IsoDate) => startOfDayIn(d, opts.orgTimezone);
  // Each step can run again (a load cut short is resumed): goals and settings are
  // idempotent, contests are created once.
  if (!(await getContest(ds, 'fcr-fortnight'))) await createContest(ds, env, actor, g, {
    id: 'fcr-fortnight',
    name: 'FCR fortnight',
    metric: 'fcr_rate',
    board: { kind: 'team', teamId: 'care' },
    startsAt: day(addDays(opts.today, -15)),
    endsAt: day(addDays(opts.today, -1)),
    minVolume: 50,
    prizes: [
      { rank: 1, label: 'Gold', points: 200, badge: 'contest_winner' },
      { rank: 2, label: 'Silver', points: 100 },
      { rank: 3, label: 'Bronze', points: 50 },
    ],
  });
  if (!(await getContest(ds, 'sales-sprint'))) await createContest(ds, env, actor, g, {
    id: 'sales-sprint',
    name: 'Sales sprint',
    metric: 'revenue',
    volumeMetric: 'orders',
    board: { kind: 'team', teamId: 'sales' },
    startsAt: day(addDays(opts.today, -7)),
    endsAt: day(addDays(opts.today, 7)),
    minVolume: 3,
    prizes: [{ rank: 1, label: 'Top seller', points: 300, badge: 'contest_winner' }],
  });
  const r = await runGamificationJob(ds, manifest, g, opts.orgTimezone, new Date());
  const awarded = r.rules.reduce((n, x) => n + x.awarded, 0);
  opts.log?.(`  actions             ${goals.length} goals, 2 contests (${r.frozenContests.length} ended and frozen), ${awarded} badges awarded`);
}
