import { ApiContext } from '../api/context';
import { MetricQueryInput, MetricResult } from '../api/types/metric';
import { MetricResolver } from '../api/resolvers/MetricResolver';
import { plainTeamId } from '../api/teamRef';
import { resolveQuery } from '../query';
import { loadManifestOrThrow } from '../semantic';
import { ReceivedChange } from './changeFeed';
import { LiveSource } from './live';
import { queueIntraday, QueueIntradayRow } from './queues';

const HOUR = 3_600_000;
const ORG_KINDS = new Set(['employee_version', 'org_unit_version']);

/** JSON with object keys sorted and null/undefined dropped: equal queries give equal text. */
export function stableJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== null && x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Which changes of one record kind matter: a time window (null = unbounded) and employees (null = any). */
interface Dependency {
  lo: number | null;
  hi: number | null;
  employees: Set<string> | null;
}

function widen(d: Dependency | undefined, n: Dependency): Dependency {
  if (!d) return n;
  return {
    lo: d.lo === null || n.lo === null ? null : Math.min(d.lo, n.lo),
    hi: d.hi === null || n.hi === null ? null : Math.max(d.hi, n.hi),
    employees: d.employees === null || n.employees === null ? null : new Set([...d.employees, ...n.employees]),
  };
}

/** Whether a change event falls inside a dependency. */
export function hits(dep: Dependency | undefined, e: ReceivedChange): boolean {
  if (ORG_KINDS.has(e.kind)) return true; // a reorganization can move any fact
  if (!dep) return false;
  const dayKind = e.from !== null && /^\d{4}-\d{2}-\d{2}$/.test(e.from);
  const from = e.from === null ? -Infinity : Date.parse(e.from) - (dayKind ? 14 * HOUR : 0);
  const to = e.to === null ? Infinity : Date.parse(e.to) + (dayKind ? 38 * HOUR : 0);
  if (dep.hi !== null && from > dep.hi) return false;
  if (dep.lo !== null && to < dep.lo) return false;
  if (dep.employees && e.employees && !e.employees.some((x) => dep.employees!.has(x))) return false;
  return true;
}

/**
 * What a metricData query depends on, by record kind: its metrics' facts inside its
 * window (earlier too with a comparison), and the facts behind their computed
 * columns (has_repeat looks `within_hours` past each contact: a contact up to that
 * long after the window changes it; converted looks at orders of any time). A
 * scoped caller's own facts only depend on their people's changes, unless a
 * benchmark (everyone's values) is asked for.
 */
export function metricDependencies(ctx: ApiContext, query: MetricQueryInput, scopeEmployees: Set<string> | null): Map<string, Dependency> {
  const manifest = loadManifestOrThrow();
  const r = resolveQuery(
    { ...query, underTeam: query.underTeam ? plainTeamId(query.underTeam) : query.underTeam, filters: query.filters?.map((f) => ({ ...f })), orderBy: query.orderBy?.map((o) => ({ ...o })) },
    { manifest, orgTimezone: ctx.config.orgTimezone, today: ctx.today },
  );
  const lo = r.compare ? null : r.from.getTime();
  const hi = r.to.getTime();
  const employees = query.benchmarks?.length ? null : scopeEmployees;
  const deps = new Map<string, Dependency>();
  for (const m of r.metrics) {
    const text = JSON.stringify(m.def);
    for (const f of m.facts) {
      const fact = manifest.facts.get(f);
      const dayFact = fact?.time.kind === 'day';
      deps.set(f, widen(deps.get(f), { lo: lo === null ? null : lo - (dayFact ? 38 * HOUR : 0), hi: hi + (dayFact ? 14 * HOUR : 0), employees }));
      for (const c of fact?.computed.values() ?? []) {
        if (!new RegExp(`\\b${c.name}\\b`).test(text)) continue;
        let within = NaN;
        if (c.after) {
          const t = c.after.withinHours.text.replace(/\$\{(\w+)\}/g, (_, p) => String(fact!.parameters.get(p) ?? m.def.parameters.get(p) ?? ''));
          within = Number(t);
        }
        deps.set(c.fact, widen(deps.get(c.fact), c.after && Number.isFinite(within) ? { lo, hi: hi + within * HOUR, employees: null } : { lo: null, hi: null, employees: null }));
      }
    }
  }
  return deps;
}

/** A live metricData: one evaluation per normalized query and scope. */
export async function metricDataSource(ctx: ApiContext, query: MetricQueryInput): Promise<LiveSource<MetricResult>> {
  const scope = await ctx.scope();
  const benchmarks = query.benchmarks?.length ? await ctx.benchmarks() : null;
  const scopeEmployees =
    scope.kind === 'employee' ? new Set([scope.employeeId]) : scope.kind === 'subtree' && scope.employeeIds ? new Set(scope.employeeIds) : null;
  let deps: Map<string, Dependency> | null = null;
  const resolver = new MetricResolver();
  return {
    field: 'metricDataLive',
    key: `metricDataLive:${stableJson({ query, scope, benchmarks, today: ctx.today })}`,
    evaluate: () => resolver.metricData(ctx, query),
    affects(e) {
      deps ??= metricDependencies(ctx, query, scopeEmployees);
      return hits(deps.get(e.kind), e);
    },
  };
}

/** Re-read intraday queue figures this often even without changes (waits grow, days end). */
export const QUEUE_REFRESH_MS = 30_000;

/** A live queueIntraday: the same for every caller (queue figures are center-level aggregates). */
export function queueIntradaySource(ctx: ApiContext, queues: string[] | null, date: string | null): LiveSource<QueueIntradayRow[]> {
  const read = () => queueIntraday(ctx.sql, { now: ctx.clock(), queues, date, orgTimezone: ctx.config.orgTimezone });
  return {
    field: 'queueIntradayLive',
    key: `queueIntradayLive:${stableJson({ queues: queues ? [...queues].sort() : null, date })}`,
    evaluate: read,
    affects(e) {
      if (e.kind !== 'interaction') return false;
      const base = date ? Date.parse(`${date}T00:00:00Z`) : ctx.clock().getTime();
      return hits({ lo: base - 40 * HOUR, hi: base + 40 * HOUR, employees: null }, e);
    },
    refreshMs: QUEUE_REFRESH_MS,
  };
}
