import 'reflect-metadata';
import { useDatabase } from '../support/useDatabase';
import { loadManifestOrThrow } from '../../src/semantic';
import { runExamples } from '../../src/query';

const db = useDatabase('metricexamples');

describe('the metric definitions’ own examples (SPEC §4.4)', () => {
  it('every shipped KPI has an example and every example passes on a real database', async () => {
    const manifest = loadManifestOrThrow();
    const outcomes = await runExamples(db.ds, manifest);
    const failed = outcomes.filter((o) => !o.ok).map((o) => `${o.metric}[${o.index}] expected ${o.expected} got ${o.actual} ${o.error ?? ''}`);
    expect(failed).toEqual([]);
    // The 21 rows of SPEC §4.2 name 23 metrics (avg_talk_time, avg_hold_time and avg_acw_time share a row).
    expect(new Set(outcomes.map((o) => o.metric)).size).toBe(23);
  });

  it('leaves the database untouched', async () => {
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM interaction`);
    expect(n).toBe(0);
  });
});
