import { Cte, Expr, FromItem, Select, Statement, Union } from './ast';

/** SQL text and its `$n` parameters, ready for `pg`. */
export interface RenderedSql {
  sql: string;
  params: unknown[];
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Binding strength, loosest first (after PostgreSQL's operator precedence table).
 * Comparisons, `@>` and IS … share one level and are never chained without
 * parentheses, so their relative order in PostgreSQL never matters here.
 */
const PRECEDENCE: Record<string, number> = { OR: 1, AND: 2, '=': 4, '<>': 4, '<': 4, '<=': 4, '>': 4, '>=': 4, '@>': 4, 'IS NOT DISTINCT FROM': 4, '+': 5, '-': 5, '*': 6, '/': 6 };
/** NOT sits between AND and the comparisons. */
const NOT_PRECEDENCE = 3;
/** Unary minus binds tighter than any binary operator (but looser than `::`). */
const NEG_PRECEDENCE = 7;

function ident(name: string): string {
  if (!IDENT.test(name)) throw new Error(`refusing to render identifier ${JSON.stringify(name)}`);
  return name;
}

/**
 * Renders a statement for PostgreSQL. Each parameter becomes `$n::type`; equal
 * parameters share one number, so a reviewer sees `$3` for "the time zone"
 * wherever it is used.
 */
export function render(stmt: Statement): RenderedSql {
  const params: unknown[] = [];
  const index = new Map<string, number>();
  const p = (value: unknown, type: string): string => {
    const key = `${type}|${JSON.stringify(value)}`;
    let n = index.get(key);
    if (n === undefined) {
      params.push(value);
      n = params.length;
      index.set(key, n);
    }
    return `$${n}::${type}`;
  };

  const expr = (e: Expr, parentPrec = 0): string => {
    switch (e.kind) {
      case 'col':
        return e.table ? `${ident(e.table)}.${ident(e.name)}` : ident(e.name);
      case 'param':
        return p(e.value, e.type);
      case 'null':
        return e.type ? `NULL::${e.type}` : 'NULL';
      case 'star':
        return '*';
      case 'binary': {
        const prec = PRECEDENCE[e.op];
        const s = `${expr(e.l, prec)} ${e.op} ${expr(e.r, prec + 1)}`;
        return prec < parentPrec || (prec === 4 && parentPrec === 4) ? `(${s})` : s;
      }
      case 'not': {
        const s = `NOT ${expr(e.e, NOT_PRECEDENCE)}`;
        return parentPrec > NOT_PRECEDENCE ? `(${s})` : s;
      }
      case 'neg': {
        // `-` followed by an operand that itself starts with `-` would read `--`, which
        // starts a comment: such an operand is parenthesised.
        const inner = expr(e.e, NEG_PRECEDENCE);
        return inner.startsWith('-') ? `-(${inner})` : `-${inner}`;
      }
      case 'isNull': {
        const s = `${expr(e.e, 5)} IS ${e.not ? 'NOT ' : ''}NULL`;
        return parentPrec >= 4 ? `(${s})` : s;
      }
      case 'call': {
        const args = e.args.length === 1 && e.args[0].kind === 'star' ? '*' : e.args.map((a) => expr(a)).join(', ');
        const named = e.named ? `${ident(e.named)} => ` : '';
        const s = `${e.fn}(${e.distinct ? 'DISTINCT ' : ''}${named}${args})`;
        return e.filter ? `${s} FILTER (WHERE ${expr(e.filter)})` : s;
      }
      case 'case':
        return `CASE ${e.whens.map((w) => `WHEN ${expr(w.when)} THEN ${expr(w.then)}`).join(' ')}${e.else ? ` ELSE ${expr(e.else)}` : ''} END`;
      case 'cast':
        return `(${expr(e.e)})::${e.type}`;
      case 'any': {
        const s = `${expr(e.e, 5)} ${e.not ? '<> ALL' : '= ANY'} (${expr(e.array)})`;
        return parentPrec >= 4 ? `(${s})` : s;
      }
      case 'atTimeZone':
        return `(${expr(e.e, 8)} AT TIME ZONE ${expr(e.zone, 8)})`;
      case 'index':
        return `(${expr(e.array)})[${expr(e.index)}]`;
      case 'exists':
        return `EXISTS (${inline(e.query)})`;
      case 'in': {
        const s = `${expr(e.e, 5)} ${e.not ? 'NOT IN' : 'IN'} (${e.list.map((x) => expr(x)).join(', ')})`;
        return parentPrec >= 4 ? `(${s})` : s;
      }
      case 'inQuery': {
        const s = `${expr(e.e, 5)} IN (${inline(e.query)})`;
        return parentPrec >= 4 ? `(${s})` : s;
      }
    }
  };

  /** A subquery inside an expression, on one line. */
  const inline = (q: Select): string => selectText(q, '').trim().replace(/\s*\n\s*/g, ' ');

  const from = (f: FromItem, pad: string): string =>
    f.kind === 'table' ? `${ident(f.name)} ${ident(f.as)}` : `(\n${queryText(f.query, pad + '  ')}${pad}) ${ident(f.as)}`;

  const selectText = (s: Select, pad: string): string => {
    const lines: string[] = [];
    const head = `SELECT ${s.distinct ? 'DISTINCT ' : ''}${s.distinctOn.length ? `DISTINCT ON (${s.distinctOn.map((x) => expr(x)).join(', ')}) ` : ''}`;
    lines.push(`${pad}${head}${s.columns.map((c) => (c.as ? `${expr(c.expr)} AS ${ident(c.as)}` : expr(c.expr))).join(`,\n${pad}       `)}`);
    if (s.from) lines.push(`${pad}  FROM ${from(s.from, pad + '  ')}`);
    for (const j of s.joins) lines.push(`${pad}  ${j.type} JOIN ${from(j.from, pad + '  ')} ON ${expr(j.on)}`);
    if (s.where) lines.push(`${pad} WHERE ${expr(s.where)}`);
    if (s.groupBy.length) lines.push(`${pad} GROUP BY ${s.groupBy.map((g) => expr(g)).join(', ')}`);
    if (s.orderBy.length) {
      lines.push(`${pad} ORDER BY ${s.orderBy.map((o) => `${expr(o.expr)}${o.desc ? ' DESC' : ''}${o.nullsLast ? ' NULLS LAST' : ' NULLS FIRST'}`).join(', ')}`);
    }
    if (s.limit) lines.push(`${pad} LIMIT ${expr(s.limit)}`);
    return lines.join('\n') + '\n';
  };

  const queryText = (q: Select | Union, pad: string): string =>
    q.kind === 'select' ? selectText(q, pad) : q.queries.map((s) => selectText(s, pad)).join(`${pad}UNION ALL\n`);

  // A comment never ends early: line breaks and other control characters in a
  // description (which may quote a caller's value) are flattened, so nothing can
  // escape the `--`, and no NUL can cut the statement text short.
  const comments = (lines: string[], pad: string) => lines.map((l) => `${pad}-- ${l.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')}\n`).join('');
  const cte = (c: Cte) => `${comments(c.comment, '')}${ident(c.name)} AS (\n${queryText(c.query, '  ')})`;

  let sql = comments(stmt.comment, '');
  if (stmt.ctes.length) sql += `WITH\n${stmt.ctes.map(cte).join(',\n')}\n`;
  sql += selectText(stmt.body, '');
  return { sql, params };
}
