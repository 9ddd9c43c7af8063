import { DataSource } from 'typeorm';
import {
  Actor,
  completeCoaching,
  createAlertRule,
  createAppraisal,
  createPlan,
  createWebhook,
  evaluateAlertRules,
  giveFeedback,
  goalId,
  loadAppraisalConfig,
  metricActuals,
  pingWebhook,
  scheduleCoaching,
  sendMessage,
  submitAppraisal,
  updateAppraisal,
} from '../actions';
import { startOfDayIn } from '../actions/buckets';
import { addDays, IsoDate } from '../canonical';
import { loadManifestOrThrow } from '../semantic';

/** Where `switchboard start` mounts the demo's webhook receiver (src/demo/receiver.ts). */
export const DEMO_RECEIVER_PATH = '/demo/webhook-receiver';

const hours = (d: IsoDate, h: number, zone: string) => new Date(startOfDayIn(d, zone).getTime() + h * 3_600_000);

/**
 * The action loop of the demo (issue 10), written through the same actions a
 * user would call: alert rules (one evaluated into events, tasks for the
 * supervisors and webhook deliveries to the demo receiver), coaching sessions
 * with a before and after, a PIP on the agents' goals, appraisals (one
 * submitted, so frozen), feedback and a team message.
 */
export async function seedDemoActionLoop(ds: DataSource, opts: { start: IsoDate; today: IsoDate; orgTimezone: string; webhookUrl: string; log?: (l: string) => void }): Promise<void> {
  const manifest = loadManifestOrThrow();
  const zone = opts.orgTimezone;
  const env = { manifest, orgTimezone: zone, today: opts.today };
  const now = new Date();
  const clock = () => now;
  const admin: Actor = { principal: { role: 'admin', employeeId: null }, scope: { kind: 'all' }, today: opts.today };
  const as = (employeeId: string, role: Actor['principal']['role'], teamId: string): Actor => ({ principal: { role, employeeId }, scope: { kind: 'subtree', teamId, asOf: opts.today }, today: opts.today });

  // A ping first, so the receiver always gets something, then the events below.
  const hook = await createWebhook(ds, admin, { name: 'demo-receiver', url: opts.webhookUrl }, clock);
  await pingWebhook(ds, admin, hook.webhook.id, clock);

  const rules = [
    await createAlertRule(
      ds,
      manifest,
      admin,
      {
        name: 'Handle time over 7 minutes in Customer Care',
        description: 'Any Care agent whose AHT over the last 7 days passes 420 s, on at least 50 contacts. Creates a follow-up task for their supervisor.',
        kind: 'threshold',
        metric: 'aht',
        scope: { kind: 'employee', underTeam: 'care' },
        comparison: '>',
        threshold: 420,
        window: { kind: 'last', amount: 7, unit: 'day' },
        minVolume: 50,
        cooldownSeconds: 24 * 3600,
        createTask: true,
        taskDueDays: 2,
      },
      clock,
    ),
    await createAlertRule(
      ds,
      manifest,
      admin,
      { name: 'Service level under 67% by queue', kind: 'threshold', metric: 'service_level', scope: { kind: 'queue' }, comparison: '<', threshold: 0.67, window: { kind: 'last', amount: 3, unit: 'day' }, minVolume: 100, cooldownSeconds: 4 * 3600 },
      clock,
    ),
    await createAlertRule(
      ds,
      manifest,
      admin,
      { name: 'Abandon rate over 8% by team, today', kind: 'threshold', metric: 'abandon_rate', scope: { kind: 'team', teamLevel: 3 }, comparison: '>', threshold: 0.08, window: { kind: 'today' }, minVolume: 20, cooldownSeconds: 3600 },
      clock,
    ),
    await createAlertRule(
      ds,
      manifest,
      admin,
      { name: 'Unusual handle time by department', kind: 'anomaly', metric: 'aht', scope: { kind: 'team', teamLevel: 2 }, anomaly: { side: 'either', sigmas: 2, grain: 'DAY', baselinePeriods: 14 }, minVolume: 100 },
      clock,
    ),
  ];
  const evaluated = await evaluateAlertRules(ds, env, now);
  const opened = evaluated.flatMap((r) => r.opened);

  // Coaching: the three Care agents with the longest handle time over the two weeks before last week.
  const from = addDays(opts.today, -21);
  const worst = await metricActuals(ds, env, { metrics: ['aht'], grain: null, from, to: addDays(opts.today, -7), by: ['EMPLOYEE'], underTeam: 'care' });
  const ranked = [...worst.entries()]
    .map(([k, v]) => ({ employee: k.split('|')[0], aht: v[0] }))
    .filter((x) => x.aht !== null)
    .sort((a, b) => b.aht! - a.aht! || a.employee.localeCompare(b.employee))
    .slice(0, 3);
  const supervisorOf = async (e: string) => {
    const [r] = await ds.query(
      `SELECT s.id AS sup, sa.org_unit_id AS team FROM (SELECT employee_supervisor($1, $2::date) AS id) s JOIN assignment sa ON sa.employee_id = s.id AND sa.valid @> $2::date`,
      [e, opts.today],
    );
    return r as { sup: string; team: string } | undefined;
  };
  let sessions = 0;
  for (const [i, { employee }] of ranked.entries()) {
    const s = await supervisorOf(employee);
    if (!s) continue;
    const sup = as(s.sup, 'supervisor', s.team);
    // Two were coached ten days ago (so their before and after is there to read); one is booked for tomorrow, on the alert if there is one.
    const event = opened.find((e) => e.scopeKey === employee);
    const session = await scheduleCoaching(
      ds,
      manifest,
      sup,
      {
        employeeId: employee,
        focusMetrics: ['aht', 'avg_hold_time', 'csat'],
        scheduledAt: i < 2 ? hours(addDays(opts.today, -10), 10, zone) : hours(addDays(opts.today, 1), 10, zone),
        notes: i < 2 ? 'Call structure and hold use; listened to two calls together.' : 'Prepare: pull two long calls from last week.',
        alertEventId: i < 2 ? null : (event?.id ?? null),
        taskId: i < 2 ? null : (event?.taskId ?? null),
      },
      clock,
    );
    if (i < 2) {
      await completeCoaching(
        ds,
        manifest,
        sup,
        session.id,
        { completedAt: hours(addDays(opts.today, -10), 11, zone), followUps: [{ title: 'Use the hold-time checklist on every call this week', dueDate: addDays(opts.today, -5), metric: 'avg_hold_time' }] },
        clock,
      );
    }
    sessions++;
  }

  // A PIP for the agent at the top of that list, on the agents' handle-time and volume goals.
  let pips = 0;
  const pipFor = ranked[0]?.employee;
  const pipSup = pipFor ? await supervisorOf(pipFor) : undefined;
  if (pipFor && pipSup) {
    await createPlan(
      ds,
      as(pipSup.sup, 'supervisor', pipSup.team),
      {
        kind: 'pip',
        employeeId: pipFor,
        title: 'Handle time back within target',
        objective: 'AHT at or under the 420 s goal for three weeks running, without losing first-contact resolution.',
        startsOn: addDays(opts.today, -14),
        endsOn: addDays(opts.today, 16),
        goalIds: [goalId('aht', { kind: 'role', ref: 'agent' }, opts.start), goalId('contacts_handled', { kind: 'role', ref: 'agent' }, opts.start)],
        steps: [
          { title: 'Side-by-side with a top performer', dueDate: addDays(opts.today, -10), ownerId: pipFor },
          { title: 'Weekly check-in', dueDate: addDays(opts.today, 2), ownerId: pipSup.sup },
          { title: 'Product refresher: billing disputes', dueDate: addDays(opts.today, 9), ownerId: pipFor },
        ],
      },
      clock,
    );
    pips++;
  }

  // Appraisals over the last four weeks: one submitted (its scorecard frozen), one still a draft.
  const cfg = loadAppraisalConfig(manifest);
  const competencies = cfg.templates.get('agent')?.competencies ?? [];
  let appraisals = 0;
  for (const [i, { employee }] of ranked.slice(1, 3).entries()) {
    const s = await supervisorOf(employee);
    if (!s || !competencies.length) continue;
    const sup = as(s.sup, 'supervisor', s.team);
    const a = await createAppraisal(ds, env, cfg, sup, { employeeId: employee, template: 'agent', periodStart: addDays(opts.today, -28), periodEnd: addDays(opts.today, -1), comments: 'Reliable and well liked; handle time is the focus.' }, clock);
    if (i === 0) {
      await updateAppraisal(ds, cfg, sup, a.id, { ratings: competencies.map((c, j) => ({ competency: c.key, rating: c.key === 'efficiency' ? 2 : 3 + (j % 2) })) }, clock);
      await submitAppraisal(ds, cfg, sup, a.id, clock);
    }
    appraisals++;
  }

  // Feedback around one Care team: two-way from three agents (enough to show, anonymously), a peer note, a self-assessment.
  const team = (await ds.query(`SELECT employee_id FROM assignment WHERE org_unit_id = 'care-billing' AND role = 'agent' AND valid @> $1::date ORDER BY employee_id`, [opts.today])).map(
    (r: { employee_id: string }) => r.employee_id,
  ) as string[];
  const billingSup = team.length ? await supervisorOf(team[0]) : undefined;
  if (billingSup && team.length >= 3) {
    const agent = (e: string): Actor => ({ principal: { role: 'agent', employeeId: e }, scope: { kind: 'employee', employeeId: e }, today: opts.today });
    const words = ['Clear priorities every morning', 'More one-to-ones, please', 'Quick to unblock us on escalations'];
    for (const [i, e] of team.slice(0, 3).entries()) await giveFeedback(ds, agent(e), { kind: 'two_way', subjectId: billingSup.sup, body: words[i], rating: 4 - (i % 2) }, clock);
    await giveFeedback(ds, agent(team[1]), { kind: 'peer', subjectId: team[2], body: 'Thanks for covering the disputes queue on Friday.' }, clock);
    await giveFeedback(ds, agent(team[0]), { kind: 'self', body: 'I want to get faster on refunds without rushing the customer.', rating: 3 }, clock);
    await sendMessage(ds, as(billingSup.sup, 'supervisor', 'care-billing'), { teamId: 'care-billing', subject: 'Huddle', body: 'Huddle at 9:45 on the new refund policy.' }, clock);
  }

  const tasks = evaluated.reduce((n, r) => n + r.tasksCreated, 0);
  opts.log?.(`  action loop         ${rules.length} alert rules, ${opened.length} events open, ${tasks} tasks for supervisors, ${sessions} coaching sessions, ${pips} PIP, ${appraisals} appraisals`);
}
