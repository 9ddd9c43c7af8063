import { IsoDate } from './types';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for an IANA time zone name this runtime knows (UTC, Europe/Paris, …). */
export function isValidTimeZone(zone: string): boolean {
  try {
    zoneFormat('valid', zone, {});
    return true;
  } catch {
    return false;
  }
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * One `Intl.DateTimeFormat` per (use, zone), made once: making one costs ~0.2 ms,
 * using it ~3 µs, and the hot paths (a query's zone check, a result's row dates,
 * a file's instants) ask for the same few zones again and again. `use` names the
 * caller's options. Throws RangeError for a zone the runtime does not know.
 */
export function zoneFormat(use: string, timeZone: string, options: Intl.DateTimeFormatOptions, locale = 'en-US'): Intl.DateTimeFormat {
  const key = `${use}|${timeZone}`;
  let f = zoneFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    if (zoneFormats.size > 1000) zoneFormats.clear();
    zoneFormats.set(key, f);
  }
  return f;
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Instants of the years 1000–9999, where `toISOString` and Intl write the same four-digit year. */
const ISO_MIN = Date.UTC(1000, 0, 1);
const ISO_MAX = Date.UTC(10000, 0, 1);

/** The calendar date of an instant in an IANA zone (the org-chart date, SPEC §4.3). */
export function dateInZone(instant: Date, timeZone: string): IsoDate {
  // UTC needs no formatter (an Intl format costs tens of microseconds, once per result row).
  const t = instant.getTime();
  if (timeZone === 'UTC' && t >= ISO_MIN && t < ISO_MAX) return instant.toISOString().slice(0, 10);
  // en-CA formats as YYYY-MM-DD.
  return zoneFormat('date', timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }, 'en-CA').format(instant);
}

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
