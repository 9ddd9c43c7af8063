import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { canSeeEmployee, embedScope, EmployeeScope, Principal, reachOf, scopeAdmits, scopeFor } from '../access';
import { dateInZone, IsoDate, OrgChart, Sql } from '../canonical';
import { Config } from '../config';
import { BenchmarkKind, BenchmarkPopulation, RollupCatalogCache } from '../query';
import { ResultCache } from '../query/cache';
import { dataVersions } from '../ingest/changes';
import { LIMITS } from './limits';
import { createLoaders, Loaders } from './loaders';
import { requestSql } from './requestSql';

/** What every resolver gets: the database, the org chart, per-request loaders and the caller. */
export interface ApiContext {
  /** For writes (the ledger sweep); reads go through `sql`. */
  ds: DataSource;
  /**
   * This request's reads: statement timeout, and a cap on concurrent statements.
   * On the primary, until the operation is known to be a query (`readFromReplica`):
   * then on the read replica when one is configured.
   */
  sql: Sql;
  /** Sends this request's reads (`sql`) to the read replica, if any (read-only operations only). */
  readFromReplica(): void;
  /** The metricData result cache (null when off). */
  resultCache: ResultCache | null;
  /** The server's shared rollup catalog (null: read it per query). */
  rollupCatalogs: RollupCatalogCache | null;
  config: Config;
  org: OrgChart;
  loaders: Loaders;
  principal: Principal;
  /** Today's org-chart date (SWITCHBOARD_ORG_TIMEZONE). */
  today: IsoDate;
  /**
   * Every record kind's data version, read once per context (an HTTP request: the
   * response cache and the result cache key on the same reading), on the database
   * the request reads from.
   */
  dataVersions(): Promise<Record<string, number>>;
  /** The caller's scope (SPEC §7), resolved once per request. */
  scope(): Promise<EmployeeScope>;
  /** Whether the caller may see this employee's details and rows. */
  canSee(employeeId: string): Promise<boolean>;
  /** The benchmark populations the caller may compare with (resolved once per request). */
  benchmarks(): Promise<Record<BenchmarkKind, BenchmarkPopulation>>;
  log?: Logger;
  /** The request's clock (the server's, or one a test injects): actions read "now" from it. */
  clock: () => Date;
}

const once = <T>(f: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
};

/** What a server shares with every request: the read replica and the result cache. */
export interface SharedResources {
  /** The API's own pool on the primary, its connections preset with `apiReadSettings`. */
  apiDs?: DataSource | null;
  /** The read replica's pool (preset the same way). */
  readDs?: DataSource | null;
  resultCache?: ResultCache | null;
  rollupCatalogs?: RollupCatalogCache | null;
}

export function createContext(
  ds: DataSource,
  config: Config,
  principal: Principal,
  now: Date | (() => Date) = () => new Date(),
  log?: Logger,
  shared: SharedResources = {},
): ApiContext {
  const clock = typeof now === 'function' ? now : () => now;
  const limits = { concurrency: LIMITS.requestDbConcurrency, statementTimeoutMs: config.statementTimeoutMs };
  const primarySql = shared.apiDs ? requestSql(shared.apiDs, { ...limits, preset: true }) : requestSql(ds, limits);
  const replicaSql = shared.readDs ? requestSql(shared.readDs, { ...limits, pool: 'replica', preset: true }) : null;
  let reads = primarySql;
  const sql: Sql = { query: (text, params) => reads.query(text, params) };
  const org = new OrgChart(sql);
  const today = dateInZone(clock(), config.orgTimezone);
  // The caller's team today and its members: one statement, shared by the scope and the TEAM benchmark.
  const myTeam = once(async () => (principal.employeeId && reachOf(principal.role) !== 'none' ? org.teamSubtreeOf(principal.employeeId, today) : null));
  // An embed token sees its minter's scope narrowed to its team, never more (src/access/embed.ts).
  const scope = once(async () => embedScope(sql, principal, today, scopeFor(principal, today, reachOf(principal.role) === 'subtree' ? await myTeam() : null)));
  // A director's subtree can hold thousands: look people up in a set, not the array.
  const members = once(async () => {
    const s = await scope();
    return new Set(s.kind === 'subtree' ? s.employeeIds : []);
  });
  const benchmarks = once(async (): Promise<Record<BenchmarkKind, BenchmarkPopulation>> => {
    // TEAM: everyone in the caller's current team subtree (an agent compares with
    // their team without seeing a peer). A caller with no current team has none.
    const t = await myTeam();
    const team: BenchmarkPopulation = t === null ? { teamId: null, scope: null } : { teamId: t.teamId, scope: { kind: 'subtree', teamId: t.teamId, asOf: today, employeeIds: t.employeeIds } };
    return { TEAM: team, CENTER: { teamId: null, scope: { kind: 'all' } } };
  });
  const versions = once(() => dataVersions(sql));
  return {
    ds,
    sql,
    dataVersions: versions,
    readFromReplica() {
      if (replicaSql) reads = replicaSql;
    },
    resultCache: shared.resultCache ?? null,
    rollupCatalogs: shared.rollupCatalogs ?? null,
    config,
    org,
    loaders: createLoaders(sql, org),
    principal,
    today,
    scope,
    async canSee(employeeId) {
      const s = await scope();
      if (s.kind === 'subtree' && s.employeeIds) return (await members()).has(employeeId);
      return scopeAdmits(s, employeeId) ?? canSeeEmployee(sql, s, employeeId);
    },
    benchmarks,
    log,
    clock,
  };
}
