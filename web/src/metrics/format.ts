/** How a metric's `format` (from its definition) is shown. */
export type MetricFormat = 'integer' | 'decimal' | 'percent' | 'duration' | 'currency' | string;

const LOCALE = 'en-US';
const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const money = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** Shown for a value that is undefined (a ratio over nothing is null, SPEC §4.2). */
export const NO_VALUE = '–';

/** Seconds as m:ss, or h:mm:ss from an hour on. */
export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  const sign = total < 0 ? '-' : '';
  const s = Math.abs(total);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${sign}${h}:${String(m).padStart(2, '0')}:${ss}` : `${sign}${m}:${ss}`;
}

export function formatValue(value: number | null | undefined, format: MetricFormat): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return NO_VALUE;
  switch (format) {
    case 'integer':
      return integer.format(value);
    case 'percent':
      return percent.format(value);
    case 'duration':
      return formatDuration(value);
    case 'currency':
      return money.format(value);
    default:
      return decimal.format(value);
  }
}

/** The change from `previous` to `current`, as a signed relative figure ("+12.5%"), or null. */
export function formatChange(current: number | null, previous: number | null): string | null {
  if (current === null || previous === null || previous === 0) return null;
  const r = (current - previous) / Math.abs(previous);
  return `${r > 0 ? '+' : ''}${percent.format(r)}`;
}
