import { createHash } from 'crypto';
import { LRUCache } from 'lru-cache';
import type { Redis as RedisClient } from 'ioredis';
import { Sql } from '../canonical';
import { ConfigError } from '../config/config';
import { factsReadBy } from '../semantic/link';
import { FACTS } from '../ingest/facts';
import { dataVersions } from '../ingest/changes';
import { cacheErrors, cacheLookups } from '../telemetry/prom';
import { resolveQuery } from './resolve';
import { EmployeeScope, MetricQuery, MetricResultData, QueryEnv, ResolvedQuery } from './types';

/**
 * The metricData result cache (issue 11).
 *
 * Key: a hash of
 *  - the resolved query in canonical form (metrics with their definition versions,
 *    grain, dimensions, filters, window, time zones, attribution with its date,
 *    team level, order, limit, compare, benchmark populations),
 *  - the caller's scope as a predicate (all / one employee / a subtree with its
 *    resolved members), never the token: two callers with the same scope share,
 *  - the data versions (`data_version`, bumped by every ingest that changes rows,
 *    src/ingest/changes.ts) of the record kinds the query reads: its metrics' facts,
 *    the facts their computed columns look into (first-contact resolution reads
 *    later contacts, conversion reads orders), the org kinds (attribution), and the
 *    order kind when products are joined (ingesting orders upserts products).
 *
 * Invalidation is by version in the key: the versions are read on every request
 * (one statement on a table of at most seven rows), on the same database the query
 * then runs on, before it. So a result is never older than its key: after an ingest
 * commits, the next request reads the new version and misses. Old entries are
 * never read again and age out of the LRU (memory) or expire (Redis TTL).
 *
 * Stores: in memory (LRU bounded in bytes) by default; with SWITCHBOARD_REDIS_URL,
 * Redis as well, shared by every API replica (memory first, then Redis; a Redis
 * hit fills memory). A Redis failure is counted and the query runs uncached.
 */

/** Bumped when the stored shape changes, so replicas of another version never read it. */
const FORMAT = 1;
const REDIS_PREFIX = `switchboard:metricData:v${FORMAT}:`;
const REDIS_TTL_S = 3600;

/** The org-chart kinds: attribution (team, role, site, scope) reads them. */
const ORG_KINDS = ['org_unit_version', 'employee_version'] as const;

const kindOfTable = new Map(Object.values(FACTS).map((s) => [s.table, s.kind]));

/** The record kinds whose data a resolved query reads (sorted). */
export function dependentKinds(q: ResolvedQuery): string[] {
  const kinds = new Set<string>(ORG_KINDS);
  // A compiled metric's facts include the facts its computed columns (used directly
  // or through segments) read, and the fact its employee comes through (src/semantic/link.ts).
  for (const m of q.metrics)
    for (const name of factsReadBy(m, q.facts)) {
      const fact = q.facts.get(name);
      const kind = fact && kindOfTable.get(fact.table);
      // A fact no connector writes: depend on every kind rather than miss a change.
      if (kind) kinds.add(kind);
      else for (const s of Object.values(FACTS)) kinds.add(s.kind);
    }
  const dims = new Set<string>([...q.dimensions, ...q.filters.map((f) => f.dimension)]);
  if (dims.has('PRODUCT_CATEGORY') || dims.has('PRODUCT')) kinds.add('sales_order'); // ingesting orders upserts products
  return [...kinds].sort();
}

const scopeKey = (s: EmployeeScope | null) =>
  s === null
    ? null
    : s.kind === 'subtree'
      ? { kind: s.kind, teamId: s.teamId, asOf: s.asOf, members: s.employeeIds ? [...s.employeeIds].sort() : null }
      : s;

/** The resolved query as plain data: everything its result depends on, nothing else. */
export function canonicalQuery(q: ResolvedQuery): unknown {
  return {
    metrics: q.metrics.map((m) => [m.def.name, m.version]),
    dimensions: q.dimensions,
    grain: q.grain,
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    timezone: q.timezone,
    orgTimezone: q.orgTimezone,
    attribution: q.attribution,
    teamLevel: q.teamLevel,
    underTeam: q.underTeam,
    filters: q.filters.map((f) => ({ dimension: f.dimension, values: f.values, exclude: Boolean(f.exclude) })),
    orderBy: q.orderBy,
    limit: q.limit,
    compare: q.compare,
    scope: scopeKey(q.scope),
    benchmarks: q.benchmarks.map((b) => ({ kind: b.kind, teamId: b.population.teamId, scope: scopeKey(b.population.scope) })),
  };
}

/** JSON with object keys sorted, so equal values give equal text. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null);
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/**
 * `database` names the data: the cluster's system identifier (a streaming standby
 * shares its primary's) and the database name, so that deployments (or test
 * databases) sharing one Redis never read each other's results.
 */
export function cacheKey(q: ResolvedQuery, versions: Record<string, number>, database = ''): string {
  const deps = Object.fromEntries(dependentKinds(q).map((k) => [k, versions[k] ?? 0]));
  return createHash('sha256').update(canonicalJson({ f: FORMAT, d: database, q: canonicalQuery(q), v: deps })).digest('base64url');
}

/** The cluster's system identifier and the database name (read once per cache). */
async function databaseIdentity(sql: Sql): Promise<string> {
  try {
    const [r] = await sql.query(`SELECT (SELECT system_identifier::text FROM pg_control_system()) || '/' || current_database() AS id`);
    return r.id;
  } catch {
    const [r] = await sql.query(`SELECT current_database() AS id`);
    return r.id;
  }
}

/** About the length of `JSON.stringify(s)`: the SQL text and each row's keys and values. */
function approxBytes(s: { sql: string; params: unknown[]; rows: { values: unknown[]; previousValues: unknown[] | null }[] }): number {
  let n = 256 + s.sql.length + 32 * s.params.length;
  for (const r of s.rows) n += 200 + 24 * (r.values.length + (r.previousValues?.length ?? 0));
  return n;
}

/** What is stored: the result without its resolved query (rebuilt per request). */
type Stored = Omit<MetricResultData, 'query'>;

export type CachedResult = MetricResultData & { cached: boolean };

export interface ResultCacheOptions {
  /** Bound of the in-memory LRU in bytes (of the results as JSON). */
  maxBytes: number;
  /** Shared store; absent = memory only. */
  redis?: RedisClient;
}

const reviveDates = (k: string, v: unknown) => (k === 'period' && typeof v === 'string' ? new Date(v) : v);

export class ResultCache {
  private readonly memory: LRUCache<string, Stored>;
  private readonly inflight = new Map<string, Promise<Stored>>();
  private identity: Promise<string> | undefined;

  constructor(private readonly opts: ResultCacheOptions) {
    this.memory = new LRUCache<string, Stored>({ maxSize: Math.max(1, opts.maxBytes), sizeCalculation: (_v, k) => k.length + 1 });
  }

  /**
   * The result of `q` for `env` (its scope in the key): from the cache when the
   * data versions are unchanged, else from `compute` (which must run the same
   * query on `sql`, the database the versions are read from). `versions`, when
   * given, reads them (a request shares one reading between its caches).
   */
  async run(sql: Sql, q: MetricQuery, env: QueryEnv, compute: () => Promise<MetricResultData>, versions: () => Promise<Record<string, number>> = () => dataVersions(sql)): Promise<CachedResult> {
    const resolved = resolveQuery(q, env); // a bad query fails here exactly as compute would
    const database = await (this.identity ??= databaseIdentity(sql).catch((e) => {
      this.identity = undefined;
      throw e;
    }));
    const key = cacheKey(resolved, await versions(), database);
    const local = this.memory.get(key);
    if (local) {
      cacheLookups.inc({ outcome: 'hit', store: 'memory' });
      return { ...local, query: resolved, cached: true };
    }
    if (this.opts.redis) {
      const shared = await this.redisGet(key);
      if (shared) {
        cacheLookups.inc({ outcome: 'hit', store: 'redis' });
        this.remember(key, shared.value, shared.bytes);
        return { ...shared.value, query: resolved, cached: true };
      }
    }
    cacheLookups.inc({ outcome: 'miss', store: this.opts.redis ? 'redis' : 'memory' });
    // Identical queries arriving together (a wallboard's many screens) run once.
    let pending = this.inflight.get(key);
    if (!pending) {
      pending = (async () => {
        const { query: _q, ...stored } = await compute();
        // The JSON only when Redis needs it; for the memory bound, an estimate of its
        // size (stringifying a thousand-row result costs milliseconds on every miss).
        const json = this.opts.redis ? JSON.stringify(stored) : null;
        this.remember(key, stored, json ? json.length : approxBytes(stored));
        if (json !== null) await this.redisSet(key, json);
        return stored;
      })().finally(() => this.inflight.delete(key));
      this.inflight.set(key, pending);
    }
    const stored = await pending;
    return { ...stored, query: resolved, cached: false };
  }

  /** Entries in memory (tests, /metrics). */
  get size(): number {
    return this.memory.size;
  }

  clear(): void {
    this.memory.clear();
  }

  async close(): Promise<void> {
    this.memory.clear();
    if (this.opts.redis) await this.opts.redis.quit().catch(() => this.opts.redis!.disconnect());
  }

  private remember(key: string, value: Stored, bytes: number): void {
    if (bytes > this.opts.maxBytes) return;
    this.memory.set(key, value, { size: bytes });
  }

  private async redisGet(key: string): Promise<{ value: Stored; bytes: number } | null> {
    try {
      const text = await this.opts.redis!.get(REDIS_PREFIX + key);
      return text === null ? null : { value: JSON.parse(text, reviveDates) as Stored, bytes: text.length };
    } catch {
      cacheErrors.inc();
      return null;
    }
  }

  private async redisSet(key: string, json: string): Promise<void> {
    try {
      await this.opts.redis!.set(REDIS_PREFIX + key, json, 'EX', REDIS_TTL_S);
    } catch {
      cacheErrors.inc();
    }
  }
}

/**
 * The cache a server runs with: none when SWITCHBOARD_CACHE=off, else memory
 * bounded by SWITCHBOARD_CACHE_MAX_MB, shared through Redis when a URL is given.
 */
export async function createResultCache(opts: { cache?: 'on' | 'off'; cacheMaxMb?: number; redisUrl?: string }): Promise<ResultCache | null> {
  if (opts.cache === 'off') return null;
  let redis: RedisClient | undefined;
  if (opts.redisUrl) {
    const { Redis } = await import('ioredis');
    // Fail fast: a request waits at most this long for Redis, then runs uncached.
    redis = new Redis(opts.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 1000, enableOfflineQueue: false });
    redis.on('error', () => cacheErrors.inc());
    await redis.connect().catch((e: Error) => {
      redis!.disconnect();
      throw new ConfigError('SWITCHBOARD_REDIS_URL', `cannot connect to Redis at ${redisAddress(opts.redisUrl!)}: ${e.message}`);
    });
  }
  return new ResultCache({ maxBytes: (opts.cacheMaxMb ?? 64) * 1024 * 1024, redis });
}

/** host:port of a Redis URL, never its password. */
function redisAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '6379'}`;
  } catch {
    return 'the configured address';
  }
}
