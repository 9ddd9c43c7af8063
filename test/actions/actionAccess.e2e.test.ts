import { serve, token } from '../support/server';
import { useDatabase } from '../support/useDatabase';
import { contact, seedActionsOrg } from './fixture';

/**
 * Every mutation of the action loop over GraphQL (SPEC §7): refused outside the
 * caller's scope (FORBIDDEN, nothing written, no audit line), and audited with
 * before and after when allowed. The target throughout is agent a3 of team t2
 * (under care): mgr (manager of care) may act on a3; sup1 (supervisor of t1),
 * agents other than a3 and the analyst may not.
 */
const db = useDatabase('actionaccess');
let api: Awaited<ReturnType<typeof serve>>;
const now = new Date('2026-06-10T12:00:00Z');
const T: Record<string, string> = {};

beforeAll(async () => {
  await seedActionsOrg(db.ds);
  await contact(db.ds, 'a3', '2026-06-10T11:00:00Z', 900);
  api = await serve(db.ds, {}, { clock: () => now });
  const who = [['exec', 'executive', 'exec1'], ['mgr', 'manager', 'mgr'], ['sup1', 'supervisor', 'sup1'], ['a1', 'agent', 'a1'], ['a3', 'agent', 'a3'], ['a5', 'agent', 'a5'], ['an1', 'analyst', 'an1']] as const;
  for (const [k, role, id] of who) T[k] = await token(role, id);
});
afterAll(() => api?.close());

const auditCount = async () => (await db.ds.query(`SELECT count(*)::int AS n FROM audit_log`))[0].n as number;

/** Each caller is refused with FORBIDDEN and nothing is written (the audit log does not grow). */
async function refused(q: string, vars: Record<string, unknown>, ...callers: string[]): Promise<void> {
  const before = await auditCount();
  for (const c of callers) {
    const r = await api.gql(q, vars, T[c]);
    expect({ caller: c, code: r.body.errors?.[0]?.extensions?.code }).toEqual({ caller: c, code: 'FORBIDDEN' });
  }
  expect(await auditCount()).toBe(before);
}

/** The caller is allowed; the newest audit line of (entity, id) has this action, by this caller, with its before and after. */
async function allowed<T = any>(q: string, vars: Record<string, unknown>, caller: string): Promise<T> {
  const r = await api.gql(q, vars, T[caller]);
  expect(r.body.errors).toBeUndefined();
  return r.body.data;
}

async function lastAudit(entity: string, id: string): Promise<{ action: string; actorEmployeeId: string | null; before: any; after: any }> {
  const r = await api.gql(`query($e: String!, $id: ID!) { auditLog(entity: $e, id: $id) { action actorEmployeeId before after } }`, { e: entity, id }, T.exec);
  const l = r.body.data.auditLog.at(-1);
  return { ...l, before: l.before === null ? null : JSON.parse(l.before), after: l.after === null ? null : JSON.parse(l.after) };
}

describe('alert rules and events', () => {
  const RULE = `mutation($i: AlertRuleInput!) { createAlertRule(input: $i) { id } }`;
  const input = (over: Record<string, unknown> = {}) => ({ name: 'a3 long calls', metric: 'aht', scope: { kind: 'EMPLOYEE', id: 'a3' }, comparison: '>', threshold: 600, window: { last: 1, unit: 'DAYS' }, ...over });
  let ruleId: string, eventId: string;

  it('createAlertRule', async () => {
    await refused(RULE, { i: input() }, 'sup1', 'a1', 'a3', 'an1');
    await refused(RULE, { i: input({ scope: { kind: 'EMPLOYEE' } }) }, 'mgr', 'sup1'); // the whole center
    await refused(RULE, { i: input({ scope: { kind: 'QUEUE', underTeamId: 't2' } }) }, 'sup1');
    ruleId = (await allowed(RULE, { i: input() }, 'mgr')).createAlertRule.id;
    const a = await lastAudit('alert_rule', ruleId);
    expect(a).toMatchObject({ action: 'create', actorEmployeeId: 'mgr', before: null, after: { name: 'a3 long calls', threshold: 600, scope: { kind: 'employee', ref: 'a3' } } });
  });

  it('updateAlertRule and setAlertRuleEnabled', async () => {
    const UPDATE = `mutation($id: ID!, $i: AlertRuleInput!) { updateAlertRule(id: $id, input: $i) { id } }`;
    await refused(UPDATE, { id: ruleId, i: input({ threshold: 700 }) }, 'sup1', 'a3', 'an1');
    // Nor may sup1 move a rule of their own onto a3.
    const own = (await allowed(RULE, { i: input({ name: 'a1 long calls', scope: { kind: 'EMPLOYEE', id: 'a1' } }) }, 'sup1')).createAlertRule.id;
    await refused(UPDATE, { id: own, i: input() }, 'sup1');
    await allowed(UPDATE, { id: ruleId, i: input({ threshold: 700 }) }, 'mgr');
    expect(await lastAudit('alert_rule', ruleId)).toMatchObject({ action: 'update', before: { threshold: 600 }, after: { threshold: 700 } });
    const ENABLE = `mutation($id: ID!, $on: Boolean!) { setAlertRuleEnabled(id: $id, enabled: $on) { enabled } }`;
    await refused(ENABLE, { id: ruleId, on: false }, 'sup1', 'a3', 'an1');
    await allowed(ENABLE, { id: ruleId, on: false }, 'mgr');
    expect(await lastAudit('alert_rule', ruleId)).toMatchObject({ action: 'update', before: { enabled: true }, after: { enabled: false } });
    await allowed(ENABLE, { id: ruleId, on: true }, 'mgr');
  });

  it('evaluateAlertRules, acknowledgeAlertEvent and resolveAlertEvent', async () => {
    const EVAL = `mutation { evaluateAlertRules { name opened { id } } }`;
    await refused(EVAL, {}, 'mgr', 'sup1', 'a3', 'an1');
    const ev = (await allowed(EVAL, {}, 'exec')).evaluateAlertRules;
    eventId = ev.find((e: { name: string }) => e.name === 'a3 long calls').opened[0].id; // aht 900 > 700
    const ACK = `mutation($id: ID!) { acknowledgeAlertEvent(id: $id) { status } }`;
    await refused(ACK, { id: eventId }, 'sup1', 'a3', 'a1', 'an1');
    await allowed(ACK, { id: eventId }, 'mgr');
    expect(await lastAudit('alert_event', eventId)).toMatchObject({ action: 'update', actorEmployeeId: 'mgr', before: { acknowledgedAt: null }, after: { acknowledgedBy: 'mgr' } });
    const RESOLVE = `mutation($id: ID!) { resolveAlertEvent(id: $id) { status } }`;
    await refused(RESOLVE, { id: eventId }, 'sup1', 'a3', 'an1');
    await allowed(RESOLVE, { id: eventId }, 'mgr');
    expect(await lastAudit('alert_event', eventId)).toMatchObject({ action: 'update', before: { resolution: null }, after: { resolution: 'manual', resolvedBy: 'mgr' } });
  });

  it('deleteAlertRule', async () => {
    const DEL = `mutation($id: ID!) { deleteAlertRule(id: $id) }`;
    await refused(DEL, { id: ruleId }, 'sup1', 'a3', 'an1');
    await allowed(DEL, { id: ruleId }, 'mgr');
    expect(await lastAudit('alert_rule', ruleId)).toMatchObject({ action: 'delete', before: { name: 'a3 long calls' }, after: null });
  });
});

describe('webhooks (executives and admins only)', () => {
  let hookId: string;
  it('createWebhook, updateWebhook, pingWebhook, redeliverWebhook, deleteWebhook', async () => {
    const CREATE = `mutation($i: WebhookInput!) { createWebhook(input: $i) { webhook { id } secret } }`;
    const i = { name: 'ops', url: 'http://127.0.0.1:9/x', secret: 'sixteen-chars-or-more' };
    await refused(CREATE, { i }, 'mgr', 'sup1', 'a3', 'an1');
    hookId = (await allowed(CREATE, { i }, 'exec')).createWebhook.webhook.id;
    const created = await lastAudit('webhook', hookId);
    expect(created).toMatchObject({ action: 'create', before: null, after: { name: 'ops', url: 'http://127.0.0.1:9/x' } });
    expect(JSON.stringify(created.after)).not.toContain('sixteen-chars-or-more'); // the secret is never in the trail
    const UPDATE = `mutation($id: ID!, $i: WebhookInput!) { updateWebhook(id: $id, input: $i) { enabled } }`;
    await refused(UPDATE, { id: hookId, i: { maxAttempts: 2 } }, 'mgr', 'an1');
    await allowed(UPDATE, { id: hookId, i: { maxAttempts: 2 } }, 'exec');
    expect(await lastAudit('webhook', hookId)).toMatchObject({ action: 'update', before: { maxAttempts: 8 }, after: { maxAttempts: 2 } });
    const PING = `mutation($id: ID!) { pingWebhook(id: $id) }`;
    await refused(PING, { id: hookId }, 'mgr', 'an1');
    const deliveryId = (await allowed(PING, { id: hookId }, 'exec')).pingWebhook;
    expect(await lastAudit('webhook_delivery', deliveryId)).toMatchObject({ action: 'create', before: null, after: { event_type: 'ping', status: 'pending' } });
    await db.ds.query(`UPDATE webhook_delivery SET status = 'dead', attempts = 2, dead_at = now() WHERE id = $1`, [deliveryId]);
    const REDELIVER = `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) }`;
    await refused(REDELIVER, { id: deliveryId }, 'mgr', 'an1');
    await allowed(REDELIVER, { id: deliveryId }, 'exec');
    expect(await lastAudit('webhook_delivery', deliveryId)).toMatchObject({ action: 'update', before: { status: 'dead', attempt_limit: 2 }, after: { status: 'pending', attempt_limit: 4 } });
    const DEL = `mutation($id: ID!) { deleteWebhook(id: $id) }`;
    await refused(DEL, { id: hookId }, 'mgr', 'an1');
    await allowed(DEL, { id: hookId }, 'exec');
    expect(await lastAudit('webhook', hookId)).toMatchObject({ action: 'delete', before: { name: 'ops' }, after: null });
    // Reading them is center-wide too.
    const r = await api.gql(`{ webhooks { id } }`, {}, T.mgr);
    expect(r.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await allowed(`{ webhooks { id } webhookDeliveries { id } }`, {}, 'an1')).webhooks).toEqual([]);
  });
});

describe('tasks and messages', () => {
  let taskId: string;
  it('createTask, updateTask, deleteTask', async () => {
    const CREATE = `mutation($i: TaskInput!) { createTask(input: $i) { id } }`;
    await refused(CREATE, { i: { title: 'Review calls', assigneeId: 'a3' } }, 'sup1', 'a1', 'an1');
    await refused(CREATE, { i: { title: 'Coach a3', assigneeId: 'sup1', employeeId: 'a3' } }, 'sup1');
    const todo = (await allowed(CREATE, { i: { title: 'My own to-do' } }, 'a1')).createTask.id;
    expect(await lastAudit('task', todo)).toMatchObject({ action: 'create', actorEmployeeId: 'a1', after: { assigneeId: 'a1', title: 'My own to-do' } });
    taskId = (await allowed(CREATE, { i: { title: 'Review calls', assigneeId: 'a3', dueDate: '2026-06-12', metric: 'aht' } }, 'mgr')).createTask.id;
    expect(await lastAudit('task', taskId)).toMatchObject({ action: 'create', before: null, after: { assigneeId: 'a3', dueDate: '2026-06-12', status: 'open' } });
    const UPDATE = `mutation($id: ID!, $i: TaskPatch!) { updateTask(id: $id, input: $i) { status } }`;
    await refused(UPDATE, { id: taskId, i: { status: 'DONE' } }, 'sup1', 'a1', 'an1');
    await refused(UPDATE, { id: taskId, i: { title: 'Something else' } }, 'a3'); // the assignee moves the status only
    await allowed(UPDATE, { id: taskId, i: { status: 'IN_PROGRESS' } }, 'a3');
    expect(await lastAudit('task', taskId)).toMatchObject({ action: 'update', actorEmployeeId: 'a3', before: { status: 'open' }, after: { status: 'in_progress' } });
    await refused(UPDATE, { id: taskId, i: { assigneeId: 'a1' } }, 'sup1');
    const DEL = `mutation($id: ID!) { deleteTask(id: $id) }`;
    await refused(DEL, { id: taskId }, 'sup1', 'a3', 'a1', 'an1');
    await allowed(DEL, { id: taskId }, 'mgr');
    expect(await lastAudit('task', taskId)).toMatchObject({ action: 'delete', before: { title: 'Review calls' }, after: null });
  });

  it('sendMessage and markMessageRead', async () => {
    const SEND = `mutation($i: MessageInput!) { sendMessage(input: $i) { id } }`;
    await refused(SEND, { i: { employeeId: 'a3', body: 'hello' } }, 'sup1', 'a1', 'a5', 'an1');
    await refused(SEND, { i: { teamId: 't2', body: 'hello' } }, 'sup1', 'a3', 'an1');
    const id = (await allowed(SEND, { i: { employeeId: 'a3', body: 'See me at 3' } }, 'mgr')).sendMessage.id;
    expect(await lastAudit('message', id)).toMatchObject({ action: 'create', before: null, after: { recipientId: 'a3', body: 'See me at 3' } });
    const READ = `mutation($id: ID!) { markMessageRead(id: $id) { readAt } }`;
    await refused(READ, { id }, 'a1', 'sup1', 'mgr');
    await allowed(READ, { id }, 'a3');
    expect(await lastAudit('message', id)).toMatchObject({ action: 'update', actorEmployeeId: 'a3', before: { readAt: null }, after: { readAt: '2026-06-10T12:00:00.000Z' } });
  });
});

describe('coaching', () => {
  it('scheduleCoaching, updateCoaching, completeCoaching, cancelCoaching', async () => {
    const SCHEDULE = `mutation($i: CoachingInput!) { scheduleCoaching(input: $i) { id } }`;
    const i = { employeeId: 'a3', focusMetrics: ['aht'], scheduledAt: '2026-06-11T10:00:00Z' };
    await refused(SCHEDULE, { i }, 'sup1', 'a1', 'a3', 'an1');
    const id = (await allowed(SCHEDULE, { i }, 'mgr')).scheduleCoaching.id;
    expect(await lastAudit('coaching_session', id)).toMatchObject({ action: 'create', before: null, after: { employeeId: 'a3', coachId: 'mgr', status: 'scheduled' } });
    const UPDATE = `mutation($id: ID!, $i: CoachingPatch!) { updateCoaching(id: $id, input: $i) { notes } }`;
    await refused(UPDATE, { id, i: { notes: 'prep' } }, 'sup1', 'a3', 'an1');
    await allowed(UPDATE, { id, i: { notes: 'prep: listen to two calls' } }, 'mgr');
    expect(await lastAudit('coaching_session', id)).toMatchObject({ action: 'update', before: { notes: '' }, after: { notes: 'prep: listen to two calls' } });
    const COMPLETE = `mutation($id: ID!) { completeCoaching(id: $id, input: { followUps: [{ title: "Practise the close" }] }) { session { status } followUps { id } } }`;
    await refused(COMPLETE, { id }, 'sup1', 'a3', 'an1');
    const done = await allowed(COMPLETE, { id }, 'mgr');
    expect(await lastAudit('coaching_session', id)).toMatchObject({ action: 'update', before: { status: 'scheduled', completedAt: null }, after: { status: 'completed', completedAt: '2026-06-10T12:00:00.000Z' } });
    expect(await lastAudit('task', done.completeCoaching.followUps[0].id)).toMatchObject({ action: 'create', after: { assigneeId: 'a3', coachingSessionId: id, source: 'coaching' } });
    const other = (await allowed(SCHEDULE, { i }, 'mgr')).scheduleCoaching.id;
    const CANCEL = `mutation($id: ID!) { cancelCoaching(id: $id) { status } }`;
    await refused(CANCEL, { id: other }, 'sup1', 'a3', 'an1');
    await allowed(CANCEL, { id: other }, 'mgr');
    expect(await lastAudit('coaching_session', other)).toMatchObject({ action: 'update', before: { status: 'scheduled' }, after: { status: 'cancelled' } });
  });
});

describe('development plans and PIPs', () => {
  it('createDevelopmentPlan, updateDevelopmentPlan, addPlanStep, updatePlanStep, deletePlanStep, closeDevelopmentPlan', async () => {
    const CREATE = `mutation($i: DevelopmentPlanInput!) { createDevelopmentPlan(input: $i) { id steps { id } } }`;
    const i = { kind: 'DEVELOPMENT', employeeId: 'a3', title: 'Grow into a mentor', startsOn: '2026-06-01', endsOn: '2026-08-31', steps: [{ title: 'Mentoring course', ownerId: 'a3' }] };
    await refused(CREATE, { i }, 'sup1', 'a1', 'a3', 'an1');
    const plan = (await allowed(CREATE, { i }, 'mgr')).createDevelopmentPlan;
    expect(await lastAudit('dev_plan', plan.id)).toMatchObject({ action: 'create', before: null, after: { kind: 'development', employeeId: 'a3', steps: [{ title: 'Mentoring course' }] } });
    const UPDATE = `mutation($id: ID!, $i: DevelopmentPlanPatch!) { updateDevelopmentPlan(id: $id, input: $i) { endsOn } }`;
    await refused(UPDATE, { id: plan.id, i: { endsOn: '2026-09-30' } }, 'sup1', 'a3', 'an1');
    await allowed(UPDATE, { id: plan.id, i: { endsOn: '2026-09-30' } }, 'mgr');
    expect(await lastAudit('dev_plan', plan.id)).toMatchObject({ action: 'update', before: { endsOn: '2026-08-31' }, after: { endsOn: '2026-09-30' } });
    const ADD = `mutation($id: ID!) { addPlanStep(planId: $id, input: { title: "Shadow a new hire", dueDate: "2026-07-01" }) { steps { id title } } }`;
    await refused(ADD, { id: plan.id }, 'sup1', 'a3', 'an1');
    const steps = (await allowed(ADD, { id: plan.id }, 'mgr')).addPlanStep.steps;
    expect((await lastAudit('dev_plan', plan.id)).after.steps.map((s: { title: string }) => s.title)).toEqual(['Mentoring course', 'Shadow a new hire']);
    const STEP = `mutation($id: ID!, $i: PlanStepPatch!) { updatePlanStep(id: $id, input: $i) { id } }`;
    await refused(STEP, { id: steps[1].id, i: { status: 'DONE' } }, 'sup1', 'a3', 'an1'); // a3 does not own step 2
    await allowed(STEP, { id: steps[0].id, i: { status: 'DONE' } }, 'a3'); // but owns step 1
    const stepAudit = await lastAudit('dev_plan', plan.id);
    expect([stepAudit.before.steps[0].status, stepAudit.after.steps[0].status, stepAudit.actorEmployeeId]).toEqual(['open', 'done', 'a3']);
    const DELSTEP = `mutation($id: ID!) { deletePlanStep(id: $id) { steps { id } } }`;
    await refused(DELSTEP, { id: steps[1].id }, 'sup1', 'a3', 'an1');
    await allowed(DELSTEP, { id: steps[1].id }, 'mgr');
    expect((await lastAudit('dev_plan', plan.id)).after.steps).toHaveLength(1);
    const CLOSE = `mutation($id: ID!) { closeDevelopmentPlan(id: $id, status: CANCELLED) { status } }`;
    await refused(CLOSE, { id: plan.id }, 'sup1', 'a3', 'an1');
    await allowed(CLOSE, { id: plan.id }, 'mgr');
    expect(await lastAudit('dev_plan', plan.id)).toMatchObject({ action: 'update', before: { status: 'active' }, after: { status: 'cancelled' } });
  });
});

describe('appraisals', () => {
  it('createAppraisal, updateAppraisal, refreshAppraisalSnapshot, submitAppraisal, acknowledgeAppraisal, deleteAppraisal', async () => {
    const CREATE = `mutation($i: AppraisalInput!) { createAppraisal(input: $i) { id } }`;
    const i = { employeeId: 'a3', template: 'agent', periodStart: '2026-05-01', periodEnd: '2026-05-31' };
    await refused(CREATE, { i }, 'sup1', 'a1', 'a3', 'an1');
    const id = (await allowed(CREATE, { i }, 'mgr')).createAppraisal.id;
    expect(await lastAudit('appraisal', id)).toMatchObject({ action: 'create', before: null, after: { employeeId: 'a3', status: 'draft', template: 'agent' } });
    const ratings = ['customer_focus', 'product_knowledge', 'efficiency', 'teamwork', 'reliability'].map((c) => ({ competency: c, rating: 4 }));
    const UPDATE = `mutation($id: ID!, $i: AppraisalPatch!) { updateAppraisal(id: $id, input: $i) { id } }`;
    await refused(UPDATE, { id, i: { ratings } }, 'sup1', 'a3', 'an1');
    await allowed(UPDATE, { id, i: { ratings, comments: 'Good month' } }, 'mgr');
    expect(await lastAudit('appraisal', id)).toMatchObject({ action: 'update', before: { ratings: [], comments: '' }, after: { overallRating: 4, comments: 'Good month' } });
    const REFRESH = `mutation($id: ID!) { refreshAppraisalSnapshot(id: $id) { id } }`;
    await refused(REFRESH, { id }, 'sup1', 'a3', 'an1');
    await allowed(REFRESH, { id }, 'mgr');
    expect((await lastAudit('appraisal', id)).action).toBe('update');
    const SUBMIT = `mutation($id: ID!) { submitAppraisal(id: $id) { status } }`;
    await refused(SUBMIT, { id }, 'sup1', 'a3', 'an1');
    await allowed(SUBMIT, { id }, 'mgr');
    expect(await lastAudit('appraisal', id)).toMatchObject({ before: { status: 'draft', submittedAt: null }, after: { status: 'submitted', submittedAt: '2026-06-10T12:00:00.000Z' } });
    const ACK = `mutation($id: ID!) { acknowledgeAppraisal(id: $id) { status } }`;
    await refused(ACK, { id }, 'mgr', 'a1', 'sup1', 'an1'); // only the employee
    await allowed(ACK, { id }, 'a3');
    expect(await lastAudit('appraisal', id)).toMatchObject({ actorEmployeeId: 'a3', before: { status: 'submitted' }, after: { status: 'acknowledged' } });
    const draft = (await allowed(CREATE, { i }, 'mgr')).createAppraisal.id;
    const DEL = `mutation($id: ID!) { deleteAppraisal(id: $id) }`;
    await refused(DEL, { id: draft }, 'sup1', 'a3', 'an1');
    await allowed(DEL, { id: draft }, 'mgr');
    expect(await lastAudit('appraisal', draft)).toMatchObject({ action: 'delete', before: { status: 'draft' }, after: null });
  });
});

describe('feedback', () => {
  it('giveFeedback, updateFeedback, deleteFeedback', async () => {
    const GIVE = `mutation($i: FeedbackInput!) { giveFeedback(input: $i) { id } }`;
    await refused(GIVE, { i: { kind: 'NOTE', subjectId: 'a3', body: 'x' } }, 'sup1', 'a1', 'a5', 'an1');
    await refused(GIVE, { i: { kind: 'PEER', subjectId: 'a3', body: 'x' } }, 'a1', 'sup1'); // not teammates
    await refused(GIVE, { i: { kind: 'TWO_WAY', subjectId: 'sup1', body: 'x' } }, 'a3'); // not a3's supervisor
    await refused(GIVE, { i: { kind: 'SELF', body: 'x' } }, 'an1');
    const id = (await allowed(GIVE, { i: { kind: 'PEER', subjectId: 'a3', body: 'Thanks for the help', rating: 5 } }, 'a5')).giveFeedback.id;
    expect(await lastAudit('feedback', id)).toMatchObject({ action: 'create', actorEmployeeId: 'a5', before: null, after: { kind: 'peer', subjectId: 'a3', rating: 5 } });
    const UPDATE = `mutation($id: ID!, $i: FeedbackPatch!) { updateFeedback(id: $id, input: $i) { body } }`;
    await refused(UPDATE, { id, i: { body: 'edited' } }, 'a3', 'mgr', 'exec', 'an1');
    await allowed(UPDATE, { id, i: { body: 'Thanks for the help with the billing case' } }, 'a5');
    expect(await lastAudit('feedback', id)).toMatchObject({ action: 'update', before: { body: 'Thanks for the help' }, after: { body: 'Thanks for the help with the billing case' } });
    const DEL = `mutation($id: ID!) { deleteFeedback(id: $id) }`;
    await refused(DEL, { id }, 'a3', 'mgr', 'sup1', 'an1');
    await allowed(DEL, { id }, 'a5');
    expect(await lastAudit('feedback', id)).toMatchObject({ action: 'delete', before: { body: 'Thanks for the help with the billing case' }, after: null });
  });
});

describe('reads stay in scope too', () => {
  it('a supervisor outside t2 sees none of a3\'s rows; a3 sees their own', async () => {
    const q = `{ alertEvents(status: ALL) { id } tasks(assigneeId: "a3") { id } coachingSessions { id } developmentPlans { id } appraisals { id } feedback { id } }`;
    expect(await allowed(q, {}, 'sup1')).toEqual({ alertEvents: [], tasks: [], coachingSessions: [], developmentPlans: [], appraisals: [], feedback: [] });
    const own = await allowed(q, {}, 'a3');
    expect(own.coachingSessions).toHaveLength(2);
    expect(own.developmentPlans).toHaveLength(1);
    expect(own.appraisals).toHaveLength(1);
    const one = await api.gql(`query($id: ID!) { coachingSession(id: $id) { id } }`, { id: own.coachingSessions[0].id }, T.sup1);
    expect(one.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
