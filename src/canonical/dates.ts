import { IsoDate } from './types';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for an IANA time zone name this runtime knows (UTC, Europe/Paris, …). */
export function isValidTimeZone(zone: string): boolean {
  // Asked on every query: remember the answer (making a formatter costs ~0.2 ms).
  const known = zoneValidity.get(zone);
  if (known !== undefined) return known;
  let ok: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    ok = true;
  } catch {
    ok = false;
  }
  if (zoneValidity.size > 1000) zoneValidity.clear();
  zoneValidity.set(zone, ok);
  return ok;
}
const zoneValidity = new Map<string, boolean>();

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** The calendar date of an instant in an IANA zone (the org-chart date, SPEC §4.3). */
export function dateInZone(instant: Date, timeZone: string): IsoDate {
  // en-CA formats as YYYY-MM-DD. A formatter costs ~0.15 ms to make and ~3 µs to use:
  // one per zone (a metricData result calls this once per row).
  let f = dateFormats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    if (dateFormats.size > 500) dateFormats.clear();
    dateFormats.set(timeZone, f);
  }
  return f.format(instant);
}
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** SQL literal text of the half-open daterange for an inclusive [from, to] (to null = open-ended). */
export function toDateRange(from: IsoDate, to: IsoDate | null): string {
  return to === null ? `[${from},)` : `[${from},${to}]`;
}

/** Inclusive bounds of a PostgreSQL daterange text like `[2026-01-01,2026-03-01)`. */
export function fromDateRange(range: string): { from: IsoDate; to: IsoDate | null } {
  const m = /^\[(\d{4}-\d{2}-\d{2}),(\d{4}-\d{2}-\d{2})?\)$/.exec(range);
  if (!m) throw new Error(`unexpected daterange ${range}`);
  return { from: m[1], to: m[2] ? addDays(m[2], -1) : null };
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}
