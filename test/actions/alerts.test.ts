import { Actor, AlertRuleInput, createAlertRule, createWebhook, evaluateAlertRules, resolveAlertEvent } from '../../src/actions';
import { loadManifestOrThrow } from '../../src/semantic';
import { useDatabase } from '../support/useDatabase';
import { contact, seedActionsOrg } from './fixture';

/**
 * Alert rules on an injectable clock (SPEC §6.3): a threshold rule that fires,
 * dedupes, resolves when the condition clears, respects its cooldown (after a
 * clearing and after a person resolves it), creates a task for the supervisor,
 * and an anomaly rule on a seeded hourly baseline. Values counted by hand.
 */
const db = useDatabase('alerts');
const manifest = loadManifestOrThrow();
const env = { manifest, orgTimezone: 'UTC', today: '2026-04-10' };
const exec: Actor = { principal: { role: 'executive', employeeId: 'exec1' }, scope: { kind: 'all' }, today: '2026-04-10' };
const at = (iso: string) => () => new Date(iso);
const evaluate = (iso: string, ids: string[]) => evaluateAlertRules(db.ds, env, new Date(iso), ids);

const events = (ruleId: string) =>
  db.ds.query(
    `SELECT scope_key, value, threshold, volume, comparison, opened_at, resolved_at, resolution, last_value, task_id IS NOT NULL AS has_task
       FROM alert_event WHERE rule_id = $1 ORDER BY opened_at, scope_key`,
    [ruleId],
  );

beforeAll(async () => {
  await seedActionsOrg(db.ds);
  await createWebhook(db.ds, exec, { name: 'ops', url: 'http://127.0.0.1:9/hook', secret: 'a-secret-of-some-length' }, at('2026-04-10T00:00:00Z'));
});

const AHT_RULE: AlertRuleInput = {
  name: 'Long handle times in Care',
  kind: 'threshold',
  metric: 'aht',
  scope: { kind: 'employee', underTeam: 'care' },
  comparison: '>',
  threshold: 300,
  window: { kind: 'last', amount: 60, unit: 'minute' },
  minVolume: 2,
  cooldownSeconds: 30 * 60,
  createTask: true,
  taskDueDays: 1,
};

describe('a threshold rule', () => {
  let ruleId: string;
  beforeAll(async () => {
    // a1 (t1): 400 + 400 s → aht 400 over 2 contacts: fires.
    await contact(db.ds, 'a1', '2026-04-10T10:20:00Z', 400);
    await contact(db.ds, 'a1', '2026-04-10T10:40:00Z', 400);
    // a3 (t2): aht 200: does not fire. a2: one contact of 500 s: under the minimum volume of 2.
    await contact(db.ds, 'a3', '2026-04-10T10:30:00Z', 200);
    await contact(db.ds, 'a3', '2026-04-10T10:35:00Z', 200);
    await contact(db.ds, 'a2', '2026-04-10T10:30:00Z', 500);
    // a4 is in Sales, outside the rule's subtree: never judged.
    await contact(db.ds, 'a4', '2026-04-10T10:30:00Z', 900);
    await contact(db.ds, 'a4', '2026-04-10T10:31:00Z', 900);
    ruleId = (await createAlertRule(db.ds, manifest, exec, AHT_RULE, at('2026-04-10T09:00:00Z'))).id;
  });

  it('fires for the scope over the threshold, with a task for its supervisor on that day', async () => {
    const [r] = await evaluate('2026-04-10T11:00:00Z', [ruleId]);
    expect(r).toMatchObject({ error: null, judged: 2, notJudged: 1, stillOpen: 0, inCooldown: 0, tasksCreated: 1 });
    expect(r.opened.map((e) => e.scopeKey)).toEqual(['a1']);
    expect(await events(ruleId)).toEqual([
      { scope_key: 'a1', value: 400, threshold: 300, volume: 2, comparison: '>', opened_at: new Date('2026-04-10T11:00:00Z'), resolved_at: null, resolution: null, last_value: 400, has_task: true },
    ]);
    const [task] = await db.ds.query(`SELECT assignee_id, employee_id, metric, due_date::text, status, source FROM task WHERE alert_event_id = $1`, [r.opened[0].id]);
    expect(task).toEqual({ assignee_id: 'sup1', employee_id: 'a1', metric: 'aht', due_date: '2026-04-11', status: 'open', source: 'alert' });
    // The event went to the outbox with the change, not to the receiver.
    const deliveries = await db.ds.query(`SELECT event_type, status, attempts FROM webhook_delivery WHERE alert_event_id = $1`, [r.opened[0].id]);
    expect(deliveries).toEqual([{ event_type: 'alert.opened', status: 'pending', attempts: 0 }]);
  });

  it('dedupes: while the condition holds, the one open event is refreshed, never doubled', async () => {
    const [r] = await evaluate('2026-04-10T11:05:00Z', [ruleId]);
    expect(r).toMatchObject({ opened: [], stillOpen: 1, tasksCreated: 0 });
    expect(await events(ruleId)).toHaveLength(1);
    // The database refuses a second open event for the same rule × scope whatever writes it.
    await expect(
      db.ds.query(
        `INSERT INTO alert_event (rule_id, rule_name, rule_kind, metric, scope_kind, scope_key, comparison, threshold, value, window_from, window_to, opened_at, last_evaluated_at)
         VALUES ($1, 'x', 'threshold', 'aht', 'employee', 'a1', '>', 1, 1, now(), now(), now(), now())`,
        [ruleId],
      ),
    ).rejects.toThrow(/alert_event_one_open/);
  });

  it('resolves when the condition clears', async () => {
    // At 11:15 the window [10:15, 11:15) holds 400, 400, 100: aht 300, not > 300.
    await contact(db.ds, 'a1', '2026-04-10T11:10:00Z', 100);
    const [r] = await evaluate('2026-04-10T11:15:00Z', [ruleId]);
    expect(r.resolved.map((e) => [e.scopeKey, e.resolution, e.lastValue])).toEqual([['a1', 'cleared', 300]]);
    expect((await events(ruleId))[0]).toMatchObject({ resolved_at: new Date('2026-04-10T11:15:00Z'), resolution: 'cleared' });
  });

  it('opens no new event before the cooldown has passed since the resolution, and one after', async () => {
    // 11:20: [10:20, 11:20) holds 400, 400, 100, 800: aht 425 > 300, but resolved 5 minutes ago.
    await contact(db.ds, 'a1', '2026-04-10T11:18:00Z', 800);
    const [cool] = await evaluate('2026-04-10T11:20:00Z', [ruleId]);
    expect(cool).toMatchObject({ opened: [], inCooldown: 1 });
    const [still] = await evaluate('2026-04-10T11:44:59Z', [ruleId]);
    expect(still).toMatchObject({ opened: [], inCooldown: 1 });
    // 11:46, 31 minutes after: [10:46, 11:46) holds 100 and 800: aht 450 over 2 contacts.
    const [r] = await evaluate('2026-04-10T11:46:00Z', [ruleId]);
    expect(r.opened.map((e) => [e.scopeKey, e.value, e.volume])).toEqual([['a1', 450, 2]]);
    const all = await events(ruleId);
    expect(all.map((e: { resolution: string | null }) => e.resolution)).toEqual(['cleared', null]);
  });

  it('respects the cooldown after a person resolves the event too', async () => {
    const [open] = await db.ds.query(`SELECT id FROM alert_event WHERE rule_id = $1 AND resolved_at IS NULL`, [ruleId]);
    const sup1: Actor = { principal: { role: 'supervisor', employeeId: 'sup1' }, scope: { kind: 'subtree', teamId: 't1', asOf: '2026-04-10' }, today: '2026-04-10' };
    const e = await resolveAlertEvent(db.ds, sup1, open.id, 'talked to a1', at('2026-04-10T11:50:00Z'));
    expect(e).toMatchObject({ resolution: 'manual', resolvedBy: 'sup1', note: 'talked to a1' });
    // Still over the threshold at 12:00 ([11:00, 12:00): 100, 800): within 30 minutes of 11:50, nothing opens.
    expect((await evaluate('2026-04-10T12:00:00Z', [ruleId]))[0]).toMatchObject({ opened: [], inCooldown: 1 });
    // 12:15: [11:15, 12:15) holds only the 800 s contact: under the minimum volume: not judged.
    expect((await evaluate('2026-04-10T12:15:00Z', [ruleId]))[0]).toMatchObject({ opened: [], judged: 0 });
  });

  it('writes the audit trail as the system, and notifies each change', async () => {
    const audit = await db.ds.query(
      `SELECT l.actor_role, l.action, l.after->>'scopeKey' AS scope, l.after->>'resolution' AS resolution
         FROM audit_log l JOIN alert_event e ON e.id::text = l.entity_id WHERE l.entity = 'alert_event' AND e.rule_id = $1 ORDER BY l.id`,
      [ruleId],
    );
    expect(audit).toEqual([
      { actor_role: 'system', action: 'create', scope: 'a1', resolution: null },
      { actor_role: 'system', action: 'update', scope: 'a1', resolution: 'cleared' },
      { actor_role: 'system', action: 'create', scope: 'a1', resolution: null },
      { actor_role: 'supervisor', action: 'update', scope: 'a1', resolution: 'manual' },
    ]);
    const types = await db.ds.query(`SELECT d.event_type FROM webhook_delivery d JOIN alert_event e ON e.id = d.alert_event_id WHERE e.rule_id = $1 ORDER BY d.created_at, d.event_type`, [ruleId]);
    expect(types.map((t: { event_type: string }) => t.event_type)).toEqual(['alert.opened', 'alert.resolved', 'alert.opened', 'alert.resolved']);
  });
});

describe('scopes and windows', () => {
  it('a team rule judges the team subtree; "today" starts at midnight in the org zone', async () => {
    // care today (until 12:30): a1 400, 400, 100, 800; a3 200, 200; a2 500 → 7 contacts, 2600 s.
    const rule = await createAlertRule(
      db.ds,
      manifest,
      exec,
      { name: 'Care volume', kind: 'threshold', metric: 'contacts_handled', scope: { kind: 'team', ref: 'care' }, comparison: '>=', threshold: 7, window: { kind: 'today' } },
      at('2026-04-10T09:00:00Z'),
    );
    const [r] = await evaluate('2026-04-10T12:30:00Z', [rule.id]);
    expect(r.opened.map((e) => [e.scopeKind, e.scopeKey, e.value, e.subjectTeamId])).toEqual([['team', 'care', 7, 'care']]);
    // At midnight "today" is empty: nothing is judged (and nothing fails).
    const [midnight] = await evaluateAlertRules(db.ds, { ...env, today: '2026-04-11' }, new Date('2026-04-11T00:00:00Z'), [rule.id]);
    expect(midnight).toMatchObject({ error: null, judged: 0, resolved: [] });
    // Then the new day starts empty: a count over no facts is 0, so the named team clears.
    const [next] = await evaluateAlertRules(db.ds, { ...env, today: '2026-04-11' }, new Date('2026-04-11T00:10:00Z'), [rule.id]);
    expect(next.resolved.map((e) => [e.scopeKey, e.lastValue])).toEqual([['care', 0]]);
  });

  it('a queue rule judges each queue; a metric without the dimension is refused', async () => {
    const rule = await createAlertRule(
      db.ds,
      manifest,
      exec,
      { name: 'Q1 busy', kind: 'threshold', metric: 'contacts_handled', scope: { kind: 'queue' }, comparison: '>', threshold: 8, window: { kind: 'last', amount: 1, unit: 'day' } },
      at('2026-04-10T09:00:00Z'),
    );
    // Every fixture contact is on queue Q1: 9 of them on 2026-04-10 before 12:30.
    const [r] = await evaluate('2026-04-10T12:30:00Z', [rule.id]);
    expect(r.opened.map((e) => [e.scopeKey, e.value, e.subjectTeamId])).toEqual([['Q1', 9, null]]);
    await expect(
      createAlertRule(db.ds, manifest, exec, { name: 'csat by queue', kind: 'threshold', metric: 'csat', scope: { kind: 'queue' }, comparison: '<', threshold: 3, window: { kind: 'today' } }, at('2026-04-10T09:00:00Z')),
    ).rejects.toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/csat.*QUEUE/) });
  });
});

describe('an anomaly rule on a seeded baseline', () => {
  it('fires when the last complete hour is more than k σ above the scope\'s own trailing hours, and clears later', async () => {
    // a5 and a3 (t2), 2026-04-12, one contact an hour: aht per hour = its handle seconds.
    const base = [300, 310, 290, 305, 295, 300]; // 08:00 … 13:00: mean 300, σ = √(250 / 5) = √50
    for (const [i, h] of base.entries()) {
      await contact(db.ds, 'a5', `2026-04-12T${String(8 + i).padStart(2, '0')}:10:00Z`, h);
      await contact(db.ds, 'a3', `2026-04-12T${String(8 + i).padStart(2, '0')}:20:00Z`, h);
    }
    await contact(db.ds, 'a5', '2026-04-12T14:10:00Z', 330); // 330 > 300 + 3√50 = 321.21
    await contact(db.ds, 'a3', '2026-04-12T14:20:00Z', 320); // 320 < 321.21
    const rule = await createAlertRule(
      db.ds,
      manifest,
      exec,
      { name: 'AHT spike', kind: 'anomaly', metric: 'aht', scope: { kind: 'employee', underTeam: 't2' }, anomaly: { side: 'above', sigmas: 3, grain: 'HOUR', baselinePeriods: 6 } },
      at('2026-04-12T00:00:00Z'),
    );
    const day = { ...env, today: '2026-04-12' };
    const [r] = await evaluateAlertRules(db.ds, day, new Date('2026-04-12T15:05:00Z'), [rule.id]);
    expect(r).toMatchObject({ error: null, judged: 2 });
    expect(r.opened).toHaveLength(1);
    const e = r.opened[0];
    expect(e).toMatchObject({ scopeKey: 'a5', value: 330, comparison: '>', windowFrom: new Date('2026-04-12T14:00:00Z'), windowTo: new Date('2026-04-12T15:00:00Z') });
    expect(e.threshold).toBeCloseTo(300 + 3 * Math.sqrt(50), 9);
    expect(e.baseline).toEqual({ mean: 300, stddev: expect.closeTo(Math.sqrt(50), 9), periods: 6 });
    // 16:05: the 15:00 hour has no contact of a5's: nothing to judge, the event stays open.
    const [quiet] = await evaluateAlertRules(db.ds, day, new Date('2026-04-12T16:05:00Z'), [rule.id]);
    expect(quiet).toMatchObject({ opened: [], resolved: [] });
    // 17:05: the 16:00 hour (300) against 10:00 … 15:00 with a5's values 290, 305, 295, 300, 330 (15:00 empty):
    // mean 304, σ = √(((−14)² + 1² + (−9)² + (−4)² + 26²) / 4) = √242.5; 300 is not above. It clears.
    await contact(db.ds, 'a5', '2026-04-12T16:30:00Z', 300);
    const [clear] = await evaluateAlertRules(db.ds, day, new Date('2026-04-12T17:05:00Z'), [rule.id]);
    expect(clear.resolved.map((x) => [x.scopeKey, x.resolution, x.lastValue])).toEqual([['a5', 'cleared', 300]]);
  });
});
