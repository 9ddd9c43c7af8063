import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from 'pg';
import { writeCtrFile, writeHrFiles } from '../../bench/generate';
import { runIngest } from '../../src/ingest';
import { runCli, startCli } from '../support/cli';
import { createTestDatabase } from '../support/testDb';
import { useDatabase } from '../support/useDatabase';

/**
 * Crash safety (issue 3): an ingest child process killed with SIGKILL mid-run, then
 * re-run, ends in exactly the state of one clean run on a fresh database: no
 * duplicate, no half-written record, the killed run recorded as failed.
 */
const crashed = useDatabase('crashed');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-crash-'));
const ctr = path.join(dir, 'contacts.jsonl');
let hr: { orgUnits: string; employees: string };

const STATE = `
  SELECT md5(string_agg(t::text, '|' ORDER BY contact_id)) AS facts, count(*)::int AS n FROM (
    SELECT contact_id, channel, initiation_method, initiated_at, disconnected_at, queue_name, enqueued_at, queue_seconds,
           agent_username, employee_id, connected_at, talk_seconds, hold_seconds, acw_seconds, transferred_at,
           customer_address, product_sku, last_update_at FROM interaction) t`;

async function state(url: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const facts = (await c.query(STATE)).rows[0];
    const rej = (await c.query(`SELECT count(*)::int AS n, md5(string_agg(position || raw, '|' ORDER BY position)) AS h FROM rejected_record r JOIN ingest_run i ON i.id = r.run_id WHERE i.status = 'completed' AND i.connector = 'amazon-connect-ctr'`)).rows[0];
    return { facts, rejections: rej };
  } finally {
    await c.end();
  }
}

async function waitForQuery(url: string, pattern: string, timeoutMs = 60000): Promise<void> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      const r = await c.query(`SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE $1`, [pattern]);
      if (r.rowCount) return;
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error(`no query like ${pattern} within ${timeoutMs} ms`);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  hr = writeHrFiles(dir, 50);
  await writeCtrFile(ctr, 120000, { agents: 50, seed: 7 });
});

describe('crash safety', () => {
  it.each([
    ['while COPY streams records', 'COPY ingest_stage%'],
    ['while the merge writes', '%WITH s AS (%'],
  ])('a run killed %s leaves nothing; the re-run equals a clean run', async (_when, pattern) => {
    const env = { DATABASE_URL: crashed.url };
    expect(runCli(['ingest', 'hr-org-units', hr.orgUnits], env).status).toBe(0);
    expect(runCli(['ingest', 'hr-employees', hr.employees], env).status).toBe(0);
    await crashed.ds.query(`TRUNCATE interaction, rejected_record`);

    const child = startCli(['ingest', 'amazon-connect-ctr', ctr, '--json'], env, /\{"runId"/);
    child.started.catch(() => undefined);
    await waitForQuery(crashed.url, pattern);
    child.child.kill('SIGKILL');
    expect(await child.exited).toBeNull();

    // Nothing of the killed run is visible, and it is recorded as failed (swept by the next run).
    expect((await crashed.ds.query(`SELECT count(*)::int AS n FROM interaction`))[0].n).toBe(0);
    const rerun = runCli(['ingest', 'amazon-connect-ctr', ctr, '--json'], env, 480000);
    expect(rerun.status).toBe(0);
    const runs = await crashed.ds.query(`SELECT status, error FROM ingest_run WHERE connector = 'amazon-connect-ctr' ORDER BY started_at`);
    expect(runs.slice(-2)).toEqual([
      { status: 'failed', error: expect.stringMatching(/^abandoned/) },
      { status: 'completed', error: null },
    ]);

    const clean = await createTestDatabase('crashclean');
    try {
      const { createDataSource } = await import('../../src/db');
      const ds = createDataSource({ url: clean.url, poolSize: 2 });
      await ds.initialize();
      try {
        await runIngest(ds, 'hr-org-units', [hr.orgUnits]);
        await runIngest(ds, 'hr-employees', [hr.employees]);
        const s = await runIngest(ds, 'amazon-connect-ctr', [ctr]);
        expect(JSON.parse(rerun.stdout.trim().split('\n').pop()!)).toMatchObject({ read: s.read, inserted: s.inserted, updated: s.updated, duplicates: s.duplicates, rejected: s.rejected });
        expect(s.read).toBe(120000);
      } finally {
        await ds.destroy();
      }
      const a = await state(crashed.url);
      const b = await state(clean.url);
      expect(a.facts.n).toBeGreaterThan(100000);
      expect(a).toEqual(b);
    } finally {
      await clean.drop();
    }
  }, 600000); // three runs of 120k records: minutes on a loaded 2-core machine
});
