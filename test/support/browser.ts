/// <reference lib="dom" />
// (page.evaluate callbacks run in the browser)
import fs from 'fs';
import path from 'path';
import { isDeepStrictEqual } from 'util';
import axe from 'axe-core';
import { Browser, BrowserContextOptions, chromium, Page } from 'playwright-core';

/** Debian's chromium package (`.ci/run` installs it); npm cannot download a browser here. */
export const CHROMIUM = process.env.SWITCHBOARD_CHROMIUM ?? '/usr/bin/chromium';

/** Screenshots of every view, kept by CI as an artifact (gitignored). */
export const SCREENSHOTS = path.resolve(__dirname, '../../artifacts/screenshots');

// The background-networking flags keep Chromium from calling home on a closed network.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Headless Chromium, driven by playwright-core. Each launch gets a fresh temporary
 * profile (user-data-dir) from playwright. Without a browser the tests fail, never skip.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    const line = `web tests: no browser at ${CHROMIUM}; install one with \`apt-get install -y chromium\` (or set SWITCHBOARD_CHROMIUM)`;
    process.stderr.write(`${line}\n`);
    throw new Error(line);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
}

/** A page in its own context (own sessionStorage), in UTC and en-US so the numbers read the same anywhere. */
export async function newPage(browser: Browser, opts: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    timezoneId: 'UTC',
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
    bypassCSP: true, // axe-core is injected as an inline script
    ...opts,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  return page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  return page.evaluate(async () => {
    const w = window as unknown as { axe: typeof axe };
    const r = await w.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
  });
}

/**
 * Waits until `read()` gives `expected` (the page renders asynchronously), then asserts
 * it, so a mismatch fails with jest's diff of the last value read.
 */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeoutMs = 10000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: T = await read();
  while (!isDeepStrictEqual(last, expected) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  expect(last).toEqual(expected);
}
