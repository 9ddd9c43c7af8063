import { parseInstant, parseIsoDate } from './time';
import { CleanseContext, Reason, ReasonCode, Rejection } from './types';

/**
 * Reads fields of one raw record with the cleansing every connector applies
 * (SPEC §3): trim, lower-case emails, ISO-8601 timestamps in the source zone,
 * validated numbers and enums. Every problem is collected, so a rejection lists all
 * of them; each message names file, line, field and value.
 */
export class FieldReader {
  readonly reasons: Reason[] = [];

  constructor(private readonly ctx: CleanseContext, private readonly get: (field: string) => unknown) {}

  fail(code: ReasonCode, field: string | null, value: string | null, problem: string): void {
    const where = `${this.ctx.file}:${this.ctx.position}`;
    const what = field === null ? '' : ` field ${field}${value === null ? '' : ` = ${JSON.stringify(value)}`}`;
    this.reasons.push({ code, field, value, message: `${where}:${what}: ${problem}` });
  }

  /** The trimmed text of a field; blank (or absent, or JSON null) becomes null. */
  raw(field: string): string | null {
    const v = this.get(field);
    if (v === undefined || v === null) return null;
    const s = (typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v)).trim();
    return s === '' ? null : s;
  }

  /**
   * The trimmed text of a field, at most `maxBytes` long (UTF-8; default
   * MAX_FIELD_BYTES, which keys and other indexed columns need: PostgreSQL
   * refuses longer index entries). `maxBytes: null` for free text.
   */
  text(field: string, opts: { required: true; maxBytes?: number | null }): string;
  text(field: string, opts?: { required?: boolean; maxBytes?: number | null }): string | null;
  text(field: string, opts: { required?: boolean; maxBytes?: number | null } = {}): string | null {
    const s = this.raw(field);
    if (s === null && opts.required) {
      this.fail('missing_field', field, null, 'is required');
      return '';
    }
    return s === null ? null : this.bounded(field, s, opts.maxBytes === undefined ? MAX_FIELD_BYTES : opts.maxBytes);
  }

  private bounded(field: string, s: string, max: number | null): string | null {
    if (max === null || s.length * 3 <= max || Buffer.byteLength(s) <= max) return s;
    this.fail('invalid_value', field, `${s.slice(0, 40)}…`, `is longer than ${max} bytes`);
    return null;
  }

  email(field: string): string | null {
    const raw = this.raw(field);
    const s = raw === null ? null : this.bounded(field, raw, MAX_FIELD_BYTES);
    if (s === null) return null;
    const e = s.toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) {
      this.fail('invalid_value', field, s, 'is not an email address');
      return null;
    }
    return e;
  }

  /** An instant as epoch ms (NaN when missing or invalid: a reason is recorded). */
  instant(field: string, opts: { required?: boolean } = {}): number | null {
    const s = this.raw(field);
    if (s === null) {
      if (opts.required) this.fail('missing_field', field, null, 'is required');
      return opts.required ? NaN : null;
    }
    const t = parseInstant(s, this.ctx.sourceTz);
    if (t === null) {
      this.fail('invalid_timestamp', field, s, 'is not an ISO-8601 timestamp such as 2026-01-05T14:03:11Z');
      return NaN;
    }
    return t;
  }

  date(field: string, opts: { required?: boolean } = {}): string | null {
    const s = this.raw(field);
    if (s === null) {
      if (opts.required) this.fail('missing_field', field, null, 'is required');
      return null;
    }
    const d = parseIsoDate(s);
    if (d === null) this.fail('invalid_timestamp', field, s, 'is not a date written YYYY-MM-DD');
    return d;
  }

  /** A whole number within [min, max]; max is at most 2147483647 (the integer columns' bound). */
  int(field: string, opts: { required?: boolean; min?: number; max?: number } = {}): number | null {
    const v = this.get(field);
    const s = this.raw(field);
    if (s === null) {
      if (opts.required) this.fail('missing_field', field, null, 'is required');
      return null;
    }
    const n = typeof v === 'number' ? v : /^[+-]?\d+(\.0+)?$/.test(s) ? Number(s) : NaN;
    if (!Number.isSafeInteger(n)) {
      this.fail('invalid_value', field, s, 'is not a whole number');
      return null;
    }
    return this.range(field, s, n, { ...opts, max: Math.min(opts.max ?? MAX_INT, MAX_INT) }) ? n : null;
  }

  /** A decimal number within [min, max], returned as normalized decimal text. */
  decimal(field: string, opts: { required?: boolean; min?: number; max?: number; minExclusive?: boolean } = {}): string | null {
    const s = this.raw(field);
    if (s === null) {
      if (opts.required) this.fail('missing_field', field, null, 'is required');
      return null;
    }
    if (this.bounded(field, s, MAX_FIELD_BYTES) === null) return null;
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) {
      this.fail('invalid_value', field, s, 'is not a number');
      return null;
    }
    const n = Number(s);
    if (opts.minExclusive && opts.min !== undefined && n <= opts.min) {
      this.fail('out_of_range', field, s, `must be greater than ${opts.min}`);
      return null;
    }
    if (!this.range(field, s, n, opts)) return null;
    return normalizeDecimal(s);
  }

  private range(field: string, s: string, n: number, opts: { min?: number; max?: number; minExclusive?: boolean }): boolean {
    if ((opts.min !== undefined && !opts.minExclusive && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
      const bounds =
        opts.min !== undefined && opts.max !== undefined ? `between ${opts.min} and ${opts.max}` : opts.min !== undefined ? `at least ${opts.min}` : `at most ${opts.max}`;
      this.fail('out_of_range', field, s, `must be ${bounds}`);
      return false;
    }
    return true;
  }

  oneOf<T extends string>(field: string, allowed: readonly T[], opts: { required?: boolean; caseInsensitive?: 'lower' | 'upper' } = {}): T | null {
    const s = this.raw(field);
    if (s === null) {
      if (opts.required) this.fail('missing_field', field, null, 'is required');
      return null;
    }
    const v = opts.caseInsensitive === 'lower' ? s.toLowerCase() : opts.caseInsensitive === 'upper' ? s.toUpperCase() : s;
    if (!(allowed as readonly string[]).includes(v)) {
      this.fail('invalid_value', field, s, `must be one of ${allowed.join(', ')}`);
      return null;
    }
    return v as T;
  }

  bool(field: string, fallback: boolean): boolean {
    const s = this.raw(field);
    if (s === null) return fallback;
    const v = s.toLowerCase();
    if (['true', 't', 'yes', 'y', '1'].includes(v)) return true;
    if (['false', 'f', 'no', 'n', '0'].includes(v)) return false;
    this.fail('invalid_value', field, s, 'must be true or false');
    return fallback;
  }

  /** The record, or a rejection carrying every reason collected. */
  result<T>(build: () => T): T | Rejection {
    if (this.reasons.length > 0) return { rejected: true, reasons: this.reasons };
    return build();
  }
}

/** The largest PostgreSQL integer. */
const MAX_INT = 2 ** 31 - 1;

/** The longest text field (bytes of UTF-8) cleansing takes, unless told otherwise (free text). */
export const MAX_FIELD_BYTES = 1000;

/** `007.50` -> `7.5`, `-0` -> `0`: equal numbers get equal text. */
export function normalizeDecimal(s: string): string {
  let t = s.startsWith('+') ? s.slice(1) : s;
  const neg = t.startsWith('-');
  if (neg) t = t.slice(1);
  let [int, frac = ''] = t.split('.');
  int = int.replace(/^0+(?=\d)/, '') || '0';
  frac = frac.replace(/0+$/, '');
  const out = frac ? `${int}.${frac}` : int;
  return neg && out !== '0' ? `-${out}` : out;
}

export function isoInstant(ms: number): string {
  return new Date(ms).toISOString();
}

const CANONICAL_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/**
 * The UTC text of an instant read from `text`: the text itself when it is already
 * canonical (`…Z`, whole seconds or milliseconds), which saves a Date per timestamp
 * on large files; else the instant formatted.
 */
export function instantText(text: string | null, ms: number): string {
  return text !== null && CANONICAL_Z.test(text) ? text : isoInstant(ms);
}
