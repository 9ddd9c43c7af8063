import fs from 'fs';
import os from 'os';
import path from 'path';
import { useDatabase } from '../../test/support/useDatabase';
import { counts, fixture, ingestFixtures, loadHr, rejectionsOf } from '../../test/ingest/support';
import { runIngest } from '../../src/ingest';
import { describeConformance } from '../conformance';
import { wfmAdherence } from '.';

describeConformance(wfmAdherence, [fixture('wfm-adherence', 'adherence.csv')]);

const db = useDatabase('wfm');

describe('wfm-adherence', () => {
  beforeAll(() => loadHr(db.ds));

  it('writes one row per agent and day; resolves wfm ids on the day itself; rejects dirty rows', async () => {
    const s = await ingestFixtures(db.ds, 'wfm-adherence', ['adherence.csv']);
    expect(counts(s)).toEqual({ read: 7, inserted: 3, updated: 0, unchanged: 0, duplicates: 1, rejected: 3 });
    expect(await rejectionsOf(db.ds, s.runId)).toEqual({
      4: ['unknown_agent'], // wfm-3 = e3, who left on 2026-02-20
      5: ['out_of_range'], // adherent > scheduled
      6: ['invalid_timestamp', 'invalid_value'], // 01/07/2026, abc
    });
    expect(await db.ds.query(`SELECT wfm_agent_id, date, employee_id, scheduled_seconds, adherent_seconds, staffed_seconds FROM adherence_day ORDER BY wfm_agent_id, date`)).toEqual([
      { wfm_agent_id: 'wfm-1', date: '2026-01-05', employee_id: 'e1', scheduled_seconds: 28800, adherent_seconds: 27000, staffed_seconds: 28000 },
      { wfm_agent_id: 'wfm-2', date: '2026-01-05', employee_id: 'e2', scheduled_seconds: 28800, adherent_seconds: 28800, staffed_seconds: 28800 },
      { wfm_agent_id: 'wfm-2', date: '2026-01-06', employee_id: 'e2', scheduled_seconds: 28800, adherent_seconds: 28000, staffed_seconds: 28800 },
    ]);
    expect(counts(await ingestFixtures(db.ds, 'wfm-adherence', ['adherence.csv']))).toEqual({ read: 7, inserted: 0, updated: 0, unchanged: 3, duplicates: 1, rejected: 3 });
  });

  it('within one file, outcomes follow file order: a changed copy is updated and the last one wins', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-wfm-')), 'changes.csv');
    fs.writeFileSync(
      file,
      'wfm_agent_id,date,scheduled_seconds,adherent_seconds,staffed_seconds\n' +
        'wfm-1,2026-01-09,100,50,100\n' + // inserted
        'wfm-1,2026-01-09,100,60,100\n' + // updated
        'wfm-1,2026-01-09,100,60,100\n' + // duplicate
        'wfm-1,2026-01-05,28800,27000,28000\n' + // unchanged (stored by an earlier run)
        'wfm-1,2026-01-05,28800,26000,28000\n', // updated
    );
    const s = await runIngest(db.ds, 'wfm-adherence', [file]);
    expect(counts(s)).toEqual({ read: 5, inserted: 1, updated: 2, unchanged: 1, duplicates: 1, rejected: 0 });
    expect(await db.ds.query(`SELECT date, adherent_seconds FROM adherence_day WHERE wfm_agent_id = 'wfm-1' ORDER BY date`)).toEqual([
      { date: '2026-01-05', adherent_seconds: 26000 },
      { date: '2026-01-09', adherent_seconds: 60 },
    ]);
  });
});
