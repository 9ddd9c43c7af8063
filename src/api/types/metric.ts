import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { IsoDate } from '../../canonical';
import { Dimension, DIMENSIONS } from '../../semantic';
import { Attribution, BenchmarkKind, BENCHMARKS, CompareMode, Grain } from '../../query';
import { LIST_LIMITS } from '../limits';
import { DateScalar, DateTimeScalar } from '../scalars';

const enumOf = <T extends string>(values: readonly T[]) => Object.fromEntries(values.map((v) => [v, v])) as { [K in T]: K };

export const DimensionEnum = enumOf(DIMENSIONS);
registerEnumType(DimensionEnum, { name: 'Dimension', description: 'What metric values can be sliced by (SPEC §4.3).' });

export const GrainEnum = enumOf(['HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const);
registerEnumType(GrainEnum, { name: 'TimeGrain', description: 'Time buckets, computed in the query time zone. WEEK starts on Monday (ISO).' });

export const AttributionEnum = enumOf(['AS_WAS', 'AS_IS', 'AS_OF'] as const);
registerEnumType(AttributionEnum, {
  name: 'Attribution',
  description: 'Which org chart facts are judged by.',
  valuesConfig: {
    AS_WAS: { description: "The assignment and tree in force at each fact's time (default)." },
    AS_IS: { description: "Each employee's latest assignment and today's tree." },
    AS_OF: { description: 'The assignment and tree in force on `asOf`.' },
  },
});

export const CompareEnum = enumOf(['PREVIOUS_PERIOD', 'PREVIOUS_YEAR'] as const);
registerEnumType(CompareEnum, {
  name: 'CompareMode',
  description: 'Period-over-period comparison: fills `previousValues`.',
  valuesConfig: {
    PREVIOUS_PERIOD: { description: 'The window of the same length just before `from` (whole months or days in the query time zone when the window is).' },
    PREVIOUS_YEAR: { description: 'The same window a year earlier (52 weeks earlier with grain WEEK, so weekdays line up).' },
  },
});

export const BenchmarkEnum = enumOf(BENCHMARKS);
registerEnumType(BenchmarkEnum, {
  name: 'BenchmarkKind',
  description:
    "A population to compare each row with (SPEC §7), computed over everyone in it whatever the caller's scope: the same metrics, window, grain and non-org dimensions (product, category, channel, queue) and filters; team, employee, role and site are what the population replaces.",
  valuesConfig: {
    TEAM: { description: "Everyone whose current assignment lies in the caller's current team subtree (values null for a caller with no current team)." },
    CENTER: { description: 'Everyone, unattributed facts included.' },
  },
});

export const SortDirectionEnum = enumOf(['ASC', 'DESC'] as const);
registerEnumType(SortDirectionEnum, { name: 'SortDirection' });

@InputType({ description: 'Keep (or, with exclude, drop) facts whose dimension value is one of `values`.' })
export class MetricFilterInput {
  @Field(() => DimensionEnum)
  dimension!: Dimension;

  @Field(() => [String], { description: 'Values to keep or drop; for TEAM, plain or versioned team ids.' })
  values!: string[];

  @Field({ defaultValue: false, description: 'Drop these values instead of keeping only them (facts without a value are kept).' })
  exclude!: boolean;
}

@InputType()
export class MetricOrderInput {
  @Field({ description: '`period`, a dimension of the query (TEAM, …) or one of its metrics.' })
  field!: string;

  @Field(() => SortDirectionEnum, { defaultValue: 'ASC' })
  direction!: 'ASC' | 'DESC';
}

@InputType({ description: 'A metric query (SPEC §5).' })
export class MetricQueryInput {
  @Field(() => [String], { description: 'Metric names; `values` in each row follow this order.' })
  metrics!: string[];

  @Field(() => [DimensionEnum], { nullable: true })
  dimensions?: Dimension[] | null;

  @Field(() => GrainEnum, { nullable: true, description: 'Time buckets; none = one bucket for the whole range (period null).' })
  grain?: Grain | null;

  @Field(() => DateTimeScalar, { description: 'Inclusive start.' })
  from!: Date;

  @Field(() => DateTimeScalar, { description: 'Exclusive end.' })
  to!: Date;

  @Field(() => String, { nullable: true, description: 'IANA time zone for grains (default UTC).' })
  timezone?: string | null;

  @Field(() => AttributionEnum, { nullable: true, description: 'Default AS_WAS.' })
  attribution?: Attribution | null;

  @Field(() => DateScalar, { nullable: true, description: 'The date for attribution AS_OF.' })
  asOf?: IsoDate | null;

  @Field(() => Int, { nullable: true, description: 'Roll teams up to their ancestor at this depth (roots are 1).' })
  teamLevel?: number | null;

  @Field(() => ID, {
    nullable: true,
    description: "Keep only facts attributed inside this team's subtree (a plain or versioned team id; the date comes from the attribution).",
  })
  underTeam?: string | null;

  @Field(() => [MetricFilterInput], { nullable: true })
  filters?: MetricFilterInput[] | null;

  @Field(() => [MetricOrderInput], { nullable: true, description: 'Default: period, then dimensions.' })
  orderBy?: MetricOrderInput[] | null;

  @Field(() => Int, {
    nullable: true,
    description: `At most this many rows (default ${LIST_LIMITS.metricRows.default}, max ${LIST_LIMITS.metricRows.max}); \`truncated\` says when more matched.`,
  })
  limit?: number | null;

  @Field(() => CompareEnum, { nullable: true })
  compare?: CompareMode | null;

  @Field(() => [BenchmarkEnum], { nullable: true, description: 'Fill each row\'s `benchmarks` with the same metrics over these populations.' })
  benchmarks?: BenchmarkKind[] | null;
}

@ObjectType({
  description:
    "A row's metrics over a benchmark population (marked by `kind`): an aggregate the caller may compare with, never rows of people outside their scope.",
})
export class MetricBenchmark {
  @Field(() => BenchmarkEnum)
  kind!: BenchmarkKind;

  @Field(() => ID, { nullable: true, description: 'TEAM: the team whose subtree the population is (null when the caller has no current team); CENTER: null.' })
  teamId!: string | null;

  @Field(() => [Float], { nullable: 'items', description: 'Aligned with `metrics`, like the row\'s `values`.' })
  values!: (number | null)[];

  @Field(() => [Float], { nullable: 'itemsAndList', description: 'With `compare`: the comparison window\'s values.' })
  previousValues!: (number | null)[] | null;

  /** The date `team` is shown on (today: the population is today's subtree). */
  teamAsOf!: IsoDate;
}

@ObjectType({ description: 'One row of a metric result: a bucket, the dimension values, and one value per metric.' })
export class MetricRow {
  @Field(() => DateTimeScalar, { nullable: true, description: "The bucket's start as an instant; null without a grain." })
  period!: Date | null;

  @Field(() => ID, { nullable: true, description: 'The plain team id; null = unattributed (no assignment in force).' })
  teamId!: string | null;

  @Field(() => ID, { nullable: true })
  employeeId!: string | null;

  @Field(() => String, { nullable: true })
  role!: string | null;

  @Field(() => String, { nullable: true })
  site!: string | null;

  @Field(() => String, { nullable: true })
  productSku!: string | null;

  @Field(() => String, { nullable: true })
  productCategory!: string | null;

  @Field(() => String, { nullable: true })
  channel!: string | null;

  @Field(() => String, { nullable: true })
  queue!: string | null;

  @Field(() => [Float], { nullable: 'items', description: 'Aligned with `metrics`; null where undefined (a ratio over nothing).' })
  values!: (number | null)[];

  @Field(() => [Float], { nullable: 'itemsAndList', description: 'With `compare`: the values of the comparison window, aligned with `values`.' })
  previousValues!: (number | null)[] | null;

  @Field(() => [MetricBenchmark], { nullable: true, description: 'With `benchmarks`: one per asked kind, in the asked order.' })
  benchmarks!: MetricBenchmark[] | null;

  /** The org-chart date `team` is shown on. */
  teamAsOf!: IsoDate;
}

@ObjectType({ description: 'A metric as used in a result: its definition version.' })
export class MetricResultMetric {
  @Field()
  name!: string;

  @Field({ description: 'Content hash of the definition (and everything it builds on).' })
  version!: string;

  @Field()
  label!: string;

  @Field()
  unit!: string;

  @Field()
  format!: string;
}

@ObjectType({ description: 'Which path answered one fact of a query, for one window (issue 11): a rollup, or the raw facts, and why.' })
export class MetricSourceInfo {
  @Field({ description: 'The fact (semantic model).' })
  fact!: string;

  @Field({ description: '`current`, or `previous` for the comparison window.' })
  window!: string;

  @Field({ description: '`rollup` or `raw_facts`.' })
  path!: string;

  @Field({ description: 'The table read.' })
  table!: string;

  @Field({ description: 'Why this path: what makes the rollup exact, or what it lacks (count_distinct, a boundary finer than its slots, a measure it does not carry, rollups not built).' })
  reason!: string;
}

@ObjectType()
export class MetricResult {
  @Field(() => [MetricSourceInfo], { description: 'Which path answered each fact and window, and why.' })
  sources!: MetricSourceInfo[];

  @Field(() => [MetricRow])
  rows!: MetricRow[];

  @Field(() => Int)
  rowCount!: number;

  @Field({ description: 'More rows matched than `limit`: the rows were cut there (raise `limit` or narrow the query).' })
  truncated!: boolean;

  @Field(() => [MetricResultMetric], { description: 'One per requested metric, in order.' })
  metrics!: MetricResultMetric[];

  @Field()
  timezone!: string;

  @Field(() => AttributionEnum)
  attribution!: Attribution;

  @Field({ description: 'Served from the result cache (same query, scope and data versions as an earlier request); false when computed now.' })
  cached!: boolean;
}

@ObjectType()
export class MetricParameter {
  @Field()
  name!: string;

  @Field({ description: 'The value as written in the definition.' })
  value!: string;
}

@ObjectType({ description: 'A certified KPI definition from `metrics/` (SPEC §4.1).' })
export class MetricDefinition {
  @Field()
  name!: string;

  @Field()
  label!: string;

  @Field()
  description!: string;

  @Field()
  unit!: string;

  @Field()
  format!: string;

  @Field({ description: 'higher_is_better or lower_is_better.' })
  direction!: string;

  @Field()
  owner!: string;

  @Field({ description: 'simple, ratio or derived.' })
  type!: string;

  @Field(() => [String], { description: 'The facts (semantic models) the metric reads.' })
  facts!: string[];

  @Field(() => [DimensionEnum], { description: 'Dimensions it can be sliced by (shared by all its facts).' })
  dimensions!: Dimension[];

  @Field({ description: 'Content hash of the definition.' })
  version!: string;

  @Field(() => [MetricParameter])
  parameters!: MetricParameter[];

  @Field({ description: 'The definition file, relative to the repository.' })
  file!: string;
}
