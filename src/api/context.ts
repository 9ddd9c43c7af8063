import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { currentTeamOf, EmployeeScope, Principal, reachOf, resolveScope, scopeAdmits, canSeeEmployee } from '../access';
import { dateInZone, IsoDate, OrgChart, Sql } from '../canonical';
import { Config } from '../config';
import { BenchmarkKind, BenchmarkPopulation } from '../query';
import { LIMITS } from './limits';
import { createLoaders, Loaders } from './loaders';
import { requestSql } from './requestSql';

/** What every resolver gets: the database, the org chart, per-request loaders and the caller. */
export interface ApiContext {
  /** For writes (the ledger sweep); reads go through `sql`. */
  ds: DataSource;
  /** This request's reads: statement timeout, and a cap on concurrent statements. */
  sql: Sql;
  config: Config;
  org: OrgChart;
  loaders: Loaders;
  principal: Principal;
  /** Today's org-chart date (SWITCHBOARD_ORG_TIMEZONE). */
  today: IsoDate;
  /** The caller's scope (SPEC §7), resolved once per request. */
  scope(): Promise<EmployeeScope>;
  /** Whether the caller may see this employee's details and rows. */
  canSee(employeeId: string): Promise<boolean>;
  /** The benchmark populations the caller may compare with (resolved once per request). */
  benchmarks(): Promise<Record<BenchmarkKind, BenchmarkPopulation>>;
  log?: Logger;
}

const once = <T>(f: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
};

export function createContext(ds: DataSource, config: Config, principal: Principal, now: Date = new Date(), log?: Logger): ApiContext {
  const sql = requestSql(ds, { concurrency: LIMITS.requestDbConcurrency, statementTimeoutMs: config.statementTimeoutMs });
  const org = new OrgChart(sql);
  const today = dateInZone(now, config.orgTimezone);
  const scope = once(() => resolveScope(sql, principal, today));
  const benchmarks = once(async (): Promise<Record<BenchmarkKind, BenchmarkPopulation>> => {
    // TEAM: the caller's current team subtree, everyone in it (an agent compares
    // with their team without seeing a peer). A caller with no current team has none.
    const teamId = principal.employeeId && reachOf(principal.role) !== 'none' ? await currentTeamOf(sql, principal.employeeId, today) : null;
    const team: BenchmarkPopulation =
      teamId === null ? { teamId: null, scope: null } : { teamId, scope: { kind: 'subtree', teamId, asOf: today, employeeIds: await org.subtreeEmployeeIds(teamId, today) } };
    return { TEAM: team, CENTER: { teamId: null, scope: { kind: 'all' } } };
  });
  return {
    ds,
    sql,
    config,
    org,
    loaders: createLoaders(sql, org),
    principal,
    today,
    scope,
    async canSee(employeeId) {
      const s = await scope();
      return scopeAdmits(s, employeeId) ?? canSeeEmployee(sql, s, employeeId);
    },
    benchmarks,
    log,
  };
}
