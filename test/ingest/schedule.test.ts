import fs from 'fs';
import os from 'os';
import path from 'path';
import { loadScheduleConfig, Scheduler } from '../../src/ingest/schedule';
import { useDatabase } from '../support/useDatabase';
import { fixture, loadHr } from './support';

const db = useDatabase('schedule');

function setup(yaml: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-sched-'));
  fs.mkdirSync(path.join(dir, 'drop'));
  const file = path.join(dir, 'switchboard.schedule.yaml');
  fs.writeFileSync(file, yaml);
  const logs: { level: string; msg: string; data?: Record<string, unknown> }[] = [];
  const scheduler = new Scheduler(db.ds, loadScheduleConfig(file), {
    orgTimezone: 'UTC',
    log: { info: (msg, data) => logs.push({ level: 'info', msg, data }), error: (msg, data) => logs.push({ level: 'error', msg, data }) },
  });
  return { dir, drop: path.join(dir, 'drop'), scheduler, logs };
}

describe('switchboard schedule', () => {
  beforeAll(() => loadHr(db.ds));

  it('ingests each new file once, records it, and a failure is a failed run that does not stop the next files', async () => {
    const { drop, scheduler, logs } = setup(`syncs:\n  - name: s\n    connector: surveys\n    cron: "* * * * *"\n    path: drop/*.csv\n`);
    fs.copyFileSync(fixture('surveys', 'responses.csv'), path.join(drop, 'a.csv'));
    fs.copyFileSync(fixture('crm-orders', 'orders.csv'), path.join(drop, 'b.csv')); // wrong header
    fs.writeFileSync(path.join(drop, 'c.csv'), 'response_id,contact_id,responded_at,csat,nps,comment\ns-9,c-1,2026-01-09T10:00:00Z,3,7,ok\n');
    fs.writeFileSync(path.join(drop, 'ignored.txt'), 'not matched');

    const first = await scheduler.tick('s');
    expect(first.runs.map((r) => [path.basename(r.file), r.summary?.inserted ?? null, r.error ? 'error' : 'ok'])).toEqual([
      ['a.csv', 3, 'ok'],
      ['b.csv', null, 'error'],
      ['c.csv', 1, 'ok'],
    ]);
    expect(logs.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual(['ingest failed']);
    const ledger = await db.ds.query(`SELECT status, files[1] AS file FROM ingest_run WHERE connector = 'surveys' ORDER BY started_at`);
    expect(ledger.map((r: { status: string; file: string }) => [r.status, path.basename(r.file)])).toEqual([
      ['completed', 'a.csv'],
      ['failed', 'b.csv'],
      ['completed', 'c.csv'],
    ]);
    const processed = await db.ds.query(`SELECT path, status FROM ingest_processed_file ORDER BY path`);
    expect(processed.map((r: { path: string; status: string }) => [path.basename(r.path), r.status])).toEqual([
      ['a.csv', 'completed'],
      ['b.csv', 'failed'],
      ['c.csv', 'completed'],
    ]);

    // Nothing new: nothing runs.
    expect((await scheduler.tick('s')).runs).toEqual([]);

    // A changed file is a new file; a new file is picked up.
    fs.appendFileSync(path.join(drop, 'c.csv'), 's-10,c-2,2026-01-09T11:00:00Z,5,9,\n');
    fs.writeFileSync(path.join(drop, 'd.csv'), 'response_id,contact_id,responded_at,csat,nps,comment\ns-11,,2026-01-09T12:00:00Z,4,,\n');
    const third = await scheduler.tick('s');
    expect(third.runs.map((r) => [path.basename(r.file), r.summary && { inserted: r.summary.inserted, unchanged: r.summary.unchanged }])).toEqual([
      ['c.csv', { inserted: 1, unchanged: 1 }],
      ['d.csv', { inserted: 1, unchanged: 0 }],
    ]);
  });

  it('two runs of the same connector never overlap: a tick finding its connector busy is skipped', async () => {
    const { drop, scheduler } = setup(
      `syncs:\n  - name: one\n    connector: wfm-adherence\n    cron: "* * * * *"\n    path: drop/one\n  - name: two\n    connector: wfm-adherence\n    cron: "* * * * *"\n    path: drop/two\n`,
    );
    for (const sub of ['one', 'two']) {
      fs.mkdirSync(path.join(drop, sub));
      fs.copyFileSync(fixture('wfm-adherence', 'adherence.csv'), path.join(drop, sub, 'a.csv'));
    }
    const [a, b] = await Promise.all([scheduler.tick('one'), scheduler.tick('two')]);
    expect(a.runs).toHaveLength(1);
    expect(b).toEqual({ sync: 'two', skipped: 'busy', runs: [] });
    const later = await scheduler.tick('two');
    expect(later.runs.map((r) => r.summary?.unchanged)).toEqual([3]);
  });

  it('a bad schedule file names file, line and problem', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-sched-'));
    const file = path.join(dir, 's.yaml');
    fs.writeFileSync(file, 'syncs:\n  - connector: surveys\n    cron: "* * * * *"\n    path: x\n  - connector: nope\n    cron: "every day"\n    path: y\n');
    expect(() => loadScheduleConfig(file)).toThrow(
      `${file}:5: syncs[1]: unknown connector "nope" (known: hr-org-units, hr-employees, amazon-connect-ctr, crm-orders, qa-evaluations, surveys, wfm-adherence)\n${file}:5: syncs[1]: cron "every day" is not a valid cron expression`,
    );
  });

  it('the repository schedule file is valid', () => {
    const cfg = loadScheduleConfig(path.resolve(__dirname, '../../switchboard.schedule.yaml'));
    expect(cfg.syncs.map((s) => s.connector).sort()).toEqual(
      ['amazon-connect-ctr', 'crm-orders', 'hr-employees', 'hr-org-units', 'qa-evaluations', 'surveys', 'wfm-adherence'],
    );
  });
});
