import crypto from 'crypto';
import type { RollupCatalog } from '../query/rollupPlan';
import { BoundMeasure, DExpr, FactDef, Manifest, measuresOfValue, ParamValue } from '../semantic';

/**
 * What the rollups hold, derived from the metric manifest: per fact, the bucket
 * keys and the additive components (counts and sums) of every measure that can be
 * re-aggregated exactly. Never a ratio or an average: an average is carried as
 * its sum and its count. `count_distinct`, `min` and `max` have no component and
 * are always answered from raw facts.
 *
 * Buckets: facts timed by an instant are kept per 15-minute UTC slot (every real
 * time zone's offset is a multiple of 15 minutes, so a slot lies within one local
 * hour, half hour and quarter hour, and within one org-chart date); calendar-day
 * facts per day. Keys are the employee (never the team: attribution joins the org
 * versions at query time) and the fact's slicing columns (product, channel, queue).
 */

/** The slot width, in seconds. */
export const SLOT_SECONDS = 900;

export type ComponentKind = 'count' | 'sum';

export interface RollupComponent {
  /** Column of the rollup table: `c_` and a hash of the key. */
  column: string;
  /** Canonical JSON of [fact, kind, expr text, where text, params]. */
  key: string;
  kind: ComponentKind;
  /** The measure it is computed from (for its expression, filter and parameters). */
  measure: BoundMeasure;
}

export interface RollupFactDef {
  fact: FactDef;
  table: string;
  /** `slot`: 15-minute slots of an instant column; `day`: the fact's date column. */
  time: 'slot' | 'day';
  /** Rollup column holding the bucket time: `slot`, or the fact's date column. */
  timeColumn: string;
  /** Slicing columns kept as keys (same names as in the fact table). */
  dimColumns: string[];
  components: RollupComponent[];
}

/** The components a measure is re-aggregated from, or null when it has none (not additive). */
export function componentsOf(m: BoundMeasure): { kind: ComponentKind; key: string }[] | null {
  const [fact, agg, expr, where, params] = JSON.parse(m.key) as [string, string, string | null, string | null, Record<string, ParamValue>];
  const key = (kind: ComponentKind) => JSON.stringify([fact, kind, expr, where, params]);
  if (agg === 'count') return [{ kind: 'count', key: key('count') }];
  if (agg === 'sum') return [{ kind: 'sum', key: key('sum') }];
  // avg = sum(expr) / count(expr): numeric_avg divides exactly these two.
  if (agg === 'avg') return [{ kind: 'sum', key: key('sum') }, { kind: 'count', key: key('count') }];
  return null;
}

export const componentColumn = (key: string) => `c_${crypto.createHash('sha256').update(key).digest('hex').slice(0, 16)}`;

/** The rollup of every fact that some metric measures additively. */
export function rollupDefs(manifest: Manifest): RollupFactDef[] {
  const byFact = new Map<string, RollupFactDef>();
  for (const metric of [...manifest.metrics.values()].sort((a, b) => a.def.name.localeCompare(b.def.name))) {
    for (const m of measuresOfValue(metric.value, [])) {
      const comps = componentsOf(m);
      if (!comps) continue;
      const fact = manifest.facts.get(m.fact)!;
      let def = byFact.get(fact.name);
      if (!def) {
        const dims = [...new Set([...(fact.product ? [fact.product] : []), ...Object.values(fact.dimensionColumns).filter((c): c is string => !!c)])];
        def = {
          fact,
          table: `rollup_${fact.name}`,
          time: fact.time.kind === 'day' ? 'day' : 'slot',
          timeColumn: fact.time.kind === 'day' ? fact.time.column : 'slot',
          dimColumns: dims,
          components: [],
        };
        byFact.set(fact.name, def);
      }
      for (const c of comps) {
        if (def.components.some((x) => x.key === c.key)) continue;
        // The measure carries the component's expression: for a count derived from an avg, count(expr).
        def.components.push({ column: componentColumn(c.key), key: c.key, kind: c.kind, measure: m });
      }
    }
  }
  return [...byFact.values()].sort((a, b) => a.fact.name.localeCompare(b.fact.name));
}

/** A constant number from an expression over literals and parameters, else null. */
export function constantOf(e: DExpr, params: Record<string, ParamValue>): number | null {
  switch (e.k) {
    case 'num':
      return e.value;
    case 'param': {
      const v = params[e.name];
      return typeof v === 'number' ? v : null;
    }
    case 'neg': {
      const x = constantOf(e.e, params);
      return x === null ? null : -x;
    }
    case 'arith': {
      const l = constantOf(e.l, params);
      const r = constantOf(e.r, params);
      if (l === null || r === null) return null;
      if (e.op === '+') return l + r;
      if (e.op === '-') return l - r;
      if (e.op === '*') return l * r;
      return r === 0 ? null : l / r;
    }
    default:
      return null;
  }
}

/** The catalog the rollups of a manifest would have (what the database holds once they are built). */
export function catalogOfManifest(manifest: Manifest): RollupCatalog {
  return {
    facts: new Map(rollupDefs(manifest).map((d) => [d.fact.name, { table: d.table, time: d.time, components: new Map(d.components.map((c) => [c.key, c.column])) }])),
  };
}
