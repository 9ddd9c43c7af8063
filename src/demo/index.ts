import path from 'path';
import { DataSource } from 'typeorm';
import { IsoDate } from '../canonical';
import { runIngest, RunSummary } from '../ingest';
import { seedDemoActions } from './actions';
import { DEMO_RECEIVER_PATH, seedDemoActionLoop } from './loop';
import { demoPlan, writeDemoFiles } from './generate';

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
 * Loads the demo operation the way production data arrives: source files in the
 * real formats, each ingested by its connector (HR first, so agents resolve).
 */
export async function loadDemo(ds: DataSource, opts: DemoOptions): Promise<RunSummary[]> {
  const { sources } = writeDemoFiles(path.join(opts.dataDir, 'demo'), opts.today);
  const summaries: RunSummary[] = [];
  for (const { connector, file } of sources) {
    const s = await runIngest(ds, connector, [file], { orgTimezone: opts.orgTimezone });
    opts.log?.(`  ${connector.padEnd(19)} ${String(s.read).padStart(6)} read, ${s.inserted} inserted, ${s.rejected} rejected`);
    summaries.push(s);
  }
  const seed = { start: demoPlan(opts.today).start, today: opts.today, orgTimezone: opts.orgTimezone ?? 'UTC', log: opts.log };
  await seedDemoActions(ds, seed);
  await seedDemoActionLoop(ds, { ...seed, webhookUrl: opts.webhookUrl ?? `http://localhost:4000${DEMO_RECEIVER_PATH}` });
  return summaries;
}
