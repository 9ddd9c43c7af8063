import { GraphQLError } from 'graphql';
import { Arg, Int } from 'type-graphql';

/**
 * What one GraphQL request may ask of the server. Requests over the depth or
 * cost limit are refused before they execute (src/api/hardening.ts).
 */
export const LIMITS = {
  /**
   * Tokens in one document: parsing stops past it, before any validation runs.
   * Validation is itself costly on huge documents (comparing repeated fields is
   * quadratic), so this bounds it too. The standard introspection query has
   * about 200 tokens, a metricData call 30 to 80.
   */
  maxTokens: 2000,
  /** Deepest field nesting (fragments flattened, introspection's __schema excluded: the cost limit bounds it). */
  maxDepth: 12,
  /** Highest estimated cost: each field costs 1, a list multiplies its selection's cost by `listFactor`. */
  maxCost: 20000,
  /** Assumed size of a list when estimating cost (the real size is bounded by each list's `limit`). */
  listFactor: 5,
  /** What one metricData call costs on its own, and again per benchmark (each is an SQL statement over facts). */
  metricDataCost: 200,
  /** Statements one request may run at the same time (the rest wait), so one request cannot take the pool. */
  requestDbConcurrency: 3,
  /** Request body size; a larger one is refused with HTTP 413 before it is read. */
  maxBodyBytes: 1024 * 1024,
} as const;

/** Default and maximum `limit` of the lists that grow with the data. */
export const LIST_LIMITS = {
  metricRows: { default: 10000, max: 100000 },
  orgTeams: { default: 1000, max: 10000 },
  orgPeople: { default: 1000, max: 10000 },
  ingestRuns: { default: 50, max: 1000 },
  rejectedRecords: { default: 100, max: 10000 },
  contacts: { default: 50, max: 500 },
} as const;

/** The longest window one `contacts` request may span (a page is small, but the count runs over the whole window). */
export const CONTACTS_MAX_DAYS = 92;

/** A `limit` argument checked against its maximum (BAD_USER_INPUT otherwise). */
export function boundedLimit(name: string, v: number, max: number, min = 0): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new GraphQLError(`${name} must be between ${min} and ${max} (got ${v})`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return v;
}

/** The `limit` argument of a list field: its default and maximum in the schema. */
export function LimitArg(limits: { default: number; max: number }, what = 'items'): ReturnType<typeof Arg> {
  return Arg('limit', () => Int, { nullable: true, defaultValue: limits.default, description: `At most this many ${what} (default ${limits.default}, max ${limits.max}).` });
}
