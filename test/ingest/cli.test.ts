import fs from 'fs';
import os from 'os';
import path from 'path';
import { runCli } from '../support/cli';
import { useDatabase } from '../support/useDatabase';
import { fixture } from './support';

const db = useDatabase('ingestcli');

/** `switchboard ingest` as SPEC §1 and §3.4 say. */
describe('switchboard ingest', () => {
  it('prints the run summary; --json puts exactly the SPEC object on the last line; exit 0 with rejections', () => {
    const env = { DATABASE_URL: db.url };
    const hr = runCli(['ingest', 'hr-org-units', fixture('hr-org-units', 'org-units.csv')], env);
    expect(hr.status).toBe(0);
    expect(hr.stdout).toMatch(/^hr-org-units: run [0-9a-f-]{36}\n  read 11: inserted 6, updated 0, unchanged 0, duplicates 1, rejected 4\n/);
    expect(runCli(['ingest', 'hr-employees', fixture('hr-employees', 'employees.csv')], env).status).toBe(0);

    const r = runCli(['ingest', 'amazon-connect-ctr', fixture('amazon-connect-ctr', 'contacts.jsonl'), '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    const summary = JSON.parse(lines[lines.length - 1]);
    expect(Object.keys(summary)).toEqual(['runId', 'connector', 'read', 'inserted', 'updated', 'unchanged', 'duplicates', 'rejected']);
    expect(summary).toEqual({ runId: expect.stringMatching(/^[0-9a-f-]{36}$/), connector: 'amazon-connect-ctr', read: 11, inserted: 4, updated: 1, unchanged: 0, duplicates: 1, rejected: 5 });
  });

  it('--source-tz applies to timestamps without an offset', async () => {
    const r = runCli(['ingest', 'amazon-connect-ctr', fixture('amazon-connect-ctr', 'contacts-array.json'), '--json', '--source-tz', 'Asia/Kolkata'], { DATABASE_URL: db.url });
    expect(r.status).toBe(0);
    const rows = await db.ds.query(`SELECT initiated_at FROM interaction WHERE contact_id = 'a-1'`);
    expect(rows[0].initiated_at).toEqual(new Date('2026-01-12T03:30:00Z')); // 09:00 IST
  });

  it.each([
    [['ingest', 'nope', 'x.csv'], /^switchboard: unknown connector "nope"; known connectors: hr-org-units, hr-employees, amazon-connect-ctr, crm-orders, qa-evaluations, surveys, wfm-adherence\n$/],
    [['ingest', 'surveys', '/no/such/file.csv'], /^switchboard: cannot read \/no\/such\/file\.csv: no such file\n$/],
    [['ingest', 'surveys', fixture('crm-orders', 'orders.csv')], /^switchboard: .*orders\.csv:1: wrong header: missing column\(s\) response_id, responded_at, csat, nps, comment; unknown column\(s\) order_id, .*\n$/],
    [['ingest', 'surveys', 'x.csv', '--source-tz', 'Mars/Base'], /^switchboard: --source-tz: "Mars\/Base" is not an IANA time zone/],
  ])('a fatal problem is one line on stderr and a non-zero exit: %j', (args, message) => {
    const r = runCli(args as string[], { DATABASE_URL: db.url });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stdout).toBe('');
  });

  it('a database that is down', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-cli-')), 'r.csv');
    fs.writeFileSync(file, 'response_id,contact_id,responded_at,csat,nps,comment\n');
    const r = runCli(['ingest', 'surveys', file], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toBe('switchboard: cannot connect to PostgreSQL at 127.0.0.1:1/nowhere: connection refused\n');
  });
});
