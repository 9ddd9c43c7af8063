import { didYouMean, typeOf } from '../typecheck';
import { MeasureDef, MetricDef, ParamValue } from '../types';
import { RuleContext } from './context';

export function measuresOf(m: MetricDef): [string, MeasureDef][] {
  const out: [string, MeasureDef][] = [];
  if (m.measure) out.push(['measure', m.measure]);
  if (m.numerator) out.push(['numerator', m.numerator]);
  if (m.denominator) out.push(['denominator', m.denominator]);
  for (const [k, v] of m.measures) out.push([`measures.${k}`, v]);
  return out;
}

/** The parameters a measure sees: its fact's, overridden by the metric's. */
export function paramsFor(metric: MetricDef, fact: { parameters: Map<string, ParamValue> }): Map<string, ParamValue> {
  return new Map([...fact.parameters, ...metric.parameters]);
}

/** Each measure names a known fact; its expression and filter type-check against that fact. */
export function measures(ctx: RuleContext): void {
  for (const metric of ctx.metrics) {
    for (const [where, m] of measuresOf(metric)) {
      const fact = ctx.factByName.get(m.fact);
      if (!fact) {
        const s = didYouMean(m.fact, ctx.factByName.keys());
        ctx.errors.error(m.loc, `metric ${metric.name}: ${where}: unknown fact \`${m.fact}\`${s ? ` (did you mean \`${s}\`?)` : ''}`);
        continue;
      }
      const params = paramsFor(metric, fact);
      if (m.expr) {
        const t = typeOf(m.expr.expr, { fact, params, allowDerived: true, errors: ctx.errors, loc: m.expr.loc, what: `metric ${metric.name}: ${where}.expr` });
        if (t !== null && (m.agg === 'sum' || m.agg === 'avg') && t !== 'number') {
          ctx.errors.error(m.expr.loc, `metric ${metric.name}: ${where}.expr: ${m.agg} needs a number, but \`${m.expr.text}\` is ${t}`);
        }
      }
      if (m.where) {
        const t = typeOf(m.where.expr, { fact, params, allowDerived: true, errors: ctx.errors, loc: m.where.loc, what: `metric ${metric.name}: ${where}.where` });
        if (t !== null && t !== 'boolean') ctx.errors.error(m.where.loc, `metric ${metric.name}: ${where}.where must be true/false, but \`${m.where.text}\` is ${t}`);
      }
    }
  }
}
