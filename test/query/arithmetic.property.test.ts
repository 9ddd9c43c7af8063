import fc from 'fast-check';
import { bin, call, Expr, item, nul, param, select } from '../../src/query/sql/ast';
import { render } from '../../src/query/sql/render';
import { useDatabase } from '../support/useDatabase';

/**
 * Property: any arithmetic expression the compiler can build (numbers, + - * /,
 * unary minus, nullif-protected division, coalesce, NULL) renders to SQL that
 * PostgreSQL reads as the same expression. Each generated tree is rendered,
 * run, and compared with an exact evaluation in TypeScript over rationals.
 */
const db = useDatabase('arith');

/** An exact rational n/d (d > 0), or null (SQL NULL). */
type Q = { n: bigint; d: bigint } | null;

const abs = (x: bigint) => (x < 0n ? -x : x);
const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? abs(a) : gcd(b, a % b));
const q = (n: bigint, d: bigint): Q => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
/** A decimal string such as "-12.05" as an exact rational. */
const fromDecimal = (s: string): Q => {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s.trim());
  if (!m) throw new Error(`not a decimal: ${s}`);
  const frac = m[3] ?? '';
  return q(BigInt(`${m[1]}${m[2]}${frac}`), 10n ** BigInt(frac.length));
};

type Node =
  | { k: 'num'; cents: number }
  | { k: 'null' }
  | { k: 'neg'; e: Node }
  | { k: 'op'; op: '+' | '-' | '*'; l: Node; r: Node }
  | { k: 'div'; l: Node; r: Node }
  | { k: 'coalesce'; l: Node; r: Node };

const decimal = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

const { node } = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(fc.constantFrom(0, -100, 100, -1), fc.integer({ min: -5000, max: 5000 })).map((cents): Node => ({ k: 'num', cents })),
    fc.constant<Node>({ k: 'null' }),
    tie('node').map((e): Node => ({ k: 'neg', e: e as Node })),
    fc.tuple(fc.constantFrom('+', '-', '*') as fc.Arbitrary<'+' | '-' | '*'>, tie('node'), tie('node')).map(([op, l, r]): Node => ({ k: 'op', op, l: l as Node, r: r as Node })),
    fc.tuple(tie('node'), tie('node')).map(([l, r]): Node => ({ k: 'div', l: l as Node, r: r as Node })),
    fc.tuple(tie('node'), tie('node')).map(([l, r]): Node => ({ k: 'coalesce', l: l as Node, r: r as Node })),
  ),
}));

/** The SQL syntax tree the compiler would build (valueToSql's shapes). */
function toExpr(n: Node): Expr {
  switch (n.k) {
    case 'num':
      return param(decimal(n.cents), 'numeric');
    case 'null':
      return nul('numeric');
    case 'neg':
      return { kind: 'neg', e: toExpr(n.e) };
    case 'op':
      return bin(n.op, toExpr(n.l), toExpr(n.r));
    case 'div':
      return bin('/', toExpr(n.l), call('nullif', toExpr(n.r), param('0', 'numeric')));
    case 'coalesce':
      return call('coalesce', toExpr(n.l), toExpr(n.r));
  }
}

/** Exact value, and the largest magnitude met on the way (the scale of rounding error). */
function evaluate(n: Node, mag: { m: number }): Q {
  const seen = (v: Q): Q => {
    if (v) mag.m = Math.max(mag.m, Math.abs(Number(v.n) / Number(v.d)));
    return v;
  };
  switch (n.k) {
    case 'num':
      return seen(fromDecimal(decimal(n.cents)));
    case 'null':
      return null;
    case 'neg': {
      const v = evaluate(n.e, mag);
      return v && q(-v.n, v.d);
    }
    case 'op': {
      const l = evaluate(n.l, mag);
      const r = evaluate(n.r, mag);
      if (!l || !r) return null;
      if (n.op === '*') return seen(q(l.n * r.n, l.d * r.d));
      const sign = n.op === '+' ? 1n : -1n;
      return seen(q(l.n * r.d + sign * r.n * l.d, l.d * r.d));
    }
    case 'div': {
      const l = evaluate(n.l, mag);
      const r = evaluate(n.r, mag);
      if (!l || !r || r.n === 0n) return null; // nullif(r, 0) is NULL, and x / NULL is NULL
      return seen(q(l.n * r.d, l.d * r.n));
    }
    case 'coalesce': {
      const l = evaluate(n.l, mag);
      const r = evaluate(n.r, mag);
      return l ?? r;
    }
  }
}

describe('SQL arithmetic renders unambiguously', () => {
  it('every generated expression means on PostgreSQL what it means in TypeScript', async () => {
    await fc.assert(
      fc.asyncProperty(node, async (n) => {
        const { sql, params } = render({ comment: [], ctes: [], body: select({ columns: [item(toExpr(n), 'v')] }) });
        const [row] = await db.ds.query(sql, params);
        const mag = { m: 1 };
        const expected = evaluate(n, mag);
        const got = row.v === null ? null : fromDecimal(String(row.v));
        if (expected === null || got === null) {
          expect({ got: got && String(row.v), sql }).toEqual({ got: expected === null ? null : expect.anything(), sql });
          return;
        }
        // PostgreSQL numeric is exact except for division, which keeps at least 16
        // significant digits: allow 1e-12 of the largest magnitude met on the way.
        const diff = abs(got.n * expected.d - expected.n * got.d); // |got - expected| × got.d × expected.d
        const tolerance = 1e-12 * mag.m;
        expect({ close: Number(diff) / (Number(got.d) * Number(expected.d)) <= tolerance, sql, got: row.v }).toEqual({ close: true, sql, got: row.v });
      }),
      { numRuns: 300 },
    );
  });

  it('double negation and negated negative numbers', async () => {
    const neg = (e: Expr): Expr => ({ kind: 'neg', e });
    const cases: [Expr, string][] = [
      [neg(neg(param('3', 'numeric'))), '3'],
      [neg(neg(neg(param('-2.5', 'numeric')))), '2.5'],
      [bin('-', param('1', 'numeric'), neg(param('-1', 'numeric'))), '0'],
      [bin('-', neg(param('1', 'numeric')), neg(neg(param('1', 'numeric')))), '-2'],
    ];
    for (const [e, expected] of cases) {
      const { sql, params } = render({ comment: [], ctes: [], body: select({ columns: [item(e, 'v'), item(param('after', 'text'), 'tail')] }) });
      expect(sql).not.toContain('--');
      const [row] = await db.ds.query(sql, params);
      expect(fromDecimal(String(row.v))).toEqual(fromDecimal(expected));
      expect(row.tail).toBe('after'); // nothing after the expression was commented out
    }
  });
});
