import { DExpr, FactDef, ParamValue } from '../semantic';
import { bin, cast, col, Expr, FnName, nul, param, select, table } from './sql/ast';

/** Translates definition expressions over one fact into SQL nodes (values become parameters). */
export interface ExprContext {
  fact: FactDef;
  alias: string;
  params: Record<string, ParamValue>;
  facts: Map<string, FactDef>;
}

const paramOf = (v: ParamValue): Expr => (typeof v === 'number' ? param(v, 'numeric') : param(v, 'text'));

export function exprToSql(e: DExpr, ctx: ExprContext): Expr {
  const go = (x: DExpr) => exprToSql(x, ctx);
  switch (e.k) {
    case 'num':
      return param(e.value, 'numeric');
    case 'str':
      return param(e.value, 'text');
    case 'bool':
      return param(e.value, 'boolean');
    case 'null':
      return nul();
    case 'param':
      return paramOf(ctx.params[e.name]);
    case 'ref': {
      if (ctx.fact.columns.has(e.name)) return col(ctx.alias, e.name);
      const seg = ctx.fact.segments.get(e.name);
      if (seg) return go(seg.expr);
      const c = ctx.fact.computed.get(e.name);
      if (c) {
        const other = ctx.facts.get(c.fact)!;
        const o = ctx.alias === 'o' ? 'o2' : 'o';
        const inner: ExprContext = { fact: other, alias: o, params: ctx.params, facts: ctx.facts };
        const conds: Expr[] = c.match.map((m) => bin('=', col(o, m.other), col(ctx.alias, m.self)));
        if (c.where) conds.push(exprToSql(c.where.expr, inner));
        if (c.after) {
          const self = col(ctx.alias, c.after.self);
          const secs = cast(bin('*', go(c.after.withinHours.expr), param(3600, 'numeric')), 'float8');
          conds.push(bin('>', col(o, c.after.other), self));
          conds.push(bin('<=', col(o, c.after.other), bin('+', self, { kind: 'call', fn: 'make_interval', args: [secs], named: 'secs' })));
        }
        return {
          kind: 'exists',
          query: select({ columns: [{ expr: { kind: 'star' }, as: null }], from: table(other.table, o), where: conds.reduce((a, b) => bin('AND', a, b)) }),
        };
      }
      throw new Error(`unknown name ${e.name} (definitions were not validated?)`);
    }
    case 'and':
      return bin('AND', go(e.l), go(e.r));
    case 'or':
      return bin('OR', go(e.l), go(e.r));
    case 'cmp':
      return bin(e.op, go(e.l), go(e.r));
    case 'arith':
      return bin(e.op, go(e.l), go(e.r));
    case 'not':
      return { kind: 'not', e: go(e.e) };
    case 'neg':
      return { kind: 'neg', e: go(e.e) };
    case 'isnull':
      return { kind: 'isNull', e: go(e.e), not: e.not };
    case 'in':
      return { kind: 'in', e: go(e.e), list: e.list.map(go), not: e.not };
    case 'case':
      return { kind: 'case', whens: e.whens.map((w) => ({ when: go(w.when), then: go(w.then) })), else: e.else ? go(e.else) : null };
    case 'call':
      return { kind: 'call', fn: e.fn as FnName, args: e.args.map(go) };
  }
}
