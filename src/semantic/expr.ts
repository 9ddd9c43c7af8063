/**
 * The small expression language of definition files: filters (`where`), measure
 * expressions and derived-metric formulas. It is parsed into a tree, never pasted
 * into SQL: every identifier is checked against the manifest and every literal
 * becomes a `$n` parameter.
 *
 *   expr    := or
 *   or      := and ("OR" and)*
 *   and     := not ("AND" not)*
 *   not     := "NOT" not | cmp
 *   cmp     := add (op add | "IS" ["NOT"] "NULL" | ["NOT"] "IN" "(" literal ("," literal)* ")")?
 *   add     := mul (("+" | "-") mul)*
 *   mul     := unary (("*" | "/") unary)*
 *   unary   := "-" unary | primary
 *   primary := number | 'string' | TRUE | FALSE | NULL | ${param} | name | name "(" args ")"
 *            | "(" expr ")" | CASE (WHEN expr THEN expr)+ [ELSE expr] END
 */

export type CmpOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type ArithOp = '+' | '-' | '*' | '/';

export type DExpr =
  | { k: 'ref'; name: string; at: number }
  | { k: 'param'; name: string; at: number }
  | { k: 'num'; value: number }
  | { k: 'str'; value: string }
  | { k: 'bool'; value: boolean }
  | { k: 'null' }
  | { k: 'and' | 'or'; l: DExpr; r: DExpr }
  | { k: 'cmp'; op: CmpOp; l: DExpr; r: DExpr }
  | { k: 'arith'; op: ArithOp; l: DExpr; r: DExpr }
  | { k: 'not'; e: DExpr }
  | { k: 'neg'; e: DExpr }
  | { k: 'isnull'; e: DExpr; not: boolean }
  | { k: 'in'; e: DExpr; list: DExpr[]; not: boolean }
  | { k: 'case'; whens: { when: DExpr; then: DExpr }[]; else: DExpr | null }
  | { k: 'call'; fn: string; args: DExpr[]; at: number };

/** Functions a definition may call (all map 1:1 to PostgreSQL). */
export const FUNCTIONS = ['coalesce', 'greatest', 'least', 'abs', 'round'] as const;

export class ExprSyntaxError extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

type Tok =
  | { t: 'num'; v: number; at: number }
  | { t: 'str'; v: string; at: number }
  | { t: 'id'; v: string; at: number }
  | { t: 'param'; v: string; at: number }
  | { t: 'op'; v: string; at: number }
  | { t: 'eof'; at: number };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /^[0-9]*\.?[0-9]+([eE][-+]?[0-9]+)?/.exec(src.slice(i))!;
      out.push({ t: 'num', v: Number(m[0]), at: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i))!;
      out.push({ t: 'id', v: m[0], at: i });
      i += m[0].length;
    } else if (c === "'") {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= src.length) throw new ExprSyntaxError('unterminated string', i);
        if (src[j] === "'") {
          if (src[j + 1] === "'") {
            s += "'";
            j += 2;
            continue;
          }
          break;
        }
        s += src[j++];
      }
      out.push({ t: 'str', v: s, at: i });
      i = j + 1;
    } else if (c === '$') {
      const m = /^\$\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}/.exec(src.slice(i));
      if (!m) throw new ExprSyntaxError('a parameter is written ${name}', i);
      out.push({ t: 'param', v: m[1], at: i });
      i += m[0].length;
    } else {
      const two = src.slice(i, i + 2);
      if (['<=', '>=', '<>', '!='].includes(two)) {
        out.push({ t: 'op', v: two === '!=' ? '<>' : two, at: i });
        i += 2;
      } else if ('=<>+-*/(),'.includes(c)) {
        out.push({ t: 'op', v: c, at: i });
        i++;
      } else {
        throw new ExprSyntaxError(`unexpected character ${JSON.stringify(c)}`, i);
      }
    }
  }
  out.push({ t: 'eof', at: src.length });
  return out;
}

const KEYWORDS = new Set(['and', 'or', 'not', 'is', 'null', 'in', 'true', 'false', 'case', 'when', 'then', 'else', 'end']);

/** Parses an expression; throws ExprSyntaxError with the character offset. */
export function parseExpr(src: string): DExpr {
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isKw = (kw: string) => peek().t === 'id' && (peek() as { v: string }).v.toLowerCase() === kw;
  const isOp = (op: string) => peek().t === 'op' && (peek() as { v: string }).v === op;
  const describe = (t: Tok) => (t.t === 'eof' ? 'end of expression' : JSON.stringify(src.slice(t.at, t.at + 12).split(' ')[0]));
  const expectOp = (op: string) => {
    if (!isOp(op)) throw new ExprSyntaxError(`expected "${op}" but found ${describe(peek())}`, peek().at);
    p++;
  };
  const expectKw = (kw: string) => {
    if (!isKw(kw)) throw new ExprSyntaxError(`expected ${kw.toUpperCase()} but found ${describe(peek())}`, peek().at);
    p++;
  };

  const or = (): DExpr => {
    let l = and();
    while (isKw('or')) {
      p++;
      l = { k: 'or', l, r: and() };
    }
    return l;
  };
  const and = (): DExpr => {
    let l = not();
    while (isKw('and')) {
      p++;
      l = { k: 'and', l, r: not() };
    }
    return l;
  };
  const not = (): DExpr => {
    if (isKw('not')) {
      p++;
      return { k: 'not', e: not() };
    }
    return cmp();
  };
  const cmp = (): DExpr => {
    const l = add();
    const t = peek();
    if (t.t === 'op' && ['=', '<>', '<', '<=', '>', '>='].includes(t.v)) {
      p++;
      return { k: 'cmp', op: t.v as CmpOp, l, r: add() };
    }
    if (isKw('is')) {
      p++;
      let neg = false;
      if (isKw('not')) {
        p++;
        neg = true;
      }
      expectKw('null');
      return { k: 'isnull', e: l, not: neg };
    }
    let neg = false;
    if (isKw('not') && toks[p + 1]?.t === 'id' && (toks[p + 1] as { v: string }).v.toLowerCase() === 'in') {
      p++;
      neg = true;
    }
    if (isKw('in')) {
      p++;
      expectOp('(');
      const list = [primary()];
      while (isOp(',')) {
        p++;
        list.push(primary());
      }
      expectOp(')');
      return { k: 'in', e: l, list, not: neg };
    }
    return l;
  };
  const add = (): DExpr => {
    let l = mul();
    while (isOp('+') || isOp('-')) {
      const op = (toks[p++] as { v: string }).v as ArithOp;
      l = { k: 'arith', op, l, r: mul() };
    }
    return l;
  };
  const mul = (): DExpr => {
    let l = unary();
    while (isOp('*') || isOp('/')) {
      const op = (toks[p++] as { v: string }).v as ArithOp;
      l = { k: 'arith', op, l, r: unary() };
    }
    return l;
  };
  const unary = (): DExpr => {
    if (isOp('-')) {
      p++;
      return { k: 'neg', e: unary() };
    }
    return primary();
  };
  const primary = (): DExpr => {
    const t = peek();
    if (t.t === 'num') {
      p++;
      return { k: 'num', value: t.v };
    }
    if (t.t === 'str') {
      p++;
      return { k: 'str', value: t.v };
    }
    if (t.t === 'param') {
      p++;
      return { k: 'param', name: t.v, at: t.at };
    }
    if (isOp('(')) {
      p++;
      const e = or();
      expectOp(')');
      return e;
    }
    if (t.t === 'id') {
      const lower = t.v.toLowerCase();
      if (lower === 'true' || lower === 'false') {
        p++;
        return { k: 'bool', value: lower === 'true' };
      }
      if (lower === 'null') {
        p++;
        return { k: 'null' };
      }
      if (lower === 'case') {
        p++;
        const whens: { when: DExpr; then: DExpr }[] = [];
        while (isKw('when')) {
          p++;
          const when = or();
          expectKw('then');
          whens.push({ when, then: or() });
        }
        if (whens.length === 0) throw new ExprSyntaxError('CASE needs at least one WHEN', peek().at);
        let otherwise: DExpr | null = null;
        if (isKw('else')) {
          p++;
          otherwise = or();
        }
        expectKw('end');
        return { k: 'case', whens, else: otherwise };
      }
      if (KEYWORDS.has(lower)) throw new ExprSyntaxError(`unexpected ${t.v.toUpperCase()}`, t.at);
      p++;
      if (isOp('(')) {
        p++;
        const args: DExpr[] = [];
        if (!isOp(')')) {
          args.push(or());
          while (isOp(',')) {
            p++;
            args.push(or());
          }
        }
        expectOp(')');
        return { k: 'call', fn: lower, args, at: t.at };
      }
      return { k: 'ref', name: t.v, at: t.at };
    }
    throw new ExprSyntaxError(`unexpected ${describe(t)}`, t.at);
  };

  const e = or();
  if (peek().t !== 'eof') throw new ExprSyntaxError(`unexpected ${describe(peek())}`, peek().at);
  return e;
}

/** Every identifier an expression refers to. */
export function refsOf(e: DExpr, out: { name: string; at: number }[] = []): { name: string; at: number }[] {
  switch (e.k) {
    case 'ref':
      out.push({ name: e.name, at: e.at });
      break;
    case 'and':
    case 'or':
    case 'cmp':
    case 'arith':
      refsOf(e.l, out);
      refsOf(e.r, out);
      break;
    case 'not':
    case 'neg':
    case 'isnull':
      refsOf(e.e, out);
      break;
    case 'in':
      refsOf(e.e, out);
      e.list.forEach((x) => refsOf(x, out));
      break;
    case 'case':
      e.whens.forEach((w) => {
        refsOf(w.when, out);
        refsOf(w.then, out);
      });
      if (e.else) refsOf(e.else, out);
      break;
    case 'call':
      e.args.forEach((a) => refsOf(a, out));
      break;
    default:
      break;
  }
  return out;
}
