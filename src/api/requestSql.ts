import { DataSource } from 'typeorm';
import { Sql } from '../canonical';
import { sqlDuration } from '../telemetry/prom';

/** At most `n` tasks at a time; the others wait their turn in order. */
export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly n: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.n) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // hands its slot over: `running` stays the same
      else this.running--;
    }
  }
}

/**
 * The session settings of a pool that serves API reads only: the statement timeout,
 * and no JIT (the API's statements are short, and LLVM compilation alone can take
 * longer than they do).
 */
export function apiReadSettings(statementTimeoutMs: number): Record<string, string | number> {
  return { statement_timeout: Math.floor(statementTimeoutMs), jit: 'off' };
}

/** PostgreSQL's error code for a statement cancelled by statement_timeout. */
export const STATEMENT_TIMEOUT_CODE = '57014';

/**
 * What the API runs its reads on: each statement with PostgreSQL's
 * `statement_timeout`, and at most `concurrency` statements of one request at a
 * time, so that one request (500 aliases, say) cannot take the whole pool.
 *
 * On a pool of the API's own (`apiReadSettings`, `preset`), every connection starts
 * with those settings, and a statement is one round trip. On a shared pool (ingest
 * uses it too: a long COPY of a big file must not inherit the API's limit), they are
 * set on the connection for the statement and reset before it goes back.
 */
export function requestSql(ds: DataSource, opts: { concurrency: number; statementTimeoutMs: number; pool?: 'primary' | 'replica'; preset?: boolean }): Sql {
  const pool = opts.pool ?? 'primary';
  const gate = new Semaphore(opts.concurrency);
  const timeout = Math.floor(opts.statementTimeoutMs);
  // Every statement's duration goes to the SQL latency histogram, by pool and outcome.
  const timed = async (run: () => Promise<unknown>) => {
    const end = sqlDuration.startTimer({ pool });
    try {
      const rows = await run();
      end({ outcome: 'ok' });
      return rows;
    } catch (e) {
      end({ outcome: 'error' });
      throw e;
    }
  };
  if (opts.preset) return { query: (text: string, params?: unknown[]) => gate.run(() => timed(() => ds.query(text, params))) };
  return {
    query: (text: string, params?: unknown[]) =>
      gate.run(async () => {
        const runner = ds.createQueryRunner();
        try {
          // One round trip for both settings. No JIT: the API's statements are short
          // (rollups), and LLVM compilation alone can take longer than they do.
          await runner.query(`SET statement_timeout = ${timeout}; SET jit = off`);
          return await timed(() => runner.query(text, params));
        } finally {
          await runner.query('RESET statement_timeout; RESET jit').catch(() => undefined);
          await runner.release();
        }
      }),
  };
}
