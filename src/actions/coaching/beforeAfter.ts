import { addDays, dateInZone, IsoDate, Sql } from '../../canonical';
import { actualKey, ActionEnv, metricActuals } from '../actuals';
import { startOfDayIn } from '../buckets';
import { badInput } from '../errors';
import { countsFacts } from '../workflow/checks';
import { CoachingSession } from './sessions';

export interface ImpactMetric {
  metric: string;
  direction: string;
  version: string;
  before: number | null;
  after: number | null;
  /** after − before; null when either is. */
  difference: number | null;
  /** The difference goes the metric's good way; null without a difference. */
  improved: boolean | null;
}

/**
 * "Before and after" a coaching session: each focus metric over the N days
 * before the session day and the N days after it (the session day itself, when
 * part of the day is before and part after, belongs to neither), the employee's
 * own facts (AS_WAS), from the metrics layer.
 */
export interface CoachingImpact {
  sessionId: string;
  /** The org-chart date the session was held (or is scheduled) on. */
  sessionDate: IsoDate;
  days: number;
  before: { from: IsoDate; to: IsoDate };
  after: { from: IsoDate; to: IsoDate };
  /** The after window has fully passed (its values may still be restated by late data). */
  complete: boolean;
  metrics: ImpactMetric[];
}

export const MAX_IMPACT_DAYS = 180;

export async function coachingImpact(sql: Sql, env: ActionEnv, s: CoachingSession, days: number, now: Date): Promise<CoachingImpact> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_IMPACT_DAYS) throw badInput(`days: 1 to ${MAX_IMPACT_DAYS} (got ${days})`);
  const day = dateInZone(s.completedAt ?? s.scheduledAt, env.orgTimezone);
  const before = { from: addDays(day, -days), to: day };
  const after = { from: addDays(day, 1), to: addDays(day, 1 + days) };
  const window = async (w: { from: IsoDate; to: IsoDate }) =>
    metricActuals(sql, env, { metrics: s.focusMetrics, grain: null, from: w.from, to: w.to, by: ['EMPLOYEE'], employeeIds: [s.employeeId] });
  const [b, a] = [await window(before), await window(after)];
  const metrics = s.focusMetrics.map((name, i): ImpactMetric => {
    const m = env.manifest.metrics.get(name);
    const zero = m && countsFacts(m) ? 0 : null; // a count over no facts is 0, a ratio null (SPEC §4.2)
    const vb = b.get(actualKey(s.employeeId, null))?.[i] ?? zero;
    const va = a.get(actualKey(s.employeeId, null))?.[i] ?? zero;
    const difference = vb === null || va === null ? null : va - vb;
    const direction = m?.def.direction ?? 'higher_is_better';
    return {
      metric: name,
      direction,
      version: m?.version ?? '',
      before: vb,
      after: va,
      difference,
      improved: difference === null || difference === 0 ? (difference === 0 ? false : null) : direction === 'higher_is_better' ? difference > 0 : difference < 0,
    };
  });
  return { sessionId: s.id, sessionDate: day, days, before, after, complete: startOfDayIn(after.to, env.orgTimezone).getTime() <= now.getTime(), metrics };
}

