/** PostgreSQL COPY text format: tab-separated, `\N` for null, backslash escapes. */

const NEEDS_ESCAPE = /[\\\t\n\r]/;

export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') {
    return NEEDS_ESCAPE.test(v) ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : v;
  }
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number') return String(v);
  return copyValue(JSON.stringify(v));
}
