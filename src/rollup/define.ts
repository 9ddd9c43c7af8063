import crypto from 'crypto';
import { isValidTimeZone } from '../canonical/dates';
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

/**
 * A coarser tier over a slot rollup: the same components summed per employee and
 * local calendar day of one time zone, without the slicing columns. A month of a
 * team dashboard reads one row per agent-day instead of one per agent-slot ×
 * product × channel × queue. It answers a query in that zone whose bounds are its
 * midnights, at DAY grain or coarser (or none), with no product, channel or queue
 * in it, and (AS_WAS) whose org-chart dates are in the same zone.
 */
export interface DayTier {
  zone: string;
  table: string;
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
  /** Day tiers (slot rollups only), one per zone. */
  dayTiers: DayTier[];
}

/**
 * The zones day tiers are built for: UTC, the org time zone
 * (SWITCHBOARD_ORG_TIMEZONE) and any listed in SWITCHBOARD_ROLLUP_DAY_ZONES
 * (comma-separated). The planner still checks, per query, that the zone's offsets
 * in the window are whole quarter hours (else a day would split a slot).
 */
export function rollupDayZones(env: Record<string, string | undefined> = process.env): string[] {
  const listed = (env.SWITCHBOARD_ROLLUP_DAY_ZONES ?? '').split(',').map((z) => z.trim()).filter(Boolean);
  const out: string[] = [];
  for (const z of ['UTC', env.SWITCHBOARD_ORG_TIMEZONE?.trim() || 'UTC', ...listed]) {
    if (out.includes(z)) continue;
    if (!isValidTimeZone(z)) throw new Error(`not a time zone for a rollup day tier: ${JSON.stringify(z)}`);
    out.push(z);
  }
  return out;
}

/** A table name for the day tier of `table` in `zone` (within PostgreSQL's 63 bytes). */
export function dayTierTable(table: string, zone: string): string {
  const slug = zone.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  const name = `${table}_day_${slug}`;
  return name.length <= 50 ? name : `${table}_day_${crypto.createHash('sha256').update(zone).digest('hex').slice(0, 12)}`;
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

/** The rollup of every fact that some metric measures additively (with day tiers in `dayZones`). */
export function rollupDefs(manifest: Manifest, dayZones: string[] = rollupDayZones()): RollupFactDef[] {
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
          dayTiers: fact.time.kind === 'day' ? [] : dayZones.map((zone) => ({ zone, table: dayTierTable(`rollup_${fact.name}`, zone) })),
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
export function catalogOfManifest(manifest: Manifest, dayZones: string[] = rollupDayZones()): RollupCatalog {
  return {
    facts: new Map(
      rollupDefs(manifest, dayZones).map((d) => [d.fact.name, { table: d.table, time: d.time, timeColumn: d.timeColumn, components: new Map(d.components.map((c) => [c.key, c.column])), dayTiers: d.dayTiers }]),
    ),
  };
}
