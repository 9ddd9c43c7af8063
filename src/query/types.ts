import { IsoDate } from '../canonical';
import { CompiledMetric, Dimension, FactDef, Manifest } from '../semantic';
import type { RollupCatalog } from './rollupPlan';

export const GRAINS = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type Grain = (typeof GRAINS)[number];

export const ATTRIBUTIONS = ['AS_WAS', 'AS_IS', 'AS_OF'] as const;
export type Attribution = (typeof ATTRIBUTIONS)[number];

export const COMPARES = ['PREVIOUS_PERIOD', 'PREVIOUS_YEAR'] as const;
export type CompareMode = (typeof COMPARES)[number];

export const BENCHMARKS = ['TEAM', 'CENTER'] as const;
/** A benchmark population (SPEC §7): the caller's current team subtree, or the whole center. */
export type BenchmarkKind = (typeof BENCHMARKS)[number];

export interface MetricFilter {
  dimension: Dimension;
  values: string[];
  /** Keep everything except these values (facts with no value for the dimension are kept). */
  exclude?: boolean;
}

export interface MetricOrder {
  /** `period`, a dimension (TEAM, …) or one of the query's metrics. */
  field: string;
  direction?: 'ASC' | 'DESC';
}

/** What a caller asks (SPEC §5 `MetricQueryInput`), before validation. */
export interface MetricQuery {
  metrics: string[];
  dimensions?: Dimension[] | null;
  grain?: Grain | null;
  from: Date | string;
  to: Date | string;
  timezone?: string | null;
  attribution?: Attribution | null;
  asOf?: IsoDate | null;
  teamLevel?: number | null;
  underTeam?: string | null;
  filters?: MetricFilter[] | null;
  orderBy?: MetricOrder[] | null;
  limit?: number | null;
  compare?: CompareMode | null;
  /** Add, to each row, the same metrics over these populations (computed over everyone in them). */
  benchmarks?: BenchmarkKind[] | null;
}

/**
 * The rows a caller may see (SPEC §7), applied inside the emitted SQL so other
 * rows never leave the database: all facts, one employee's, or those of the
 * employees whose assignment on `asOf` lies in a team's subtree. Scoped callers
 * never see unattributed facts.
 *
 * A subtree scope may carry its members, resolved once per request
 * (src/access `resolveScope`): the SQL then tests `employee_id = ANY($n)`
 * instead of walking the tree for every assignment. Without them the compiler
 * emits the subquery (used where no database is at hand, as in golden SQL).
 */
export type EmployeeScope =
  | { kind: 'all' }
  | { kind: 'employee'; employeeId: string }
  | { kind: 'subtree'; teamId: string; asOf: IsoDate; employeeIds?: readonly string[] };

/**
 * Who is inside a benchmark population: everyone in the caller's current team
 * subtree (TEAM) or everyone (CENTER), whatever the caller's own scope. A null
 * scope means the caller has no such population (no current team): the
 * benchmark's values are null.
 */
export interface BenchmarkPopulation {
  teamId: string | null;
  scope: EmployeeScope | null;
}

/** Where the query runs: the manifest, the org time zone and today's org-chart date. */
export interface QueryEnv {
  /** Default: all. */
  scope?: EmployeeScope;
  /** The populations of the benchmarks a query may ask for (default: CENTER = everyone, no TEAM). */
  benchmarks?: Partial<Record<BenchmarkKind, BenchmarkPopulation>>;
  manifest: Manifest;
  /** SWITCHBOARD_ORG_TIMEZONE: instants → org-chart dates. */
  orgTimezone: string;
  /** Today's org-chart date (AS_IS uses today's tree). */
  today: IsoDate;
  /**
   * The rollups the planner may answer from (src/rollup). Undefined: `runMetricQuery`
   * reads the catalog from the database; null: raw facts only.
   */
  rollups?: RollupCatalog | null;
  /** Answer from raw facts even where a rollup could (equality tests, diagnosis). */
  forceRaw?: boolean;
}

/** Which path answered one branch of a query (one fact, one window), and why. */
export interface MetricSource {
  fact: string;
  window: 'current' | 'previous';
  strategy: 'rollup' | 'raw_facts';
  /** The table read: the rollup's or the fact's. */
  table: string;
  reason: string;
}

/** A shift of the time window for period-over-period comparison, in the query's zone. */
export type Shift = { unit: 'months' | 'days'; n: number } | { unit: 'secs'; n: number };

/** A validated query: every name resolved, every value checked. */
export interface ResolvedQuery {
  metrics: CompiledMetric[];
  /** The manifest's facts (by name). */
  facts: Map<string, FactDef>;
  dimensions: Dimension[];
  grain: Grain | null;
  from: Date;
  to: Date;
  timezone: string;
  orgTimezone: string;
  attribution: { mode: 'AS_WAS' } | { mode: 'AS_IS'; today: IsoDate } | { mode: 'AS_OF'; asOf: IsoDate };
  teamLevel: number | null;
  underTeam: string | null;
  filters: MetricFilter[];
  orderBy: { key: { kind: 'period' } | { kind: 'dimension'; dimension: Dimension } | { kind: 'metric'; index: number }; desc: boolean }[];
  limit: number | null;
  compare: { mode: CompareMode; shift: Shift } | null;
  scope: EmployeeScope;
  benchmarks: { kind: BenchmarkKind; population: BenchmarkPopulation }[];
}

/** One output row: the bucket, the dimension values, and one value per metric. */
export interface MetricRow {
  period: Date | null;
  teamId: string | null;
  employeeId: string | null;
  role: string | null;
  site: string | null;
  productSku: string | null;
  productCategory: string | null;
  channel: string | null;
  queue: string | null;
  values: (number | null)[];
  previousValues: (number | null)[] | null;
  /** With `benchmarks`: one per asked kind, in the asked order. */
  benchmarks: RowBenchmark[] | null;
}

/** The same metrics as a row, over a benchmark population, for the row's period and non-org dimensions. */
export interface RowBenchmark {
  kind: BenchmarkKind;
  /** TEAM: the team whose subtree the population is; CENTER: null. */
  teamId: string | null;
  values: (number | null)[];
  previousValues: (number | null)[] | null;
}

export interface MetricResultData {
  rows: MetricRow[];
  /** More rows than `limit` matched: the rows were cut at the limit. */
  truncated: boolean;
  metrics: { name: string; version: string }[];
  query: ResolvedQuery;
  sql: string;
  params: unknown[];
  /** Which path answered each fact and window (benchmarks follow the same choices). */
  sources: MetricSource[];
}

/** A problem with the caller's query (GraphQL BAD_USER_INPUT). */
export class MetricQueryError extends Error {
  readonly code = 'BAD_USER_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'MetricQueryError';
  }
}
