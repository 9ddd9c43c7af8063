import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from 'pg';
import { runIngest } from '../../src/ingest';
import { compactDayTiers, rebuildRollups } from '../../src/rollup';
import { loadManifestOrThrow } from '../../src/semantic';
import { loadHr } from '../ingest/support';
import { useDatabase } from '../support/useDatabase';

/**
 * A run merged in several chunks rewrites the same day-tier rows again and again in
 * one transaction, so the tiers' (day, employee) indexes come out sparse: after it
 * commits, the ingest rebuilds them (REINDEX CONCURRENTLY). A run of one chunk leaves
 * them alone. A tier another transaction is writing is left valid and untouched;
 * the invalid copy an interrupted rebuild leaves behind is dropped by the next one.
 */
const db = useDatabase('rollupcompact');
const TIER = 'rollup_interaction_day_utc';
const INDEX = `${TIER}_time`;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-compact-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** `n` handled contacts of agent.two and dana.four (e2, e4), one every 20 minutes from `from`. */
function contacts(prefix: string, n: number, from: string): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const at = Date.parse(from) + i * 20 * 60_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    lines.push(
      JSON.stringify({
        AWSAccountId: '1',
        Agent: { AfterContactWorkDuration: 15, AgentInteractionDuration: 120, ConnectedToAgentTimestamp: iso(at + 11_000), CustomerHoldDuration: 5, Username: i % 2 ? 'agent.two' : 'dana.four' },
        Attributes: {},
        Channel: 'VOICE',
        ContactId: `${prefix}-${i}`,
        CustomerEndpoint: { Address: `+1206555${String(i % 500).padStart(4, '0')}`, Type: 'TELEPHONE_NUMBER' },
        DisconnectTimestamp: iso(at + 211_000),
        InitiationMethod: 'INBOUND',
        InitiationTimestamp: iso(at),
        LastUpdateTimestamp: iso(at + 311_000),
        Queue: { DequeueTimestamp: iso(at + 11_000), Duration: 10, EnqueueTimestamp: iso(at + 1000), Name: 'Q1' },
        TransferCompletedTimestamp: null,
      }),
    );
  }
  const file = path.join(tmp, `${prefix}.jsonl`);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const filenode = async (): Promise<string> => (await db.ds.query(`SELECT pg_relation_filenode($1)::text AS f`, [INDEX]))[0].f;
/** The tier's indexes: every one valid, and no `_ccnew` copy left by an interrupted rebuild. */
const tierIndexes = async (): Promise<{ name: string; valid: boolean }[]> =>
  db.ds.query(`SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1::regclass ORDER BY 1`, [TIER]);
/** Rows the index finds for the whole year (the planner kept off sequential scans) against the table's count. */
async function indexAgrees(): Promise<void> {
  const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM ${TIER}`);
  const viaIndex = await db.ds.transaction(async (em) => {
    await em.query(`SET LOCAL enable_seqscan = off`);
    const range = `FROM ${TIER} WHERE day >= '2026-01-01' AND day < '2027-01-01'`;
    const plan: { 'QUERY PLAN': string }[] = await em.query(`EXPLAIN SELECT count(*) ${range}`);
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain(INDEX);
    return (await em.query(`SELECT count(*)::int AS n ${range}`))[0].n;
  });
  expect(viaIndex).toBe(n);
}

beforeAll(async () => {
  await loadHr(db.ds);
  await rebuildRollups(db.ds, loadManifestOrThrow(), { dayZones: ['UTC'] });
}, 120_000);

it('a chunked run leaves the tier index rebuilt, valid and agreeing with the table; a one-chunk run leaves it alone', async () => {
  const before = await filenode();
  // 2000 contacts over four weeks of February, some 300 KB: 64 KB chunks make five merges.
  const s = await runIngest(db.ds, 'amazon-connect-ctr', [contacts('bulk', 2000, '2026-02-01T00:00:00Z')], { stageChunkBytes: 64 * 1024 });
  expect(s.inserted).toBe(2000);
  const after = await filenode();
  expect(after).not.toBe(before);
  expect(await tierIndexes()).toEqual([{ name: INDEX, valid: true }]);
  // 2 agents × 28 days (plus the days the last contacts spill into).
  const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM ${TIER}`);
  expect(n).toBeGreaterThanOrEqual(56);
  await indexAgrees();
  // One chunk: no rebuild.
  await runIngest(db.ds, 'amazon-connect-ctr', [contacts('small', 10, '2026-03-01T00:00:00Z')]);
  expect(await filenode()).toBe(after);
});

it('leaves a tier another transaction is writing untouched and valid, and rebuilds it once the writer is gone', async () => {
  const blocker = new Client({ connectionString: db.url });
  await blocker.connect();
  try {
    await blocker.query('BEGIN');
    await blocker.query(`UPDATE ${TIER} SET employee_id = employee_id WHERE false`);
    const node = await filenode();
    const conn = db.ds.createQueryRunner();
    try {
      // The survey tier (its employee comes through the contact) is free; the contacts' is not.
      expect(await compactDayTiers(conn, 'interaction', 300)).toEqual(['rollup_survey_response_day_utc_time']);
      await blocker.query('ROLLBACK');
      expect(await filenode()).toBe(node);
      expect(await tierIndexes()).toEqual([{ name: INDEX, valid: true }]);
      await indexAgrees();
      // Once the writer is gone, it rebuilds.
      expect(await compactDayTiers(conn, 'interaction')).toEqual(expect.arrayContaining([INDEX]));
      expect(await filenode()).not.toBe(node);
      expect(await tierIndexes()).toEqual([{ name: INDEX, valid: true }]);
    } finally {
      await conn.release();
    }
  } finally {
    await blocker.end();
  }
}, 60_000);

it('drops the invalid copy an interrupted rebuild left, then rebuilds', async () => {
  // What a REINDEX CONCURRENTLY stopped half-way leaves: an invalid index of that name
  // (here made by a unique index build that fails: two agents share each day).
  await expect(db.ds.query(`CREATE UNIQUE INDEX CONCURRENTLY ${INDEX}_ccnew ON ${TIER} (day)`)).rejects.toThrow(/duplicate|unique/i);
  expect(await tierIndexes()).toEqual([{ name: INDEX, valid: true }, { name: `${INDEX}_ccnew`, valid: false }]);
  const node = await filenode();
  const conn = db.ds.createQueryRunner();
  try {
    expect(await compactDayTiers(conn, 'interaction')).toEqual(expect.arrayContaining([INDEX]));
  } finally {
    await conn.release();
  }
  expect(await tierIndexes()).toEqual([{ name: INDEX, valid: true }]);
  expect(await filenode()).not.toBe(node);
  await indexAgrees();
});

it('names nothing for a table no day tier depends on', async () => {
  const conn = db.ds.createQueryRunner();
  try {
    expect(await compactDayTiers(conn, 'org_unit')).toEqual([]);
  } finally {
    await conn.release();
  }
});
