import { collectDefaultMetrics, Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * Switchboard's Prometheus metrics, all in prom-client's default `register` (other
 * modules register theirs there too); `/metrics` serves that registry
 * (src/api/metricsRoute.ts). Labels are bounded: no query text, no ids.
 */

const existing = <T>(name: string): T | undefined => register.getSingleMetric(name) as T | undefined;

/** Registers once per process, even when this module is loaded twice (jest module registries). */
function once<T>(name: string, make: () => T): T {
  return existing<T>(name) ?? make();
}

if (!existing('process_cpu_user_seconds_total')) collectDefaultMetrics({ prefix: '' });

export const cacheLookups = once(
  'switchboard_result_cache_lookups_total',
  () =>
    new Counter({
      name: 'switchboard_result_cache_lookups_total',
      help: 'metricData result cache lookups, by outcome (hit or miss) and store (memory or redis; response: the whole-response layer in front of it)',
      labelNames: ['outcome', 'store'] as const,
    }),
);

export const cacheErrors = once(
  'switchboard_result_cache_errors_total',
  () => new Counter({ name: 'switchboard_result_cache_errors_total', help: 'shared cache (Redis) errors; the query then runs uncached' }),
);

export const requestDuration = once(
  'switchboard_graphql_request_duration_seconds',
  () =>
    new Histogram({
      name: 'switchboard_graphql_request_duration_seconds',
      help: 'GraphQL operations, from parse to response, by operation type, first root field and outcome',
      labelNames: ['type', 'field', 'outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
);

export const sqlDuration = once(
  'switchboard_sql_duration_seconds',
  () =>
    new Histogram({
      name: 'switchboard_sql_duration_seconds',
      help: 'SQL statements the GraphQL API runs, by pool (primary or replica) and outcome',
      labelNames: ['pool', 'outcome'] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
);

export const ingestRecords = once(
  'switchboard_ingest_records_total',
  () =>
    new Counter({
      name: 'switchboard_ingest_records_total',
      help: 'records of committed ingest runs, by connector and outcome (inserted, updated, unchanged, duplicate, rejected)',
      labelNames: ['connector', 'outcome'] as const,
    }),
);

export const ingestRunDuration = once(
  'switchboard_ingest_run_duration_seconds',
  () =>
    new Histogram({
      name: 'switchboard_ingest_run_duration_seconds',
      help: 'ingest runs, by connector and status (completed or failed)',
      labelNames: ['connector', 'status'] as const,
      buckets: [0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600],
    }),
);

/** The pg pools whose saturation /metrics reports (name → pool counts). */
export interface PoolLike {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}
const pools = new Map<string, () => PoolLike | undefined>();

/** Reports a pool under `name` until the returned function is called. */
export function watchPool(name: string, pool: () => PoolLike | undefined): () => void {
  pools.set(name, pool);
  return () => {
    if (pools.get(name) === pool) pools.delete(name);
  };
}

once(
  'switchboard_db_pool_connections',
  () =>
    new Gauge({
      name: 'switchboard_db_pool_connections',
      help: 'PostgreSQL pool connections, by pool and state (total, idle, waiting = requests queued for a connection)',
      labelNames: ['pool', 'state'] as const,
      collect() {
        this.reset();
        for (const [name, get] of pools) {
          const p = get();
          if (!p) continue;
          this.set({ pool: name, state: 'total' }, p.totalCount);
          this.set({ pool: name, state: 'idle' }, p.idleCount);
          this.set({ pool: name, state: 'waiting' }, p.waitingCount);
        }
      },
    }),
);

/** Counts a finished ingest run (called by runIngest). */
export function observeIngestRun(
  connector: string,
  status: 'completed' | 'failed',
  seconds: number,
  counts?: { inserted: number; updated: number; unchanged: number; duplicates: number; rejected: number },
): void {
  ingestRunDuration.observe({ connector, status }, seconds);
  if (!counts) return;
  const add = (outcome: string, n: number) => n > 0 && ingestRecords.inc({ connector, outcome }, n);
  add('inserted', counts.inserted);
  add('updated', counts.updated);
  add('unchanged', counts.unchanged);
  add('duplicate', counts.duplicates);
  add('rejected', counts.rejected);
}

export { register };
