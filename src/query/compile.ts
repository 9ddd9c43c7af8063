import { Sql } from '../canonical';
import { loadRollupCatalog } from '../rollup/build';
import { PlanOptions, planQuery, QueryPlan } from './plan';
import { RollupCatalog } from './rollupPlan';
import { render, RenderedSql } from './sql/render';
import { executeSql } from './execute';
import { attachBenchmarks, benchmarkQuery } from './benchmarks';
import { resolveQuery } from './resolve';
import { planToSql } from './toSql';
import { MetricQuery, MetricResultData, MetricSource, QueryEnv, ResolvedQuery } from './types';

export interface CompiledQuery {
  resolved: ResolvedQuery;
  plan: QueryPlan;
  rendered: RenderedSql;
}

/** resolve → plan → SQL syntax tree → render. Pure: no database. */
export function compileMetricQuery(q: MetricQuery, env: QueryEnv): CompiledQuery {
  const resolved = resolveQuery(q, env);
  const plan = planQuery(resolved, { rollups: env.rollups, forceRaw: env.forceRaw });
  const rendered = render(planToSql(plan));
  return { resolved, plan, rendered };
}

/** Plans and renders an already resolved query. */
export function compileResolved(resolved: ResolvedQuery, opts: PlanOptions = {}): RenderedSql {
  return render(planToSql(planQuery(resolved, opts)));
}

/** Which path answered each branch of a plan. */
export function sourcesOf(plan: QueryPlan): MetricSource[] {
  return plan.branches.map((b) => ({
    fact: b.source.fact.name,
    window: b.role,
    strategy: b.source.strategy,
    table: b.source.rollup ? b.source.rollup.table : b.source.fact.table,
    reason: b.source.reason,
  }));
}

/** The rollup catalog of the database behind `sql` (null where there is none to read). */
export async function catalogOf(sql: Sql): Promise<RollupCatalog | null> {
  try {
    return await loadRollupCatalog(sql);
  } catch {
    return null;
  }
}

/**
 * The rollup catalog, read at most every `ttlMs` (a server shares one: the
 * catalog changes only when rollups are rebuilt or dropped, and a query that then
 * names a table or column that is gone is retried with a fresh catalog, see
 * `isStaleRollupError`).
 */
export class RollupCatalogCache {
  private value: Promise<RollupCatalog | null> | null = null;
  private at = 0;
  constructor(private readonly ttlMs = 10_000) {}
  get(sql: Sql): Promise<RollupCatalog | null> {
    if (!this.value || Date.now() - this.at > this.ttlMs) {
      this.at = Date.now();
      this.value = catalogOf(sql);
    }
    return this.value;
  }
  invalidate(): void {
    this.value = null;
  }
}

/** A query over a rollup that was dropped or rebuilt with other columns since the catalog was read. */
export function isStaleRollupError(e: unknown): boolean {
  const code = (e as { code?: string; driverError?: { code?: string } })?.code ?? (e as { driverError?: { code?: string } })?.driverError?.code;
  return code === '42P01' || code === '42703';
}

/**
 * The whole pipeline: compile, then execute on `sql`; with benchmarks, one more
 * statement per benchmark population, matched to the rows by period and non-org
 * dimensions.
 */
export async function runMetricQuery(sql: Sql, q: MetricQuery, env: QueryEnv): Promise<MetricResultData> {
  if (env.rollups === undefined && !env.forceRaw) env = { ...env, rollups: await catalogOf(sql) };
  const { resolved, rendered, plan } = compileMetricQuery(q, env);
  const opts = { rollups: env.rollups, forceRaw: env.forceRaw };
  const [main, ...benchmarks] = await Promise.all([
    executeSql(sql, rendered, resolved),
    ...resolved.benchmarks.map(async (b) => {
      if (b.population.scope === null) return null;
      const bq = benchmarkQuery(resolved, b.population.scope);
      return (await executeSql(sql, compileResolved(bq, opts), bq)).rows;
    }),
  ]);
  const rows = attachBenchmarks(main.rows, resolved, resolved.benchmarks.map((b, i) => ({ ...b, rows: benchmarks[i] })));
  return {
    truncated: main.truncated,
    rows,
    metrics: resolved.metrics.map((m) => ({ name: m.def.name, version: m.version })),
    query: resolved,
    sql: rendered.sql,
    params: rendered.params,
    sources: sourcesOf(plan),
  };
}
