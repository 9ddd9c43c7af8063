import { useDatabase } from '../../test/support/useDatabase';
import { counts, fixture, ingestFixtures, loadHr, rejectionsOf } from '../../test/ingest/support';
import { describeConformance } from '../conformance';
import { amazonConnectCtr } from '.';

const files = ['contacts.jsonl', 'contacts-firehose.json', 'contact-pretty.json', 'contacts-array.json', 'contacts-update.jsonl'];
describeConformance(amazonConnectCtr, files.map((f) => fixture('amazon-connect-ctr', f)));

const db = useDatabase('ctr');

const COLS = `contact_id, channel, initiation_method, initiated_at, disconnected_at, queue_name, enqueued_at, queue_seconds,
  agent_username, employee_id, connected_at, talk_seconds, hold_seconds, acw_seconds, transferred_at, customer_address,
  product_sku, last_update_at`;

async function contact(id: string) {
  const rows = await db.ds.query(`SELECT ${COLS} FROM interaction WHERE contact_id = $1`, [id]);
  return rows[0] ?? null;
}

describe('amazon-connect-ctr', () => {
  beforeAll(async () => {
    await loadHr(db.ds);
  });

  it('JSON Lines: outcomes record by record, identities at the contact date, rejections with reasons', async () => {
    const s = await ingestFixtures(db.ds, 'amazon-connect-ctr', ['contacts.jsonl']);
    // c-1, c-2, c-3, c-5 inserted; c-2 again with a later LastUpdateTimestamp updated;
    // c-1 again unchanged in the same run = duplicate; 5 rejected.
    expect(counts(s)).toEqual({ read: 11, inserted: 4, updated: 1, unchanged: 0, duplicates: 1, rejected: 5 });
    expect(await rejectionsOf(db.ds, s.runId)).toEqual({
      4: ['unknown_agent'], // agent.one after the login change to a1-new
      6: ['unknown_agent'], // ghost
      9: ['invalid_timestamp', 'missing_field'], // no ContactId, hour 25
      10: ['malformed'], // not JSON
      11: ['invalid_value', 'out_of_range'], // Channel FAX, Queue.Duration -3
    });
    const unknown = await db.ds.query(`SELECT raw, reasons FROM rejected_record WHERE run_id = $1 AND position = 4`, [s.runId]);
    expect(JSON.parse(unknown[0].raw).ContactId).toBe('c-4');
    expect(unknown[0].reasons).toEqual([
      {
        code: 'unknown_agent',
        field: 'Agent.Username',
        value: 'agent.one',
        message: expect.stringMatching(/contacts\.jsonl:4: field Agent\.Username = "agent\.one": no employee has acd id "agent\.one" on 2026-02-03/),
      },
    ]);

    expect(await contact('c-1')).toEqual({
      contact_id: 'c-1', channel: 'VOICE', initiation_method: 'INBOUND',
      initiated_at: new Date('2026-01-05T14:03:11Z'), disconnected_at: new Date('2026-01-05T14:09:11Z'),
      queue_name: 'Support', enqueued_at: new Date('2026-01-05T14:03:12Z'), queue_seconds: 19,
      agent_username: 'agent.one', employee_id: 'e1', connected_at: new Date('2026-01-05T14:03:31Z'),
      talk_seconds: 300, hold_seconds: 20, acw_seconds: 30, transferred_at: null,
      customer_address: '+12065550100', product_sku: 'SKU-1', last_update_at: new Date('2026-01-05T14:10:41Z'),
    });
    // never reached an agent; the later copy's values won
    expect(await contact('c-2')).toMatchObject({ employee_id: null, agent_username: null, connected_at: null, talk_seconds: null, queue_seconds: 38, product_sku: 'SKU-9', last_update_at: new Date('2026-01-05T15:30:00Z') });
    // the new ACD login resolves after the change; milliseconds kept; sku trimmed
    expect(await contact('c-3')).toMatchObject({ employee_id: 'e1', connected_at: new Date('2026-02-03T09:00:05.250Z'), initiated_at: new Date('2026-02-03T09:00:00.125Z'), transferred_at: new Date('2026-02-03T09:01:30Z'), product_sku: 'SKU-2', channel: 'CHAT' });
    // email fallback, mixed case; +01:00 offset; no queue
    expect(await contact('c-5')).toMatchObject({ employee_id: 'e3', agent_username: 'CAROL.THREE@example.COM', initiated_at: new Date('2026-01-10T07:00:00Z'), queue_name: null, queue_seconds: null, enqueued_at: null });
    expect(await contact('c-4')).toBeNull();
    expect(await contact('c-6')).toBeNull();
  });

  it('the same file twice changes nothing', async () => {
    const before = await db.ds.query(`SELECT ${COLS} FROM interaction ORDER BY contact_id`);
    const s = await ingestFixtures(db.ds, 'amazon-connect-ctr', ['contacts.jsonl']);
    expect(counts(s)).toEqual({ read: 11, inserted: 0, updated: 0, unchanged: 4, duplicates: 2, rejected: 5 });
    expect(await db.ds.query(`SELECT ${COLS} FROM interaction ORDER BY contact_id`)).toEqual(before);
  });

  it('a later LastUpdateTimestamp is an update and its values win; an earlier one is unchanged', async () => {
    const s = await ingestFixtures(db.ds, 'amazon-connect-ctr', ['contacts-update.jsonl']);
    expect(counts(s)).toEqual({ read: 2, inserted: 0, updated: 1, unchanged: 1, duplicates: 0, rejected: 0 });
    expect(await contact('c-1')).toMatchObject({ talk_seconds: 310, acw_seconds: 45, last_update_at: new Date('2026-01-06T08:00:00Z') });
    expect(await contact('c-3')).toMatchObject({ talk_seconds: 120, acw_seconds: 10, last_update_at: new Date('2026-02-03T09:03:00Z') });
    const runs = await db.ds.query(`SELECT run_id FROM interaction WHERE contact_id IN ('c-1', 'c-3') ORDER BY contact_id`);
    expect(runs[0].run_id).toBe(s.runId);
    expect(runs[1].run_id).not.toBe(s.runId);
  });

  it('Firehose back-to-back objects, one pretty-printed object and an array (no offset: --source-tz) in one run', async () => {
    const s = await ingestFixtures(db.ds, 'amazon-connect-ctr', ['contacts-firehose.json', 'contact-pretty.json', 'contacts-array.json'], {
      sourceTz: 'America/New_York',
    });
    expect(counts(s)).toEqual({ read: 6, inserted: 6, updated: 0, unchanged: 0, duplicates: 0, rejected: 0 });
    expect(await contact('f-2')).toMatchObject({ employee_id: 'e2', talk_seconds: 200, queue_seconds: 4 });
    expect(await contact('f-1')).toMatchObject({ channel: 'TASK', initiation_method: 'API', employee_id: null });
    expect(await contact('p-1')).toMatchObject({
      employee_id: 'e2', initiated_at: new Date('2026-01-09T16:11:30Z'), hold_seconds: 60, acw_seconds: 45, talk_seconds: 480, queue_name: 'Sales', product_sku: 'SKU-2',
    });
    // 09:00 in New York in January = 14:00 UTC
    expect(await contact('a-1')).toMatchObject({ initiated_at: new Date('2026-01-12T14:00:00Z'), queue_seconds: 45 });
    expect(await contact('a-2')).toMatchObject({ employee_id: 'e4', connected_at: new Date('2026-01-12T14:10:08Z') });
    const ledger = await db.ds.query(`SELECT status, files, source_tz, read, inserted FROM ingest_run WHERE id = $1`, [s.runId]);
    expect(ledger[0]).toMatchObject({ status: 'completed', source_tz: 'America/New_York', read: 6, inserted: 6 });
    expect(ledger[0].files).toHaveLength(3);
  });

  it('org-chart date of an instant is taken in the org time zone', async () => {
    // c-4 starts 2026-02-03T10:00Z; on 2026-01-31 late evening in Los Angeles it would still be January...
    // use a contact at 2026-02-01T05:00Z: 2026-01-31 in Los Angeles, where agent.one is still valid.
    const fs = require('fs');
    const os = require('os');
    const path = require('path');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-ctr-')), 'edge.jsonl');
    const rec = (id: string) =>
      JSON.stringify({ ContactId: id, Channel: 'VOICE', InitiationMethod: 'INBOUND', InitiationTimestamp: '2026-02-01T05:00:00Z', LastUpdateTimestamp: '2026-02-01T05:10:00Z', Agent: { Username: 'agent.one', AgentInteractionDuration: 1, CustomerHoldDuration: 0, AfterContactWorkDuration: 0 }, Queue: null });
    fs.writeFileSync(file, `${rec('tz-1')}\n`);
    const { runIngest } = await import('../../src/ingest');
    const utc = await runIngest(db.ds, 'amazon-connect-ctr', [file], { orgTimezone: 'UTC' });
    expect(counts(utc)).toMatchObject({ inserted: 0, rejected: 1 });
    const la = await runIngest(db.ds, 'amazon-connect-ctr', [file], { orgTimezone: 'America/Los_Angeles' });
    expect(counts(la)).toMatchObject({ inserted: 1, rejected: 0 });
    expect(await contact('tz-1')).toMatchObject({ employee_id: 'e1' });
  });
});
