import fs from 'fs';
import path from 'path';
import { DataSource } from 'typeorm';
import { IsoDate } from '../canonical';
import { runIngest, RunSummary } from '../ingest';
import { demoActionsSeeded as goalsAndContestsSeeded, seedDemoActions } from './actions';
import { DEMO_RECEIVER_PATH, seedDemoActionLoop } from './loop';
import { DEMO_SOURCES, demoPlan, writeDemoFiles } from './generate';

export { generateDemo, demoPlan, writeDemoFiles, DEMO_SOURCES } from './generate';
export type { DemoPlan, DemoFiles } from './generate';
export { DEMO_RECEIVER_PATH } from './loop';
export { demoReceiver } from './receiver';

export interface DemoOptions {
  /** Data folder: the generated source files go into `<dataDir>/demo/`. */
  dataDir: string;
  /** The day the demo's history ends (today, normally). */
  today: IsoDate;
  /** SWITCHBOARD_ORG_TIMEZONE. */
  orgTimezone?: string;
  /** Where the demo's webhook posts (default: the receiver `switchboard start` mounts on port 4000). */
  webhookUrl?: string;
  log?: (line: string) => void;
}

/**
 * What the database holds of the demo: `absent` (an empty database), `partial` (a
 * load was cut short: some sources are in, the rest not), `loaded`, or `other` (data
 * that is not the demo's). Read from the run ledger: a source is in when a completed
 * run of its connector read its file under `<dataDir>/demo/` (each run commits whole).
 */
export async function demoState(ds: DataSource, dataDir: string): Promise<{ state: 'absent' | 'partial' | 'loaded' | 'other'; loaded: Set<string> }> {
  const dir = path.join(dataDir, 'demo');
  const rows: { connector: string }[] = await ds.query(
    `SELECT DISTINCT connector FROM ingest_run r JOIN unnest($1::text[], $2::text[]) AS d(connector, file) USING (connector)
      WHERE r.status = 'completed' AND r.files = ARRAY[d.file]`,
    [DEMO_SOURCES.map(([, c]) => c), DEMO_SOURCES.map(([, , name]) => path.join(dir, name))],
  );
  const loaded = new Set(rows.map((r) => r.connector));
  if (loaded.size === DEMO_SOURCES.length) return { state: 'loaded', loaded };
  if (loaded.size > 0) return { state: 'partial', loaded };
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM employee`);
  return { state: n === 0 ? 'absent' : 'other', loaded };
}

/**
 * Loads the demo operation the way production data arrives: source files in the
 * real formats, each ingested by its connector (HR first, so agents resolve).
 * Each source is one run, committed whole; a load that was cut short (Ctrl-C) is
 * resumed from the files it wrote, with the sources not in yet.
 */
export async function loadDemo(ds: DataSource, opts: DemoOptions): Promise<RunSummary[]> {
  const dir = path.join(opts.dataDir, 'demo');
  const { loaded } = await demoState(ds, opts.dataDir);
  const files = DEMO_SOURCES.map(([, connector, name]) => ({ connector, file: path.join(dir, name) }));
  const resume = loaded.size > 0 && files.every((f) => fs.existsSync(f.file));
  const sources = resume ? files.filter((f) => !loaded.has(f.connector)) : writeDemoFiles(dir, opts.today).sources;
  const summaries: RunSummary[] = [];
  for (const { connector, file } of sources) {
    const s = await runIngest(ds, connector, [file], { orgTimezone: opts.orgTimezone });
    opts.log?.(`  ${connector.padEnd(19)} ${String(s.read).padStart(6)} read, ${s.inserted} inserted, ${s.rejected} rejected`);
    summaries.push(s);
  }
  await resumeDemoActions(ds, opts);
  return summaries;
}

/** Whether the demo's actions are all in: goals and contests (issue 9), then the action loop (issue 10). */
export async function demoActionsSeeded(ds: DataSource): Promise<boolean> {
  const [{ hook }] = await ds.query(`SELECT EXISTS (SELECT 1 FROM webhook WHERE name = 'demo-receiver') AS hook`);
  return (await goalsAndContestsSeeded(ds)) && hook === true;
}

/**
 * Seeds what the demo's actions still lack, in order: a load cut short (Ctrl-C)
 * after its last source resumes here. Goals and contests are idempotent; the
 * action loop is seeded once (its webhook is its first step).
 */
export async function resumeDemoActions(ds: DataSource, opts: Pick<DemoOptions, 'today' | 'orgTimezone' | 'webhookUrl' | 'log'>): Promise<void> {
  const seed = { start: demoPlan(opts.today).start, today: opts.today, orgTimezone: opts.orgTimezone ?? 'UTC', log: opts.log };
  if (!(await goalsAndContestsSeeded(ds))) await seedDemoActions(ds, seed);
  const [{ hook }] = await ds.query(`SELECT EXISTS (SELECT 1 FROM webhook WHERE name = 'demo-receiver') AS hook`);
  if (!hook) await seedDemoActionLoop(ds, { ...seed, webhookUrl: opts.webhookUrl ?? `http://localhost:4000${DEMO_RECEIVER_PATH}` });
}
