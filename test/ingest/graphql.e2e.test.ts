import { serve, token } from '../support/server';
import { useDatabase } from '../support/useDatabase';
import { ingestFixtures, loadHr } from './support';

const db = useDatabase('ingestapi');
let api: Awaited<ReturnType<typeof serve>>;
let runId: string;

beforeAll(async () => {
  await loadHr(db.ds);
  runId = (await ingestFixtures(db.ds, 'amazon-connect-ctr', ['contacts.jsonl'])).runId;
  await ingestFixtures(db.ds, 'surveys', ['responses.csv']);
  api = await serve(db.ds);
});
afterAll(() => api?.close());

describe('GraphQL: ingestRuns and rejectedRecords', () => {
  it('ingestRuns lists runs newest first with counts and status, filtered by connector', async () => {
    const all = await api.gql(`{ ingestRuns { connector status read } }`);
    expect(all.body.errors).toBeUndefined();
    expect(all.body.data.ingestRuns.map((r: { connector: string }) => r.connector)).toEqual(['surveys', 'amazon-connect-ctr', 'hr-employees', 'hr-org-units']);
    const ctr = await api.gql(`{ ingestRuns(connector: "amazon-connect-ctr", limit: 5) { id connector status files read inserted updated unchanged duplicates rejected error finishedAt } }`);
    expect(ctr.body.data.ingestRuns).toEqual([
      {
        id: runId, connector: 'amazon-connect-ctr', status: 'completed', files: [expect.stringMatching(/contacts\.jsonl$/)],
        read: 11, inserted: 4, updated: 1, unchanged: 0, duplicates: 1, rejected: 5, error: null, finishedAt: expect.any(String),
      },
    ]);
    const one = await api.gql(`{ ingestRuns(limit: 1) { connector } }`);
    expect(one.body.data.ingestRuns).toEqual([{ connector: 'surveys' }]);
  });

  it('rejectedRecords gives position, raw text and reasons with codes, paged', async () => {
    const q = `query($id: ID!, $limit: Int, $offset: Int) { rejectedRecords(runId: $id, limit: $limit, offset: $offset) {
      runId connector file position raw reasons { code field value message } } }`;
    const res = await api.gql(q, { id: runId });
    expect(res.body.errors).toBeUndefined();
    const recs = res.body.data.rejectedRecords;
    expect(recs.map((r: { position: number }) => r.position)).toEqual([4, 6, 9, 10, 11]);
    expect(recs[1]).toMatchObject({ runId, connector: 'amazon-connect-ctr', position: 6, reasons: [{ code: 'unknown_agent', field: 'Agent.Username', value: 'ghost' }] });
    expect(JSON.parse(recs[1].raw).ContactId).toBe('c-6');
    expect(recs[3]).toMatchObject({ raw: '{"ContactId":"c-9","Channel":VOICE}', reasons: [{ code: 'malformed', field: null }] });
    const page = await api.gql(q, { id: runId, limit: 2, offset: 2 });
    expect(page.body.data.rejectedRecords.map((r: { position: number }) => r.position)).toEqual([9, 10]);
  });

  it('is limited to admin, analyst and executive', async () => {
    for (const role of ['analyst', 'executive'] as const) {
      const ok = await api.gql(`{ ingestRuns(limit: 1) { id } }`, {}, await token(role));
      expect(ok.body.errors).toBeUndefined();
    }
    for (const role of ['agent', 'supervisor', 'manager'] as const) {
      const no = await api.gql(`{ ingestRuns { id } }`, {}, await token(role, 'e1'));
      expect(no.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      const rej = await api.gql(`query($id: ID!) { rejectedRecords(runId: $id) { id } }`, { id: runId }, await token(role, 'e1'));
      expect(rej.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const anon = await api.gql(`{ ingestRuns { id } }`, {}, null);
    expect(anon.status).toBe(401);
  });

  it('a bad run id or limit is BAD_USER_INPUT', async () => {
    const bad = await api.gql(`{ rejectedRecords(runId: "nope") { id } }`);
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const neg = await api.gql(`{ ingestRuns(limit: -1) { id } }`);
    expect(neg.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
