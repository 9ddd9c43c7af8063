import { isIsoDate } from '../canonical';
import { didYouMean, DIMENSIONS, Dimension } from '../semantic';
import { ATTRIBUTIONS, BENCHMARKS, COMPARES, GRAINS, MetricQuery, MetricQueryError, QueryEnv, ResolvedQuery, Shift } from './types';
import { isValidTimeZone } from '../canonical';
import { wholeDaysBetween, wholeMonthsBetween } from './zones';

export const MAX_LIMIT = 100000;

function instant(v: Date | string, field: string): Date {
  const d = v instanceof Date ? v : new Date(v);
  if (Number.isNaN(d.getTime())) throw new MetricQueryError(`${field}: not a valid instant: ${JSON.stringify(v)}`);
  return d;
}

/**
 * Stage 1, resolve: checks the caller's query against the manifest and turns
 * names into definitions. Every refusal is a MetricQueryError (BAD_USER_INPUT)
 * that says what to change.
 */
export function resolveQuery(q: MetricQuery, env: QueryEnv): ResolvedQuery {
  if (!q.metrics || q.metrics.length === 0) throw new MetricQueryError('metrics: name at least one metric');
  const metrics = q.metrics.map((name) => {
    const m = env.manifest.metrics.get(name);
    if (!m) {
      const s = didYouMean(name, env.manifest.metrics.keys());
      throw new MetricQueryError(`unknown metric "${name}"${s ? `; did you mean "${s}"?` : ''} (the catalog lists every metric: query \`metrics\`)`);
    }
    return m;
  });
  const dimensions = [...new Set(q.dimensions ?? [])];
  for (const d of dimensions) if (!DIMENSIONS.includes(d)) throw new MetricQueryError(`unknown dimension ${d}`);
  const filters = q.filters ?? [];
  const checkSupported = (d: Dimension, how: string) => {
    for (const m of metrics) {
      if (!m.dimensions.includes(d)) {
        throw new MetricQueryError(
          `metric "${m.def.name}" does not support dimension ${d}${how}; it supports ${m.dimensions.join(', ')}`,
        );
      }
    }
  };
  for (const d of dimensions) checkSupported(d, '');
  for (const f of filters) {
    if (!DIMENSIONS.includes(f.dimension)) throw new MetricQueryError(`filters: unknown dimension ${f.dimension}`);
    if (!f.values || f.values.length === 0) throw new MetricQueryError(`filters: ${f.dimension}: give at least one value`);
    checkSupported(f.dimension, ' (in filters)');
  }

  if (q.grain && !GRAINS.includes(q.grain)) throw new MetricQueryError(`grain: must be one of ${GRAINS.join(', ')}`);
  const from = instant(q.from, 'from');
  const to = instant(q.to, 'to');
  if (!(from < to)) throw new MetricQueryError('from must be earlier than to (from is inclusive, to exclusive)');
  const timezone = q.timezone ?? 'UTC';
  if (!isValidTimeZone(timezone)) throw new MetricQueryError(`timezone: unknown IANA time zone ${JSON.stringify(timezone)} (for example America/New_York)`);

  const mode = q.attribution ?? 'AS_WAS';
  if (!ATTRIBUTIONS.includes(mode)) throw new MetricQueryError(`attribution: must be one of ${ATTRIBUTIONS.join(', ')}`);
  let attribution: ResolvedQuery['attribution'];
  if (mode === 'AS_OF') {
    if (!q.asOf || !isIsoDate(q.asOf)) throw new MetricQueryError('attribution AS_OF needs asOf: a date such as 2026-03-01');
    attribution = { mode, asOf: q.asOf };
  } else {
    if (q.asOf) throw new MetricQueryError(`asOf is only used with attribution AS_OF (got ${mode})`);
    attribution = mode === 'AS_IS' ? { mode, today: env.today } : { mode };
  }

  const teamLevel = q.teamLevel ?? null;
  if (teamLevel !== null && (!Number.isInteger(teamLevel) || teamLevel < 1)) throw new MetricQueryError('teamLevel: a whole number ≥ 1 (roots are 1)');
  const needsOrg = teamLevel !== null || q.underTeam;
  if (needsOrg) for (const m of metrics) if (!m.dimensions.includes('TEAM')) throw new MetricQueryError(`metric "${m.def.name}" does not support dimension TEAM (teamLevel/underTeam)`);

  const orderBy = (q.orderBy ?? []).map((o) => {
    const desc = (o.direction ?? 'ASC') === 'DESC';
    if (o.field.toLowerCase() === 'period') return { key: { kind: 'period' as const }, desc };
    const dim = o.field.toUpperCase() as Dimension;
    if (DIMENSIONS.includes(dim)) {
      if (!dimensions.includes(dim)) throw new MetricQueryError(`orderBy: ${dim} is not among the query's dimensions`);
      return { key: { kind: 'dimension' as const, dimension: dim }, desc };
    }
    const index = q.metrics.indexOf(o.field);
    if (index < 0) throw new MetricQueryError(`orderBy: ${JSON.stringify(o.field)} is not period, a dimension of the query, or one of its metrics`);
    return { key: { kind: 'metric' as const, index }, desc };
  });

  const limit = q.limit ?? null;
  if (limit !== null && (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)) throw new MetricQueryError(`limit: a whole number from 1 to ${MAX_LIMIT}`);

  let compare: ResolvedQuery['compare'] = null;
  if (q.compare) {
    if (!COMPARES.includes(q.compare)) throw new MetricQueryError(`compare: must be one of ${COMPARES.join(', ')}`);
    let shift: Shift;
    if (q.compare === 'PREVIOUS_YEAR') {
      // Weeks compare with the same ISO week a year earlier (52 weeks), so Mondays stay Mondays.
      shift = q.grain === 'WEEK' ? { unit: 'days', n: 364 } : { unit: 'months', n: 12 };
    } else {
      const months = wholeMonthsBetween(from, to, timezone);
      const days = wholeDaysBetween(from, to, timezone);
      shift = months !== null && months > 0 ? { unit: 'months', n: months } : days !== null ? { unit: 'days', n: days } : { unit: 'secs', n: (to.getTime() - from.getTime()) / 1000 };
    }
    compare = { mode: q.compare, shift };
  }

  const benchmarks = [...new Set(q.benchmarks ?? [])].map((kind) => {
    if (!BENCHMARKS.includes(kind)) throw new MetricQueryError(`benchmarks: must be among ${BENCHMARKS.join(', ')}`);
    const population = env.benchmarks?.[kind] ?? (kind === 'CENTER' ? { teamId: null, scope: { kind: 'all' as const } } : { teamId: null, scope: null });
    return { kind, population };
  });

  return {
    metrics,
    facts: env.manifest.facts,
    dimensions: DIMENSIONS.filter((d) => dimensions.includes(d)),
    grain: q.grain ?? null,
    from,
    to,
    timezone,
    orgTimezone: env.orgTimezone,
    attribution,
    teamLevel,
    underTeam: q.underTeam ?? null,
    filters,
    orderBy,
    limit,
    compare,
    scope: env.scope ?? { kind: 'all' },
    benchmarks,
  };
}
