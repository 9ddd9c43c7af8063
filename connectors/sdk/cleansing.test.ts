import { FieldReader, MAX_FIELD_BYTES } from './cleansing';

/** Text fields are bounded: PostgreSQL refuses index entries over ~2.7 kB, and one such key would fail the whole run. */
describe('FieldReader text bounds', () => {
  const reader = (fields: Record<string, string>) => new FieldReader({ sourceTz: 'UTC', file: 'f.csv', position: 7 }, (c) => fields[c]);

  it('a field of MAX_FIELD_BYTES bytes is read; one byte more is invalid_value, its value shortened', () => {
    expect(MAX_FIELD_BYTES).toBe(1000);
    const ok = reader({ id: 'a'.repeat(1000) });
    expect(ok.text('id', { required: true })).toBe('a'.repeat(1000));
    expect(ok.reasons).toEqual([]);
    const long = reader({ id: `  ${'b'.repeat(1001)}  ` });
    expect(long.text('id', { required: true })).toBeNull();
    expect(long.reasons).toEqual([
      { code: 'invalid_value', field: 'id', value: `${'b'.repeat(40)}…`, message: `f.csv:7: field id = "${'b'.repeat(40)}…": is longer than 1000 bytes` },
    ]);
  });

  it('whole numbers stay within PostgreSQL integers; decimals within the field size', () => {
    const f = reader({ a: '2147483647', b: '2147483648', c: `1${'0'.repeat(1000)}` });
    expect(f.int('a', { min: 0 })).toBe(2147483647);
    expect(f.int('b', { min: 0 })).toBeNull();
    expect(f.decimal('c', { min: 0 })).toBeNull();
    expect(f.reasons.map((r) => r.message)).toEqual(['f.csv:7: field b = "2147483648": must be between 0 and 2147483647', `f.csv:7: field c = "1${'0'.repeat(39)}…": is longer than 1000 bytes`]);
  });

  it('counts UTF-8 bytes, not characters; free text may opt out; emails are bounded too', () => {
    const f = reader({ name: 'ż'.repeat(501), comment: 'c'.repeat(5000), email: `${'e'.repeat(1000)}@example.com` });
    expect(f.text('name')).toBeNull(); // 1002 bytes
    expect(f.text('comment', { maxBytes: null })).toBe('c'.repeat(5000));
    expect(f.email('email')).toBeNull();
    expect(f.reasons.map((r) => [r.code, r.field])).toEqual([
      ['invalid_value', 'name'],
      ['invalid_value', 'email'],
    ]);
  });
});
