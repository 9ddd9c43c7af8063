import { ScorecardMetric } from '../api/types';
import { bucketLabel, currentBucket, statusByMetric } from './scorecard';

const bucket = (periodStart: string, periodEnd: string, status: 'ON_TRACK' | 'AT_RISK' | 'OFF_TRACK' | 'NO_DATA') => ({
  periodStart, periodEnd, status, complete: true, actual: null, target: 380 as number | null, attainment: null, score: null,
});
const aht: ScorecardMetric = {
  metric: 'aht', label: 'AHT', format: 'duration', direction: 'lower_is_better', grain: 'MONTH', version: 'v',
  buckets: [bucket('2026-02-01', '2026-02-28', 'AT_RISK'), bucket('2026-03-01', '2026-03-31', 'NO_DATA'), bucket('2026-04-01', '2026-04-30', 'ON_TRACK')],
};

describe('scorecard helpers', () => {
  it('judges by the latest bucket that has started and has data', () => {
    expect(currentBucket(aht, '2026-12-01')?.periodStart).toBe('2026-04-01');
    expect(currentBucket(aht, '2026-03-15')?.periodStart).toBe('2026-02-01'); // March has no data yet: how February ended
    const empty = { ...aht, buckets: aht.buckets.map((b) => ({ ...b, status: 'NO_DATA' as const })) };
    expect(currentBucket(empty, '2026-03-15')?.periodStart).toBe('2026-03-01'); // no data anywhere: the latest started
    expect(currentBucket(aht, '2025-01-01')?.periodStart).toBe('2026-02-01'); // nothing started yet: the first
    expect(currentBucket({ ...aht, buckets: [] }, '2026-12-01')).toBeNull();
  });

  it('maps each metric to its status', () => {
    const m = statusByMetric({ employeeId: 'e1', teamId: null, from: '2026-02-01', to: '2026-05-01', metrics: [aht], totals: [] }, '2026-12-01');
    expect(m.get('aht')?.status).toBe('ON_TRACK');
    expect(statusByMetric(null, '2026-12-01').size).toBe(0);
    // No goal in force on the bucket's last day: no status at all.
    const noGoal = { ...aht, buckets: aht.buckets.map((b) => ({ ...b, target: null })) };
    expect(statusByMetric({ employeeId: 'e1', teamId: null, from: '2026-02-01', to: '2026-05-01', metrics: [noGoal], totals: [] }, '2026-12-01').size).toBe(0);
  });

  it('names buckets by their grain', () => {
    expect(bucketLabel({ periodStart: '2026-04-01', periodEnd: '2026-04-30' }, 'MONTH')).toBe('April 2026');
    expect(bucketLabel({ periodStart: '2026-04-01', periodEnd: '2026-06-30' }, 'QUARTER')).toBe('Q2 2026');
    expect(bucketLabel({ periodStart: '2026-04-06', periodEnd: '2026-04-12' }, 'WEEK')).toBe('week of 2026-04-06');
    expect(bucketLabel({ periodStart: '2026-04-06', periodEnd: '2026-04-06' }, 'DAY')).toBe('2026-04-06');
  });
});
