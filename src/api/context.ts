import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { canSeeEmployee, embedScope, EmployeeScope, Principal, reachOf, scopeAdmits, scopeFor } from '../access';
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
  /** The request's clock (the server's, or one a test injects): actions read "now" from it. */
  clock: () => Date;
}

const once = <T>(f: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => (p ??= f());
};

export function createContext(ds: DataSource, config: Config, principal: Principal, now: Date | (() => Date) = () => new Date(), log?: Logger): ApiContext {
  const clock = typeof now === 'function' ? now : () => now;
  const sql = requestSql(ds, { concurrency: LIMITS.requestDbConcurrency, statementTimeoutMs: config.statementTimeoutMs });
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
      if (s.kind === 'subtree' && s.employeeIds) return (await members()).has(employeeId);
      return scopeAdmits(s, employeeId) ?? canSeeEmployee(sql, s, employeeId);
    },
    benchmarks,
    log,
    clock,
  };
}
