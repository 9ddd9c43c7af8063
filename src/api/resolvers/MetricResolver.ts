import { GraphQLError } from 'graphql';
import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { dateInZone } from '../../canonical';
import { isStaleRollupError, MetricQueryError, runMetricQuery } from '../../query';
import { CompiledMetric, FactDef, loadManifestOrThrow, recordDefinitionVersions } from '../../semantic';
import { ApiContext } from '../context';
import { Employee, Product, Team } from '../types/org';
import { MetricBenchmark, MetricDefinition, MetricQueryInput, MetricResult, MetricRow } from '../types/metric';
import { boundedLimit, LIMITS, LIST_LIMITS } from '../limits';
import { plainTeamId } from '../teamRef';
import { employeeFor } from './OrgResolver';

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function toDefinition(m: CompiledMetric, facts: Map<string, FactDef>): MetricDefinition {
  const params = new Map<string, string | number>();
  for (const f of m.facts) for (const [k, v] of facts.get(f)!.parameters) params.set(k, v);
  for (const [k, v] of m.def.parameters) params.set(k, v);
  return Object.assign(new MetricDefinition(), {
    name: m.def.name,
    label: m.def.label,
    description: m.def.description.trim(),
    unit: m.def.unit,
    format: m.def.format,
    direction: m.def.direction,
    owner: m.def.owner,
    type: m.def.type,
    facts: m.facts,
    dimensions: m.dimensions,
    version: m.version,
    parameters: [...params].map(([name, value]) => ({ name, value: String(value) })),
    file: m.def.file,
  });
}

/** `metricData` and the metrics catalog (SPEC §5). */
@Resolver(() => MetricRow)
export class MetricResolver {
  @Query(() => [MetricDefinition], { description: 'The metrics catalog: every certified KPI definition.' })
  metrics(): MetricDefinition[] {
    const manifest = loadManifestOrThrow();
    return [...manifest.metrics.values()].map((m) => toDefinition(m, manifest.facts));
  }

  @Query(() => MetricDefinition, { nullable: true, description: 'One metric definition by name; null when there is none.' })
  metric(@Arg('name', () => String) name: string): MetricDefinition | null {
    const manifest = loadManifestOrThrow();
    const m = manifest.metrics.get(name);
    return m ? toDefinition(m, manifest.facts) : null;
  }

  @Query(() => MetricResult, {
    nullable: true,
    // Each benchmark is one more statement over the facts.
    complexity: ({ args, childComplexity }) => LIMITS.metricDataCost * (1 + (args.query?.benchmarks?.length ?? 0)) + childComplexity,
    description: "Metric values sliced by time and dimensions (SPEC §4.3, §5), over the caller's scope (SPEC §7): rows outside it never leave the database.",
  })
  async metricData(@Ctx() ctx: ApiContext, @Arg('query', () => MetricQueryInput) query: MetricQueryInput): Promise<MetricResult> {
    const manifest = loadManifestOrThrow();
    await recordDefinitionVersions(ctx.ds, manifest);
    const limit = boundedLimit('limit', query.limit ?? LIST_LIMITS.metricRows.default, LIST_LIMITS.metricRows.max, 1);
    const [scope, benchmarks] = await Promise.all([ctx.scope(), query.benchmarks?.length ? ctx.benchmarks() : undefined]);
    let data;
    try {
      const metricQuery = {
        ...query,
        limit,
        underTeam: query.underTeam ? plainTeamId(query.underTeam) : query.underTeam,
        filters: query.filters?.map((f) => ({
          dimension: f.dimension,
          values: f.dimension === 'TEAM' ? f.values.map(plainTeamId) : f.values,
          exclude: f.exclude,
        })),
        orderBy: query.orderBy?.map((o) => ({ field: o.field, direction: o.direction })),
      };
      const rollups = ctx.rollupCatalogs ? await ctx.rollupCatalogs.get(ctx.sql) : undefined;
      const env = { manifest, orgTimezone: ctx.config.orgTimezone, today: ctx.today, scope, benchmarks, rollups };
      const run = async () => {
        try {
          return await runMetricQuery(ctx.sql, metricQuery, env);
        } catch (e) {
          // The rollups were dropped or rebuilt since the shared catalog was read: read it again, once.
          if (!ctx.rollupCatalogs || !isStaleRollupError(e)) throw e;
          ctx.rollupCatalogs.invalidate();
          return runMetricQuery(ctx.sql, metricQuery, { ...env, rollups: await ctx.rollupCatalogs.get(ctx.sql) });
        }
      };
      // The cache keys on the resolved query, the scope and the data versions (src/query/cache.ts).
      data = ctx.resultCache ? await ctx.resultCache.run(ctx.sql, metricQuery, env, run, ctx.dataVersions) : { ...(await run()), cached: false };
    } catch (e) {
      if (e instanceof MetricQueryError) throw badInput(e.message);
      throw e;
    }
    const q = data.query;
    // The org-chart date of each bucket, once per bucket (a result has many rows per period).
    const asWasDates = new Map<number, string>();
    const asWas = (at: Date) => {
      let d = asWasDates.get(at.getTime());
      if (d === undefined) asWasDates.set(at.getTime(), (d = dateInZone(at, q.orgTimezone)));
      return d;
    };
    const rows = data.rows.map((r) => {
      const teamAsOf =
        q.attribution.mode === 'AS_OF'
          ? q.attribution.asOf
          : q.attribution.mode === 'AS_IS'
            ? q.attribution.today
            : asWas(r.period ?? new Date(q.to.getTime() - 1));
      // A new object per row (the stored result may be the cache's, shared), built in one step.
      const row = Object.assign(new MetricRow(), r);
      row.benchmarks = r.benchmarks?.map((b) => Object.assign(new MetricBenchmark(), b, { teamAsOf: ctx.today })) ?? null;
      row.teamAsOf = teamAsOf;
      return row;
    });
    return Object.assign(new MetricResult(), {
      rows,
      rowCount: rows.length,
      truncated: data.truncated,
      metrics: q.metrics.map((m) => ({ name: m.def.name, version: m.version, label: m.def.label, unit: m.def.unit, format: m.def.format })),
      timezone: q.timezone,
      attribution: q.attribution.mode,
      cached: data.cached,
      sources: data.sources.map((x) => ({ fact: x.fact, window: x.window, path: x.strategy, table: x.table, reason: x.reason })),
    });
  }

  @FieldResolver(() => Team, { nullable: true, description: 'The team as it stood on the attribution date (for AS_WAS: the bucket start).' })
  async team(@Root() row: MetricRow, @Ctx() ctx: ApiContext): Promise<Team | null> {
    if (!row.teamId) return null;
    const t = await ctx.loaders.team.load({ id: row.teamId, asOf: row.teamAsOf });
    if (t) return Team.from(t, row.teamAsOf);
    const now = await ctx.loaders.team.load({ id: row.teamId, asOf: ctx.today });
    return now ? Team.from(now, ctx.today) : null;
  }

  @FieldResolver(() => Employee, { nullable: true })
  async employee(@Root() row: MetricRow, @Ctx() ctx: ApiContext): Promise<Employee | null> {
    if (!row.employeeId) return null;
    const e = await ctx.loaders.employee.load(row.employeeId);
    return e ? employeeFor(ctx, e) : null;
  }

  @FieldResolver(() => Product, { nullable: true })
  async product(@Root() row: MetricRow, @Ctx() ctx: ApiContext): Promise<Product | null> {
    if (!row.productSku) return null;
    const p = await ctx.loaders.product.load(row.productSku);
    return p ? Product.from(p) : Object.assign(new Product(), { sku: row.productSku, name: null, category: null });
  }
}

/** The team of a TEAM benchmark, as it stands today (the population is today's subtree). */
@Resolver(() => MetricBenchmark)
export class MetricBenchmarkResolver {
  @FieldResolver(() => Team, { nullable: true })
  async team(@Root() b: MetricBenchmark, @Ctx() ctx: ApiContext): Promise<Team | null> {
    if (!b.teamId) return null;
    const t = await ctx.loaders.team.load({ id: b.teamId, asOf: b.teamAsOf });
    return t ? Team.from(t, b.teamAsOf) : null;
  }
}
