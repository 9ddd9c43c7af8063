import { useDatabase } from '../../test/support/useDatabase';
import { counts, fixture, ingestFixtures, loadHr, rejectionsOf } from '../../test/ingest/support';
import { describeConformance } from '../conformance';
import { qaEvaluations } from '.';

describeConformance(qaEvaluations, [fixture('qa-evaluations', 'evaluations.csv')]);

const db = useDatabase('qa');

describe('qa-evaluations', () => {
  beforeAll(() => loadHr(db.ds));

  it('writes evaluations attributed by qa_agent_id; rejects dirty rows; is idempotent', async () => {
    const s = await ingestFixtures(db.ds, 'qa-evaluations', ['evaluations.csv']);
    expect(counts(s)).toEqual({ read: 7, inserted: 3, updated: 0, unchanged: 0, duplicates: 1, rejected: 3 });
    expect(await rejectionsOf(db.ds, s.runId)).toEqual({
      5: ['unknown_agent'],
      6: ['invalid_value', 'out_of_range'], // auto_fail "maybe", score 60 > 50
      7: ['out_of_range'], // max_score 0
    });
    expect(
      await db.ds.query(`SELECT evaluation_id, employee_id, contact_id, evaluator, evaluated_at, form, score::text, max_score::text, auto_fail FROM quality_evaluation ORDER BY evaluation_id`),
    ).toEqual([
      { evaluation_id: 'q-1', employee_id: 'e1', contact_id: 'c-1', evaluator: 'Quinn', evaluated_at: new Date('2026-01-06T10:00:00Z'), form: 'Voice v2', score: '45', max_score: '50', auto_fail: false },
      { evaluation_id: 'q-2', employee_id: 'e2', contact_id: null, evaluator: 'Quinn', evaluated_at: new Date('2026-01-07T10:00:00Z'), form: 'Voice v2', score: '30', max_score: '50', auto_fail: true },
      { evaluation_id: 'q-3', employee_id: 'e1', contact_id: null, evaluator: 'Quinn', evaluated_at: new Date('2026-02-05T10:00:00Z'), form: 'Voice v2', score: '40', max_score: '50', auto_fail: false },
    ]);
    expect(counts(await ingestFixtures(db.ds, 'qa-evaluations', ['evaluations.csv']))).toEqual({ read: 7, inserted: 0, updated: 0, unchanged: 3, duplicates: 1, rejected: 3 });
  });
});
