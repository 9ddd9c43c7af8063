import zlib from 'zlib';
import { mintToken } from '../../src/access';
import { serve, TEST_SECRET, token } from '../support/server';
import { ctr } from '../support/live';
import { useDatabase } from '../support/useDatabase';
import { seedOrg } from '../metrics/fixture';

/**
 * Issue 12, Done-when 2: POST /ingest/<connector> over real HTTP. Expected outcomes
 * follow SPEC §3 by hand: a new ContactId is inserted, a later LastUpdateTimestamp of
 * a stored one updates it, the same record again is unchanged (a copy later in the
 * same run is a duplicate), a record with a bad field is rejected with its reason.
 */
const db = useDatabase('realtime_push');
let api: Awaited<ReturnType<typeof serve>>;
const T0 = Date.parse('2026-04-01T09:00:00Z');

beforeAll(async () => {
  await seedOrg(db.ds);
  await db.ds.query(`INSERT INTO identity_map (source_system, external_id, employee_id, valid) VALUES ('acd', 'agent.e1', 'e1', '[2025-01-01,)')`);
  api = await serve(db.ds, {}, { push: { maxBodyBytes: 64 * 1024, batchMs: 300, ratePerSecond: 1000, burst: 1000 } });
});
afterAll(() => api?.close());

async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}, bearer: string | null | undefined = undefined) {
  const auth = bearer === undefined ? await token('service') : bearer;
  const res = await fetch(`${api.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...headers },
    body: typeof body === 'string' ? body : new Uint8Array(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

const stored = async () =>
  (await db.ds.query(`SELECT contact_id, employee_id, queue_seconds, connected_at IS NOT NULL AS handled FROM interaction ORDER BY contact_id`)) as {
    contact_id: string;
    employee_id: string | null;
    queue_seconds: number | null;
    handled: boolean;
  }[];

const counts = (b: any) => ({ read: b.read, inserted: b.inserted, updated: b.updated, unchanged: b.unchanged, duplicates: b.duplicates, rejected: b.rejected });

describe('POST /ingest/amazon-connect-ctr', () => {
  const p1 = ctr({ id: 'p1', at: T0, queue: 'Q', agent: 'agent.e1', queueSeconds: 10, talk: 100 });
  const p2 = ctr({ id: 'p2', at: T0 + 60_000, queue: 'Q', agent: null, queueSeconds: null, disconnected: false }); // queued, waiting
  const bad = { ...ctr({ id: 'p3', at: T0, queue: 'Q', agent: 'agent.e1', queueSeconds: 5 }), Channel: 'PIGEON' };
  const unknownAgent = ctr({ id: 'p4', at: T0, queue: 'Q', agent: 'agent.nobody', queueSeconds: 5, talk: 10 });

  it('gives each record its outcome (SPEC §3) and lists the rejections with their line and reasons', async () => {
    const res = await post('/ingest/amazon-connect-ctr', JSON.stringify([p1, p2, bad, unknownAgent, p1]));
    expect(res.status).toBe(200);
    expect(counts(res.body)).toEqual({ read: 5, inserted: 2, updated: 0, unchanged: 0, duplicates: 1, rejected: 2 });
    expect(res.body.rejections).toEqual([
      { position: 3, reasons: [expect.objectContaining({ code: 'invalid_value', field: 'Channel', value: 'PIGEON' })] },
      { position: 4, reasons: [expect.objectContaining({ code: 'unknown_agent', field: 'Agent.Username', value: 'agent.nobody', message: expect.stringMatching(/^line 4: field Agent.Username/) })] },
    ]);
    expect(await stored()).toEqual([
      { contact_id: 'p1', employee_id: 'e1', queue_seconds: 10, handled: true },
      { contact_id: 'p2', employee_id: null, queue_seconds: null, handled: false },
    ]);
    // The ledger has the run and its rejections, as a file run would.
    const [run] = await db.ds.query(`SELECT connector, status, read, inserted, duplicates, rejected FROM ingest_run WHERE id = $1`, [res.body.runId]);
    expect(run).toEqual({ connector: 'amazon-connect-ctr', status: 'completed', read: 5, inserted: 2, duplicates: 1, rejected: 2 });
  });

  it('is idempotent: a retried request changes nothing and counts its records unchanged', async () => {
    const before = await stored();
    const res = await post('/ingest/amazon-connect-ctr', JSON.stringify([p1, p2, bad, unknownAgent, p1]));
    expect(counts(res.body)).toEqual({ read: 5, inserted: 0, updated: 0, unchanged: 2, duplicates: 1, rejected: 2 });
    expect(await stored()).toEqual(before);
  });

  it('takes the full record after a partial one (JSON Lines): the contact is updated', async () => {
    const full = ctr({ id: 'p2', at: T0 + 60_000, queue: 'Q', agent: 'agent.e1', queueSeconds: 20, talk: 50 });
    const res = await post('/ingest/amazon-connect-ctr', `${JSON.stringify(full)}\n`, { 'content-type': 'application/x-ndjson' });
    expect(counts(res.body)).toEqual({ read: 1, inserted: 0, updated: 1, unchanged: 0, duplicates: 0, rejected: 0 });
    expect((await stored()).find((r) => r.contact_id === 'p2')).toEqual({ contact_id: 'p2', employee_id: 'e1', queue_seconds: 20, handled: true });
    // The partial record again, late: older than what is stored, so unchanged.
    expect(counts((await post('/ingest/amazon-connect-ctr', JSON.stringify([p2]))).body)).toMatchObject({ unchanged: 1, updated: 0 });
  });

  it('batches concurrent requests into one run and answers each with its own counts', async () => {
    const a = [ctr({ id: 'b1', at: T0, queue: 'Q', agent: 'agent.e1', queueSeconds: 3, talk: 1 }), ctr({ id: 'b2', at: T0, queue: 'Q', agent: 'agent.e1', queueSeconds: 3, talk: 1 })];
    const b = [ctr({ id: 'b3', at: T0, queue: 'Q', agent: 'agent.e1', queueSeconds: 3, talk: 1 }), p1, bad];
    const [ra, rb] = await Promise.all([post('/ingest/amazon-connect-ctr', JSON.stringify(a)), post('/ingest/amazon-connect-ctr', JSON.stringify(b))]);
    expect(ra.body.runId).toBe(rb.body.runId);
    expect(counts(ra.body)).toEqual({ read: 2, inserted: 2, updated: 0, unchanged: 0, duplicates: 0, rejected: 0 });
    expect(counts(rb.body)).toEqual({ read: 3, inserted: 1, updated: 0, unchanged: 1, duplicates: 0, rejected: 1 });
    expect(ra.body.rejections).toEqual([]);
    expect(rb.body.rejections).toEqual([{ position: 3, reasons: [expect.objectContaining({ field: 'Channel' })] }]);
  });

  it('accepts a Firehose HTTP endpoint delivery as is (gzip too), with the access key header, and answers in its shape', async () => {
    const rec = (r: unknown) => ({ data: Buffer.from(JSON.stringify(r)).toString('base64') });
    const f1 = ctr({ id: 'f1', at: T0, queue: 'Q', agent: 'agent.e1', queueSeconds: 4, talk: 9 });
    const f2 = ctr({ id: 'f2', at: T0, queue: 'Q', agent: null, queueSeconds: 30 });
    const envelope = JSON.stringify({ requestId: 'ed4acda5-034f-9f42-bba1-f29aea6d7d8f', timestamp: 1578090901599, records: [rec(f1), rec(f2)] });
    const headers = { 'x-amz-firehose-request-id': 'ed4acda5-034f-9f42-bba1-f29aea6d7d8f', 'x-amz-firehose-access-key': await token('service'), 'content-encoding': 'gzip' };
    const res = await post('/ingest/amazon-connect-ctr', zlib.gzipSync(envelope), headers, null);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ requestId: 'ed4acda5-034f-9f42-bba1-f29aea6d7d8f', timestamp: expect.any(Number), inserted: 2, rejected: 0 });
    expect(res.body.errorMessage).toBeUndefined();
    expect((await stored()).map((r) => r.contact_id)).toEqual(expect.arrayContaining(['f1', 'f2']));
    // Firehose retries the same request: nothing changes.
    expect((await post('/ingest/amazon-connect-ctr', zlib.gzipSync(envelope), headers, null)).body).toMatchObject({ inserted: 0, unchanged: 2 });
    // A failure is answered in the same shape, with errorMessage.
    const broken = await post('/ingest/amazon-connect-ctr', JSON.stringify({ requestId: 'r-2', timestamp: 1, records: [{ data: '***' }] }), { 'x-amz-firehose-access-key': await token('service') }, null);
    expect(broken.status).toBe(400);
    expect(broken.body).toEqual({ requestId: 'r-2', timestamp: expect.any(Number), errorMessage: expect.stringMatching(/records\[0\]\.data: must be a base64 string/) });
  });

  it('refuses a malformed body with the reasons and writes nothing of it', async () => {
    const runsBefore = Number((await db.ds.query(`SELECT count(*) FROM ingest_run`))[0].count);
    const before = await stored();
    const good = JSON.stringify(ctr({ id: 'm1', at: T0, queue: 'Q', agent: 'agent.e1', queueSeconds: 3, talk: 1 }));
    const res = await post('/ingest/amazon-connect-ctr', `${good}\n{"ContactId": "m2", "Channel": \n${good.replace('m1', 'm3')}\n`);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/malformed record\(s\); nothing was written/);
    expect(res.body.reasons).toEqual([expect.stringMatching(/^line 2: record /)]);
    expect(await stored()).toEqual(before);
    expect(Number((await db.ds.query(`SELECT count(*) FROM ingest_run`))[0].count)).toBe(runsBefore);
    for (const empty of ['', '   \n']) expect((await post('/ingest/amazon-connect-ctr', empty)).body).toEqual({ error: 'the request body holds no records' });
    expect((await post('/ingest/amazon-connect-ctr', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).body).toEqual({ error: 'the request body is not UTF-8 text' });
  });

  it('refuses an oversized body with 413 before writing anything', async () => {
    const many = Array.from({ length: 200 }, (_, i) => ctr({ id: `big${i}`, at: T0, queue: 'Q', agent: 'agent.e1', queueSeconds: 3, talk: 1 }));
    const res = await post('/ingest/amazon-connect-ctr', JSON.stringify(many));
    expect(res.status).toBe(413);
    expect(res.body.error).toMatch(/larger than 65536 bytes/);
    expect((await stored()).some((r) => r.contact_id.startsWith('big'))).toBe(false);
  });

  it('refuses callers without a service token', async () => {
    const body = JSON.stringify([p1]);
    expect(await post('/ingest/amazon-connect-ctr', body, {}, null)).toMatchObject({ status: 401, body: { error: expect.stringMatching(/missing token/) } });
    expect(await post('/ingest/amazon-connect-ctr', body, {}, 'forged.token.here')).toMatchObject({ status: 401, body: { error: expect.stringMatching(/invalid token/) } });
    const wrongKey = await mintToken('another-secret-that-is-long-enough-for-hs256', { role: 'service', ttlSeconds: 60 });
    expect((await post('/ingest/amazon-connect-ctr', body, {}, wrongKey)).status).toBe(401);
    for (const role of ['admin', 'analyst'] as const) {
      expect(await post('/ingest/amazon-connect-ctr', body, {}, await token(role))).toMatchObject({ status: 403, body: { error: expect.stringMatching(/may not push data: use a service token/) } });
    }
    expect((await post('/ingest/amazon-connect-ctr', body, {}, await token('agent', 'e1'))).status).toBe(403);
    expect(await post('/ingest/no-such-connector', body)).toMatchObject({ status: 404, body: { error: expect.stringMatching(/unknown connector "no-such-connector"/) } });
    // A service token still reads nothing over GraphQL.
    expect((await api.gql('{ me { role } }', {}, await token('service'))).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    void TEST_SECRET;
  });
});

describe('POST /ingest/<csv connector>', () => {
  it('takes CSV with its header, and refuses a body whose header is wrong', async () => {
    await db.ds.query(`INSERT INTO identity_map (source_system, external_id, employee_id, valid) VALUES ('crm', 'crm-1', 'e1', '[2025-01-01,)')`);
    const header = 'order_id,crm_user_id,contact_id,customer_id,sku,product_name,product_category,quantity,unit_price,currency,ordered_at,order_type,status\n';
    const rows = 'o-1,crm-1,p1,cust-1,SKU-1,Fibre 500,Broadband,1,29.99,usd,2026-04-01T10:00:00Z,new,booked\no-2,crm-9,,cust-2,SKU-2,Mobile,Mobile,1,15.0,USD,2026-04-01T11:00:00Z,upsell,booked\n';
    const res = await post('/ingest/crm-orders', header + rows, { 'content-type': 'text/csv' });
    expect(res.status).toBe(200);
    expect(counts(res.body)).toEqual({ read: 2, inserted: 1, updated: 0, unchanged: 0, duplicates: 0, rejected: 1 });
    expect(res.body.rejections).toEqual([{ position: 3, reasons: [expect.objectContaining({ code: 'unknown_agent', value: 'crm-9' })] }]);
    expect(await db.ds.query(`SELECT order_id, employee_id FROM sales_order`)).toEqual([{ order_id: 'o-1', employee_id: 'e1' }]);
    const wrong = await post('/ingest/crm-orders', 'nothing,like,the,header\n1,2,3,4\n', { 'content-type': 'text/csv' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatch(/header|column/i);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the burst', async () => {
    const limited = await serve(db.ds, {}, { push: { ratePerSecond: 0.001, burst: 2 } });
    try {
      const t = await token('service');
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await fetch(`${limited.base}/ingest/amazon-connect-ctr`, { method: 'POST', headers: { authorization: `Bearer ${t}` }, body: '' });
        statuses.push(r.status);
        if (r.status === 429) expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
      }
      expect(statuses).toEqual([400, 400, 429]);
    } finally {
      await limited.close();
    }
  });
});
