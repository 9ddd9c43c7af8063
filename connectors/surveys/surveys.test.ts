import fs from 'fs';
import os from 'os';
import path from 'path';
import { useDatabase } from '../../test/support/useDatabase';
import { counts, fixture, ingestFixtures, loadHr, rejectionsOf } from '../../test/ingest/support';
import { runIngest } from '../../src/ingest';
import { describeConformance } from '../conformance';
import { surveys } from '.';

describeConformance(surveys, [fixture('surveys', 'responses.csv')]);

const db = useDatabase('surveys');

describe('surveys', () => {
  beforeAll(() => loadHr(db.ds));

  it('stores responses (even before their contact); validates csat and nps; is idempotent', async () => {
    const s = await ingestFixtures(db.ds, 'surveys', ['responses.csv']);
    expect(counts(s)).toEqual({ read: 6, inserted: 3, updated: 0, unchanged: 0, duplicates: 1, rejected: 2 });
    expect(await rejectionsOf(db.ds, s.runId)).toEqual({ 5: ['out_of_range', 'out_of_range'], 6: ['invalid_timestamp'] });
    expect(await db.ds.query(`SELECT response_id, contact_id, responded_at, csat, nps, comment FROM survey_response ORDER BY response_id`)).toEqual([
      { response_id: 's-1', contact_id: 'c-1', responded_at: new Date('2026-01-05T15:00:00Z'), csat: 5, nps: 10, comment: 'Great, thanks' },
      { response_id: 's-2', contact_id: 'c-late', responded_at: new Date('2026-01-05T16:00:00Z'), csat: 4, nps: null, comment: 'Survey before its contact' },
      { response_id: 's-3', contact_id: null, responded_at: new Date('2026-01-05T17:00:00Z'), csat: null, nps: 6, comment: null },
    ]);
    expect(counts(await ingestFixtures(db.ds, 'surveys', ['responses.csv']))).toEqual({ read: 6, inserted: 0, updated: 0, unchanged: 3, duplicates: 1, rejected: 2 });
  });

  it('late arrival: a survey stored before its contact is attributed once the contact arrives', async () => {
    const attributed = () =>
      db.ds.query(`SELECT r.response_id, i.employee_id FROM survey_response r LEFT JOIN interaction i ON i.contact_id = r.contact_id WHERE r.response_id = 's-2'`);
    expect(await attributed()).toEqual([{ response_id: 's-2', employee_id: null }]);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sb-late-')), 'late.jsonl');
    fs.writeFileSync(
      file,
      JSON.stringify({
        ContactId: 'c-late', Channel: 'VOICE', InitiationMethod: 'INBOUND', InitiationTimestamp: '2026-01-05T15:40:00Z', LastUpdateTimestamp: '2026-01-05T15:50:00Z',
        Agent: { Username: 'agent.two', AgentInteractionDuration: 100, CustomerHoldDuration: 0, AfterContactWorkDuration: 10 }, Queue: { Name: 'Support', Duration: 3, EnqueueTimestamp: '2026-01-05T15:40:01Z' },
      }) + '\n',
    );
    await runIngest(db.ds, 'amazon-connect-ctr', [file]);
    expect(await attributed()).toEqual([{ response_id: 's-2', employee_id: 'e2' }]);
  });
});
