import fs from 'fs';
import os from 'os';
import path from 'path';
import { IngestError, IngestOptions, runIngest } from '../../src/ingest';
import { useDatabase } from '../support/useDatabase';
import { counts, ingestFixtures, loadHr, rejectionsOf } from './support';

/**
 * The fast ingest path (issue 11): parsing in a worker thread and the merge in
 * chunks (consecutive ranges of the stage in file order) must give exactly the
 * outcomes the connector tests expect of the plain path: a copy of a key met in an
 * earlier chunk is a duplicate, whether that chunk wrote the key or found it unchanged. The expectations are the connectors' hand-written
 * ones (connectors/amazon-connect-ctr, connectors/crm-orders).
 */
const db = useDatabase('pipeline');

// A worker, and chunks of 64 bytes of input: every fixture is split into several merges.
const FAST: IngestOptions = { parseWorker: true, stageChunkBytes: 64 };

describe('worker parse and chunked merge', () => {
  beforeAll(() => loadHr(db.ds));

  it('contacts: the connector outcomes, rejections and rows, run after run', async () => {
    const s = await ingestFixtures(db.ds, 'amazon-connect-ctr', ['contacts.jsonl'], FAST);
    expect(counts(s)).toEqual({ read: 11, inserted: 4, updated: 1, unchanged: 0, duplicates: 1, rejected: 5 });
    expect(await rejectionsOf(db.ds, s.runId)).toEqual({
      4: ['unknown_agent'],
      6: ['unknown_agent'],
      9: ['invalid_timestamp', 'missing_field'],
      10: ['malformed'],
      11: ['invalid_value', 'out_of_range'],
    });
    expect(await db.ds.query(`SELECT contact_id, employee_id FROM interaction ORDER BY contact_id`)).toEqual([
      { contact_id: 'c-1', employee_id: 'e1' },
      { contact_id: 'c-2', employee_id: null },
      { contact_id: 'c-3', employee_id: 'e1' },
      { contact_id: 'c-5', employee_id: 'e3' },
    ]);
    const again = await ingestFixtures(db.ds, 'amazon-connect-ctr', ['contacts.jsonl'], FAST);
    expect(counts(again)).toEqual({ read: 11, inserted: 0, updated: 0, unchanged: 4, duplicates: 2, rejected: 5 });
    const update = await ingestFixtures(db.ds, 'amazon-connect-ctr', ['contacts-update.jsonl'], FAST);
    expect(counts(update)).toEqual({ read: 2, inserted: 0, updated: 1, unchanged: 1, duplicates: 0, rejected: 0 });
    const [c1] = await db.ds.query(`SELECT talk_seconds, last_update_at FROM interaction WHERE contact_id = 'c-1'`);
    expect(c1).toEqual({ talk_seconds: 310, last_update_at: new Date('2026-01-06T08:00:00Z') });
  });

  it('orders (last write wins): the connector outcomes and products', async () => {
    const s = await ingestFixtures(db.ds, 'crm-orders', ['orders.csv'], FAST);
    expect(counts(s)).toEqual({ read: 8, inserted: 3, updated: 0, unchanged: 0, duplicates: 1, rejected: 4 });
    expect(await db.ds.query(`SELECT sku, name FROM product ORDER BY sku`)).toEqual([
      { sku: 'SKU-1', name: 'Fibre 500' },
      { sku: 'SKU-2', name: 'Mobile, Unlimited' },
    ]);
    // Again: the copies of a key (in other chunks) found unchanged count as duplicates.
    const again = await ingestFixtures(db.ds, 'crm-orders', ['orders.csv'], FAST);
    expect(counts(again)).toEqual({ read: 8, inserted: 0, updated: 0, unchanged: 3, duplicates: 1, rejected: 4 });
    const u = await ingestFixtures(db.ds, 'crm-orders', ['orders-update.csv'], FAST);
    expect(counts(u)).toEqual({ read: 2, inserted: 0, updated: 1, unchanged: 1, duplicates: 0, rejected: 0 });
    expect((await db.ds.query(`SELECT status FROM sales_order WHERE order_id = 'o-1'`))[0].status).toBe('cancelled');
  });

  it('a whole-source problem found by the worker stops the run with the file named, and nothing is written', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-pipeline-'));
    const bad = path.join(dir, 'orders.csv');
    fs.writeFileSync(bad, 'order_id,nonsense\no-9,x\n');
    const before = (await db.ds.query(`SELECT count(*)::int AS n FROM sales_order`))[0].n;
    const run = runIngest(db.ds, 'crm-orders', [bad], FAST);
    await expect(run).rejects.toBeInstanceOf(IngestError);
    await expect(run).rejects.toThrow(/orders\.csv.*(header|column)/i);
    expect((await db.ds.query(`SELECT count(*)::int AS n FROM sales_order`))[0].n).toBe(before);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
