import { GoalStatus, Scorecard, ScorecardBucket, ScorecardMetric } from '../api/types';

/**
 * Which bucket of a scorecard a view judges by: the latest one that has started by
 * `today` and has an actual; else the latest started one; else the first. (On the
 * first of a month the default window reaches into a month without any data yet:
 * every cell would say "no data" instead of how last month ended.)
 */
export function currentBucket(m: ScorecardMetric, today: string): ScorecardBucket | null {
  const started = m.buckets.filter((b) => b.periodStart <= today);
  const withData = started.filter((b) => b.status !== 'NO_DATA');
  return withData.at(-1) ?? started.at(-1) ?? m.buckets[0] ?? null;
}

/**
 * metric → status of its current bucket, for one scorecard (a cell's colour on the
 * team page). A metric with no goal in force on that bucket's last day (a promoted
 * agent's role goal, say) has no status: it is left out, not called "no data".
 */
export function statusByMetric(card: Scorecard | null | undefined, today: string): Map<string, { status: GoalStatus; bucket: ScorecardBucket }> {
  const out = new Map<string, { status: GoalStatus; bucket: ScorecardBucket }>();
  for (const m of card?.metrics ?? []) {
    const b = currentBucket(m, today);
    if (b && b.target !== null) out.set(m.metric, { status: b.status, bucket: b });
  }
  return out;
}

/** A bucket as people say it: "April 2026", "week of 2026-04-06", "2026-04-06", "Q2 2026". */
export function bucketLabel(b: Pick<ScorecardBucket, 'periodStart' | 'periodEnd'>, grain: string): string {
  const [y, m] = b.periodStart.split('-').map(Number);
  if (grain === 'MONTH') return `${new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })} ${y}`;
  if (grain === 'QUARTER') return `Q${Math.floor((m - 1) / 3) + 1} ${y}`;
  if (grain === 'WEEK') return `week of ${b.periodStart}`;
  return b.periodStart;
}
