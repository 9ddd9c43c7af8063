import { formatLoc } from '../errors';
import { DExpr, refsOf } from '../expr';
import { didYouMean } from '../typecheck';
import { MetricDef } from '../types';
import { RuleContext } from './context';

function arithmeticOnly(e: DExpr): boolean {
  switch (e.k) {
    case 'ref':
    case 'num':
      return true;
    case 'arith':
      return arithmeticOnly(e.l) && arithmeticOnly(e.r);
    case 'neg':
      return arithmeticOnly(e.e);
    default:
      return false;
  }
}

/** Derived formulas use + - * / over their own measures and other metrics, and never refer back to themselves. */
export function formulas(ctx: RuleContext): void {
  for (const m of ctx.metrics) {
    if (!m.formula) continue;
    if (!arithmeticOnly(m.formula.expr)) ctx.errors.error(m.formula.loc, `metric ${m.name}: formula may use only numbers, names, + - * / and parentheses`);
    for (const r of refsOf(m.formula.expr)) {
      if (m.measures.has(r.name)) continue;
      if (!ctx.metricByName.has(r.name)) {
        const s = didYouMean(r.name, [...m.measures.keys(), ...ctx.metricByName.keys()]);
        ctx.errors.error({ ...m.formula.loc, col: m.formula.loc.col + r.at }, `metric ${m.name}: formula: unknown metric or measure \`${r.name}\`${s ? ` (did you mean \`${s}\`?)` : ''}`);
      }
    }
  }
  // Cycles: depth-first over formula references between metrics.
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const deps = (m: MetricDef) => (m.formula ? refsOf(m.formula.expr).map((r) => r.name).filter((n) => !m.measures.has(n) && ctx.metricByName.has(n)) : []);
  const visit = (m: MetricDef, stack: MetricDef[]) => {
    const s = state.get(m.name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...stack.slice(stack.findIndex((x) => x.name === m.name)), m];
      const key = cycle.map((c) => c.name).sort().join(',');
      if (!reported.has(key)) {
        reported.add(key);
        ctx.errors.error(m.formula?.loc ?? m.loc, `metric ${m.name}: cycle in derived metrics: ${cycle.map((c) => c.name).join(' -> ')} (${cycle.slice(0, -1).map((c) => `${c.name} at ${formatLoc(c.loc)}`).join(', ')})`);
      }
      return;
    }
    state.set(m.name, 'visiting');
    for (const d of deps(m)) visit(ctx.metricByName.get(d)!, [...stack, m]);
    state.set(m.name, 'done');
  };
  for (const m of ctx.metrics) visit(m, []);
}
