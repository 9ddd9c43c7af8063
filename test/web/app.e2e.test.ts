/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import fs from 'fs';
import http from 'http';
import { AddressInfo } from 'net';
import { Browser, Page } from 'playwright-core';
import { dateInZone } from '../../src/canonical';
import { serve, token } from '../support/server';
import { eventually, launchBrowser, newPage, screenshot, seriousViolations } from '../support/browser';
import { useDatabase } from '../support/useDatabase';
import { APRIL, insertContacts, seedWebFixture, WINDOW } from './fixture';

/**
 * The web app in headless Chromium against a started server and a real PostgreSQL,
 * signed in with tokens the server verifies. Expected numbers are worked out by hand
 * from the fixture (test/web/fixture.ts).
 */
const db = useDatabase('webapp');
const today = dateInZone(new Date(), 'UTC');
let api: Awaited<ReturnType<typeof serve>>;
let browser: Browser;
const range = `from=${WINDOW.from}&to=${WINDOW.to}`;

beforeAll(async () => {
  await seedWebFixture(db.ds, today);
  api = await serve(db.ds);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** Another app: a page served from its own port (its own origin), for framing an embedded chart. */
async function serveHtml(body: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A fresh tab signed in through a sign-in link (as `switchboard token --link` prints). */
async function signedIn(t: string, path = '/', viewport?: { width: number; height: number }): Promise<Page> {
  const page = await newPage(browser, viewport ? { viewport } : {});
  await page.goto(`${api.base}/#token=${t}`);
  await page.waitForURL((u) => u.pathname !== '/');
  if (path !== '/') await page.goto(`${api.base}${path}`);
  return page;
}

const cell = (page: Page, team: string, metric: string) => page.locator(`.org-tree tr[data-team="${team}"] td[data-metric="${metric}"]`);

async function treeNumbers(page: Page, attribution: string) {
  await page.locator(`.org-tree[data-attribution="${attribution}"]`).waitFor();
  const out: Record<string, [string, string, string]> = {};
  for (const team of ['ops', 'care', 't2', 'sales', 't1', 'unattributed']) {
    out[team] = [
      (await cell(page, team, 'contacts_handled').locator('.value').textContent())!,
      (await cell(page, team, 'aht').locator('.value').textContent())!,
      (await cell(page, team, 'service_level').locator('.value').textContent())!,
    ];
  }
  return out;
}

async function expectAccessible(page: Page) {
  expect(await seriousViolations(page)).toEqual([]);
}

describe('sign-in', () => {
  it('a sign-in link stores the token for the tab, takes it out of the address bar, and lands on the role’s start page', async () => {
    const t = await token('executive');
    const page = await newPage(browser);
    await page.goto(`${api.base}/#token=${t}`);
    await page.waitForURL(`${api.base}/executive`);
    expect(page.url()).not.toContain('token');
    expect(await page.evaluate(() => sessionStorage.getItem('switchboard.token'))).toBe(t);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await eventually(() => page.locator('h1').textContent(), 'Executive view');
    await page.context().close();
  });

  it('a pasted token signs in; sign-out forgets it', async () => {
    const page = await newPage(browser);
    await page.goto(`${api.base}/me`);
    await page.waitForURL(`${api.base}/sign-in`);
    await expectAccessible(page);
    await screenshot(page, 'sign-in');
    await page.getByLabel('Bearer token').fill(await token('agent', 'e2'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${api.base}/me`); // back where the user was going
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${api.base}/sign-in`);
    await eventually(() => page.getByRole('alert').textContent(), 'You signed out.');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.context().close();
  });

  it('a token the server refuses sends the user back to sign-in with the reason', async () => {
    const { mintToken } = await import('../../src/access');
    const forged = await mintToken('some-other-secret-that-is-long-enough!!', { role: 'executive', ttlSeconds: 600 });
    const page = await newPage(browser);
    await page.goto(`${api.base}/executive#token=${forged}`);
    await page.waitForURL(`${api.base}/sign-in`);
    const notice = await page.getByRole('alert').textContent();
    expect(notice).toMatch(/^The server refused your token \(invalid token: signature verification failed\)\. Sign in again\.$/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.context().close();
  });
});

describe('executive view', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signedIn(await token('executive'), `/executive?${range}`);
  });
  afterAll(() => page.context().close());

  it('AS_WAS → AS_IS moves the numbers as the hidden reorganization says', async () => {
    // AS_WAS: w1 (e2, Feb) was in t1 under care; w3 (e1, Feb 5) in t1 before e1 moved to t2.
    await eventually(() => treeNumbers(page, 'AS_WAS'), {
      ops: ['3', '4:27', '66.7%'], // w1 w3 w4: (300+400+100)/3 s; w1, w3 within 20 s
      care: ['3', '4:27', '66.7%'], // the same three, through t1's time under care
      t2: ['1', '1:40', '0.0%'], // w4 only
      sales: ['1', '3:20', '0.0%'], // w2, after t1 moved under sales
      t1: ['1', '3:20', '0.0%'], // t1 as a level-2 team exists only under sales
      unattributed: ['1', '8:20', '100.0%'], // w5 (e5 has no assignment)
    });
    expect(await page.getByText('Each contact counts for the team the agent was in at the time.').isVisible()).toBe(true);
    await screenshot(page, 'executive-as-was');

    await page.getByLabel(/As it is/).check();
    await page.waitForURL(/attribution=AS_IS/);
    // AS_IS: e2 is in t1 under sales today (w1 moves with them); e1 is in t2 today (w3 moves to t2).
    await eventually(() => treeNumbers(page, 'AS_IS'), {
      ops: ['2', '4:10', '50.0%'], // w3 w4
      care: ['2', '4:10', '50.0%'],
      t2: ['2', '4:10', '50.0%'], // w3 w4
      sales: ['2', '4:10', '50.0%'], // w1 w2
      t1: ['2', '4:10', '50.0%'],
      unattributed: ['1', '8:20', '100.0%'],
    });
    expect(await page.getByText("Every contact counts for the agent's team today.").isVisible()).toBe(true);
    await screenshot(page, 'executive-as-is');
    await expectAccessible(page);
  });

  it('keyboard: the first Tab reaches “Skip to content”, which moves focus to the page', async () => {
    await page.reload(); // focus navigation starts from the top of a freshly loaded page
    await page.locator('.org-tree').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  it('the whole operation against the previous period, with a chart', async () => {
    const tile = page.locator('.kpi[data-metric="contacts_handled"] .kpi-value');
    await eventually(() => tile.textContent(), '5');
    await eventually(() => page.locator('.kpi[data-metric="aht"] .kpi-value').textContent(), '5:00'); // 1500 s / 5
    await page.locator('.chart svg').first().waitFor();
    expect(await page.locator('[role="img"][aria-label^="Contacts handled by day, this period and the previous period"]').count()).toBe(1);
    await page.getByLabel('By', { exact: true }).selectOption('WEEK');
    await page.waitForURL(/grain=WEEK/);
    await page.getByText('The numbers', { exact: true }).click();
    const rows = page.locator('details table tbody tr');
    // Every ISO week the range touches, Monday Jan 26 to Monday Mar 30; weeks without contacts count 0.
    // Contacts: week of Feb 2 (w3 on Thu 5th), Feb 9 (w1 on Tue 10th, w4 on Thu 12th), Feb 16 (w5), Mar 9 (w2).
    const weeks = ['2026-01-26', '2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23', '2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30'];
    await eventually(() => rows.locator('th').allTextContents(), weeks);
    await eventually(() => rows.locator('td:nth-child(2)').allTextContents(), ['0', '1', '2', '1', '0', '0', '1', '0', '0', '0']);
  });

  it('CSV of the top level, made from the result on screen', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('section[aria-labelledby="org-tree-h"] button.csv').click()]);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(download.suggestedFilename()).toBe(`kpis-top-level-AS_IS-${WINDOW.from}-${WINDOW.to}.csv`);
    expect(text.split('\r\n')).toEqual([
      'period,team_id,team_name,contacts_handled,aht,service_level,csat,fcr_rate',
      ',ops,Operations,2,250,0.5,,1',
      ',sales,Sales,2,250,0.5,,1',
      ',,,1,500,1,,1',
      '',
    ]);
  });

  it('the metric catalog: definitions, owners, versions', async () => {
    await page.getByRole('link', { name: 'Metric catalog' }).first().click();
    await page.waitForURL(`${api.base}/catalog`);
    const aht = page.locator('.card[data-metric="aht"]');
    await eventually(() => aht.locator('h2').textContent(), 'Average handle time aht');
    expect(await aht.textContent()).toContain('workforce-analytics');
    expect(await aht.locator('code[title]').getAttribute('title')).toMatch(/^[0-9a-f]{12,}$/);
    expect(await page.locator('.card').count()).toBe(fs.readdirSync('metrics').filter((f) => f.endsWith('.yaml')).length);
    await page.getByLabel('Find a metric').fill('speed of answer');
    await eventually(() => page.locator('.card').count(), 1);
    expect(await page.locator('.card').getAttribute('data-metric')).toBe('asa');
    await page.getByLabel('Find a metric').fill('');
    await screenshot(page, 'catalog');
    await expectAccessible(page);
  });

  it('a team with a goal of its own shows its status in the tree (t2: aht 380 s)', async () => {
    await page.goto(`${api.base}/executive?from=${APRIL.from}&to=${APRIL.to}`);
    // April, t2 (AS_WAS): e1 750 s over 3, e6 780 s over 2 → 306 s = 5:06; 380 / 306 = 1.24, on track.
    await eventually(() => cell(page, 't2', 'aht').locator('.value').textContent(), '5:06');
    expect(await cell(page, 't2', 'aht').getAttribute('data-status')).toBe('ON_TRACK');
    expect(await cell(page, 't2', 'aht').getAttribute('title')).toBe('Team goal, April 2026: on track (5:06 against 6:20)');
    // No other team has a goal of its own; t2's other KPIs have none either.
    expect(await page.locator('.org-tree td[data-status]').count()).toBe(1);
    await screenshot(page, 'executive-goals');
  });
});

describe('my performance (agent)', () => {
  let page: Page;
  const responses: string[] = [];
  beforeAll(async () => {
    page = await signedIn(await token('agent', 'e1'));
    page.on('response', async (r) => {
      if (r.url().endsWith('/graphql')) responses.push(await r.text().catch(() => ''));
    });
    expect(new URL(page.url()).pathname).toBe('/me');
    await page.goto(`${api.base}/me?from=2026-02-01&to=${APRIL.to}`);
  });
  afterAll(() => page.context().close());
  const tile = (metric: string, part = '.kpi-value') => page.locator(`.kpi[data-metric="${metric}"] ${part}`).first().textContent();
  const scoreCells = (metric: string) => page.locator(`.scorecard tr[data-metric="${metric}"] td`).allTextContents();

  it('their own numbers, with the team and center benchmarks beside them', async () => {
    await eventually(() => page.locator('h1').textContent(), 'My performance');
    // e1, Feb–Apr: w3 400 s (Feb) and a1–a3 200 + 300 + 250 s (Apr) → 4 handled, 1150 / 4 = 287.5 s.
    await eventually(() => tile('contacts_handled'), '4');
    await eventually(() => tile('aht'), '4:48');
    // TEAM: who is in e1's team today (e1, e4, e6: e3 has left): 6 handled, (1150 + 780) / 6 = 321.7 s.
    // CENTER: every contact of the window, 14 handled, 3830 / 14 = 273.6 s.
    await eventually(() => tile('contacts_handled', '[data-benchmark="TEAM"] dd'), '6');
    await eventually(() => tile('aht', '[data-benchmark="TEAM"] dd'), '5:22');
    expect(await tile('aht', '[data-benchmark="TEAM"] dt')).toBe('Team: Team Two');
    await eventually(() => tile('contacts_handled', '[data-benchmark="CENTER"] dd'), '14');
    await eventually(() => tile('aht', '[data-benchmark="CENTER"] dd'), '4:34');
    await eventually(() => page.locator('section[aria-labelledby="days-h"] tbody th').allTextContents(), ['2026-02-05', '2026-04-06', '2026-04-07', '2026-04-08']);
    await page.locator('.kpi .chart svg').first().waitFor(); // sparklines
  });

  it('the scorecard: actual against goal, attainment, status and a trend per metric', async () => {
    // April (the current goal period of the range): aht 250 s against t2's 380 s (the team goal wins over
    // the role's 300 s) → 152%, on track, score 120 (capped); contacts handled 3 against 3 → on track, 100.
    await eventually(() => scoreCells('aht'), ['April 2026', '4:10', '6:20', '152%', 'On track', '120', '']);
    await eventually(() => scoreCells('contacts_handled'), ['April 2026', '3', '3', '100%', 'On track', '100', '']);
    expect(await page.locator('.score-total strong').textContent()).toBe('110');
    // The trend covers Feb (400 s, at risk), Mar (no contacts) and Apr, one point each.
    const spark = page.locator('.scorecard tr[data-metric="aht"] [role="img"]');
    expect(await spark.getAttribute('aria-label')).toBe('Average handle time by month: February 2026 6:40 (at risk), March 2026 – (no data), April 2026 4:10 (on track)');
  });

  it('their rank on their own board, peers anonymous (a private board)', async () => {
    // t2's board by AHT, Feb–Apr (AS_WAS): e3 100 s (w4, Feb), e1 250 s, e6 390 s.
    await eventually(() => page.locator('.rank-line').getAttribute('data-rank'), '2');
    expect(await page.locator('.rank-line').textContent()).toMatch(/^You are #2 of 3 on Team Two's board A private board: other people are anonymous\. Lower is better\.$/);
    const board = page.locator('section[aria-labelledby="rank-h"] table.board tbody');
    expect(await board.locator('th').allTextContents()).toEqual(['Anonymous peer', 'You', 'Anonymous peer']);
    expect(await board.locator('td:nth-child(3)').allTextContents()).toEqual(['1:40', '4:10', '6:30']);
    await page.getByLabel('Board', { exact: true }).selectOption('center');
    // The center board, Feb–Apr: e3 100, e7 200, e2 250, e1 287.5, e6 390, e5 500.
    await eventually(() => page.locator('.rank-line').getAttribute('data-rank'), '4');
    expect(await board.locator('th').allTextContents()).toEqual(['Anonymous peer', 'Anonymous peer', 'Anonymous peer', 'You', 'Anonymous peer', 'Anonymous peer']);
    await page.getByLabel('Board', { exact: true }).selectOption('team');
  });

  it('badges, points and contests', async () => {
    await eventually(() => page.locator('.badges li').evaluateAll((els) => els.map((e) => e.getAttribute('data-badge'))), ['kudos', 'contest_winner']);
    await eventually(() => page.locator('.points-balance').getAttribute('data-balance'), '160');
    const contest = (id: string) => page.locator(`.contest[data-contest="${id}"] .contest-me`);
    await eventually(() => contest('april-aht').textContent(), 'You: #1 · Gold'); // 250 s against e6's 390 s
    await eventually(() => contest('week-handled').textContent(), 'You: #2'); // today: e2 handled 2, e1 1
    expect(await page.locator('[data-placeholder]').count()).toBe(0); // coaching, tasks and feedback are real now (test/web/actionLoop.e2e.test.ts)
    await screenshot(page, 'my-performance');
    await expectAccessible(page);
  });

  it('nothing of anyone else reached the browser: every answer holds e1, aggregates and anonymous peers only', () => {
    expect(responses.length).toBeGreaterThan(5);
    for (const r of responses) expect(r).not.toMatch(/"e[2-7]"|E[2-7] Test|e[2-7]@example/);
  });

  it('redeems a reward from the keyboard (points: 160 → 60)', async () => {
    const redeem = page.getByRole('button', { name: 'Redeem A 15-minute extra break' });
    await redeem.focus();
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('.recognition [role="status"]').textContent(), 'You redeemed A 15-minute extra break: 60 points left.');
    await eventually(() => page.locator('.points-balance').getAttribute('data-balance'), '60');
    expect(await page.getByRole('button', { name: /Redeem A 15-minute extra break/ }).isDisabled()).toBe(true); // 100 > 60 now
  });
});

describe('team (supervisor)', () => {
  let page: Page;
  beforeAll(async () => {
    page = await signedIn(await token('supervisor', 'e4'));
  });
  afterAll(() => page.context().close());

  const agents = () => page.locator('.table-wrap tbody th').allTextContents();
  // A cell's number (a cell may also say its goal status).
  const column = (n: number) => page.locator(`.table-wrap tbody tr td:nth-child(${n}) .value`).allTextContents();

  it('sees only the people in their team today (SPEC §7): a leaver’s contacts stay out', async () => {
    await page.waitForURL(/\/team\/t2\?/); // the supervisor's own team, from their assignment
    await page.goto(`${api.base}/team?${range}`);
    await page.waitForURL(new RegExp(`/team/t2\\?from=${WINDOW.from}&to=${WINDOW.to}`));
    await eventually(() => page.locator('h1').textContent(), 'Team Team Two');
    // e4's scope is who is in t2 today: e1 and e4 (e6 too, without contacts in Feb–Mar).
    // AS_WAS, Feb–Mar: w4 counted for t2 but was e3's, who left on 2026-02-20 and so is
    // nobody's to see; w3 was e1's while still in t1. Nothing is left.
    await page.locator('caption', { hasText: 'one row per agent' }).waitFor();
    await eventually(() => page.locator('.table-wrap tbody td.empty').textContent(), 'No data in this range.');
    await page.getByLabel(/As it is/).check();
    await page.waitForURL(/attribution=AS_IS/);
    // AS_IS: e1 (in t2 today) brings w3 (400 s); e3 is still out of scope.
    await eventually(() => agents(), ['E1 Test']);
    await eventually(() => column(3), ['6:40']);
    expect(await page.getByText('E3 Test').count()).toBe(0);
  });

  it('sorts by a KPI from the keyboard (lower AHT is better: best first)', async () => {
    // April: e1 250 s, e6 390 s (test/web/fixture.ts).
    await page.goto(`${api.base}/team/t2?from=${APRIL.from}&to=${APRIL.to}`);
    await eventually(() => agents(), ['E1 Test', 'E6 Test']);
    const aht = page.getByRole('button', { name: /Average handle time/ });
    await aht.focus();
    await page.keyboard.press('Space');
    await eventually(() => aht.locator('xpath=..').getAttribute('aria-sort'), 'ascending');
    await eventually(() => agents(), ['E1 Test', 'E6 Test']);
    await page.keyboard.press('Enter');
    await eventually(() => aht.locator('xpath=..').getAttribute('aria-sort'), 'descending');
    await eventually(() => agents(), ['E6 Test', 'E1 Test']);
    await eventually(() => column(3), ['6:30', '4:10']);
  });

  it('the team at a glance: each cell coloured by the agent’s goal status, said in words too', async () => {
    const status = (agent: string, metric: string) =>
      page.locator('.table-wrap tbody tr').filter({ has: page.getByRole('rowheader', { name: agent, exact: true }) }).locator(`td[data-col="${metric}"]`);
    // April goals: contacts handled 3 (every agent), aht 380 s (t2's own goal).
    //   e1: 3 handled → on track; 250 s → on track.   e6: 2 handled → 67%, off track; 390 s → 97%, at risk.
    await eventually(() => status('E1 Test', 'contacts_handled').getAttribute('data-status'), 'ON_TRACK');
    expect(await status('E1 Test', 'aht').getAttribute('data-status')).toBe('ON_TRACK');
    expect(await status('E6 Test', 'contacts_handled').getAttribute('data-status')).toBe('OFF_TRACK');
    expect(await status('E6 Test', 'aht').getAttribute('data-status')).toBe('AT_RISK');
    expect(await status('E6 Test', 'aht').textContent()).toBe('6:30At risk');
    expect(await status('E6 Test', 'aht').getAttribute('title')).toBe('At risk in April 2026: 6:30 against a goal of 6:20');
    expect(await page.locator('.table-wrap tbody td[data-status]').count()).toBe(4); // no goal on the other KPIs
    expect(await page.locator('.legend').textContent()).toContain('in April 2026');
    await screenshot(page, 'team');
    await expectAccessible(page);
  });

  it('CSV of the team table', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download CSV/ }).click()]);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    expect(text.split('\r\n')).toEqual([
      'period,employee_id,employee_name,contacts_handled,aht,fcr_rate,transfer_rate,csat,qa_score,adherence',
      ',e1,E1 Test,3,250,1,0,,,',
      ',e6,E6 Test,2,390,1,0,,,',
      '',
    ]);
  });

  it('drills from team to agent to day', async () => {
    await page.getByRole('link', { name: 'E1 Test' }).click();
    await page.waitForURL(new RegExp(`/agent/e1\\?from=${APRIL.from}&to=${APRIL.to}&attribution=AS_WAS`));
    await eventually(() => page.locator('h1').textContent(), 'E1 Test');
    // The supervisor sees their own people by name on the board, and this agent marked.
    const board = page.locator('section[aria-labelledby="rank-h"] table.board tbody');
    await eventually(() => board.locator('th').allTextContents(), ['E1 Test (this agent)', 'E6 Test']);
    await screenshot(page, 'agent');
    await page.getByRole('link', { name: '2026-04-07' }).click();
    await page.waitForURL(/\/agent\/e1\/day\/2026-04-07/);
    await eventually(() => page.locator('h1').textContent(), 'E1 Test, 2026-04-07');
    // a2 started at 09:00 UTC: 250 + 20 + 30 s.
    // The hour, then the contact behind it (test/web/actionLoop.e2e.test.ts drills further).
    await eventually(() => page.locator('.table-wrap tbody th').allTextContents(), ['09:00', '09:00']);
    await eventually(() => page.locator('.kpi[data-metric="aht"] .kpi-value').textContent(), '5:00');
    expect(await page.locator('[data-placeholder]').count()).toBe(0);
    await screenshot(page, 'agent-day');
    await expectAccessible(page);
  });
});

describe('embed', () => {
  it('a supervisor mints an embed token for the team’s KPIs; another app frames the chart, a spreadsheet reads its CSV', async () => {
    const page = await signedIn(await token('supervisor', 'e4'), `/team/t2?from=${APRIL.from}&to=${APRIL.to}`);
    await page.locator('.table-wrap tbody tr').first().waitFor();
    await page.getByText('Embed or export this chart').click();
    await page.getByLabel('Valid for').selectOption(String(8 * 3600));
    expect(await page.getByLabel('Only Team Two').isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Create embed token' }).click();
    await eventually(() => page.locator('.snippets [role="status"]').evaluate((e) => /^Token for e4, narrowed to Team Two, valid until /.test(e.textContent ?? '')), true);
    const snippet = (name: string) => page.locator(`textarea[data-snippet="${name}"]`).inputValue();
    const [iframe, script, csv] = [await snippet('iframe'), await snippet('script'), await snippet('csv')];
    const embedUrl = /src="([^"]+)"/.exec(iframe)![1].replace(/&amp;/g, '&');
    const embedToken = new URL(embedUrl).hash.replace('#token=', '');
    await screenshot(page, 'embed-panel');
    await page.context().close();

    // Another app on another origin: the iframe, the script tag, and a frame that asks for a team outside the token's scope.
    const outside = embedUrl.replace('team=t2', 'team=t1');
    const body = `<!doctype html><html lang="en"><title>Intranet</title><h1>Intranet</h1><section id="a">${iframe}</section><section id="b">${script}</section><section id="c"><iframe title="outside" src="${outside}"></iframe></section>`;
    const intranet = await serveHtml(body); // another origin (its own port), a real server
    const host = await newPage(browser);
    await host.goto(intranet.url);
    for (const f of ['#a iframe', '#b iframe']) {
      const frame = host.frameLocator(f);
      // April, t2: e1 3 + e6 2 handled, (750 + 780) / 5 = 306 s.
      await eventually(() => frame.locator('.kpi[data-metric="contacts_handled"] .kpi-value').textContent(), '5');
      await eventually(() => frame.locator('.kpi[data-metric="aht"] .kpi-value').textContent(), '5:06');
      expect(await frame.getByRole('button', { name: 'Sign out' }).count()).toBe(0); // a chart, not the app
    }
    // t1 is not e4's: the token sees none of its contacts (e7 handled 4 there in April).
    await eventually(() => host.frameLocator('#c iframe').locator('.kpi[data-metric="contacts_handled"] .kpi-value').textContent(), '0');
    await screenshot(host, 'embed');
    await host.context().close();
    await intranet.close();

    // A spreadsheet's IMPORTDATA: the CSV URL carries the embed token (the only kind accepted in a URL).
    const res = await fetch(csv);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('period,contacts_handled,aht,fcr_rate,transfer_rate,csat,qa_score,adherence\r\n,5,306,1,0,,,\r\n');

    // The embed token reads; it does not write.
    const write = await api.gql('mutation { redeemReward(reward: "extra_break") { balance } }', {}, embedToken);
    expect(write.status).toBe(403);

    // Opened on its own (as a screen reader would meet it): accessible.
    const alone = await newPage(browser);
    await alone.goto(embedUrl);
    await eventually(() => alone.locator('.kpi[data-metric="aht"] .kpi-value').textContent(), '5:06');
    await expectAccessible(alone);
    await alone.context().close();
  });

  it('a frame without a token, or with one the server refuses, says so and stays where it is', async () => {
    const page = await newPage(browser);
    await page.goto(`${api.base}/embed/kpi?metrics=aht&days=7`);
    await eventually(() => page.getByRole('alert').textContent(), 'This embedded chart has no token: its address needs #token=<an embed token> (createEmbedToken).');
    const { mintToken } = await import('../../src/access');
    await page.goto(`${api.base}/embed/kpi?metrics=aht&days=7#token=${await mintToken('some-other-secret-that-is-long-enough!!', { role: 'agent', employeeId: 'e1', ttlSeconds: 600 })}`);
    await page.reload();
    await eventually(() => page.getByRole('alert').textContent(), 'The server refused your token (invalid token: signature verification failed). Sign in again.');
    expect(new URL(page.url()).pathname).toBe('/embed/kpi');
    await page.goto(`${api.base}/embed/pie?metric=aht#token=${await token('agent', 'e1')}`);
    await page.reload();
    await eventually(() => page.getByRole('alert').textContent(), 'This chart\'s address is wrong: unknown chart "pie": use kpi, trend, leaderboard');
    await page.context().close();
  });
});

describe('wallboard', () => {
  it('today’s queue KPIs in large type, refreshed from metricData', async () => {
    const page = await signedIn(await token('executive'), '/wallboard?refresh=5', { width: 1920, height: 1080 });
    const value = (queue: string, metric: string) => page.locator(`.wb-card[data-queue="${queue}"] [data-metric="${metric}"] dd`).textContent();
    await page.locator('.wb-card[data-queue="Q1"]').waitFor();
    await eventually(() => value('Q1', 'service_level'), '33.3%'); // 1 of 2 handled within 20 s, plus 1 abandoned
    await eventually(() => value('Q1', 'asa'), '0:20');
    await eventually(() => value('Q1', 'contacts_offered'), '3');
    await eventually(() => value('Q1', 'contacts_abandoned'), '1');
    await eventually(() => value('Q2', 'service_level'), '100.0%');
    await eventually(() => value('all', 'contacts_handled'), '3');
    await eventually(() => value('all', 'service_level'), '50.0%');
    const px = await page.locator('.wb-card[data-queue="Q1"] [data-metric="asa"] dd').evaluate((e) => parseFloat(getComputedStyle(e).fontSize));
    expect(px).toBeGreaterThanOrEqual(48); // readable across a room on a 1080p screen
    // Today's leaders on the center board: e2 handled 2 (today1, today2), e1 1 (today4).
    const leaders = () => page.locator('.wb-leaders li').evaluateAll((els) => els.map((e) => [e.getAttribute('data-rank'), e.querySelector('.wb-name')?.textContent, e.querySelector('.wb-value')?.textContent]));
    await eventually(leaders, [['1', 'E2 Test', '2'], ['2', 'E1 Test', '1']]);
    expect(await page.locator('.wb-leaders .wb-name').first().evaluate((e) => parseFloat(getComputedStyle(e).fontSize))).toBeGreaterThanOrEqual(48);
    await screenshot(page, 'wallboard');
    await expectAccessible(page);

    // A new contact lands in Q2 (50 s in queue): the board shows it on its next refresh.
    await insertContacts(db.ds, [{ id: 'today5', agent: 'e1', at: `${today}T00:05:00Z`, queue: 'Q2', queueSeconds: 50, talk: 60, hold: 0, acw: 5 }]);
    await page.waitForFunction(() => document.querySelector('.wb-card[data-queue="Q2"] [data-metric="contacts_handled"] dd')?.textContent === '2', null, { timeout: 15000 });
    await eventually(() => value('Q2', 'service_level'), '50.0%');
    await eventually(() => value('Q2', 'asa'), '0:28'); // (5 + 50) / 2 = 27.5 s
    // e1 has handled 2 as well now: equal values share rank 1 and go by employee id.
    await eventually(leaders, [['1', 'E1 Test', '2'], ['1', 'E2 Test', '2']]);
    await page.context().close();
  });
});

describe('phone width', () => {
  it('the views fit a 390 px wide screen: no sideways scrolling of the page', async () => {
    const page = await signedIn(await token('executive'), `/executive?${range}`, { width: 390, height: 844 });
    await page.locator('.org-tree').waitFor();
    await page.locator('.chart svg').first().waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    await screenshot(page, 'executive-phone');
    await expectAccessible(page);
    for (const [path, name] of [[`/team/t2?from=${APRIL.from}&to=${APRIL.to}`, 'team-phone'], [`/agent/e1?from=2026-02-01&to=${APRIL.to}`, 'agent-phone'], ['/catalog', 'catalog-phone'], ['/wallboard', 'wallboard-phone']]) {
      await page.goto(`${api.base}${path}`);
      await page.locator('h1').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await overflow()).toBeLessThanOrEqual(0);
      // Every big number fits its own box (none runs under its neighbour).
      expect(await page.locator('.wb-card dd, .kpi-value').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent))).toEqual([]);
      await screenshot(page, name);
    }
    await page.context().close();
  });
});

describe('server log', () => {
  it('no request of the app was answered with an error the server had to log (level error or worse)', () => {
    expect(api.logs().filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});
