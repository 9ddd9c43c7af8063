/** Calendar arithmetic in an IANA zone, with Intl only (no dependencies). */
import { zoneFormat } from '../canonical/dates';

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

/** The wall-clock reading of an instant in a zone. */
export function localParts(instant: Date, zone: string): LocalParts {
  const f = zoneFormat('parts', zone, { hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  const parts = Object.fromEntries(f.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    second: Number(parts.second),
    ms: instant.getUTCMilliseconds(),
  };
}

const isMidnight = (p: LocalParts) => p.hour === 0 && p.minute === 0 && p.second === 0 && p.ms === 0;

/** Whole local months between two instants that both start a local month, else null. */
export function wholeMonthsBetween(from: Date, to: Date, zone: string): number | null {
  const a = localParts(from, zone);
  const b = localParts(to, zone);
  if (!isMidnight(a) || !isMidnight(b) || a.day !== 1 || b.day !== 1) return null;
  return b.year * 12 + b.month - (a.year * 12 + a.month);
}

/** Whole local days between two instants that are both local midnights, else null. */
export function wholeDaysBetween(from: Date, to: Date, zone: string): number | null {
  const a = localParts(from, zone);
  const b = localParts(to, zone);
  if (!isMidnight(a) || !isMidnight(b)) return null;
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86400000);
}
