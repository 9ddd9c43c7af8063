import { BoundMeasure, CompiledMetric, Dimension, FactDef, measuresOfValue, ValueExpr } from '../semantic';
import { chooseSource, RollupCatalog, RollupSource } from './rollupPlan';
import { EmployeeScope, Grain, MetricFilter, ResolvedQuery, Shift } from './types';

/**
 * Stage 2, plan: what to read and how, as explicit nodes. Each node carries a
 * description that the SQL stage writes as a comment, so generated SQL explains
 * itself. The source choice and the predicates are nodes of their own: a rollup
 * (another Source strategy) or an access scope (another Predicate) slots in here
 * without touching the SQL stage's shape.
 */

/**
 * Where a branch reads its facts from: the raw fact table, or the fact's rollup
 * when the result is provably identical (src/query/rollupPlan.ts); `reason` says why.
 */
export interface SourceNode {
  kind: 'Source';
  fact: FactDef;
  strategy: 'raw_facts' | 'rollup';
  rollup: RollupSource | null;
  reason: string;
  description: string;
}

/** What the planner may read besides raw facts. */
export interface PlanOptions {
  /** The rollups the database holds; none = raw facts only. */
  rollups?: RollupCatalog | null;
  /** Answer from raw facts even where a rollup could (equality tests, diagnosis). */
  forceRaw?: boolean;
}

/** from ≤ fact time < to, possibly moved back for the comparison window. */
export interface TimeWindowNode {
  kind: 'TimeWindow';
  from: Date;
  to: Date;
  /** Move the window back by this much (previous period); null = as asked. */
  back: Shift | null;
  timezone: string;
  description: string;
}

/** Which assignment (team, role, site) and which tree each fact is judged by. */
export interface AttributionNode {
  kind: 'Attribution';
  mode: ResolvedQuery['attribution'];
  orgTimezone: string;
  /** The team's root-first path is needed (teamLevel, underTeam). */
  withPath: boolean;
  /**
   * AS_WAS over a source with one row per (employee, date), a day tier: the
   * assignment in force is joined to each row, with no distinct pairs to find first.
   */
  perRow: boolean;
  description: string;
}

export type PredicateNode =
  | { kind: 'DimensionFilter'; filter: MetricFilter; stage: 'fact' | 'attributed'; description: string }
  | { kind: 'UnderTeam'; teamId: string; stage: 'attributed'; description: string }
  | { kind: 'AccessScope'; scope: Exclude<EmployeeScope, { kind: 'all' }>; stage: 'fact'; description: string };

export interface AggregateNode {
  kind: 'Aggregate';
  grain: Grain | null;
  timezone: string;
  dimensions: Dimension[];
  teamLevel: number | null;
  measures: { id: string; m: BoundMeasure }[];
  /** Previous-window buckets are moved forward by this much to meet the current ones. */
  periodForward: Shift | null;
  description: string;
}

export interface BranchPlan {
  id: string;
  role: 'current' | 'previous';
  source: SourceNode;
  window: TimeWindowNode;
  attribution: AttributionNode | null;
  predicates: PredicateNode[];
  aggregate: AggregateNode;
}

export interface CombineNode {
  kind: 'Combine';
  keys: ('period' | Dimension)[];
  measureIds: string[];
  description: string;
}

export interface OutputNode {
  kind: 'Output';
  values: { metric: CompiledMetric; value: ValueExpr }[];
  /** measure key → column id, for current and previous windows. */
  current: Map<string, string>;
  previous: Map<string, string> | null;
  orderBy: ResolvedQuery['orderBy'];
  limit: number | null;
  description: string;
}

export interface QueryPlan {
  query: ResolvedQuery;
  branches: BranchPlan[];
  combine: CombineNode;
  output: OutputNode;
}

const FACT_STAGE: readonly Dimension[] = ['EMPLOYEE', 'PRODUCT', 'CHANNEL', 'QUEUE'];

function shiftText(s: Shift): string {
  return `${s.n} ${s.unit === 'secs' ? 'seconds' : s.unit}`;
}

export function planQuery(q: ResolvedQuery, opts: PlanOptions = {}): QueryPlan {
  // Distinct measures (equal keys computed once), grouped by fact.
  const byKey = new Map<string, BoundMeasure>();
  for (const m of q.metrics) for (const bm of measuresOfValue(m.value, [])) if (!byKey.has(bm.key)) byKey.set(bm.key, bm);
  const ids = new Map([...byKey.keys()].map((k, i) => [k, `m${i}`]));
  const prevIds = q.compare ? new Map([...byKey.keys()].map((k, i) => [k, `p${i}`])) : null;
  const facts = new Map<string, { fact: FactDef; measures: BoundMeasure[] }>();
  for (const m of q.metrics) {
    for (const bm of measuresOfValue(m.value, [])) {
      const entry = facts.get(bm.fact) ?? { fact: q.facts.get(bm.fact)!, measures: [] };
      if (!entry.measures.some((x) => x.key === bm.key)) entry.measures.push(bm);
      facts.set(bm.fact, entry);
    }
  }

  const orgDims = q.dimensions.filter((d) => d === 'TEAM' || d === 'ROLE' || d === 'SITE');
  const orgFilters = q.filters.filter((f) => f.dimension === 'TEAM' || f.dimension === 'ROLE' || f.dimension === 'SITE');
  const needsAttribution = orgDims.length > 0 || orgFilters.length > 0 || q.teamLevel !== null || q.underTeam !== null;
  const withPath = q.teamLevel !== null || q.underTeam !== null;

  const attribution = (perRow: boolean): AttributionNode => ({ kind: 'Attribution', mode: q.attribution, orgTimezone: q.orgTimezone, withPath, perRow, description: attributionText(perRow) });
  const attributionText = (perRow: boolean): string => {
    const a = q.attribution;
    const path = withPath ? '; team path from the org_unit_lineage closure' : '';
    const pairs = perRow ? 'joined to each day-tier row (one per employee and date)' : 'per distinct (employee, date)';
    if (a.mode === 'AS_WAS') return `Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (${q.orgTimezone}), ${pairs}${path}`;
    if (a.mode === 'AS_IS') return `Attribution AS_IS: each employee's latest assignment, today's tree (${a.today})${path}`;
    return `Attribution AS_OF ${a.asOf}: the assignment and tree in force that day${path}`;
  };

  const windows: { role: 'current' | 'previous'; back: Shift | null }[] = [{ role: 'current', back: null }];
  if (q.compare) windows.push({ role: 'previous', back: q.compare.shift });

  const branches: BranchPlan[] = [];
  for (const w of windows) {
    for (const { fact, measures } of facts.values()) {
      const idMap = w.role === 'current' ? ids : prevIds!;
      const predicates: PredicateNode[] = q.filters.map((f) => ({
        kind: 'DimensionFilter',
        filter: f,
        stage: FACT_STAGE.includes(f.dimension) ? 'fact' : 'attributed',
        description: `Filter ${f.dimension} ${f.exclude ? 'not in' : 'in'} (${f.values.join(', ')})`,
      }));
      if (q.scope.kind !== 'all') {
        const s = q.scope;
        predicates.push({
          kind: 'AccessScope',
          scope: s,
          stage: 'fact',
          description:
            s.kind === 'employee'
              ? `Access scope: facts of employee ${s.employeeId} only`
              : `Access scope: facts of ${s.employeeIds ? `the ${s.employeeIds.length} employees` : 'employees'} assigned on ${s.asOf} inside team ${s.teamId}'s subtree`,
        });
      }
      if (q.underTeam) predicates.push({ kind: 'UnderTeam', teamId: q.underTeam, stage: 'attributed', description: `Keep facts attributed inside team ${q.underTeam}'s subtree` });
      const choice = chooseSource(q, fact, measures, w.back, needsAttribution && q.attribution.mode === 'AS_WAS', opts.rollups, opts.forceRaw ?? false);
      branches.push({
        id: `${fact.name}${w.role === 'previous' ? '_prev' : ''}`,
        role: w.role,
        source: {
          kind: 'Source',
          fact,
          strategy: choice.strategy,
          rollup: choice.rollup,
          reason: choice.reason,
          description:
            choice.strategy === 'rollup'
              ? `Source: rollup of ${fact.name} (table ${choice.rollup.table}): ${choice.reason}`
              : `Source: raw facts of ${fact.name} (table ${fact.table})${opts.rollups ? `: ${choice.reason}` : ''}`,
        },
        window: {
          kind: 'TimeWindow',
          from: q.from,
          to: q.to,
          back: w.back,
          timezone: q.timezone,
          description: `Time window: ${q.from.toISOString()} <= ${fact.time.kind === 'day' ? `start of ${fact.time.column} in ${q.timezone}` : choice.rollup?.dayZone ? `start of the local day of ${fact.time.column} in ${choice.rollup.dayZone}` : choice.strategy === 'rollup' ? `slot (15 minutes of ${fact.time.column})` : fact.time.column} < ${q.to.toISOString()}${w.back ? `, moved back ${shiftText(w.back)} (${q.compare!.mode})` : ''}`,
        },
        attribution: needsAttribution ? attribution(choice.rollup?.dayZone != null && q.attribution.mode === 'AS_WAS' && !withPath) : null,
        predicates,
        aggregate: {
          kind: 'Aggregate',
          grain: q.grain,
          timezone: q.timezone,
          dimensions: q.dimensions,
          teamLevel: q.teamLevel,
          measures: measures.map((m) => ({ id: idMap.get(m.key)!, m })),
          periodForward: w.back,
          description: `Aggregate ${fact.name} by ${[q.grain ? `${q.grain} in ${q.timezone}` : null, ...q.dimensions, q.teamLevel ? `(teams at level ${q.teamLevel})` : null].filter(Boolean).join(', ') || 'nothing (one total)'}: ${measures.map((m) => `${idMap.get(m.key)} = ${m.text.replace(/^[a-z_]+: /, '')}`).join('; ')}`,
        },
      });
    }
  }
  const keys: ('period' | Dimension)[] = [...(q.grain ? (['period'] as const) : []), ...q.dimensions];
  const measureIds = [...ids.values(), ...(prevIds ? prevIds.values() : [])];
  return {
    query: q,
    branches,
    combine: {
      kind: 'Combine',
      keys,
      measureIds,
      description: branches.length > 1 ? `Combine ${branches.map((b) => b.id).join(' + ')} on ${keys.join(', ') || 'the whole range'}` : 'Single branch',
    },
    output: {
      kind: 'Output',
      values: q.metrics.map((m) => ({ metric: m, value: m.value })),
      current: ids,
      previous: prevIds,
      orderBy: q.orderBy,
      limit: q.limit,
      description: `Metrics: ${q.metrics.map((m) => `${m.def.name} (${m.def.type}, version ${m.version})`).join(', ')}`,
    },
  };
}

