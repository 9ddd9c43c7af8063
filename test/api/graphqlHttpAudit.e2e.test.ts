import fs from 'fs';
import path from 'path';
import { auditServer } from 'graphql-http';
import { serve, token } from '../support/server';
import { useDatabase } from '../support/useDatabase';

/**
 * The GraphQL-over-HTTP audit of graphql-http against the started server, each
 * request carrying a bearer token. Every MUST passes; the SHOULD and MAY results
 * are written to .switchboard/graphql-http-audit.json for the record.
 */
const db = useDatabase('httpaudit');
let api: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  api = await serve(db.ds);
});
afterAll(() => api?.close());

describe('graphql-http audit', () => {
  it('passes every MUST', async () => {
    const bearer = await token('admin');
    const fetchFn = (input: string | URL | Request, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      headers.set('authorization', `Bearer ${bearer}`);
      return fetch(input, { ...init, headers });
    };
    const results = await auditServer({ url: `${api.base}/graphql`, fetchFn });
    const summary = await Promise.all(
      results.map(async (r) => ({ name: r.name, status: r.status, ...(r.status === 'ok' ? {} : { reason: r.reason, body: await r.response.clone().text().catch(() => '') }) })),
    );
    const out = path.resolve(__dirname, '../../.switchboard/graphql-http-audit.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(summary, null, 2));
    const failedMusts = summary.filter((r) => r.name.startsWith('MUST') && r.status !== 'ok');
    expect(failedMusts).toEqual([]);
    expect(summary.filter((r) => r.name.startsWith('MUST')).length).toBeGreaterThan(10);
  });
});
