import { ExprSyntaxError, parseExpr, refsOf } from './expr';

describe('definition expressions', () => {
  it('parses precedence, IS NULL, IN, CASE, parameters and calls', () => {
    const e = parseExpr("enqueued_at IS NOT NULL AND NOT handled OR queue_seconds > ${t} * 2");
    expect(e.k).toBe('or');
    expect(refsOf(e).map((r) => r.name)).toEqual(['enqueued_at', 'handled', 'queue_seconds']);
    expect(parseExpr("order_type NOT IN ('upsell', 'cross_sell')")).toMatchObject({ k: 'in', not: true, list: [{ value: 'upsell' }, { value: 'cross_sell' }] });
    expect(parseExpr('CASE WHEN auto_fail THEN 0 ELSE 100 * score / max_score END')).toMatchObject({ k: 'case', else: { k: 'arith', op: '/' } });
    expect(parseExpr('coalesce(a, 0) + -b')).toMatchObject({ k: 'arith', l: { k: 'call', fn: 'coalesce' }, r: { k: 'neg' } });
    expect(parseExpr("name = 'it''s'")).toMatchObject({ r: { k: 'str', value: "it's" } });
  });

  it('reports syntax errors with the character offset', () => {
    const bad = (src: string, at: number, msg: RegExp) => {
      try {
        parseExpr(src);
        throw new Error('parsed');
      } catch (e) {
        expect(e).toBeInstanceOf(ExprSyntaxError);
        expect((e as ExprSyntaxError).at).toBe(at);
        expect((e as Error).message).toMatch(msg);
      }
    };
    bad('a +', 3, /unexpected end/);
    bad('coalesce(a, 0', 13, /expected "\)"/);
    bad('a = $x', 4, /\$\{name\}/);
    bad("a = 'x", 4, /unterminated/);
    bad('a ; b', 2, /unexpected character/);
  });
});
