import fs from 'fs';
import os from 'os';
import path from 'path';
import { connectorNames } from '../../connectors';
import { IngestError, runIngest } from '../../src/ingest';
import { runCli } from '../support/cli';
import { useDatabase } from '../support/useDatabase';
import { counts, loadHr } from './support';

/** Malformed input at the level of a whole run (README "Malformed input"): real files, real PostgreSQL. */
const db = useDatabase('framing');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-framing-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await loadHr(db.ds);
});

function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

const ctr = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ ContactId: id, Channel: 'VOICE', InitiationMethod: 'INBOUND', InitiationTimestamp: '2026-01-20T10:00:00Z', LastUpdateTimestamp: '2026-01-20T10:05:00Z', Agent: null, Queue: null, ...extra });

async function rejections(runId: string): Promise<{ position: number; raw: string; codes: string[]; message: string }[]> {
  const rows: { position: number; raw: string; reasons: { code: string; message: string }[] }[] = await db.ds.query(
    `SELECT position, raw, reasons FROM rejected_record WHERE run_id = $1 ORDER BY position, id`,
    [runId],
  );
  return rows.map((r) => ({ position: r.position, raw: r.raw, codes: r.reasons.map((x) => x.code), message: r.reasons.map((x) => x.message).join('; ') }));
}

describe('a broken record is rejected alone', () => {
  it('the CTR file of issue 7 (six lines, the third cut short): read 6, inserted 5, rejected 1, the five contacts stored', async () => {
    const lines = [ctr('i7-1'), ctr('i7-2'), '{"ContactId": "x", "Channel": "VOICE", ', ctr('i7-4'), ctr('i7-5'), ctr('i7-6')];
    const file = write('issue7.jsonl', `${lines.join('\n')}\n`);
    const s = await runIngest(db.ds, 'amazon-connect-ctr', [file]);
    expect(counts(s)).toEqual({ read: 6, inserted: 5, updated: 0, unchanged: 0, duplicates: 0, rejected: 1 });
    expect(await rejections(s.runId)).toEqual([
      { position: 3, raw: '{"ContactId": "x", "Channel": "VOICE",', codes: ['malformed'], message: `${file}:3: record is a JSON object cut short (a new record starts on line 4)` },
    ]);
    const ids = await db.ds.query(`SELECT contact_id FROM interaction WHERE contact_id LIKE 'i7-%' ORDER BY contact_id`);
    expect(ids.map((r: { contact_id: string }) => r.contact_id)).toEqual(['i7-1', 'i7-2', 'i7-4', 'i7-5', 'i7-6']);
  });

  it('CSV: an unclosed quote costs its own row only', async () => {
    const file = write(
      'orders.csv',
      'order_id,crm_user_id,contact_id,customer_id,sku,product_name,product_category,quantity,unit_price,currency,ordered_at,order_type,status\n' +
        'u-1,crm-1,,cust-1,SKU-1,"Fibre 500,Broadband,1,29.99,USD,2026-01-05T14:10:00Z,new,booked\n' +
        'u-2,crm-2,,cust-2,SKU-2,Mobile,Mobile,2,15,USD,2026-01-06T09:30:00Z,upsell,booked\n' +
        'u-3,crm-1,,cust-3,SKU-1,"Fibre, 500",Broadband,1,29.99,USD,2026-01-07T10:00:00Z,new,booked\n',
    );
    const s = await runIngest(db.ds, 'crm-orders', [file]);
    expect(counts(s)).toEqual({ read: 3, inserted: 2, updated: 0, unchanged: 0, duplicates: 0, rejected: 1 });
    expect(await rejections(s.runId)).toEqual([
      {
        position: 2,
        raw: 'u-1,crm-1,,cust-1,SKU-1,"Fibre 500,Broadband,1,29.99,USD,2026-01-05T14:10:00Z,new,booked',
        codes: ['malformed'],
        message: `${file}:2: record has an unclosed quote in field 6 (product_name): line 3 reads as a row of its own`,
      },
    ]);
    const rows = await db.ds.query(`SELECT order_id, quantity::text FROM sales_order WHERE order_id LIKE 'u-%' ORDER BY order_id`);
    expect(rows).toEqual([{ order_id: 'u-2', quantity: '2' }, { order_id: 'u-3', quantity: '1' }]);
  });
});

describe('bytes that are not text', () => {
  it('NUL bytes, \\u0000 escapes, unpaired surrogates and invalid UTF-8 are rejections with their line, never a database error', async () => {
    const content = Buffer.concat([
      Buffer.from(`${ctr('nul-1')}\n{"ContactId":"nul-2","Channel":"VO`),
      Buffer.from([0]),
      Buffer.from(`ICE"}\n${ctr('nul-\u0000')}\n{"ContactId":"nul-4","Channel":"`),
      Buffer.from([0xff]),
      Buffer.from(`"}\n${ctr('nul-5')}\n${ctr('nul-\ud800')}\n`),
    ]);
    const file = write('nul.jsonl', content);
    const s = await runIngest(db.ds, 'amazon-connect-ctr', [file]);
    expect(counts(s)).toEqual({ read: 6, inserted: 2, updated: 0, unchanged: 0, duplicates: 0, rejected: 4 });
    expect(await rejections(s.runId)).toEqual([
      { position: 2, raw: '{"ContactId":"nul-2","Channel":"VO\ufffdICE"}', codes: ['malformed'], message: `${file}:2: record contains a NUL byte (0x00) at line 2, byte 35` },
      { position: 3, raw: ctr('nul-\u0000'), codes: ['malformed'], message: `${file}:3: record holds a NUL character (\\u0000) in ContactId, which cannot be stored as text` },
      { position: 4, raw: '{"ContactId":"nul-4","Channel":"\ufffd"}', codes: ['malformed'], message: `${file}:4: record is not UTF-8 text (byte 0xff at line 4, byte 33)` },
      { position: 6, raw: ctr('nul-\ud800'), codes: ['malformed'], message: `${file}:6: record holds an unpaired surrogate (\\ud800) in ContactId, which cannot be stored as text` },
    ]);
  });

  it('CSV: a NUL byte and invalid UTF-8 in a row', async () => {
    const content = Buffer.concat([
      Buffer.from('response_id,contact_id,responded_at,csat,nps,comment\nb-1,,2026-01-05T15:00:00Z,5,10,fine\nb-2,,2026-01-05T15:00:00Z,5,10,a'),
      Buffer.from([0]),
      Buffer.from('b\nb-3,,2026-01-05T15:00:00Z,5,10,'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('\nb-4,,2026-01-05T15:00:00Z,4,9,ok\n'),
    ]);
    const file = write('responses.csv', content);
    const s = await runIngest(db.ds, 'surveys', [file]);
    expect(counts(s)).toEqual({ read: 4, inserted: 2, updated: 0, unchanged: 0, duplicates: 0, rejected: 2 });
    expect((await rejections(s.runId)).map((r) => [r.position, r.message])).toEqual([
      [3, `${file}:3: record contains a NUL byte (0x00) at line 3, byte 33`],
      [4, `${file}:4: record is not UTF-8 text (byte 0xe2 at line 4, byte 32)`],
    ]);
  });

  it.each([
    ['amazon-connect-ctr', 'ctr.bin'],
    ['hr-org-units', 'units.bin'],
  ])('%s: a file that is not text is a failed run with one clear line, never a database error', async (connector, name) => {
    const bytes = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 131) % 256))]);
    const file = write(name, bytes);
    const err = await runIngest(db.ds, connector, [file]).catch((e) => e);
    expect(err).toBeInstanceOf(IngestError);
    expect(err.message).toBe(`${file}: not a text file (binary content at byte 4)`);
    const run = await db.ds.query(`SELECT status, error, read FROM ingest_run WHERE id = $1`, [err.runId]);
    expect(run).toEqual([{ status: 'failed', error: `${file}: not a text file (binary content at byte 4)`, read: 0 }]);
    const cli = runCli(['ingest', connector, file], { DATABASE_URL: db.url });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toBe(`switchboard: ${file}: not a text file (binary content at byte 4)\n`);
  });
});

describe('an empty file is a completed run with read 0', () => {
  const empty = ['', '\ufeff', '\n  \r\n\t\n'];
  it.each(connectorNames())('%s', async (connector) => {
    for (const [k, content] of empty.entries()) {
      const file = write(`empty-${connector}-${k}`, content);
      const s = await runIngest(db.ds, connector, [file]);
      expect(counts(s)).toEqual({ read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, rejected: 0 });
      const run = await db.ds.query(`SELECT status, read FROM ingest_run WHERE id = $1`, [s.runId]);
      expect(run).toEqual([{ status: 'completed', read: 0 }]);
    }
  });

  it('a CSV with a header and no rows', async () => {
    const file = write('header-only.csv', 'wfm_agent_id,date,scheduled_seconds,adherent_seconds,staffed_seconds\r\n');
    const s = await runIngest(db.ds, 'wfm-adherence', [file]);
    expect(counts(s)).toEqual({ read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, rejected: 0 });
  });
});

describe('maximum record size', () => {
  const big = ctr('max-1', { Attributes: { note: 'n'.repeat(3000) } });
  const file = () => write('max.jsonl', `${big}\n${ctr('max-2')}\n`);

  it('--max-record-bytes, else SWITCHBOARD_MAX_RECORD_BYTES, else 1 MiB', () => {
    const f = file();
    const run = (args: string[], env: Record<string, string> = {}) => {
      const r = runCli(['ingest', 'amazon-connect-ctr', f, '--json', ...args], { DATABASE_URL: db.url, ...env });
      expect(r.stderr).toBe('');
      const lines = r.stdout.trimEnd().split('\n');
      const { read, inserted, unchanged, rejected } = JSON.parse(lines[lines.length - 1]);
      return { read, inserted, unchanged, rejected };
    };
    expect(run(['--max-record-bytes', '2048'])).toEqual({ read: 2, inserted: 1, unchanged: 0, rejected: 1 });
    expect(run([], { SWITCHBOARD_MAX_RECORD_BYTES: '2048' })).toEqual({ read: 2, inserted: 0, unchanged: 1, rejected: 1 });
    expect(run([])).toEqual({ read: 2, inserted: 1, unchanged: 1, rejected: 0 });
  });

  it('the rejection says so, and keeps only the first bytes', async () => {
    const s = await runIngest(db.ds, 'amazon-connect-ctr', [file()], { maxRecordBytes: 2048 });
    expect(await rejections(s.runId)).toEqual([
      {
        position: 1,
        raw: big.slice(0, 1024),
        codes: ['malformed'],
        message: `${path.join(dir, 'max.jsonl')}:1: record larger than 2048 bytes (the maximum record size: --max-record-bytes or SWITCHBOARD_MAX_RECORD_BYTES); only its first 1024 bytes are kept`,
      },
    ]);
  });

  it.each([
    [['--max-record-bytes', '2k'], 'switchboard: --max-record-bytes: must be a whole number of bytes (got "2k")\n', {}],
    [['--max-record-bytes', '100'], 'switchboard: --max-record-bytes: must be between 1024 and 1073741824 (bytes) (got "100")\n', {}],
    [[], 'switchboard: SWITCHBOARD_MAX_RECORD_BYTES: must be a whole number of bytes (got "-1")\n', { SWITCHBOARD_MAX_RECORD_BYTES: '-1' }],
  ])('a bad limit %j is one line', (args, message, env) => {
    const r = runCli(['ingest', 'amazon-connect-ctr', file(), ...args], { DATABASE_URL: db.url, ...env });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(message);
  });
});
