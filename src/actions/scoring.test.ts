import { attainment, effectiveFloor, goalScore, goalStatus, trend, weightedTotal } from './scoring';
import { bucketAt, bucketsCovering, startOfDayIn } from './buckets';

describe('SPEC §6.1 formulas', () => {
  it('attainment: actual / target, or target / actual when lower is better; null without a value or with a zero divisor', () => {
    expect(attainment(90, 100, 'higher_is_better')).toBe(0.9);
    expect(attainment(300, 240, 'lower_is_better')).toBe(0.8);
    expect(attainment(null, 100, 'higher_is_better')).toBeNull();
    expect(attainment(5, null, 'higher_is_better')).toBeNull();
    expect(attainment(5, 0, 'higher_is_better')).toBeNull();
    expect(attainment(0, 240, 'lower_is_better')).toBeNull();
  });

  it('status thresholds at exactly 1 and 0.9', () => {
    expect([1.5, 1, 0.9999, 0.9, 0.8999, 0, null].map(goalStatus)).toEqual(['ON_TRACK', 'ON_TRACK', 'AT_RISK', 'AT_RISK', 'OFF_TRACK', 'OFF_TRACK', 'NO_DATA']);
  });

  it('score: one formula for both directions, floor 0 or 2 × target by default, clamped to [0, 120]', () => {
    expect(effectiveFloor(240, null, 'lower_is_better')).toBe(480);
    expect(effectiveFloor(0.8, null, 'higher_is_better')).toBe(0);
    expect(goalScore(0.4, 0.8, null, 'higher_is_better')).toBe(50);
    expect(goalScore(2, 0.8, null, 'higher_is_better')).toBe(120);
    expect(goalScore(360, 240, null, 'lower_is_better')).toBe(50); // (360 − 480) / (240 − 480)
    expect(goalScore(600, 240, null, 'lower_is_better')).toBe(0);
    expect(goalScore(120, 240, null, 'lower_is_better')).toBe(120);
    expect(goalScore(-10, 20, -50, 'higher_is_better')).toBeCloseTo(57.142857, 5); // NPS with a floor
    expect(goalScore(null, 240, null, 'lower_is_better')).toBeNull();
  });

  it('weighted total over the metrics that have a score', () => {
    expect(weightedTotal([{ score: 100, weight: 2 }, { score: 40, weight: 1 }, { score: null, weight: 5 }])).toBe(80);
    expect(weightedTotal([{ score: null, weight: 1 }])).toBeNull();
  });

  it('trend in the metric direction', () => {
    expect(trend(240, 300, 'lower_is_better')).toBe('IMPROVING');
    expect(trend(0.7, 0.8, 'higher_is_better')).toBe('DECLINING');
    expect(trend(1 / 3, 2 / 6, 'higher_is_better')).toBe('FLAT');
    expect(trend(1, null, 'higher_is_better')).toBe('NO_DATA');
  });
});

describe('buckets in the org time zone', () => {
  it('ISO weeks start on Monday; quarters on Jan, Apr, Jul, Oct', () => {
    expect(bucketAt('2026-03-01', 'WEEK')).toEqual({ grain: 'WEEK', start: '2026-02-23', end: '2026-03-02', last: '2026-03-01' });
    expect(bucketAt('2026-05-17', 'QUARTER')).toEqual({ grain: 'QUARTER', start: '2026-04-01', end: '2026-07-01', last: '2026-06-30' });
    expect(bucketAt('2026-02-10', 'MONTH')).toEqual({ grain: 'MONTH', start: '2026-02-01', end: '2026-03-01', last: '2026-02-28' });
    expect(bucketsCovering('2026-03-15', '2026-05-02', 'MONTH').map((b) => b.start)).toEqual(['2026-03-01', '2026-04-01', '2026-05-01']);
  });

  it('a day starts at local midnight, across DST', () => {
    expect(startOfDayIn('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDayIn('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfDayIn('2026-01-01', 'Asia/Kolkata').toISOString()).toBe('2025-12-31T18:30:00.000Z');
  });
});
