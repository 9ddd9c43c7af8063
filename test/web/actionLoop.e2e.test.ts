/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import { Browser, Page } from 'playwright-core';
import { addDays, dateInZone } from '../../src/canonical';
import { serve, token } from '../support/server';
import { eventually, launchBrowser, newPage, screenshot, seriousViolations } from '../support/browser';
import { useDatabase } from '../support/useDatabase';
import { APRIL, seedWebFixture } from './fixture';

/**
 * The action loop in the web app (issue 13 on issue 10's API), in headless Chromium
 * against a started server and a real PostgreSQL: a supervisor's open alerts, the task
 * an acknowledgement makes, coaching booked from an alert, a session's before and
 * after, an agent's coaching, tasks, feedback and messages, and the drill down to
 * the contacts behind a day. On the web fixture (test/web/fixture.ts), plus, set up
 * through the API as the people themselves would:
 *   - e4 (supervisor of t2: e1, e4, e6 today) has a rule "Long calls today": aht over
 *     100 s today for each agent under t2, no task of its own. Today e1 handled today4
 *     (100 + 0 + 10 s = 110 s): one open event, about e1, value 1:50 against 1:40.
 *   - e4 coached e6 on 2026-04-07 (held 15:00 UTC), on aht and contacts handled, with
 *     a follow-up for e6. 14 days either side, the session day in neither:
 *       before 2026-03-24 … 2026-04-06: a4 (Apr 6, 300 + 40 + 60 = 400 s) → 1 handled, 6:40
 *       after  2026-04-08 … 2026-04-21: a5 (Apr 9, 300 + 30 + 50 = 380 s) → 1 handled, 6:20
 *     so aht −0:20 (better: lower is better), contacts handled ±0 (no change).
 *   - e4 left e6 a shared note and sent them a message.
 */
const db = useDatabase('webactions');
const today = dateInZone(new Date(), 'UTC');
let api: Awaited<ReturnType<typeof serve>>;
let browser: Browser;
let e4: string;
let sessionId: string;
const april = `from=${APRIL.from}&to=${APRIL.to}`;

async function ok<T = any>(query: string, variables: Record<string, unknown>, bearer: string): Promise<T> {
  const r = await api.gql<T>(query, variables, bearer);
  expect(r.body.errors).toBeUndefined();
  return r.body.data!;
}

beforeAll(async () => {
  await seedWebFixture(db.ds, today);
  api = await serve(db.ds);
  e4 = await token('supervisor', 'e4');
  await ok(
    `mutation { createAlertRule(input: { name: "Long calls today", metric: "aht", scope: { kind: EMPLOYEE, underTeamId: "t2" },
       comparison: ">", threshold: 100, window: { today: true }, minVolume: 1, createTask: false }) { id } }`,
    {},
    e4,
  );
  const evaluated = await ok(`mutation { evaluateAlertRules { opened { scope { id } value } } }`, {}, await token('admin'));
  expect(evaluated.evaluateAlertRules).toEqual([{ opened: [{ scope: { id: 'e1' }, value: 110 }] }]);
  const s = await ok(`mutation { scheduleCoaching(input: { employeeId: "e6", focusMetrics: ["aht", "contacts_handled"], scheduledAt: "2026-04-07T14:00:00Z" }) { id } }`, {}, e4);
  sessionId = s.scheduleCoaching.id;
  await ok(
    `mutation($id: ID!) { completeCoaching(id: $id, input: { completedAt: "2026-04-07T15:00:00Z", notes: "Hold only with a reason",
       followUps: [{ title: "Use the hold checklist", dueDate: "2026-04-10" }] }) { followUps { id } } }`,
    { id: sessionId },
    e4,
  );
  await ok(`mutation { giveFeedback(input: { kind: NOTE, subjectId: "e6", body: "Calm with an angry caller today", shared: true }) { id } }`, {}, e4);
  await ok(`mutation { sendMessage(input: { employeeId: "e6", subject: "Team huddle", body: "Friday at 9 in room 2" }) { id } }`, {}, e4);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function signedIn(t: string, path: string, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await newPage(browser, viewport ? { viewport } : {});
  await page.goto(`${api.base}/#token=${t}`);
  await page.waitForURL((u) => u.pathname !== '/');
  await page.goto(`${api.base}${path}`);
  return page;
}

async function expectAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

const focused = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? null);

describe('supervisor: open alerts → task → coaching', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signedIn(e4, `/team/t2?${april}`);
  });
  afterAll(() => page.context().close());
  const card = () => page.locator('.alert-card');

  it('sees their team and its open alert', async () => {
    await eventually(() => page.locator('caption', { hasText: 'one row per agent' }).locator('xpath=..').locator('tbody th').allTextContents(), ['E1 Test', 'E6 Test']);
    await eventually(() => card().count(), 1);
    expect(await card().locator('h3').textContent()).toBe('Long calls today');
    await eventually(() => card().locator('p').first().textContent(), 'E1 Test: Average handle time 1:50 > 1:40');
    expect(await card().getAttribute('data-status')).toBe('OPEN');
    expect(await card().textContent()).toContain('no task yet');
    // Open tasks: so far only the follow-up of e6's coaching, which e4 made.
    await eventually(() => page.locator('section.tasks tbody th').allTextContents(), ['Use the hold checklist (coaching follow-up)']);
    await screenshot(page, 'team-alerts');
    await expectAccessible(page);
  });

  it('acknowledges it from the keyboard, which creates a task: on screen, through GraphQL and in the database', async () => {
    await page.getByLabel('Note').focus();
    await page.keyboard.type('on it');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe('checkbox');
    expect(await page.getByLabel('and create a task').isChecked()).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('Acknowledge Long calls today');
    await page.keyboard.press('Enter');
    const title = 'Long calls today: Average handle time 1:50 > 1:40';
    const due = addDays(today, 2);
    await eventually(() => card().locator('[role="status"]').textContent(), `Acknowledged; task "${title}" is in your list, due ${due}.`);
    await eventually(() => card().getAttribute('data-status'), 'ACKNOWLEDGED');
    expect(await card().textContent()).toContain(`task: ${title}`);
    // The task list on the page has it, about E1 and the metric, assigned to the supervisor.
    // By due date: the follow-up (2026-04-10), then this one.
    await eventually(() => page.locator('section.tasks tbody th').allTextContents(), ['Use the hold checklist (coaching follow-up)', title]);
    const row = page.locator('section.tasks tbody tr[data-alert]');
    expect(await row.locator('td').allTextContents()).toEqual(['E1 Test, Average handle time', 'E4 Test', due, 'Open', `Start ${title}Done ${title}`]);

    const [event] = await db.ds.query(`SELECT id, acknowledged_by, note, resolved_at FROM alert_event`);
    expect(event).toMatchObject({ acknowledged_by: 'e4', note: 'on it', resolved_at: null });
    const viaApi = await ok(`query($id: ID!) { tasks(alertEventId: $id) { title assigneeId employeeId metric dueDate status } }`, { id: event.id }, e4);
    expect(viaApi.tasks).toEqual([{ title, assigneeId: 'e4', employeeId: 'e1', metric: 'aht', dueDate: due, status: 'OPEN' }]);
    // Two tasks in all: the coaching follow-up of the fixture (for e6) and this one.
    expect(await db.ds.query(`SELECT assignee_id, employee_id, alert_event_id, source, created_by FROM task ORDER BY assignee_id`)).toEqual([
      { assignee_id: 'e4', employee_id: 'e1', alert_event_id: event.id, source: 'manual', created_by: 'e4' },
      { assignee_id: 'e6', employee_id: 'e6', alert_event_id: null, source: 'coaching', created_by: 'e4' },
    ]);
  });

  it('books coaching from the alert, linked to the event and its task, and opens the session', async () => {
    const tomorrow = addDays(today, 1);
    expect(await page.getByLabel('Coaching on').inputValue()).toBe(`${tomorrow}T10:00`);
    await page.getByRole('button', { name: 'Schedule coaching for Long calls today' }).click();
    await eventually(() => card().locator('[role="status"]').textContent(), `Coaching booked for ${tomorrow} 10:00. Open the session`);
    const [event] = await db.ds.query(`SELECT id FROM alert_event`);
    const [task] = await db.ds.query(`SELECT id FROM task WHERE alert_event_id = $1`, [event.id]);
    const booked = await db.ds.query(`SELECT employee_id, coach_id, focus_metrics, status, alert_event_id, task_id, scheduled_at FROM coaching_session WHERE alert_event_id IS NOT NULL`);
    expect(booked).toEqual([
      { employee_id: 'e1', coach_id: 'e4', focus_metrics: ['aht'], status: 'scheduled', alert_event_id: event.id, task_id: task.id, scheduled_at: new Date(`${tomorrow}T10:00:00Z`) },
    ]);
    // The team page lists it with the held one.
    await eventually(() => page.locator('.coaching-list li').evaluateAll((els) => els.map((e) => e.getAttribute('data-status'))), ['SCHEDULED', 'COMPLETED']);
    await card().getByRole('link', { name: 'Open the session' }).click();
    await page.waitForURL(/\/coaching\/[0-9a-f-]{36}$/);
    await eventually(() => page.locator('h1').textContent(), `Coaching: E1 Test, ${tomorrow}`);
    expect(await page.locator('dd[data-status]').textContent()).toBe(`Scheduled for ${tomorrow} 10:00`);
    // Not held yet: the 14 days before it hold today's today4 (1:50), nothing after it yet; and the form to mark it held.
    await eventually(() => page.locator('table.impact tr[data-metric="aht"] td').allTextContents(), ['1:50', '–', '–', 'Not known yet']);
    expect(await page.locator('.impact-windows').textContent()).toContain('The after window has not passed yet');
    // Held now, with notes and a follow-up for the agent.
    await page.getByLabel('Notes').fill('Talked it through');
    await page.getByLabel('Follow-up for the employee').fill('Shorter wrap-up');
    await page.getByLabel('Due').fill(addDays(today, 3));
    await page.getByRole('button', { name: 'Mark held' }).click();
    const held = new RegExp(`^Held on ${today} \\d{2}:\\d{2}$`);
    await eventually(async () => held.test((await page.locator('dd[data-status]').textContent()) ?? ''), true);
    expect(await page.locator('.followups li').allTextContents()).toEqual([`Shorter wrap-up (Open, due ${addDays(today, 3)})`]);
    expect(await page.getByRole('button', { name: 'Mark held' }).count()).toBe(0);
    const [row] = await db.ds.query(`SELECT s.status, s.notes, t.assignee_id, t.source FROM coaching_session s JOIN task t ON t.coaching_session_id = s.id WHERE s.alert_event_id IS NOT NULL`);
    expect(row).toEqual({ status: 'completed', notes: 'Talked it through', assignee_id: 'e1', source: 'coaching' });
    await page.goBack();
  });

  it('resolves it: the alert leaves the list; the database says who and how', async () => {
    await card().waitFor();
    await page.getByRole('button', { name: 'Resolve Long calls today' }).click();
    await eventually(() => page.locator('section.alerts').textContent(), 'Open alertsEverything in your scope that an alert rule noticed and nobody has resolved yet.No open alerts.');
    const [event] = await db.ds.query(`SELECT resolved_by, resolution FROM alert_event`);
    expect(event).toEqual({ resolved_by: 'e4', resolution: 'manual' });
  });
});

describe('coaching: before and after', () => {
  it('each focus metric over the days before and after the session, with the change said in words, and a chart', async () => {
    const page = await signedIn(e4, `/coaching/${sessionId}`);
    await eventually(() => page.locator('h1').textContent(), 'Coaching: E6 Test, 2026-04-07');
    const row = (m: string) => page.locator(`table.impact tr[data-metric="${m}"] td`).allTextContents();
    await eventually(() => row('aht'), ['6:40', '6:20', '−0:20', 'Better']);
    expect(await row('contacts_handled')).toEqual(['1', '1', '±0', 'No change']);
    expect(await page.locator('table.impact tr[data-metric="aht"]').getAttribute('data-improved')).toBe('true');
    expect(await page.locator('.impact-windows').textContent()).toBe('Before: 2026-03-24 to 2026-04-06. After: 2026-04-08 to 2026-04-21. The session day itself counts in neither.');
    expect(await page.locator('dd.notes').textContent()).toBe('Hold only with a reason');
    expect(await page.locator('.followups li').allTextContents()).toEqual(['Use the hold checklist (Open, due 2026-04-10)']);
    expect(await page.getByRole('button', { name: 'Mark held' }).count()).toBe(0); // held already
    // A chart per focus metric, the days of both windows (28 + the session day).
    await page.locator('.coaching-chart[data-metric="aht"] svg').waitFor();
    expect(await page.locator('.coaching-chart[data-metric="aht"] [role="img"]').getAttribute('aria-label')).toBe(
      'Average handle time by day, 2026-03-24 to 2026-04-21, the session on 2026-04-07: before 6:40, after 6:20',
    );
    await screenshot(page, 'coaching');
    await expectAccessible(page);
    // Seven days either side, from the keyboard: a4 (Apr 6) and a5 (Apr 9) are still inside.
    await page.getByLabel('Days either side').focus();
    await page.keyboard.press('ArrowUp'); // 14 → 7
    await page.waitForURL(/days=7/);
    await eventually(() => page.locator('.impact-windows').textContent(), 'Before: 2026-03-31 to 2026-04-06. After: 2026-04-08 to 2026-04-14. The session day itself counts in neither.');
    await eventually(() => row('aht'), ['6:40', '6:20', '−0:20', 'Better']);
    await page.context().close();
  });

  it('an agent outside the session sees the server refuse it', async () => {
    const page = await signedIn(await token('agent', 'e1'), `/coaching/${sessionId}`);
    await eventually(() => page.getByRole('alert').evaluate((e) => /^Could not load: .*\(FORBIDDEN\)$/.test(e.textContent ?? '')), true);
    await page.context().close();
  });
});

describe('drill: team → agent → day → the contacts behind the numbers', () => {
  it('a supervisor follows the links down to each contact of a day', async () => {
    const page = await signedIn(e4, `/team/t2?${april}`);
    await page.getByRole('link', { name: 'E6 Test' }).first().click();
    await page.waitForURL(/\/agent\/e6\?/);
    await eventually(() => page.locator('h1').textContent(), 'E6 Test');
    // Their coaching, tasks and feedback are on the agent page too.
    await eventually(() => page.locator('.coaching-list li').count(), 1);
    await eventually(() => page.locator('section.tasks tbody th').allTextContents(), ['Use the hold checklist (coaching follow-up)']);
    await eventually(() => page.locator('.feedback li').count(), 1);
    expect(await page.locator('.inbox').count()).toBe(0); // someone else's messages are theirs
    await page.getByRole('link', { name: '2026-04-06' }).click();
    await page.waitForURL(/\/agent\/e6\/day\/2026-04-06/);
    await eventually(() => page.locator('h1').textContent(), 'E6 Test, 2026-04-06');
    // a4: 10:00 UTC, Q1, 15 s in queue, 300 + 40 + 60 s.
    const contacts = page.locator('section.contacts');
    await eventually(() => contacts.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.children).map((c) => c.textContent))), [
      ['10:00', 'Q1', 'voice, inbound', '0:15', '6:40', '5:00', '0:40', '1:00', 'No', 'No', '–'],
    ]);
    expect(await contacts.locator('.contacts-count').textContent()).toBe('1 contact. Times on your clock.');
    // The number above is the contact below: the day's AHT is a4's handle time.
    expect(await page.locator('.kpi[data-metric="aht"] .kpi-value').textContent()).toBe('6:40');
    await screenshot(page, 'agent-day-contacts');
    await expectAccessible(page);
    // One hour's contacts: the hour in the table drills into them; another hour has none.
    await page.getByRole('link', { name: '10:00: the contacts of this hour' }).click();
    await page.waitForURL(/\/agent\/e6\/day\/2026-04-06\?.*hour=10$/);
    await eventually(() => contacts.locator('.contacts-window').textContent(), 'E6 Test on 2026-04-06, 10:00 to 11:00 · the whole day');
    await eventually(() => contacts.locator('tbody th').allTextContents(), ['10:00']);
    await page.goto(page.url().replace('hour=10', 'hour=11'));
    await eventually(() => contacts.locator('.contacts-count').textContent(), 'No contacts.');
    await contacts.getByRole('link', { name: 'the whole day' }).click();
    await eventually(() => contacts.locator('tbody th').allTextContents(), ['10:00']);
    expect(new URL(page.url()).searchParams.get('hour')).toBeNull();
    await page.context().close();
  });

  it('an agent drills into their own day; another agent’s contacts are refused', async () => {
    const e1 = await token('agent', 'e1');
    const page = await signedIn(e1, '/agent/e1/day/2026-04-07');
    await eventually(() => page.locator('section.contacts tbody th').allTextContents(), ['09:00']); // a2
    await page.goto(`${api.base}/agent/e6/day/2026-04-06`);
    await eventually(() => page.locator('section.contacts [role="alert"]').textContent(), 'Could not load: employee e6 is outside your scope (FORBIDDEN)');
    expect(await page.locator('section.contacts table').count()).toBe(0);
    await page.context().close();
  });
});

describe('my performance: coaching, tasks, feedback and messages (agent)', () => {
  it('e6 sees their session, their follow-up (and finishes it), the shared note and the message', async () => {
    const page = await signedIn(await token('agent', 'e6'), '/me');
    await eventually(() => page.locator('.coaching-list li a').allTextContents(), ['2026-04-07 15:00']);
    expect(await page.locator('.coaching-list li .help').textContent()).toBe('Held · on Average handle time, Contacts handled');
    await eventually(() => page.locator('section.tasks tbody th').allTextContents(), ['Use the hold checklist (coaching follow-up)']);
    await page.locator('.feedback li').first().waitFor();
    expect(await page.locator('.feedback li').allTextContents()).toEqual([expect.stringMatching(/^Manager's note · \d{4}-\d{2}-\d{2} \d{2}:\d{2} · by E4 TestCalm with an angry caller today$/)]);
    await eventually(() => page.locator('.inbox li strong').allTextContents(), ['Team huddle']);
    await screenshot(page, 'my-work');
    await expectAccessible(page);
    // Their own task: finished from the keyboard.
    await page.getByRole('button', { name: 'Done Use the hold checklist' }).focus();
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('section.tasks tbody tr').getAttribute('data-status'), 'DONE');
    const [t] = await db.ds.query(`SELECT status, completed_at IS NOT NULL AS completed FROM task WHERE assignee_id = 'e6'`);
    expect(t).toEqual({ status: 'done', completed: true });
    // The message, marked read.
    await page.getByRole('button', { name: 'Mark read Team huddle' }).click();
    await eventually(() => page.locator('.inbox li').getAttribute('data-read'), 'yes');
    // The session opens from the list; an agent has no form to mark it held.
    await page.locator('.coaching-list li a').click();
    await eventually(() => page.locator('table.impact tr[data-metric="aht"] td').allTextContents(), ['6:40', '6:20', '−0:20', 'Better']);
    await page.context().close();
  });
});

describe('phone width', () => {
  it('the new views fit a 390 px wide screen', async () => {
    const page = await signedIn(e4, `/team/t2?${april}`, { width: 390, height: 844 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    for (const [path, name, ready] of [
      [`/team/t2?${april}`, 'team-alerts-phone', '.coaching-list li'],
      [`/coaching/${sessionId}`, 'coaching-phone', '.coaching-chart svg'],
      ['/agent/e6/day/2026-04-06', 'agent-day-contacts-phone', 'section.contacts tbody tr'],
      ['/agent/e6', 'agent-work-phone', '.feedback li'],
    ]) {
      await page.goto(`${api.base}${path}`);
      await page.locator(ready).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect([name, await overflow()]).toEqual([name, 0]); // named, so a failure says which view
      await screenshot(page, name);
      await expectAccessible(page);
    }
    await page.context().close();
  });
});

describe('server log', () => {
  it('no request was answered with an error the server had to log', () => {
    expect(api.logs().filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});
