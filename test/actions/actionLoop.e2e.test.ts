import { serve, token } from '../support/server';
import { useDatabase } from '../support/useDatabase';
import { contact, seedActionsOrg } from './fixture';

/**
 * The action loop over GraphQL with tokens and a server clock set by the test:
 * an alert opens and creates a task for the supervisor; the supervisor coaches
 * on it; the before-and-after view is checked against hand-computed metrics;
 * then PIP progress, appraisal snapshots that stay frozen, messages and the
 * feedback visibility rules. Every expected value is worked out by hand.
 */
const db = useDatabase('actionloop');
let api: Awaited<ReturnType<typeof serve>>;
let now = new Date('2026-05-10T09:00:00Z');
let exec: string, sup1: string, a1: string, a2: string, a3: string, a5: string, mgr: string;

beforeAll(async () => {
  await seedActionsOrg(db.ds);
  // a1 around a coaching session on 2026-05-10 (seven days either side):
  await contact(db.ds, 'a1', '2026-05-02T10:00:00Z', 1000); // before the before-window: left out
  await contact(db.ds, 'a1', '2026-05-04T10:00:00Z', 400); // before: 400, 500 → aht 450, 2 handled
  await contact(db.ds, 'a1', '2026-05-06T10:00:00Z', 500);
  await contact(db.ds, 'a1', '2026-05-10T08:30:00Z', 900); // the session day: in neither window (the alert sees it)
  await contact(db.ds, 'a1', '2026-05-12T10:00:00Z', 300); // after: 300, 300, 240 → aht 280, 3 handled
  await contact(db.ds, 'a1', '2026-05-13T10:00:00Z', 300);
  await contact(db.ds, 'a1', '2026-05-15T10:00:00Z', 240);
  await contact(db.ds, 'a1', '2026-05-18T10:00:00Z', 999); // after the after-window (05-11 … 05-17): left out
  api = await serve(db.ds, {}, { clock: () => now });
  [exec, sup1, a1, a2, a3, a5, mgr] = await Promise.all([
    token('executive', 'exec1'),
    token('supervisor', 'sup1'),
    token('agent', 'a1'),
    token('agent', 'a2'),
    token('agent', 'a3'),
    token('agent', 'a5'),
    token('manager', 'mgr'),
  ]);
});
afterAll(() => api?.close());

const ok = async (q: string, vars: Record<string, unknown>, bearer: string) => {
  const r = await api.gql(q, vars, bearer);
  expect(r.body.errors).toBeUndefined();
  return r.body.data;
};

describe('alert → task → coaching → before and after', () => {
  let eventId: string, taskId: string, sessionId: string;

  it('an alert on the supervisor\'s subtree opens and gives the supervisor a task', async () => {
    const rule = await ok(
      `mutation($i: AlertRuleInput!) { createAlertRule(input: $i) { id kind scope { kind id underTeamId } comparison threshold window { today last unit } cooldownMinutes createTask } }`,
      { i: { name: 'Long calls in Team One', metric: 'aht', scope: { kind: 'EMPLOYEE', underTeamId: 't1' }, comparison: '>', threshold: 600, window: { last: 2, unit: 'HOURS' }, cooldownMinutes: 60, createTask: true, taskDueDays: 2 } },
      sup1,
    );
    expect(rule.createAlertRule).toMatchObject({ kind: 'THRESHOLD', scope: { kind: 'EMPLOYEE', id: null, underTeamId: 't1' }, comparison: '>', threshold: 600, window: { today: false, last: 2, unit: 'HOURS' }, cooldownMinutes: 60, createTask: true });
    // At 09:00 the last two hours hold a1's 900 s contact: aht 900 > 600.
    const ev = await ok(`mutation { evaluateAlertRules { name opened { id scope { kind id } value threshold taskId status } } }`, {}, exec);
    expect(ev.evaluateAlertRules).toEqual([{ name: 'Long calls in Team One', opened: [{ id: expect.any(String), scope: { kind: 'EMPLOYEE', id: 'a1' }, value: 900, threshold: 600, taskId: expect.any(String), status: 'OPEN' }] }]);
    eventId = ev.evaluateAlertRules[0].opened[0].id;
    taskId = ev.evaluateAlertRules[0].opened[0].taskId;
    const mine = await ok(`{ tasks(status: [OPEN]) { id assigneeId employeeId metric alertEventId dueDate source } alertEvents { id scope { id } } }`, {}, sup1);
    expect(mine.tasks).toEqual([{ id: taskId, assigneeId: 'sup1', employeeId: 'a1', metric: 'aht', alertEventId: eventId, dueDate: '2026-05-12', source: 'alert' }]);
    expect(mine.alertEvents).toEqual([{ id: eventId, scope: { id: 'a1' } }]);
    // The agent sees the alert about themselves (their own row), not the task their supervisor holds about them;
    // a teammate sees neither.
    expect(await ok(`{ tasks { id } alertEvents { id } }`, {}, a1)).toEqual({ tasks: [], alertEvents: [{ id: eventId }] });
    expect(await ok(`{ tasks { id } alertEvents { id } }`, {}, a3)).toEqual({ tasks: [], alertEvents: [] });
  });

  it('the supervisor acknowledges, coaches, completes with a follow-up, and reads the before and after', async () => {
    await ok(`mutation($id: ID!) { acknowledgeAlertEvent(id: $id, note: "on it") { status acknowledgedBy } }`, { id: eventId }, sup1);
    const s = await ok(
      `mutation($i: CoachingInput!) { scheduleCoaching(input: $i) { id employeeId coachId focusMetrics status alertEventId taskId } }`,
      { i: { employeeId: 'a1', focusMetrics: ['aht', 'contacts_handled'], scheduledAt: '2026-05-10T14:00:00Z', alertEventId: eventId, taskId } },
      sup1,
    );
    sessionId = s.scheduleCoaching.id;
    expect(s.scheduleCoaching).toMatchObject({ employeeId: 'a1', coachId: 'sup1', status: 'SCHEDULED', alertEventId: eventId, taskId });
    now = new Date('2026-05-10T15:00:00Z');
    const done = await ok(
      `mutation($id: ID!, $i: CompleteCoachingInput) { completeCoaching(id: $id, input: $i) { session { status completedAt notes } followUps { assigneeId employeeId title dueDate coachingSessionId source } } }`,
      { id: sessionId, i: { notes: 'Call structure; hold less.', followUps: [{ title: 'Listen to two top calls', dueDate: '2026-05-12' }] } },
      sup1,
    );
    expect(done.completeCoaching).toEqual({
      session: { status: 'COMPLETED', completedAt: '2026-05-10T15:00:00.000Z', notes: 'Call structure; hold less.' },
      followUps: [{ assigneeId: 'a1', employeeId: 'a1', title: 'Listen to two top calls', dueDate: '2026-05-12', coachingSessionId: sessionId, source: 'coaching' }],
    });
    await ok(`mutation($id: ID!) { updateTask(id: $id, input: { status: DONE }) { status completedAt } }`, { id: taskId }, sup1);
    await ok(`mutation($id: ID!) { resolveAlertEvent(id: $id, note: "coached") { status resolution } }`, { id: eventId }, sup1);
    // The agent sees their session and its follow-up task, and moves the task on.
    const mine = await ok(`{ coachingSessions { id followUps { id title } } }`, {}, a1);
    expect(mine.coachingSessions).toEqual([{ id: sessionId, followUps: [{ id: expect.any(String), title: 'Listen to two top calls' }] }]);
    await ok(`mutation($id: ID!) { updateTask(id: $id, input: { status: IN_PROGRESS }) { status } }`, { id: mine.coachingSessions[0].followUps[0].id }, a1);

    now = new Date('2026-05-20T09:00:00Z');
    const impact = await ok(
      `query($id: ID!) { coachingImpact(sessionId: $id, days: 7) { sessionDate days before { from to } after { from to } complete metrics { metric before after difference improved } } }`,
      { id: sessionId },
      sup1,
    );
    expect(impact.coachingImpact).toEqual({
      sessionDate: '2026-05-10',
      days: 7,
      before: { from: '2026-05-03', to: '2026-05-10' },
      after: { from: '2026-05-11', to: '2026-05-18' },
      complete: true,
      metrics: [
        { metric: 'aht', before: 450, after: 280, difference: -170, improved: true }, // (400 + 500) / 2, (300 + 300 + 240) / 3
        { metric: 'contacts_handled', before: 2, after: 3, difference: 1, improved: true },
      ],
    });
    // Read as the agent too (their own coaching), with the view's field on the session.
    const own = await ok(`{ coachingSessions { impact(days: 7) { metrics { metric difference } } } }`, {}, a1);
    expect(own.coachingSessions[0].impact.metrics).toEqual([{ metric: 'aht', difference: -170 }, { metric: 'contacts_handled', difference: 1 }]);
  });

  it('the trail shows every step with who did it', async () => {
    const trail = await ok(`query($id: ID!) { auditLog(entity: "alert_event", id: $id) { actorRole actorEmployeeId action } }`, { id: eventId }, sup1);
    expect(trail.auditLog).toEqual([
      { actorRole: 'system', actorEmployeeId: null, action: 'create' },
      { actorRole: 'supervisor', actorEmployeeId: 'sup1', action: 'update' },
      { actorRole: 'supervisor', actorEmployeeId: 'sup1', action: 'update' },
    ]);
    const task = await ok(`query($id: ID!) { auditLog(entity: "task", id: $id) { actorRole action after } }`, { id: taskId }, sup1);
    expect(task.auditLog.map((l: { actorRole: string; action: string; after: string }) => [l.actorRole, l.action, JSON.parse(l.after).status])).toEqual([
      ['system', 'create', 'open'],
      ['supervisor', 'update', 'done'],
    ]);
  });
});

describe('a PIP and its progress', () => {
  it('links goals and shows their metrics over the plan window, bucket by bucket', async () => {
    for (const g of [
      { metric: 'aht', scope: { employeeId: 'a1' }, grain: 'WEEK', target: 350, effectiveFrom: '2026-05-01' },
      { metric: 'contacts_handled', scope: { teamId: 't1' }, grain: 'WEEK', target: 2, effectiveFrom: '2026-05-01' },
    ]) {
      await ok(`mutation($i: SetGoalInput!) { setGoal(input: $i) { id } }`, { i: g }, sup1);
    }
    const ids = (await ok(`{ goals(activeOn: "2026-05-10") { id metric } }`, {}, sup1)).goals;
    const pip = await ok(
      `mutation($i: DevelopmentPlanInput!) { createDevelopmentPlan(input: $i) { id kind status goals { metric grain } steps { title ownerId status position } } }`,
      {
        i: {
          kind: 'PIP',
          employeeId: 'a1',
          title: 'Handle time',
          objective: 'AHT under 350 s, every week',
          startsOn: '2026-05-04',
          endsOn: '2026-05-17',
          goalIds: ids.map((g: { id: string }) => g.id),
          steps: [
            { title: 'Shadow a top performer', dueDate: '2026-05-08', ownerId: 'a1' },
            { title: 'Weekly check-in', dueDate: '2026-05-15' },
          ],
        },
      },
      sup1,
    );
    const p = pip.createDevelopmentPlan;
    expect(p).toMatchObject({ kind: 'PIP', status: 'ACTIVE', goals: [{ metric: 'aht', grain: 'WEEK' }, { metric: 'contacts_handled', grain: 'WEEK' }] });
    expect(p.steps).toEqual([
      { title: 'Shadow a top performer', ownerId: 'a1', status: 'OPEN', position: 1 },
      { title: 'Weekly check-in', ownerId: null, status: 'OPEN', position: 2 },
    ]);
    const progress = await ok(
      `query($id: ID!) { developmentPlan(id: $id) { steps { id } progress { from to steps { total done overdue } metrics { metric grain buckets { periodStart actual target status } } } } }`,
      { id: p.id },
      sup1,
    );
    const pr = progress.developmentPlan.progress;
    expect(pr.from).toBe('2026-05-04');
    expect(pr.to).toBe('2026-05-18');
    // Weeks of 05-04 (400, 500, and 900 on Sunday 05-10: aht 600) and 05-11 (300, 300, 240: aht 280).
    expect(pr.metrics).toEqual([
      { metric: 'aht', grain: 'WEEK', buckets: [{ periodStart: '2026-05-04', actual: 600, target: 350, status: 'OFF_TRACK' }, { periodStart: '2026-05-11', actual: 280, target: 350, status: 'ON_TRACK' }] },
      { metric: 'contacts_handled', grain: 'WEEK', buckets: [{ periodStart: '2026-05-04', actual: 3, target: 2, status: 'ON_TRACK' }, { periodStart: '2026-05-11', actual: 3, target: 2, status: 'ON_TRACK' }] },
    ]);
    expect(pr.steps).toEqual({ total: 2, done: 0, overdue: 2 }); // today (05-20) is past both due dates
    // The step's owner (the agent) marks it done; they may not touch the rest.
    const stepId = progress.developmentPlan.steps[0].id;
    await ok(`mutation($id: ID!) { updatePlanStep(id: $id, input: { status: DONE }) { steps { status } } }`, { id: stepId }, a1);
    const r = await api.gql(`mutation($id: ID!) { updatePlanStep(id: $id, input: { title: "Nothing" }) { id } }`, { id: stepId }, a1);
    expect(r.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const closed = await ok(`mutation($id: ID!) { closeDevelopmentPlan(id: $id, status: COMPLETED, outcome: MET, outcomeNotes: "Back under target") { status outcome closedAt } }`, { id: p.id }, sup1);
    expect(closed.closeDevelopmentPlan).toEqual({ status: 'COMPLETED', outcome: 'MET', closedAt: '2026-05-20T09:00:00.000Z' });
  });
});

describe('appraisals', () => {
  it('freeze the period\'s scorecard: it does not move when the data changes', async () => {
    const q = `mutation($i: AppraisalInput!) { createAppraisal(input: $i) { id status overallRating snapshot { from to metrics { metric grain buckets { periodStart actual target status score } } } } }`;
    const created = await ok(
      q,
      { i: { employeeId: 'a1', template: 'agent', periodStart: '2026-05-11', periodEnd: '2026-05-17', ratings: [{ competency: 'customer_focus', rating: 4 }, { competency: 'efficiency', rating: 2 }] } },
      sup1,
    );
    const a = created.createAppraisal;
    // customer_focus weighs 2, efficiency 1: (2 × 4 + 2) / 3.
    expect(a.overallRating).toBeCloseTo(10 / 3, 9);
    const week = { metric: 'aht', grain: 'WEEK', buckets: [{ periodStart: '2026-05-11', actual: 280, target: 350, status: 'ON_TRACK', score: 120 }] };
    expect(a.snapshot.metrics[0]).toEqual(week);
    await ok(
      `mutation($id: ID!, $i: AppraisalPatch!) { updateAppraisal(id: $id, input: $i) { id } }`,
      { id: a.id, i: { ratings: ['customer_focus', 'product_knowledge', 'efficiency', 'teamwork', 'reliability'].map((c) => ({ competency: c, rating: 3 })), comments: 'Solid' } },
      sup1,
    );
    await ok(`mutation($id: ID!) { submitAppraisal(id: $id) { status } }`, { id: a.id }, sup1);
    // Late data: a long call lands in that week. The live scorecard moves, the appraisal does not.
    await contact(db.ds, 'a1', '2026-05-14T12:00:00Z', 1880); // (300 + 300 + 240 + 1880) / 4 = 680
    const live = await ok(`{ scorecard(employeeId: "a1", from: "2026-05-11", to: "2026-05-18") { metrics { metric buckets { actual } } } }`, {}, sup1);
    expect(live.scorecard.metrics[0].buckets[0].actual).toBe(680);
    const frozen = await ok(`query($id: ID!) { appraisal(id: $id) { status overallRating snapshot { metrics { metric grain buckets { periodStart actual target status score } } } } }`, { id: a.id }, a1);
    expect(frozen.appraisal.snapshot.metrics[0]).toEqual(week);
    expect(frozen.appraisal.overallRating).toBe(3);
    // Nothing can change a submitted appraisal, not even SQL; the employee acknowledges it once.
    const refresh = await api.gql(`mutation($id: ID!) { refreshAppraisalSnapshot(id: $id) { id } }`, { id: a.id }, sup1);
    expect(refresh.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    await expect(db.ds.query(`UPDATE appraisal SET snapshot = '{}' WHERE id = $1`, [a.id])).rejects.toThrow(/frozen/);
    const ack = await ok(`mutation($id: ID!) { acknowledgeAppraisal(id: $id, comment: "Seen") { status employeeComment acknowledgedAt } }`, { id: a.id }, a1);
    expect(ack.acknowledgeAppraisal).toEqual({ status: 'ACKNOWLEDGED', employeeComment: 'Seen', acknowledgedAt: '2026-05-20T09:00:00.000Z' });
    await expect(db.ds.query(`UPDATE appraisal SET comments = 'changed' WHERE id = $1`, [a.id])).rejects.toThrow(/frozen/);
  });

  it('check ratings against the YAML template and keep drafts from the employee', async () => {
    const bad = await api.gql(
      `mutation($i: AppraisalInput!) { createAppraisal(input: $i) { id } }`,
      { i: { employeeId: 'a1', template: 'agent', periodStart: '2026-04-01', periodEnd: '2026-04-30', ratings: [{ competency: 'charisma', rating: 4 }] } },
      sup1,
    );
    expect(bad.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: expect.stringMatching(/charisma.*customer_focus/) });
    const high = await api.gql(
      `mutation($i: AppraisalInput!) { createAppraisal(input: $i) { id } }`,
      { i: { employeeId: 'a1', template: 'agent', periodStart: '2026-04-01', periodEnd: '2026-04-30', ratings: [{ competency: 'teamwork', rating: 6 }] } },
      sup1,
    );
    expect(high.body.errors?.[0].message).toMatch(/1 to 5/);
    const draft = await ok(`mutation { createAppraisal(input: { employeeId: "a1", template: "agent", periodStart: "2026-04-01", periodEnd: "2026-04-30" }) { id } }`, {}, sup1);
    expect((await ok(`{ appraisals { id status } }`, {}, a1)).appraisals).toEqual([{ id: expect.any(String), status: 'ACKNOWLEDGED' }]);
    expect((await ok(`{ appraisals { id } }`, {}, sup1)).appraisals.map((x: { id: string }) => x.id)).toContain(draft.createAppraisal.id);
    const templates = await ok(`{ appraisalTemplates { key scaleMin scaleMax competencies { key weight } } }`, {}, a1);
    expect(templates.appraisalTemplates.map((t: { key: string }) => t.key)).toEqual(['agent', 'supervisor']);
  });
});

describe('messages', () => {
  it('reach an employee, or everyone in a team\'s subtree; agents may write to their own supervisor', async () => {
    await ok(`mutation { sendMessage(input: { teamId: "t2", subject: "Huddle", body: "Huddle at 10" }) { id } }`, {}, mgr);
    await ok(`mutation { sendMessage(input: { employeeId: "a1", body: "Nice work this week" }) { id } }`, {}, sup1);
    const inbox3 = await ok(`{ messages { subject body senderId recipientKind readAt } }`, {}, a3);
    expect(inbox3.messages).toEqual([{ subject: 'Huddle', body: 'Huddle at 10', senderId: 'mgr', recipientKind: 'team', readAt: null }]);
    expect((await ok(`{ messages { body } }`, {}, a1)).messages).toEqual([{ body: 'Nice work this week' }]); // a1 is in t1, not t2
    const [m] = (await ok(`{ messages { id } }`, {}, a2)).messages; // a2 moved to t2 in March
    const read = await ok(`mutation($id: ID!) { markMessageRead(id: $id) { readAt } }`, { id: m.id }, a2);
    expect(read.markMessageRead.readAt).toBe('2026-05-20T09:00:00.000Z');
    expect((await ok(`{ messages(unreadOnly: true) { id } }`, {}, a2)).messages).toEqual([]);
    const notMine = await api.gql(`mutation($id: ID!) { markMessageRead(id: $id) { readAt } }`, { id: m.id }, a1);
    expect(notMine.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await ok(`mutation { sendMessage(input: { employeeId: "sup1", body: "Can we talk about my schedule?" }) { id } }`, {}, a1);
    expect((await ok(`{ messages { senderId body } }`, {}, sup1)).messages).toEqual([{ senderId: 'a1', body: 'Can we talk about my schedule?' }]);
    const sideways = await api.gql(`mutation { sendMessage(input: { employeeId: "a3", body: "hi" }) { id } }`, {}, a1);
    expect(sideways.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('feedback visibility', () => {
  it('two-way feedback stays hidden from the supervisor below the minimum number of authors, and anonymous after', async () => {
    // The manager of care (mgr) gets two-way feedback from the agents below: a1 (t1), a3 and a5 (t2).
    await ok(`mutation { giveFeedback(input: { kind: TWO_WAY, subjectId: "mgr", body: "More one-to-ones please", rating: 3 }) { id } }`, {}, a1);
    await ok(`mutation { giveFeedback(input: { kind: TWO_WAY, subjectId: "mgr", body: "Clear priorities", rating: 4 }) { id } }`, {}, a3);
    expect((await ok(`{ feedback(subjectId: "mgr") { id } feedbackSummary { twoWayAuthors twoWayVisibleToSubject twoWayMinimumAuthors } }`, {}, mgr))).toEqual({
      feedback: [],
      feedbackSummary: { twoWayAuthors: null, twoWayVisibleToSubject: false, twoWayMinimumAuthors: 3 },
    });
    // The author sees their own, with their name; the executive sees both with authors.
    expect((await ok(`{ feedback(authored: true) { authorId anonymous body } }`, {}, a1)).feedback).toEqual([{ authorId: 'a1', anonymous: false, body: 'More one-to-ones please' }]);
    expect((await ok(`{ feedback(subjectId: "mgr") { authorId } }`, {}, exec)).feedback.map((f: { authorId: string }) => f.authorId).sort()).toEqual(['a1', 'a3']);
    await ok(`mutation { giveFeedback(input: { kind: TWO_WAY, subjectId: "mgr", body: "Good at unblocking us" }) { id } }`, {}, a5);
    const seen = await ok(`{ feedback(subjectId: "mgr") { kind authorId anonymous body } feedbackSummary { twoWayAuthors twoWayVisibleToSubject } }`, {}, mgr);
    expect(seen.feedback).toHaveLength(3);
    expect(seen.feedback.every((f: { authorId: string | null; anonymous: boolean; kind: string }) => f.authorId === null && f.anonymous && f.kind === 'TWO_WAY')).toBe(true);
    expect(seen.feedbackSummary).toEqual({ twoWayAuthors: 3, twoWayVisibleToSubject: true });
    // Nor does the audit trail give the authors away to the subject.
    const ids = (await ok(`{ feedback(subjectId: "mgr") { id } }`, {}, exec)).feedback;
    for (const { id } of ids) expect((await ok(`query($id: ID!) { auditLog(entity: "feedback", id: $id) { id } }`, { id }, mgr)).auditLog).toEqual([]);
    // Two-way goes up only: a3 cannot give it to a5, nor a1 to the manager of another department.
    const sideways = await api.gql(`mutation { giveFeedback(input: { kind: TWO_WAY, subjectId: "a5", body: "x" }) { id } }`, {}, a3);
    expect(sideways.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });

  it('peer feedback is between teammates; notes are private unless shared; a self-assessment is one\'s own', async () => {
    await ok(`mutation { giveFeedback(input: { kind: PEER, subjectId: "a5", body: "Thanks for covering my break" }) { id } }`, {}, a3);
    const notPeer = await api.gql(`mutation { giveFeedback(input: { kind: PEER, subjectId: "a1", body: "x" }) { id } }`, {}, a3);
    expect(notPeer.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    await ok(`mutation { giveFeedback(input: { kind: NOTE, subjectId: "a5", body: "Ask about the training course" }) { id } }`, {}, mgr);
    await ok(`mutation { giveFeedback(input: { kind: NOTE, subjectId: "a5", body: "Great save on a cancellation", shared: true }) { id } }`, {}, mgr);
    await ok(`mutation { giveFeedback(input: { kind: SELF, body: "I want to work on my hold times", rating: 3 }) { id } }`, {}, a5);
    const mine = await ok(`{ feedback { kind authorId body } }`, {}, a5);
    expect(mine.feedback.map((f: { kind: string; authorId: string; body: string }) => [f.kind, f.authorId, f.body]).sort()).toEqual([
      ['NOTE', 'mgr', 'Great save on a cancellation'],
      ['PEER', 'a3', 'Thanks for covering my break'],
      ['SELF', 'a5', 'I want to work on my hold times'],
      ['TWO_WAY', 'a5', 'Good at unblocking us'],
    ]);
    const managerView = await ok(`{ feedback(subjectId: "a5") { kind } }`, {}, mgr);
    expect(managerView.feedback.map((f: { kind: string }) => f.kind).sort()).toEqual(['NOTE', 'NOTE', 'PEER', 'SELF']);
    expect((await ok(`{ feedback(subjectId: "a5") { kind } }`, {}, sup1)).feedback).toEqual([]); // a5 is outside sup1's team
  });
});
