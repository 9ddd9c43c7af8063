import { MetricResult } from '../api/types';
import { addDays, DayRange, localDate, startOfDay } from './dates';

export type SeriesGrain = 'HOUR' | 'DAY' | 'WEEK' | 'MONTH';

/**
 * The start of every bucket a range covers, on the browser's clock (the zone the query
 * is cut in): metricData returns only buckets with facts, and a chart needs the empty
 * ones too, or two points a week apart would sit side by side.
 */
export function bucketStarts(range: DayRange, grain: SeriesGrain): string[] {
  const end = Date.parse(startOfDay(addDays(range.to, 1)));
  const out: string[] = [];
  if (grain === 'HOUR') {
    for (let t = Date.parse(startOfDay(range.from)); t < end; t += 3600_000) out.push(new Date(t).toISOString());
    return out;
  }
  if (grain === 'MONTH') {
    const [y, m] = range.from.split('-').map(Number);
    for (let i = 0; ; i++) {
      const d = new Date(y, m - 1 + i, 1);
      if (d.getTime() >= end) return out;
      out.push(d.toISOString());
    }
  }
  let day = range.from;
  if (grain === 'WEEK') {
    const [y, m, d] = day.split('-').map(Number);
    const weekday = (new Date(y, m - 1, d).getDay() + 6) % 7; // Monday = 0 (ISO weeks)
    day = addDays(day, -weekday);
  }
  for (; Date.parse(startOfDay(day)) < end; day = addDays(day, grain === 'WEEK' ? 7 : 1)) out.push(startOfDay(day));
  return out;
}

/** The day a bucket instant starts on, on the browser's clock. */
export const bucketDay = (iso: string) => localDate(new Date(iso));

/**
 * A result's rows laid on every bucket of the range. An empty bucket is 0 for a metric
 * that counts or sums (`zero[i]`: SPEC §4.2, a count over no facts is 0) and null (a
 * gap) for a ratio.
 */
export function fillBuckets(result: MetricResult, starts: string[], zero: boolean[]): MetricResult {
  const byTime = new Map(result.rows.map((r) => [r.period ? Date.parse(r.period) : NaN, r]));
  const blank = (): (number | null)[] => result.metrics.map((_, i) => (zero[i] ? 0 : null));
  const template = result.rows[0];
  const rows = starts.map((period) => {
    const r = byTime.get(Date.parse(period));
    if (r) return r;
    return {
      period, teamId: null, employeeId: null, role: null, site: null, productSku: null, productCategory: null, channel: null, queue: null,
      team: null, employee: template?.employee ?? null, ...(template ? { employeeId: template.employeeId } : {}),
      values: blank(), previousValues: template?.previousValues ? blank() : null,
    };
  });
  return { ...result, rows, rowCount: rows.length };
}
