import crypto from 'crypto';
import { DExpr, refsOf } from './expr';
import { paramsFor } from './rules';
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

/** The measures a metric's value expression reads, in order (repeats kept). */
export function measuresOfValue(v: ValueExpr, out: BoundMeasure[]): BoundMeasure[] {
  if (v.k === 'measure') out.push(v.m);
  else if (v.k === 'arith') {
    measuresOfValue(v.l, out);
    measuresOfValue(v.r, out);
  } else if (v.k === 'neg') measuresOfValue(v.e, out);
  return out;
}

function factsOfValue(v: ValueExpr, out: Set<string>): Set<string> {
  if (v.k === 'measure') out.add(v.m.fact);
  else if (v.k === 'arith') {
    factsOfValue(v.l, out);
    factsOfValue(v.r, out);
  } else if (v.k === 'neg') factsOfValue(v.e, out);
  return out;
}

/**
 * Facts a measure leans on besides its own: those of the computed columns it
 * uses (directly or through segments), and the fact its employee comes through.
 */
function relatedFacts(m: BoundMeasure, facts: Map<string, FactDef>, out: Set<string>): Set<string> {
  const fact = facts.get(m.fact)!;
  out.add(fact.name);
  if (fact.employee?.kind === 'via') out.add(fact.employee.fact);
  const seen = new Set<string>();
  const walk = (e: DExpr | null) => {
    if (!e) return;
    for (const r of refsOf(e)) {
      if (seen.has(r.name)) continue;
      seen.add(r.name);
      const seg = fact.segments.get(r.name);
      if (seg) walk(seg.expr);
      const c = fact.computed.get(r.name);
      if (c) out.add(c.fact);
    }
  };
  walk(m.expr);
  walk(m.where);
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
    }
    const used = factsOfValue(value, new Set());
    const dimensions = DIMENSIONS.filter((d: Dimension) => [...used].every((f) => facts.get(f)!.dimensions.includes(d)));
    const related = new Set<string>();
    for (const bm of measuresOfValue(value, [])) relatedFacts(bm, facts, related);
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
  return out;
}

/**
 * Every fact a compiled metric reads: its measures' facts, the facts their computed
 * columns look into (directly or through segments) and the facts employees come
 * through (the result cache depends on all of them).
 */
export function factsReadBy(metric: CompiledMetric, facts: Map<string, FactDef>): string[] {
  const out = new Set<string>();
  for (const bm of measuresOfValue(metric.value, [])) relatedFacts(bm, facts, out);
  return [...out].sort();
}
