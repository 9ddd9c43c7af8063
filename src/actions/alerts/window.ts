import { addDays, dateInZone } from '../../canonical';
import { localParts } from '../../query/zones';
import { startOfDayIn } from '../buckets';
import { AlertWindow, AnomalyGrain } from './types';

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/** A threshold rule's window at `now`: [now − N units, now), or [today's local midnight, now). */
export function thresholdWindow(w: AlertWindow, now: Date, zone: string): { from: Date; to: Date } {
  if (w.kind === 'today') return { from: startOfDayIn(dateInZone(now, zone), zone), to: now };
  return { from: new Date(now.getTime() - UNIT_MS[w.unit] * w.amount), to: now };
}

/** The start of the hour that holds `now`, in the zone's local time (zones offset by 30 or 45 minutes included). */
export function localHourStart(now: Date, zone: string): Date {
  const p = localParts(now, zone);
  return new Date(now.getTime() - (p.minute * 60 + p.second) * 1000 - p.ms);
}

/**
 * An anomaly rule's buckets at `now`: the last complete bucket of the grain (the
 * previous local hour, or yesterday) is `observed`; the `periods` buckets before it
 * are the baseline. Returns the query span and each bucket's start instant.
 */
export function anomalyBuckets(grain: AnomalyGrain, periods: number, now: Date, zone: string): { from: Date; to: Date; observed: Date; baseline: Date[] } {
  if (grain === 'HOUR') {
    const to = localHourStart(now, zone);
    const start = (k: number) => new Date(to.getTime() - k * UNIT_MS.hour);
    return { from: start(periods + 1), to, observed: start(1), baseline: Array.from({ length: periods }, (_, i) => start(i + 2)) };
  }
  const today = dateInZone(now, zone);
  const start = (k: number) => startOfDayIn(addDays(today, -k), zone);
  return { from: start(periods + 1), to: start(0), observed: start(1), baseline: Array.from({ length: periods }, (_, i) => start(i + 2)) };
}
