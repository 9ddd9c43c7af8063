import { Writable } from 'stream';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { mintToken, TokenRole } from '../../src/access';
import { startServer, RunningServer } from '../../src/api';
import { Config } from '../../src/config';
import type { PushOptions } from '../../src/realtime/push';
import { ResultCache } from '../../src/query/cache';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256!';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    databaseUrl: undefined,
    port: 0,
    dataDir: '/nonexistent',
    jwtSecret: TEST_SECRET,
    jwksUrl: undefined,
    jwtIssuer: undefined,
    jwtAudience: undefined,
    statementTimeoutMs: 30000,
    orgTimezone: 'UTC',
    embeddedPgPort: 54329,
    maxRecordBytes: 1 << 20,
    ...overrides,
  };
}

export function token(role: TokenRole, employeeId?: string): Promise<string> {
  return mintToken(TEST_SECRET, { role, employeeId, ttlSeconds: 600 });
}

export interface GraphQLResponse<T = any> {
  status: number;
  body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
}

/**
 * A started server on a free port, plus a helper that POSTs GraphQL over real
 * HTTP. Its server-side log is kept in memory (`logs()`); `clock` pins "today".
 */
export async function serve(ds: DataSource, config: Partial<Config> = {}, opts: { clock?: () => Date; resultCache?: ResultCache | null; push?: Partial<PushOptions> } = {}) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  const logger = pino({ base: undefined }, sink);
  const server: RunningServer = await startServer(ds, testConfig(config), { port: 0, host: '127.0.0.1', logger, clock: opts.clock, resultCache: opts.resultCache, push: opts.push });
  const base = `http://127.0.0.1:${server.port}`;
  async function gql<T = any>(query: string, variables: Record<string, unknown> = {}, bearer?: string | null): Promise<GraphQLResponse<T>> {
    const auth = bearer === undefined ? await token('admin') : bearer;
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as GraphQLResponse<T>['body'] };
  }
  return { server, base, gql, logs: () => lines, close: () => server.close() };
}
