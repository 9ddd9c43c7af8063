import { MetricResult } from '../api/types';
import { bucketDay, bucketStarts, fillBuckets } from './buckets';

describe('buckets of a range', () => {
  it('days, ISO weeks (from the Monday on or before) and months, on the local clock', () => {
    expect(bucketStarts({ from: '2026-02-27', to: '2026-03-02' }, 'DAY').map(bucketDay)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    // 2026-02-05 is a Thursday: its week starts on Monday 2026-02-02.
    expect(bucketStarts({ from: '2026-02-05', to: '2026-02-23' }, 'WEEK').map(bucketDay)).toEqual(['2026-02-02', '2026-02-09', '2026-02-16', '2026-02-23']);
    expect(bucketStarts({ from: '2026-01-15', to: '2026-03-01' }, 'MONTH').map(bucketDay)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(bucketStarts({ from: '2026-02-05', to: '2026-02-05' }, 'HOUR')).toHaveLength(24);
  });

  it('fills empty buckets: 0 for counts, a gap for ratios; keeps the rows that came back', () => {
    const starts = bucketStarts({ from: '2026-02-01', to: '2026-02-03' }, 'DAY');
    const result: MetricResult = {
      attribution: 'AS_WAS', timezone: 'UTC', rowCount: 1,
      metrics: [{ name: 'contacts_handled', label: 'Handled', format: 'integer', unit: 'contacts', version: 'v' }, { name: 'aht', label: 'AHT', format: 'duration', unit: 'seconds', version: 'v' }],
      rows: [{ period: starts[1], teamId: null, employeeId: null, role: null, site: null, productSku: null, productCategory: null, channel: null, queue: null, team: null, employee: null, values: [2, 250], previousValues: [1, 100] }],
    };
    const filled = fillBuckets(result, starts, [true, false]);
    expect(filled.rows.map((r) => [bucketDay(r.period!), r.values, r.previousValues])).toEqual([
      ['2026-02-01', [0, null], [0, null]],
      ['2026-02-02', [2, 250], [1, 100]],
      ['2026-02-03', [0, null], [0, null]],
    ]);
  });
});
