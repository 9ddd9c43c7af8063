/**
 * Dates as the user picks them (calendar days in the browser's time zone) and the
 * instants metricData wants. The same zone is sent as the query's `timezone`, so a DAY
 * bucket is a day on the user's clock.
 */

export type IsoDate = string; // YYYY-MM-DD

const pad = (n: number) => String(n).padStart(2, '0');

export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function localDate(d: Date): IsoDate {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function todayLocal(now = new Date()): IsoDate {
  return localDate(now);
}

export function isIsoDate(s: string | null | undefined): s is IsoDate {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number);
  const dt = new Date(y, m - 1, d);
  return dt.getFullYear() === y && dt.getMonth() === m - 1 && dt.getDate() === d;
}

export function addDays(date: IsoDate, n: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number);
  return localDate(new Date(y, m - 1, d + n));
}

/** The instant the local day starts (midnight on the browser's clock), as ISO-8601 UTC. */
export function startOfDay(date: IsoDate): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(y, m - 1, d).toISOString();
}

/** A range of whole days, both ends inclusive, as the UI shows it. */
export interface DayRange {
  from: IsoDate;
  to: IsoDate;
}

/** The query window of a day range: `from` inclusive, `to` exclusive (SPEC §4.3). */
export function rangeWindow(r: DayRange): { from: string; to: string } {
  return { from: startOfDay(r.from), to: startOfDay(addDays(r.to, 1)) };
}

/** The last 28 days, today included. */
export function defaultRange(now = new Date()): DayRange {
  const today = todayLocal(now);
  return { from: addDays(today, -27), to: today };
}

/** The range in a URL's search params, falling back to the default for missing or bad values. */
export function rangeFromParams(params: URLSearchParams, now = new Date()): DayRange {
  const d = defaultRange(now);
  const from = params.get('from');
  const to = params.get('to');
  const r = { from: isIsoDate(from) ? from : d.from, to: isIsoDate(to) ? to : d.to };
  return r.from <= r.to ? r : { from: r.to, to: r.from };
}

/** A period instant as the day (or hour) it starts on the user's clock. */
export function periodLabel(period: string | null, grain: 'HOUR' | 'DAY' | 'WEEK' | 'MONTH' | string | null): string {
  if (!period) return 'Whole range';
  const d = new Date(period);
  if (grain === 'HOUR') return `${localDate(d)} ${pad(d.getHours())}:00`;
  if (grain === 'MONTH') return `${d.getFullYear()}-${pad(d.getMonth() + 1)}`;
  return localDate(d);
}
