import { useDatabase } from '../../test/support/useDatabase';
import { counts, fixture, ingestFixtures, rejectionsOf } from '../../test/ingest/support';
import { describeConformance } from '../conformance';
import { hrOrgUnits } from '.';

describeConformance(hrOrgUnits, [fixture('hr-org-units', 'org-units.csv')]);

const db = useDatabase('hrorgunits');

describe('hr-org-units', () => {
  it('writes each version through the org chart, rejects dirty rows with reasons, and is idempotent', async () => {
    // BOM, CRLF, a quoted name with an embedded newline, a padded parent id.
    const first = await ingestFixtures(db.ds, 'hr-org-units', ['org-units.csv']);
    expect(counts(first)).toEqual({ read: 11, inserted: 6, updated: 0, unchanged: 0, duplicates: 1, rejected: 4 });
    expect(await rejectionsOf(db.ds, first.runId)).toEqual({
      9: ['missing_field'], // bad1: blank name
      10: ['invalid_timestamp'], // bad2: month 13
      11: ['out_of_range'], // bad3: ends before it starts
      14: ['malformed'], // bad4: two fields
    });
    const rows = await db.ds.query(
      `SELECT org_unit_id, name, parent_id, valid::text AS valid FROM org_unit_version ORDER BY org_unit_id, lower(valid)`,
    );
    expect(rows).toEqual([
      { org_unit_id: 'care', name: 'Customer Care', parent_id: 'ops', valid: '[2026-01-01,)' },
      { org_unit_id: 'ops', name: 'Operations', parent_id: null, valid: '[2026-01-01,)' },
      { org_unit_id: 'sales', name: 'Sales', parent_id: null, valid: '[2026-01-01,)' },
      { org_unit_id: 't1', name: 'Team One', parent_id: 'care', valid: '[2026-01-01,2026-03-01)' },
      { org_unit_id: 't1', name: 'Team One', parent_id: 'sales', valid: '[2026-03-01,)' },
      { org_unit_id: 't2', name: 'Team Two,\nNorth', parent_id: 'care', valid: '[2026-01-01,)' },
    ]);
    const raw = await db.ds.query(`SELECT raw, reasons FROM rejected_record WHERE run_id = $1 AND position = 11`, [first.runId]);
    expect(raw[0].raw).toBe('bad3,Bad Three,care,2026-03-01,2026-02-01');
    expect(raw[0].reasons[0]).toMatchObject({ code: 'out_of_range', field: 'effective_to', value: '2026-02-01' });
    expect(raw[0].reasons[0].message).toContain('org-units.csv:11');

    const second = await ingestFixtures(db.ds, 'hr-org-units', ['org-units.csv']);
    expect(counts(second)).toEqual({ read: 11, inserted: 0, updated: 0, unchanged: 6, duplicates: 1, rejected: 4 });
  });

  it('a later version overlapping a stored one closes it the day before (correction rule)', async () => {
    const path = require('path');
    const fs = require('fs');
    const os = require('os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-org-'));
    const file = path.join(dir, 'reorg.csv');
    fs.writeFileSync(file, 'org_unit_id,name,parent_org_unit_id,effective_from,effective_to\ncare,Care & Retention,sales,2026-04-01,\n');
    const { runIngest } = await import('../../src/ingest');
    const s = await runIngest(db.ds, 'hr-org-units', [file]);
    expect(counts(s)).toEqual({ read: 1, inserted: 1, updated: 0, unchanged: 0, duplicates: 0, rejected: 0 });
    const rows = await db.ds.query(`SELECT name, parent_id, valid::text AS valid FROM org_unit_version WHERE org_unit_id = 'care' ORDER BY lower(valid)`);
    expect(rows).toEqual([
      { name: 'Customer Care', parent_id: 'ops', valid: '[2026-01-01,2026-04-01)' },
      { name: 'Care & Retention', parent_id: 'sales', valid: '[2026-04-01,)' },
    ]);
  });

  it('refuses a file whose header does not match, naming the columns', async () => {
    const path = require('path');
    const fs = require('fs');
    const os = require('os');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-org-')), 'bad-header.csv');
    fs.writeFileSync(file, 'org_unit_id,title,parent_org_unit_id,effective_from,effective_to\nx,X,,2026-01-01,\n');
    const { runIngest } = await import('../../src/ingest');
    await expect(runIngest(db.ds, 'hr-org-units', [file])).rejects.toThrow(/bad-header\.csv:1: wrong header: missing column\(s\) name; unknown column\(s\) title/);
    const runs = await db.ds.query(`SELECT status, error FROM ingest_run WHERE $1 = ANY (files)`, [file]);
    expect(runs).toEqual([{ status: 'failed', error: expect.stringContaining('wrong header') }]);
  });
});
