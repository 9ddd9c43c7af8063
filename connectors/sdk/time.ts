/**
 * ISO-8601 parsing for cleansing, with no date library: an instant with an offset
 * (`Z`, `+02:00`, `-0500`) is exact; one without is wall-clock time in the source
 * zone, converted with Intl (correct across DST changes).
 */
import { zoneFormat } from '../../src/canonical/dates';

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function validYmd(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** A calendar date `YYYY-MM-DD`, or null when it is not a real date. */
export function parseIsoDate(text: string): string | null {
  const m = DATE.exec(text);
  if (!m) return null;
  return validYmd(+m[1], +m[2], +m[3]) ? text : null;
}

function formatter(zone: string): Intl.DateTimeFormat {
  return zoneFormat('sdk-instant', zone, { hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** Offset of `zone` from UTC at `epochMs`, in ms (positive east of Greenwich). */
export function zoneOffsetMs(zone: string, epochMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const parts = formatter(zone).formatToParts(new Date(epochMs));
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** Epoch ms of a wall-clock time in `zone`. In a DST gap the later offset applies; in an overlap the earlier instant. */
export function wallClockToEpoch(zone: string, wallUtcMs: number): number {
  const o1 = zoneOffsetMs(zone, wallUtcMs);
  const guess = wallUtcMs - o1;
  const o2 = zoneOffsetMs(zone, guess);
  if (o1 === o2) return guess;
  const alt = wallUtcMs - o2;
  return zoneOffsetMs(zone, alt) === o2 ? Math.min(guess, alt) : Math.max(guess, alt);
}

/** Epoch ms of an ISO-8601 instant, or null when the text is not one (or names an impossible date). */
export function parseInstant(text: string, sourceTz: string): number | null {
  const m = INSTANT.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi] = [+m[1], +m[2], +m[3], +m[4], +m[5]];
  const s = m[6] ? +m[6] : 0;
  if (!validYmd(y, mo, d) || h > 23 || mi > 59 || s > 59) return null;
  const ms = m[7] ? Math.floor(Number(`0.${m[7]}`) * 1000) : 0;
  const wall = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const off = m[8];
  if (off === undefined) return wallClockToEpoch(sourceTz, wall);
  if (off === 'Z' || off === 'z') return wall;
  const om = /^([+-])(\d{2}):?(\d{2})?$/.exec(off)!;
  const oh = +om[2];
  const omin = om[3] ? +om[3] : 0;
  if (oh > 23 || omin > 59) return null;
  const sign = om[1] === '+' ? 1 : -1;
  return wall - sign * (oh * 60 + omin) * 60000;
}
