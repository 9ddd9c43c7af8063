import { bin, col, param, select, table, item, call, nul } from './ast';
import { render } from './render';

describe('SQL renderer', () => {
  it('numbers parameters, reuses equal ones, and casts them', () => {
    const r = render({
      comment: ['a plan node'],
      ctes: [],
      body: select({
        columns: [item(col('f', 'a')), item(call('coalesce', col('f', 'b'), param(0, 'numeric')), 'b')],
        from: table('t', 'f'),
        where: bin('AND', bin('=', col('f', 'x'), param('v', 'text')), bin('<>', col('f', 'y'), param('v', 'text'))),
      }),
    });
    expect(r.sql).toBe('-- a plan node\nSELECT f.a,\n       coalesce(f.b, $1::numeric) AS b\n  FROM t f\n WHERE f.x = $2::text AND f.y <> $2::text\n');
    expect(r.params).toEqual([0, 'v']);
  });

  it('parenthesises by precedence', () => {
    const r = render({ comment: [], ctes: [], body: select({ columns: [item(bin('*', bin('+', col(null, 'a'), col(null, 'b')), nul()))] }) });
    expect(r.sql).toBe('SELECT (a + b) * NULL\n');
  });

  it('never writes `--` for a double negation, and parenthesises NOT and IN under a comparison', () => {
    const neg = (e: Parameters<typeof bin>[1]) => ({ kind: 'neg' as const, e });
    const one = (e: Parameters<typeof bin>[1]) => render({ comment: [], ctes: [], body: select({ columns: [item(e)] }) }).sql;
    expect(one(neg(neg(col(null, 'x'))))).toBe('SELECT -(-x)\n');
    expect(one(neg(neg(neg(param(1, 'numeric')))))).toBe('SELECT -(-(-$1::numeric))\n');
    expect(one(bin('-', col(null, 'a'), neg(col(null, 'b'))))).toBe('SELECT a - -b\n');
    expect(one(bin('=', { kind: 'not', e: col(null, 'a') }, col(null, 'b')))).toBe('SELECT (NOT a) = b\n');
    expect(one({ kind: 'isNull', e: { kind: 'not', e: col(null, 'a') }, not: false })).toBe('SELECT (NOT a) IS NULL\n');
  });

  it('refuses identifiers that are not plain names', () => {
    expect(() => render({ comment: [], ctes: [], body: select({ columns: [item(col(null, 'a; DROP TABLE x'))] }) })).toThrow(/refusing/);
  });

  it('keeps comments on one line', () => {
    expect(render({ comment: ['x\n DROP TABLE y'], ctes: [], body: select({ columns: [item(col(null, 'a'))] }) }).sql).toBe('-- x  DROP TABLE y\nSELECT a\n');
    // A NUL would end the statement text sent to PostgreSQL (a C string) inside the comment.
    expect(render({ comment: ['team A1\u0000\u2028x'], ctes: [], body: select({ columns: [item(col(null, 'a'))] }) }).sql).toBe('-- team A1 x\nSELECT a\n');
  });
});
