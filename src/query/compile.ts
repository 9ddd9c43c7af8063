import { Sql } from '../canonical';
import { planQuery, QueryPlan } from './plan';
import { render, RenderedSql } from './sql/render';
import { executeSql } from './execute';
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

/** The whole pipeline: compile, then execute on `sql`. */
export async function runMetricQuery(sql: Sql, q: MetricQuery, env: QueryEnv): Promise<MetricResultData> {
  const { resolved, rendered } = compileMetricQuery(q, env);
  const rows = await executeSql(sql, rendered, resolved);
  return {
    rows,
    metrics: resolved.metrics.map((m) => ({ name: m.def.name, version: m.version })),
    query: resolved,
    sql: rendered.sql,
    params: rendered.params,
  };
}
