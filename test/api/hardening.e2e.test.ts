import { GraphQLError, parse } from 'graphql';
import { buildApiSchema } from '../../src/api';
import { queryCost } from '../../src/api/queryLimits';
import pino from 'pino';
import { maskErrors } from '../../src/api/maskErrors';
import { requestSql } from '../../src/api/requestSql';
import { createDataSource } from '../../src/db';
import { WINDOW, useAccessApi } from '../access/fixture';
import { token } from '../support/server';

/**
 * What one request may ask (issue 8's repro: a cyclic query ran the server out
 * of heap; 500 metricData aliases exhausted the pool). Each refusal is checked
 * for its code, and a normal query right after it must still succeed. How fast
 * the refusals are is measured by the bench, not asserted here.
 */
process.env.NODE_ENV = 'development'; // as a user runs it: Apollo would add stack traces outside test/production

const fx = useAccessApi('hardening');


const METRIC = `metricData(query: { metrics: ["contacts_handled"], from: "${WINDOW.from}", to: "${WINDOW.to}" }) { rows { values } }`;

async function stillHealthy(): Promise<void> {
  const res = await fx.api.gql(`{ ${METRIC} me { role } }`);
  expect(res.status).toBe(200);
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data.metricData.rows).toEqual([{ values: [18] }]);
  expect((await fetch(`${fx.api.base}/healthz`)).status).toBe(200);
}

const noLeak = (body: unknown) => {
  const text = JSON.stringify(body);
  expect(text).not.toMatch(/stacktrace|SELECT|FROM |at .*\.(js|ts):\d+/);
};

describe('refused before execution', () => {
  it('a cyclic query nested 30 levels: QUERY_TOO_DEEP', async () => {
    let nest = 'teamId';
    for (let i = 0; i < 30; i++) nest = `children { parent { ${nest} } }`;
    const res = await fx.api.gql(`{ orgChart { ${nest} } }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_DEEP');
    expect(res.body.errors?.[0].message).toMatch(/nests fields 62 deep; the limit is 12/);
    expect(res.body.data).toBeUndefined();
    await stillHealthy();
  });

  it('depth counts through fragments', async () => {
    // 3 levels + a fragment 8 deep + its leaf: 12 is fine; one more level is not.
    const F = 'fragment F on Team { parent { parent { parent { parent { parent { parent { parent { parent { teamId } } } } } } } } }';
    const ok = await fx.api.gql(`${F} { orgChart { children { children { ...F } } } }`);
    expect(ok.body.errors).toBeUndefined();
    const res = await fx.api.gql(`${F} { orgChart { children { children { children { ...F } } } } }`);
    expect(res.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_DEEP');
  });

  it('500 metricData aliases: QUERY_TOO_COMPLEX, and the pool is untouched', async () => {
    const aliases = Array.from({ length: 500 }, (_, i) => `a${i}: ${METRIC}`).join('\n');
    const res = await fx.api.gql(`{ ${aliases} }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    // Refused while parsing: 500 aliases are far past the token limit, so validation never runs.
    expect(res.body.errors?.[0].message).toMatch(/more than 2000 tokens/);
    await stillHealthy();
  });

  it('within the token limit but over the cost limit (nested lists multiply): QUERY_TOO_COMPLEX by cost', async () => {
    const res = await fx.api.gql(`{ orgChart { children { children { children { children { members { id name email } } } } } } }`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(res.body.errors?.[0].message).toMatch(/estimated cost is \d+; the limit is 20000/);
    await stillHealthy();
  });

  it('the cost model: fields 1, lists ×5, metricData 200 plus 200 per benchmark', () => {
    const cost = (q: string) => queryCost(buildApiSchema(), parse(q), undefined, {});
    expect(cost('{ me { role } }')).toBe(2);
    expect(cost('{ orgChart { teamId } }')).toBe(1 + 5 * 1);
    const md = (extra: string) => cost(`{ metricData(query: { metrics: ["aht"], from: "${WINDOW.from}", to: "${WINDOW.to}" ${extra} }) { rowCount } }`);
    expect(md('')).toBe(200 + 1); // metricData's own cost replaces the field's 1
    expect(md('benchmarks: [TEAM, CENTER]')).toBe(600 + 1);
  });

  it('a few metricData aliases are fine', async () => {
    const res = await fx.api.gql(`{ ${Array.from({ length: 20 }, (_, i) => `a${i}: ${METRIC}`).join('\n')} }`);
    expect(res.body.errors).toBeUndefined();
    expect(Object.values(res.body.data)).toEqual(Array(20).fill({ rows: [{ values: [18] }] }));
  });

  it('a 10 MB body: 413 with a JSON error, before it is parsed', async () => {
    const body = JSON.stringify({ query: '{ me { role } }', variables: { pad: 'x'.repeat(10 * 1024 * 1024) } });
    const res = await fetch(`${fx.api.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('admin')}` },
      body,
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ errors: [{ message: 'the request body is larger than 1048576 bytes', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    await stillHealthy();
  });

  it('a body that is not JSON: 400 with a code, no stack', async () => {
    const res = await fetch(`${fx.api.base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('admin')}` },
      body: '{"query": "{ me { role } }"',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: [{ message: 'the request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
  });
});

describe('limits on lists', () => {
  it('metricData: default and maximum limit; truncated says when rows were cut', async () => {
    const q = (limit: string) => `{ metricData(query: { metrics: ["contacts_handled"], dimensions: [EMPLOYEE], from: "${WINDOW.from}", to: "${WINDOW.to}" ${limit} }) { rowCount truncated } }`;
    expect((await fx.api.gql(q(''))).body.data.metricData).toEqual({ rowCount: 14, truncated: false });
    expect((await fx.api.gql(q('limit: 14'))).body.data.metricData).toEqual({ rowCount: 14, truncated: false });
    expect((await fx.api.gql(q('limit: 3'))).body.data.metricData).toEqual({ rowCount: 3, truncated: true });
    for (const bad of ['limit: 0', 'limit: 100001']) {
      const res = await fx.api.gql(q(bad));
      expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.body.errors?.[0].message).toMatch(/limit must be between 1 and 100000/);
    }
  });

  it('org chart lists take a limit too', async () => {
    const res = await fx.api.gql(`{ orgChart(limit: 1) { children(limit: 1) { teamId } members(limit: 1) { id } } }`);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.orgChart).toHaveLength(1);
    expect(res.body.data.orgChart[0].children).toHaveLength(1);
    expect(res.body.data.orgChart[0].members).toHaveLength(1);
    const over = await fx.api.gql(`{ orgChart(limit: 10001) { teamId } }`);
    expect(over.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('errors are masked', () => {
  it('an unexpected failure is INTERNAL_SERVER_ERROR with a generic message, logged server-side', async () => {
    await fx.db.ds.query(`ALTER TABLE product RENAME TO product_away`);
    try {
      const res = await fx.api.gql(`{ metricData(query: { metrics: ["revenue"], dimensions: [PRODUCT_CATEGORY], from: "${WINDOW.from}", to: "${WINDOW.to}" }) { rows { values } } }`);
      expect(res.body.errors).toEqual([{ message: 'internal server error (the server log has the details)', locations: expect.anything(), path: ['metricData'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      noLeak(res.body);
      const logged = fx.api.logs().find((l) => l.msg === 'unexpected error in a GraphQL request');
      expect(JSON.stringify(logged)).toMatch(/product/);
    } finally {
      await fx.db.ds.query(`ALTER TABLE product_away RENAME TO product`);
    }
    await stillHealthy();
  });

  it('a value PostgreSQL cannot take (NUL) is BAD_USER_INPUT, without SQL', async () => {
    const res = await fx.api.gql(`query($id: ID!) { employee(id: $id) { id } }`, { id: 'A1\u0000' });
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    noLeak(res.body);
  });

  it('every error carries extensions.code and no stack trace', async () => {
    for (const q of ['{ nope }', '{ me { role }', '{ employee { id } }', `{ orgChart(asOf: "2026-02-30") { teamId } }`]) {
      const res = await fx.api.gql(q);
      expect(res.body.errors?.length).toBeGreaterThan(0);
      for (const e of res.body.errors!) {
        expect(typeof e.extensions?.code).toBe('string');
        expect(e.extensions).not.toHaveProperty('stacktrace');
      }
    }
  });

  it('a statement cancelled by statement_timeout is QUERY_TIMEOUT (mapping)', () => {
    const fmt = maskErrors(pino({ level: 'silent' }), 1234);
    const cancelled = Object.assign(new Error('canceling statement due to statement timeout'), { driverError: { code: '57014' }, query: 'SELECT secret' });
    const wrapped = new GraphQLError(cancelled.message, { originalError: cancelled, path: ['metricData'] });
    expect(fmt({ message: cancelled.message, path: ['metricData'] }, wrapped)).toEqual({
      message: 'the query ran longer than the server allows (1234 ms, SWITCHBOARD_STATEMENT_TIMEOUT_MS): narrow the time range, the dimensions or the grain',
      path: ['metricData'],
      locations: undefined,
      extensions: { code: 'QUERY_TIMEOUT' },
    });
  });
});

describe("the API's database access", () => {
  it('each statement runs under statement_timeout, reset before the connection goes back to the pool', async () => {
    const one = createDataSource({ url: fx.db.url, poolSize: 1 });
    await one.initialize();
    try {
      const sql = requestSql(one, { concurrency: 3, statementTimeoutMs: 200 });
      expect(await sql.query(`SELECT current_setting('statement_timeout') AS t`)).toEqual([{ t: '200ms' }]);
      await expect(sql.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ driverError: { code: '57014' } });
      expect(await one.query(`SELECT current_setting('statement_timeout') AS t`)).toEqual([{ t: '0' }]);
    } finally {
      await one.destroy();
    }
  });

  it('runs at most 3 statements of one request at a time, whatever the pool size', async () => {
    const wide = createDataSource({ url: fx.db.url, poolSize: 10 });
    await wide.initialize();
    try {
      const sql = requestSql(wide, { concurrency: 3, statementTimeoutMs: 10000 });
      // Each statement counts the probes running at its start (itself included), then lingers.
      const probe = `SELECT (SELECT count(*)::int FROM pg_stat_activity WHERE state = 'active' AND query LIKE '%sem-probe%' AND pid <> pg_backend_pid()) + 1 AS n, pg_sleep(0.05) AS z -- sem-probe`;
      const counts = (await Promise.all(Array.from({ length: 12 }, () => sql.query(probe)))).map((r) => r[0].n as number);
      expect(Math.max(...counts)).toBeLessThanOrEqual(3);
      expect(Math.max(...counts)).toBeGreaterThan(1); // they did overlap, up to the cap
    } finally {
      await wide.destroy();
    }
  });
});

describe('introspection and GET', () => {
  it('introspection for authenticated callers only', async () => {
    const q = '{ __schema { queryType { name } } }';
    expect((await fx.api.gql(q, {}, null)).status).toBe(401);
    const ok = await fx.api.gql(q, {}, await token('agent', 'A1'));
    expect(ok.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('GET needs the CSRF preflight header (apollo-require-preflight)', async () => {
    const url = `${fx.api.base}/graphql?query=${encodeURIComponent('{ me { role } }')}`;
    const auth = { authorization: `Bearer ${await token('admin')}` };
    const blocked = await fetch(url, { headers: auth });
    expect(blocked.status).toBe(400);
    const ok = await fetch(url, { headers: { ...auth, 'apollo-require-preflight': 'true' } });
    expect(await ok.json()).toEqual({ data: { me: { role: 'admin' } } });
  });
});
