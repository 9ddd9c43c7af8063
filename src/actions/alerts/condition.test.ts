import { compare, judgeAnomaly, meanAndStddev } from './condition';
import { anomalyBuckets, localHourStart, thresholdWindow } from './window';

describe('alert conditions', () => {
  it('compares in the four ways of SPEC §6.3, boundaries included or not', () => {
    expect([compare(5, '>', 5), compare(5, '>=', 5), compare(5, '<', 5), compare(5, '<=', 5)]).toEqual([false, true, false, true]);
    expect([compare(6, '>', 5), compare(4, '<', 5)]).toEqual([true, true]);
  });

  it('uses the sample standard deviation', () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(x − 5)² = 32, 32 / 7.
    const { mean, stddev } = meanAndStddev([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(mean).toBe(5);
    expect(stddev).toBeCloseTo(Math.sqrt(32 / 7), 12);
  });

  it('judges an anomaly on its side, and not on a baseline too short', () => {
    const base = [300, 310, 290, 305, 295, 300]; // mean 300, σ = √(250 / 5) = √50
    const sd = Math.sqrt(50);
    const above = judgeAnomaly(330, base, { side: 'above', sigmas: 3, grain: 'HOUR', baselinePeriods: 6 })!;
    expect(above).toMatchObject({ firing: true, comparison: '>', mean: 300, periods: 6 });
    expect(above.bound).toBeCloseTo(300 + 3 * sd, 9);
    expect(judgeAnomaly(320, base, { side: 'above', sigmas: 3, grain: 'HOUR', baselinePeriods: 6 })!.firing).toBe(false); // 320 < 321.2
    expect(judgeAnomaly(250, base, { side: 'above', sigmas: 3, grain: 'HOUR', baselinePeriods: 6 })!.firing).toBe(false);
    const either = judgeAnomaly(250, base, { side: 'either', sigmas: 3, grain: 'HOUR', baselinePeriods: 6 })!;
    expect(either).toMatchObject({ firing: true, comparison: '<' });
    expect(either.bound).toBeCloseTo(300 - 3 * sd, 9);
    expect(judgeAnomaly(330, [300, 300], { side: 'above', sigmas: 3, grain: 'HOUR', baselinePeriods: 2 })).toBeNull();
    // No variation at all: any different value is anomalous, the same one is not.
    expect(judgeAnomaly(0.9, [1, 1, 1], { side: 'either', sigmas: 2, grain: 'DAY', baselinePeriods: 3 })!.firing).toBe(true);
    expect(judgeAnomaly(1, [1, 1, 1], { side: 'either', sigmas: 2, grain: 'DAY', baselinePeriods: 3 })!.firing).toBe(false);
  });
});

describe('alert windows', () => {
  const now = new Date('2026-03-10T14:37:12.500Z');
  it('last N units end now; today starts at local midnight', () => {
    expect(thresholdWindow({ kind: 'last', amount: 15, unit: 'minute' }, now, 'UTC')).toEqual({ from: new Date('2026-03-10T14:22:12.500Z'), to: now });
    expect(thresholdWindow({ kind: 'last', amount: 2, unit: 'day' }, now, 'UTC').from).toEqual(new Date('2026-03-08T14:37:12.500Z'));
    expect(thresholdWindow({ kind: 'today' }, now, 'America/New_York').from).toEqual(new Date('2026-03-10T04:00:00Z')); // EDT since 03-08
    expect(thresholdWindow({ kind: 'today' }, new Date('2026-03-10T02:00:00Z'), 'America/New_York').from).toEqual(new Date('2026-03-09T04:00:00Z'));
  });

  it('cuts local hours (a half-hour zone too) and local days for anomaly baselines', () => {
    expect(localHourStart(now, 'UTC')).toEqual(new Date('2026-03-10T14:00:00Z'));
    expect(localHourStart(now, 'Asia/Kolkata')).toEqual(new Date('2026-03-10T14:30:00Z')); // 20:07 local
    const h = anomalyBuckets('HOUR', 3, now, 'UTC');
    expect(h).toEqual({
      from: new Date('2026-03-10T10:00:00Z'),
      to: new Date('2026-03-10T14:00:00Z'),
      observed: new Date('2026-03-10T13:00:00Z'),
      baseline: [new Date('2026-03-10T12:00:00Z'), new Date('2026-03-10T11:00:00Z'), new Date('2026-03-10T10:00:00Z')],
    });
    const d = anomalyBuckets('DAY', 3, now, 'Europe/Paris');
    expect(d.observed).toEqual(new Date('2026-03-08T23:00:00Z')); // 03-09 local midnight (CET)
    expect(d.to).toEqual(new Date('2026-03-09T23:00:00Z'));
    expect(d.from).toEqual(new Date('2026-03-05T23:00:00Z'));
  });
});
