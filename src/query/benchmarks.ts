import { Dimension, ValueExpr } from '../semantic';
import { isCountLike } from './toSql';
import { BenchmarkKind, BenchmarkPopulation, EmployeeScope, MetricRow, ResolvedQuery } from './types';

/**
 * Benchmarks (SPEC §7): next to each row, the same metrics over a population
 * the caller may compare with but not look into: their current team's subtree
 * (TEAM) or the whole center (CENTER), computed over everyone in it whatever
 * the caller's own scope.
 *
 * A benchmark answers the row's question for the population: same metrics,
 * window, grain, time zone, comparison, and the same non-org dimensions
 * (product, product category, channel, queue) and filters on them. The org
 * dimensions and filters (team, employee, role, site), `underTeam` and
 * `teamLevel` are what the population replaces, so they are dropped.
 */
export const ORG_DIMENSIONS: readonly Dimension[] = ['TEAM', 'EMPLOYEE', 'ROLE', 'SITE'];

/** The query that computes one benchmark: the caller's, over the population instead of the caller's scope. */
export function benchmarkQuery(q: ResolvedQuery, scope: EmployeeScope): ResolvedQuery {
  return {
    ...q,
    dimensions: q.dimensions.filter((d) => !ORG_DIMENSIONS.includes(d)),
    filters: q.filters.filter((f) => !ORG_DIMENSIONS.includes(f.dimension)),
    teamLevel: null,
    underTeam: null,
    orderBy: [],
    limit: null,
    scope,
    benchmarks: [],
  };
}

/** A metric's value over no facts, as the SQL would compute it: counts and sums 0, ratios over 0 null. */
export function valueOverNothing(v: ValueExpr): number | null {
  switch (v.k) {
    case 'num':
      return v.value;
    case 'measure':
      return isCountLike(v.m.agg) ? 0 : null;
    case 'neg': {
      const x = valueOverNothing(v.e);
      return x === null ? null : -x;
    }
    case 'arith': {
      const l = valueOverNothing(v.l);
      const r = valueOverNothing(v.r);
      if (l === null || r === null) return null;
      if (v.op === '/') return r === 0 ? null : l / r;
      return v.op === '+' ? l + r : v.op === '-' ? l - r : l * r;
    }
  }
}

/** A row's benchmark key: its period and non-org dimension values. */
function keyOf(r: MetricRow, dims: readonly Dimension[]): string {
  const v: Record<Dimension, string | null> = {
    TEAM: r.teamId,
    EMPLOYEE: r.employeeId,
    ROLE: r.role,
    SITE: r.site,
    PRODUCT: r.productSku,
    PRODUCT_CATEGORY: r.productCategory,
    CHANNEL: r.channel,
    QUEUE: r.queue,
  };
  return JSON.stringify([r.period?.toISOString() ?? null, ...dims.map((d) => v[d])]);
}

/**
 * Gives each row its benchmarks, in the asked order. A row whose key the
 * population has no facts for gets what the metrics give over no facts (0 for
 * counts and sums, null for ratios), as any other empty bucket would.
 */
export function attachBenchmarks(
  rows: MetricRow[],
  q: ResolvedQuery,
  computed: { kind: BenchmarkKind; population: BenchmarkPopulation; rows: MetricRow[] | null }[],
): MetricRow[] {
  if (q.benchmarks.length === 0) return rows;
  const dims = q.dimensions.filter((d) => !ORG_DIMENSIONS.includes(d));
  const nulls = q.metrics.map(() => null);
  const empty = q.metrics.map((m) => valueOverNothing(m.value));
  const indexed = computed.map((c) => ({ ...c, byKey: new Map((c.rows ?? []).map((r) => [keyOf(r, dims), r])) }));
  return rows.map((row) => ({
    ...row,
    benchmarks: indexed.map((c) => {
      // No population (no current team): null. A key the population has no facts for: the empty values.
      const hit = c.rows === null ? null : c.byKey.get(keyOf(row, dims));
      return {
        kind: c.kind,
        teamId: c.population.teamId,
        values: c.rows === null ? nulls : (hit?.values ?? empty),
        previousValues: q.compare ? (c.rows === null ? nulls : (hit?.previousValues ?? empty)) : null,
      };
    }),
  }));
}
