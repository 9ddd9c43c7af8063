/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import { Browser, Page } from 'playwright-core';
import { dateInZone } from '../../src/canonical';
import { serve, token } from '../support/server';
import { ctr } from '../support/live';
import { eventually, launchBrowser, newPage, screenshot } from '../support/browser';
import { useDatabase } from '../support/useDatabase';
import { seedWebFixture } from './fixture';

/**
 * Issue 13, Done-when "the wallboard updates within seconds of a pushed contact
 * event": the wallboard in headless Chromium (with the page's real CSP) gets its
 * numbers over graphql-ws; a contact pushed to POST /ingest with a service token
 * shows without a reload and without polling (the board polls every 10 minutes here).
 *
 * Today's fixture traffic (test/web/fixture.ts): Q1 handled 2, abandoned 1 (offered
 * 3); Q2 handled 1 after 5 s. Pushed:
 *   1. p1: e1 answers a Q2 contact after 50 s → Q2 handled 2, offered 2, service
 *      level 1/2 = 50.0%; all queues handled 4.
 *   2. p2: a Q1 contact queued and waiting (a partial record) → Q1 waiting 1, all 1.
 */
const db = useDatabase('wallboard_live');
const today = dateInZone(new Date(), 'UTC');
let api: Awaited<ReturnType<typeof serve>>;
let browser: Browser;

beforeAll(async () => {
  await seedWebFixture(db.ds, today);
  await db.ds.query(`INSERT INTO identity_map (source_system, external_id, employee_id, valid) VALUES ('acd', 'agent.e1', 'e1', '[2025-01-01,)')`);
  api = await serve(db.ds);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await api?.close();
});

async function push(records: unknown[]): Promise<void> {
  const res = await fetch(`${api.base}/ingest/amazon-connect-ctr`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await token('service')}`, 'content-type': 'application/json' },
    body: JSON.stringify(records),
  });
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ rejected: 0 });
}

const text = (page: Page, queue: string, metric: string) => page.locator(`.wb-card[data-queue="${queue}"] [data-metric="${metric}"] dd`).textContent();

describe('live wallboard', () => {
  it('shows a pushed contact within seconds, over the subscription', async () => {
    // The page's own Content-Security-Policy applies: the socket must be allowed by it.
    const page = await newPage(browser, { viewport: { width: 1920, height: 1080 }, bypassCSP: false });
    await page.goto(`${api.base}/#token=${await token('executive')}`);
    await page.waitForURL((u) => u.pathname !== '/');
    await page.goto(`${api.base}/wallboard?refresh=600`);
    await page.locator('.wb-foot[data-live="on"]').waitFor();
    await eventually(() => text(page, 'Q2', 'contacts_handled'), '1');
    await eventually(() => text(page, 'Q2', 'waiting'), '0');
    await eventually(() => text(page, 'Q1', 'waiting'), '0'); // today3 abandoned: it has its time in queue
    await eventually(() => text(page, 'all', 'waiting'), '0');
    await eventually(() => text(page, 'all', 'contacts_handled'), '3');

    const dayStart = Date.parse(`${today}T00:00:00Z`);
    const at = Math.max(dayStart + 10 * 60_000, Date.now() - 5 * 60_000);
    await push([ctr({ id: 'p1', at, queue: 'Q2', agent: 'agent.e1', queueSeconds: 50, talk: 60 })]);
    // Within seconds: the wait below is the page's default (15 s), far under the 600 s poll.
    await page.waitForFunction(() => document.querySelector('.wb-card[data-queue="Q2"] [data-metric="contacts_handled"] dd')?.textContent === '2');
    expect(await text(page, 'Q2', 'service_level')).toBe('50.0%');
    expect(await text(page, 'Q2', 'contacts_offered')).toBe('2');
    await eventually(() => text(page, 'all', 'contacts_handled'), '4');

    await push([ctr({ id: 'p2', at: Math.min(Date.now() - 1000, at + 60_000), queue: 'Q1', agent: null, queueSeconds: null, disconnected: false })]);
    await page.waitForFunction(() => document.querySelector('.wb-card[data-queue="Q1"] [data-metric="waiting"] dd')?.textContent === '1');
    await eventually(() => text(page, 'all', 'waiting'), '1');
    expect(await page.locator('.wb-card[data-queue="Q1"] [data-metric="longest_wait"] dd').textContent()).toMatch(/^\d+:\d\d/);
    await screenshot(page, 'wallboard-live');
    await page.context().close();
    expect(api.logs().filter((l) => Number(l.level) >= 50)).toEqual([]);
  });
});
