import fs from 'fs';
import os from 'os';
import path from 'path';
import { runIngest } from '../../src/ingest';
import { useDatabase } from '../support/useDatabase';
import { counts } from './support';

/**
 * A 1 GiB contact-record file whose first object never closes (issue 7): before,
 * the reader took everything after it as that one object. The run must finish,
 * reject the broken first line alone, and ingest every record after it. The
 * records are large (256 KiB: a long note in the ignored Attributes) so the file
 * is written, read and merged in seconds; bench/ingest-broken.ts measures memory
 * and speed on realistic records.
 */
const db = useDatabase('largefile');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-1g-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const RECORD_BYTES = 256 * 1024;
const RECORDS = 4096; // 4096 x 256 KiB = 1 GiB
const BROKEN = '{"ContactId": "never-closed", "Channel": "VOICE", "Attributes": {"note": "the closing braces are missing"';

/** Writes the file from one buffer whose id digits are rewritten in place (about a second). */
function writeFile(file: string): void {
  const head = '{"ContactId":"big-000000","Channel":"VOICE","InitiationMethod":"INBOUND","InitiationTimestamp":"2026-01-20T10:00:00Z","LastUpdateTimestamp":"2026-01-20T10:05:00Z","Agent":null,"Queue":null,"Attributes":{"note":"';
  const tail = '"}}\n';
  const rec = Buffer.alloc(RECORD_BYTES, 'n');
  rec.write(head, 0);
  rec.write(tail, RECORD_BYTES - tail.length);
  const idAt = head.indexOf('000000');
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `${BROKEN}\n`);
    for (let i = 0; i < RECORDS; i++) {
      rec.write(String(i).padStart(6, '0'), idAt);
      fs.writeSync(fd, rec);
    }
  } finally {
    fs.closeSync(fd);
  }
}

it('a 1 GiB JSON Lines file whose first object never closes: one rejection, every later record ingested', async () => {
  const file = path.join(dir, 'contacts.jsonl');
  writeFile(file);
  expect(fs.statSync(file).size).toBeGreaterThanOrEqual(1 << 30);
  try {
    const s = await runIngest(db.ds, 'amazon-connect-ctr', [file]);
    expect(counts(s)).toEqual({ read: RECORDS + 1, inserted: RECORDS, updated: 0, unchanged: 0, duplicates: 0, rejected: 1 });
    const rejected = await db.ds.query(`SELECT position, raw, reasons->0->>'message' AS message FROM rejected_record WHERE run_id = $1`, [s.runId]);
    expect(rejected).toEqual([{ position: 1, raw: BROKEN, message: `${file}:1: record is a JSON object cut short (a new record starts on line 2)` }]);
    const stored = await db.ds.query(`SELECT count(*)::int AS n, min(contact_id) AS first, max(contact_id) AS last FROM interaction WHERE contact_id LIKE 'big-%'`);
    expect(stored).toEqual([{ n: RECORDS, first: 'big-000000', last: `big-${String(RECORDS - 1).padStart(6, '0')}` }]);
  } finally {
    fs.rmSync(file, { force: true });
  }
});
