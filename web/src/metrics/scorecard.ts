import { GoalStatus, Scorecard, ScorecardBucket, ScorecardMetric } from '../api/types';

/**
 * Which bucket of a scorecard a view judges by: the latest one that has started by
 * `today` (a window reaching into the future would otherwise show the empty bucket
 * of next month), else the first.
 */
export function currentBucket(m: ScorecardMetric, today: string): ScorecardBucket | null {
  const started = m.buckets.filter((b) => b.periodStart <= today);
  return started[started.length - 1] ?? m.buckets[0] ?? null;
}

/** metric → status of its current bucket, for one scorecard (a cell's colour on the team page). */
export function statusByMetric(card: Scorecard | null | undefined, today: string): Map<string, { status: GoalStatus; bucket: ScorecardBucket }> {
  const out = new Map<string, { status: GoalStatus; bucket: ScorecardBucket }>();
  for (const m of card?.metrics ?? []) {
    const b = currentBucket(m, today);
    if (b) out.set(m.metric, { status: b.status, bucket: b });
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
