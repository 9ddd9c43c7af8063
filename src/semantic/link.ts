import crypto from 'crypto';
import { DExpr, refsOf } from './expr';
import { measuresOf, paramsFor } from './rules';
import { BoundMeasure, CompiledMetric, Dimension, DIMENSIONS, FactDef, MeasureDef, MetricDef, ValueExpr } from './types';

/** Canonical JSON (sorted keys) so the hash does not depend on key order or formatting. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function bind(metric: MetricDef, m: MeasureDef, fact: FactDef): BoundMeasure {
  const params = Object.fromEntries([...paramsFor(metric, fact)].sort(([a], [b]) => a.localeCompare(b)));
  const text = `${m.agg}(${m.expr?.text ?? '*'})${m.where ? ` where ${m.where.text}` : ''}`;
  return {
    fact: m.fact,
    agg: m.agg,
    expr: m.expr?.expr ?? null,
    where: m.where?.expr ?? null,
    params,
    key: canonical([m.fact, m.agg, m.expr?.text ?? null, m.where?.text ?? null, params]),
    text: `${m.fact}: ${text}`,
  };
}

function factsOfValue(v: ValueExpr, out: Set<string>): Set<string> {
  if (v.k === 'measure') out.add(v.m.fact);
  else if (v.k === 'arith') {
    factsOfValue(v.l, out);
    factsOfValue(v.r, out);
  } else if (v.k === 'neg') factsOfValue(v.e, out);
  return out;
}

/** Facts a fact's definition leans on (computed columns, employee via another fact). */
function relatedFacts(fact: FactDef, facts: Map<string, FactDef>, out: Set<string>): Set<string> {
  if (out.has(fact.name)) return out;
  out.add(fact.name);
  const next = [...fact.computed.values()].map((c) => c.fact);
  if (fact.employee?.kind === 'via') next.push(fact.employee.fact);
  for (const n of next) {
    const f = facts.get(n);
    if (f) relatedFacts(f, facts, out);
  }
  return out;
}

/**
 * Linking: validated definitions → compiled metrics (the value as arithmetic over
 * bound measures, the facts used, the dimensions shared by those facts, and a
 * content-hash version covering the metric, its facts and the metrics it uses).
 * Assumes the rules passed.
 */
export function link(facts: Map<string, FactDef>, metrics: Map<string, MetricDef>): Map<string, CompiledMetric> {
  const out = new Map<string, CompiledMetric>();
  const compile = (metric: MetricDef): CompiledMetric => {
    const done = out.get(metric.name);
    if (done) return done;
    const b = (m: MeasureDef): ValueExpr => ({ k: 'measure', m: bind(metric, m, facts.get(m.fact)!) });
    let value: ValueExpr;
    const deps: string[] = [];
    if (metric.type === 'simple') value = b(metric.measure!);
    else if (metric.type === 'ratio') {
      value = { k: 'arith', op: '/', l: b(metric.numerator!), r: b(metric.denominator!) };
      if (metric.scale !== 1) value = { k: 'arith', op: '*', l: { k: 'num', value: metric.scale }, r: value };
    } else {
      const toValue = (e: DExpr): ValueExpr => {
        switch (e.k) {
          case 'num':
            return { k: 'num', value: e.value };
          case 'neg':
            return { k: 'neg', e: toValue(e.e) };
          case 'arith':
            return { k: 'arith', op: e.op, l: toValue(e.l), r: toValue(e.r) };
          case 'ref': {
            const own = metric.measures.get(e.name);
            if (own) return b(own);
            deps.push(e.name);
            return compile(metrics.get(e.name)!).value;
          }
          default:
            throw new Error(`formula node ${e.k} not allowed`);
        }
      };
      value = toValue(metric.formula!.expr);
      refsOf(metric.formula!.expr);
    }
    const used = factsOfValue(value, new Set());
    const dimensions = DIMENSIONS.filter((d: Dimension) => [...used].every((f) => facts.get(f)!.dimensions.includes(d)));
    const related = new Set<string>();
    for (const f of used) relatedFacts(facts.get(f)!, facts, related);
    const version = crypto
      .createHash('sha256')
      .update(
        canonical({
          metric: metric.content,
          facts: [...related].sort().map((f) => facts.get(f)!.content),
          uses: [...new Set(deps)].sort().map((d) => [d, out.get(d)!.version]),
        }),
      )
      .digest('hex')
      .slice(0, 16);
    const compiled: CompiledMetric = { def: metric, value, facts: [...used].sort(), dimensions, version };
    out.set(metric.name, compiled);
    return compiled;
  };
  for (const m of metrics.values()) compile(m);
  void measuresOf;
  return out;
}
