import { Sql } from '../canonical';
import { planQuery, QueryPlan } from './plan';
import { render, RenderedSql } from './sql/render';
import { executeSql } from './execute';
import { attachBenchmarks, benchmarkQuery } from './benchmarks';
import { resolveQuery } from './resolve';
import { planToSql } from './toSql';
import { MetricQuery, MetricResultData, QueryEnv, ResolvedQuery } from './types';

export interface CompiledQuery {
  resolved: ResolvedQuery;
  plan: QueryPlan;
  rendered: RenderedSql;
}

/** resolve → plan → SQL syntax tree → render. Pure: no database. */
export function compileMetricQuery(q: MetricQuery, env: QueryEnv): CompiledQuery {
  const resolved = resolveQuery(q, env);
  const plan = planQuery(resolved);
  const rendered = render(planToSql(plan));
  return { resolved, plan, rendered };
}

/** Plans and renders an already resolved query. */
export function compileResolved(resolved: ResolvedQuery): RenderedSql {
  return render(planToSql(planQuery(resolved)));
}

/**
 * The whole pipeline: compile, then execute on `sql`; with benchmarks, one more
 * statement per benchmark population, matched to the rows by period and non-org
 * dimensions.
 */
export async function runMetricQuery(sql: Sql, q: MetricQuery, env: QueryEnv): Promise<MetricResultData> {
  const { resolved, rendered } = compileMetricQuery(q, env);
  const [main, ...benchmarks] = await Promise.all([
    executeSql(sql, rendered, resolved),
    ...resolved.benchmarks.map(async (b) => {
      if (b.population.scope === null) return null;
      const bq = benchmarkQuery(resolved, b.population.scope);
      return (await executeSql(sql, compileResolved(bq), bq)).rows;
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
  };
}
