import { addDays, IsoDate } from '../canonical';
import { localParts } from '../query/zones';

/** Grains a goal (and so a scorecard bucket) can have (SPEC §6.1). */
export const GOAL_GRAINS = ['DAY', 'WEEK', 'MONTH', 'QUARTER'] as const;
export type GoalGrain = (typeof GOAL_GRAINS)[number];

/** One bucket of a grain: org-chart dates, `end` exclusive, `last` its last day. */
export interface Bucket {
  grain: GoalGrain;
  start: IsoDate;
  end: IsoDate;
  last: IsoDate;
}

const ymd = (d: IsoDate) => d.split('-').map(Number) as [number, number, number];
const iso = (y: number, m: number, d: number): IsoDate => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10);

/** The first day of the bucket that holds `date` (weeks start on Monday, ISO). */
export function bucketStart(date: IsoDate, grain: GoalGrain): IsoDate {
  const [y, m, d] = ymd(date);
  switch (grain) {
    case 'DAY':
      return date;
    case 'WEEK': {
      const dow = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
      return addDays(date, -dow);
    }
    case 'MONTH':
      return iso(y, m, 1);
    case 'QUARTER':
      return iso(y, m - ((m - 1) % 3), 1);
  }
}

/** The first day after the bucket that starts on `start`. */
export function bucketEnd(start: IsoDate, grain: GoalGrain): IsoDate {
  const [y, m, d] = ymd(start);
  switch (grain) {
    case 'DAY':
      return addDays(start, 1);
    case 'WEEK':
      return addDays(start, 7);
    case 'MONTH':
      return iso(y, m + 1, d);
    case 'QUARTER':
      return iso(y, m + 3, d);
  }
}

export function bucketAt(date: IsoDate, grain: GoalGrain): Bucket {
  const start = bucketStart(date, grain);
  const end = bucketEnd(start, grain);
  return { grain, start, end, last: addDays(end, -1) };
}

/** The bucket just before `b`. */
export function previousBucket(b: Bucket): Bucket {
  return bucketAt(addDays(b.start, -1), b.grain);
}

/** Every whole bucket that overlaps the dates [from, to) (to exclusive), in order. */
export function bucketsCovering(from: IsoDate, to: IsoDate, grain: GoalGrain): Bucket[] {
  const out: Bucket[] = [];
  for (let b = bucketAt(from, grain); b.start < to; b = bucketAt(b.end, grain)) out.push(b);
  return out;
}

/** Every date in [from, to). */
export function daysBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let d = from; d < to; d = addDays(d, 1)) out.push(d);
  return out;
}

/**
 * The instant a calendar date starts in a zone (local midnight). Found by
 * correcting a UTC guess with the zone's offset; twice covers a DST change.
 */
export function startOfDayIn(date: IsoDate, zone: string): Date {
  const [y, m, d] = ymd(date);
  const wanted = Date.UTC(y, m - 1, d);
  let t = wanted;
  for (let i = 0; i < 3; i++) {
    const p = localParts(new Date(t), zone);
    const diff = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - wanted;
    if (diff === 0) break;
    t -= diff;
  }
  return new Date(t);
}
