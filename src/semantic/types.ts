import { Loc } from './errors';
import { DExpr } from './expr';

/** The slicing dimensions of SPEC §4.3. */
export const DIMENSIONS = ['TEAM', 'EMPLOYEE', 'ROLE', 'SITE', 'PRODUCT', 'PRODUCT_CATEGORY', 'CHANNEL', 'QUEUE'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** Dimensions that come from the employee a fact is attributed to. */
export const ORG_DIMENSIONS: readonly Dimension[] = ['TEAM', 'EMPLOYEE', 'ROLE', 'SITE'];
/** Dimensions that come from the product a fact carries. */
export const PRODUCT_DIMENSIONS: readonly Dimension[] = ['PRODUCT', 'PRODUCT_CATEGORY'];
/** Dimensions read straight from a fact column (declared in `dimension_columns`). */
export const COLUMN_DIMENSIONS: readonly Dimension[] = ['CHANNEL', 'QUEUE'];

export const COLUMN_TYPES = ['number', 'text', 'boolean', 'timestamp', 'date'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export const AGGREGATIONS = ['count', 'sum', 'avg', 'min', 'max', 'count_distinct'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

export const METRIC_TYPES = ['simple', 'ratio', 'derived'] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

export const DIRECTIONS = ['higher_is_better', 'lower_is_better'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export type ParamValue = number | string;

/** An expression as written (for messages and hashing) and as parsed. */
export interface ExprSource {
  text: string;
  expr: DExpr;
  loc: Loc;
}

/**
 * A boolean column computed per fact row as "another fact row exists that…"
 * (repeat contacts for FCR, an order carrying the contact for conversion).
 */
export interface ExistsColumn {
  name: string;
  loc: Loc;
  /** The other fact, read under alias `o`. */
  fact: string;
  /** Equalities other.column = this.column. */
  match: { other: string; self: string; loc: Loc }[];
  /** A condition on the other fact's row. */
  where: ExprSource | null;
  /** other.time > this.time AND other.time <= this.time + withinHours. */
  after: { other: string; self: string; withinHours: ExprSource; loc: Loc } | null;
}

/** How a fact finds its employee: its own column, or the employee of a related fact. */
export type EmployeeSource =
  | { kind: 'column'; column: string }
  | { kind: 'via'; fact: string; key: string; loc: Loc };

/** A fact (semantic model): one canonical table and what may be measured and sliced on it. */
export interface FactDef {
  name: string;
  label: string;
  description: string;
  table: string;
  file: string;
  loc: Loc;
  /** `instant`: a timestamptz column; `day`: a calendar date (SPEC §4.2: its time is that day's start in the query zone). */
  time: { column: string; kind: 'instant' | 'day'; loc: Loc };
  employee: EmployeeSource | null;
  /** Column holding a product sku (enables PRODUCT and PRODUCT_CATEGORY). */
  product: string | null;
  dimensions: Dimension[];
  dimensionsLoc: Loc;
  dimensionColumns: Partial<Record<Dimension, string>>;
  columns: Map<string, { type: ColumnType; loc: Loc }>;
  parameters: Map<string, ParamValue>;
  segments: Map<string, ExprSource>;
  computed: Map<string, ExistsColumn>;
  /** Values given to example rows for columns an example leaves out (NOT NULL columns). */
  exampleDefaults: Record<string, unknown>;
  /** The file's content as plain data (hashed into versions). */
  content: unknown;
}

/** One aggregate over one fact: `agg(expr) FILTER (WHERE where)`. */
export interface MeasureDef {
  fact: string;
  agg: Aggregation;
  expr: ExprSource | null;
  where: ExprSource | null;
  loc: Loc;
}

export interface ExampleDef {
  loc: Loc;
  description: string | null;
  /** Rows per fact name; columns as in the fact's table. */
  facts: Record<string, Record<string, unknown>[]>;
  expect: number | null;
}

export interface MetricDef {
  name: string;
  label: string;
  description: string;
  unit: string;
  format: string;
  direction: Direction;
  owner: string;
  type: MetricType;
  file: string;
  loc: Loc;
  parameters: Map<string, ParamValue>;
  /** simple */
  measure: MeasureDef | null;
  /** ratio */
  numerator: MeasureDef | null;
  denominator: MeasureDef | null;
  /** ratio: multiplies the quotient (100 for percentages written as 0–100). */
  scale: number;
  /** derived: a formula over `measures` and other metrics. */
  formula: ExprSource | null;
  measures: Map<string, MeasureDef>;
  examples: ExampleDef[];
  content: unknown;
}

/** A measure ready for the compiler: its parameters resolved (fact defaults, then the metric's). */
export interface BoundMeasure {
  fact: string;
  agg: Aggregation;
  expr: DExpr | null;
  where: DExpr | null;
  params: Record<string, ParamValue>;
  /** Equal keys = the same SQL aggregate: computed once per query. */
  key: string;
  /** Human text for plan descriptions. */
  text: string;
}

/** The value of a metric as arithmetic over measures. Division by zero gives null. */
export type ValueExpr =
  | { k: 'measure'; m: BoundMeasure }
  | { k: 'num'; value: number }
  | { k: 'arith'; op: '+' | '-' | '*' | '/'; l: ValueExpr; r: ValueExpr }
  | { k: 'neg'; e: ValueExpr };

/** A validated metric with its value expression, facts, supported dimensions and version. */
export interface CompiledMetric {
  def: MetricDef;
  value: ValueExpr;
  facts: string[];
  dimensions: Dimension[];
  /** Content hash of the definition and everything it builds on. */
  version: string;
}

export interface Manifest {
  dir: string;
  facts: Map<string, FactDef>;
  metrics: Map<string, CompiledMetric>;
}
