import { DataSource } from 'typeorm';
import { mintToken, TokenRole } from '../../src/access';
import { startServer, RunningServer } from '../../src/api';
import { Config } from '../../src/config';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256!';

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    databaseUrl: undefined,
    port: 0,
    dataDir: '/nonexistent',
    jwtSecret: TEST_SECRET,
    jwksUrl: undefined,
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

/** A started server on a free port, plus a helper that POSTs GraphQL over real HTTP. */
export async function serve(ds: DataSource, config: Partial<Config> = {}) {
  const server: RunningServer = await startServer(ds, testConfig(config), { port: 0, host: '127.0.0.1' });
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
  return { server, base, gql, close: () => server.close() };
}
