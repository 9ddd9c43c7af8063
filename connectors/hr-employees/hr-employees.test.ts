import { useDatabase } from '../../test/support/useDatabase';
import { counts, fixture, ingestFixtures, rejectionsOf } from '../../test/ingest/support';
import { describeConformance } from '../conformance';
import { hrEmployees } from '.';

describeConformance(hrEmployees, [fixture('hr-employees', 'employees.csv')]);

const db = useDatabase('hremployees');

describe('hr-employees', () => {
  it('writes employees, assignments and identities; rejects dirty rows; is idempotent', async () => {
    await ingestFixtures(db.ds, 'hr-org-units', ['org-units.csv']);
    const first = await ingestFixtures(db.ds, 'hr-employees', ['employees.csv']);
    expect(counts(first)).toEqual({ read: 8, inserted: 5, updated: 0, unchanged: 0, duplicates: 1, rejected: 2 });
    expect(await rejectionsOf(db.ds, first.runId)).toEqual({
      7: ['invalid_value', 'invalid_value'], // e5: bad email, role "wizard"
      8: ['invalid_timestamp', 'missing_field'], // e6: no first name, 2026-02-30
    });
    expect(await db.ds.query(`SELECT id, first_name, email FROM employee ORDER BY id`)).toEqual([
      { id: 'e1', first_name: 'Alex', email: 'alex.one@example.com' },
      { id: 'e2', first_name: 'Blake', email: 'blake.two@example.com' },
      { id: 'e3', first_name: 'Carol', email: 'carol.three@example.com' },
      { id: 'e4', first_name: 'Dana', email: 'dana.four@example.com' },
    ]);
    expect(
      await db.ds.query(`SELECT employee_id, org_unit_id, role, manager_id, site, valid::text AS valid FROM assignment ORDER BY employee_id, lower(valid)`),
    ).toEqual([
      { employee_id: 'e1', org_unit_id: 't1', role: 'agent', manager_id: 'e4', site: 'Leeds', valid: '[2026-01-01,2026-02-01)' },
      { employee_id: 'e1', org_unit_id: 't2', role: 'agent', manager_id: 'e4', site: 'Leeds', valid: '[2026-02-01,)' },
      { employee_id: 'e2', org_unit_id: 't1', role: 'agent', manager_id: 'e4', site: 'Leeds', valid: '[2026-01-01,)' },
      { employee_id: 'e3', org_unit_id: 't2', role: 'agent', manager_id: 'e4', site: 'York', valid: '[2026-01-01,2026-02-21)' },
      { employee_id: 'e4', org_unit_id: 't2', role: 'supervisor', manager_id: null, site: 'York', valid: '[2026-01-01,)' },
    ]);
    const acd = await db.ds.query(
      `SELECT external_id, employee_id, valid::text AS valid FROM identity_map WHERE source_system = 'acd' ORDER BY external_id`,
    );
    expect(acd).toEqual([
      { external_id: 'a1-new', employee_id: 'e1', valid: '[2026-02-01,)' },
      { external_id: 'agent.one', employee_id: 'e1', valid: '[2026-01-01,2026-02-01)' },
      { external_id: 'agent.two', employee_id: 'e2', valid: '[2026-01-01,)' },
      { external_id: 'dana.four', employee_id: 'e4', valid: '[2026-01-01,)' },
    ]);
    expect(Number((await db.ds.query(`SELECT count(*) FROM identity_map`))[0].count)).toBe(4 + 3 * 5); // acd + crm/qa/wfm of 5 rows

    const second = await ingestFixtures(db.ds, 'hr-employees', ['employees.csv']);
    expect(counts(second)).toEqual({ read: 8, inserted: 0, updated: 0, unchanged: 5, duplicates: 1, rejected: 2 });
  });

  it('a changed name on a known version counts as updated', async () => {
    const path = require('path');
    const fs = require('fs');
    const os = require('os');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-emp-')), 'rename.csv');
    fs.writeFileSync(
      file,
      'employee_id,first_name,last_name,email,role,org_unit_id,manager_id,site,effective_from,effective_to,acd_username,crm_user_id,qa_agent_id,wfm_agent_id\n' +
        'e4,Dana,Fourth,dana.four@example.com,supervisor,t2,,York,2026-01-01,,dana.four,crm-4,qa-4,wfm-4\n',
    );
    const { runIngest } = await import('../../src/ingest');
    expect(counts(await runIngest(db.ds, 'hr-employees', [file]))).toEqual({ read: 1, inserted: 0, updated: 1, unchanged: 0, duplicates: 0, rejected: 0 });
    expect((await db.ds.query(`SELECT last_name FROM employee WHERE id = 'e4'`))[0].last_name).toBe('Fourth');
  });

  it('a file whose open-ended rows are corrected by later rows changes nothing the second time', async () => {
    const path = require('path');
    const fs = require('fs');
    const os = require('os');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-emp-')), 'open-ended.csv');
    // Every row open-ended: each later row of f1 closes the one before (SPEC §2), and
    // its ACD login changes with the second row.
    fs.writeFileSync(
      file,
      'employee_id,first_name,last_name,email,role,org_unit_id,manager_id,site,effective_from,effective_to,acd_username,crm_user_id,qa_agent_id,wfm_agent_id\n' +
        'f1,Fay,First,fay@example.com,agent,t1,,Leeds,2026-01-01,,fay.one,crm-f1,qa-f1,wfm-f1\n' +
        'f1,Fay,First,fay@example.com,agent,t2,,Leeds,2026-03-01,,fay.new,crm-f1,qa-f1,wfm-f1\n' +
        'f1,Fay,First,fay@example.com,supervisor,t2,,Leeds,2026-06-01,,fay.new,crm-f1,qa-f1,wfm-f1\n',
    );
    const { runIngest } = await import('../../src/ingest');
    const history = () =>
      db.ds.query(`SELECT org_unit_id, role, valid::text AS valid FROM assignment WHERE employee_id = 'f1' ORDER BY lower(valid)`);
    const identities = () =>
      db.ds.query(`SELECT source_system, external_id, valid::text AS valid FROM identity_map WHERE employee_id = 'f1' ORDER BY 1, 2, lower(valid)`);
    expect(counts(await runIngest(db.ds, 'hr-employees', [file]))).toEqual({ read: 3, inserted: 3, updated: 0, unchanged: 0, duplicates: 0, rejected: 0 });
    const expected = [
      { org_unit_id: 't1', role: 'agent', valid: '[2026-01-01,2026-03-01)' },
      { org_unit_id: 't2', role: 'agent', valid: '[2026-03-01,2026-06-01)' },
      { org_unit_id: 't2', role: 'supervisor', valid: '[2026-06-01,)' },
    ];
    expect(await history()).toEqual(expected);
    const ids = await identities();

    expect(counts(await runIngest(db.ds, 'hr-employees', [file]))).toEqual({ read: 3, inserted: 0, updated: 0, unchanged: 3, duplicates: 0, rejected: 0 });
    expect(await history()).toEqual(expected);
    expect(await identities()).toEqual(ids);
  });
});
