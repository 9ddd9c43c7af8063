import { dateInZone } from '../../src/canonical';
import { RUN_ID } from '../metrics/fixture';
import { serve, token } from '../support/server';
import { useDatabase } from '../support/useDatabase';
import { seedWebFixture } from '../web/fixture';

/**
 * The contacts behind a number (issue 13's drill), over real HTTP against a started
 * server on the web fixture (test/web/fixture.ts), scoped as metricData is (SPEC §7).
 * Contacts per agent, Feb–Apr 2026 (the fixture's table, by hand):
 *   e1: w3 (Feb 5), a1 a2 a3 (Apr 6, 7, 8)      e2: w1 (Feb 10), w2 (Mar 10)
 *   e3: w4 (Feb 12; left t2 after Feb 20)         e6: a4 a5 (Apr 6, 9)   e7: a6–a9 (Apr 6–9)
 * Today e4 supervises t2, which holds e1, e4 and e6; e2 and e7 are in t1 under sales.
 * Added here: r1, a later inbound contact from a6's customer (no agent) 12 hours on,
 * so a6 is a repeat; two survey answers on a7 (the later one, CSAT 4, counts).
 */
const db = useDatabase('contacts');
let api: Awaited<ReturnType<typeof serve>>;
const today = dateInZone(new Date(), 'UTC');
const FEB_APR = { from: '2026-02-01T00:00:00Z', to: '2026-05-01T00:00:00Z' };
const Q = `query($e: ID!, $from: DateTime!, $to: DateTime!, $first: Int, $after: String) {
  contacts(employeeId: $e, from: $from, to: $to, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { contactId channel initiationMethod initiatedAt queue queueSeconds connectedAt handled talkSeconds holdSeconds acwSeconds handleSeconds transferred repeated csat }
  }
}`;

beforeAll(async () => {
  await seedWebFixture(db.ds, today);
  await db.ds.query(
    `INSERT INTO interaction (contact_id, channel, initiation_method, initiated_at, customer_address, last_update_at, run_id)
     VALUES ('r1', 'VOICE', 'INBOUND', '2026-04-06T23:00:00Z', '+44-a6', '2026-04-06T23:00:00Z', $1)`,
    [RUN_ID],
  );
  await db.ds.query(
    `INSERT INTO survey_response (response_id, contact_id, responded_at, csat, run_id)
     VALUES ('s1', 'a7', '2026-04-07T12:00:00Z', 2, $1), ('s2', 'a7', '2026-04-07T13:00:00Z', 4, $1)`,
    [RUN_ID],
  );
  api = await serve(db.ds);
});
afterAll(() => api?.close());

async function contacts(bearer: string, employeeId: string, extra: Record<string, unknown> = {}) {
  return api.gql(Q, { e: employeeId, ...FEB_APR, ...extra }, bearer);
}
async function ids(bearer: string, employeeId: string): Promise<string[]> {
  const r = await contacts(bearer, employeeId);
  expect(r.body.errors).toBeUndefined();
  return r.body.data.contacts.nodes.map((n: { contactId: string }) => n.contactId);
}
async function refusal(bearer: string, employeeId: string) {
  const r = await contacts(bearer, employeeId);
  return [r.body.data?.contacts ?? null, r.body.errors?.[0]?.extensions?.code, r.body.errors?.[0]?.message];
}

describe('contacts: scope (SPEC §7)', () => {
  it('an agent reads their own contacts, in time order, and nobody else’s', async () => {
    const e1 = await token('agent', 'e1');
    expect(await ids(e1, 'e1')).toEqual(['w3', 'a1', 'a2', 'a3']);
    expect(await refusal(e1, 'e2')).toEqual([null, 'FORBIDDEN', 'employee e2 is outside your scope']);
    expect(await refusal(e1, 'e6')).toEqual([null, 'FORBIDDEN', 'employee e6 is outside your scope']); // a teammate too
  });

  it('a supervisor reads the people in their subtree today, not a leaver nor another team', async () => {
    const e4 = await token('supervisor', 'e4');
    expect(await ids(e4, 'e1')).toEqual(['w3', 'a1', 'a2', 'a3']); // w3 from e1's time in t1: the person is in scope today
    expect(await ids(e4, 'e6')).toEqual(['a4', 'a5']);
    expect(await ids(e4, 'e4')).toEqual([]); // themselves: no contacts of their own
    expect(await refusal(e4, 'e3')).toEqual([null, 'FORBIDDEN', 'employee e3 is outside your scope']); // left t2
    expect(await refusal(e4, 'e7')).toEqual([null, 'FORBIDDEN', 'employee e7 is outside your scope']); // t1, under sales
    expect(await refusal(e4, 'nobody')).toEqual([null, 'FORBIDDEN', 'employee nobody is outside your scope']);
  });

  it('executives and analysts read anyone’s; a service token and an embed token nobody’s', async () => {
    expect(await ids(await token('executive'), 'e2')).toEqual(['w1', 'w2']);
    expect(await ids(await token('analyst'), 'e3')).toEqual(['w4']);
    const service = await contacts(await token('service'), 'e1');
    expect(service.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const minted = await api.gql(`mutation { createEmbedToken { token } }`, {}, await token('agent', 'e1'));
    const embed = await contacts(minted.body.data.createEmbedToken.token, 'e1');
    expect(embed.status).toBe(403);
    expect(embed.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/contacts needs the person's own token/) });
  });
});

describe('contacts: what each one says', () => {
  it('times, queue, handle time as aht counts it, repeat and survey', async () => {
    const r = await contacts(await token('admin'), 'e7');
    const [a6, a7] = r.body.data.contacts.nodes;
    // a7: 2026-04-07T11:00Z, enqueued 1 s later, answered after 5 s in queue; 200 + 0 + 20 s.
    expect(a7).toEqual({
      contactId: 'a7',
      channel: 'VOICE',
      initiationMethod: 'INBOUND',
      initiatedAt: '2026-04-07T11:00:00.000Z',
      queue: 'Q1',
      queueSeconds: 5,
      connectedAt: '2026-04-07T11:00:06.000Z',
      handled: true,
      talkSeconds: 200,
      holdSeconds: 0,
      acwSeconds: 20,
      handleSeconds: 220,
      transferred: false,
      repeated: false,
      csat: 4,
    });
    expect([a6.contactId, a6.repeated, a6.csat, a6.handleSeconds]).toEqual(['a6', true, null, 180]); // r1 came 12 h later
  });

  it('pages through with first/after; totalCount counts the whole window', async () => {
    const admin = await token('admin');
    const p1 = await contacts(admin, 'e7', { first: 3 });
    expect(p1.body.data.contacts.nodes.map((n: { contactId: string }) => n.contactId)).toEqual(['a6', 'a7', 'a8']);
    expect(p1.body.data.contacts.pageInfo.hasNextPage).toBe(true);
    expect(p1.body.data.contacts.totalCount).toBe(4);
    const p2 = await contacts(admin, 'e7', { first: 3, after: p1.body.data.contacts.pageInfo.endCursor });
    expect(p2.body.data.contacts.nodes.map((n: { contactId: string }) => n.contactId)).toEqual(['a9']);
    expect(p2.body.data.contacts.pageInfo.hasNextPage).toBe(false);
    const day = await contacts(admin, 'e7', { from: '2026-04-07T00:00:00Z', to: '2026-04-08T00:00:00Z' });
    expect(day.body.data.contacts.nodes.map((n: { contactId: string }) => n.contactId)).toEqual(['a7']);
    expect(day.body.data.contacts.totalCount).toBe(1);
  });

  it('refuses bad input with the field and the value', async () => {
    const admin = await token('admin');
    const code = async (extra: Record<string, unknown>) => {
      const r = await contacts(admin, 'e7', extra);
      return [r.body.errors?.[0]?.extensions?.code, r.body.errors?.[0]?.message];
    };
    expect(await code({ first: 0 })).toEqual(['BAD_USER_INPUT', 'first must be between 1 and 500 (got 0)']);
    expect(await code({ first: 501 })).toEqual(['BAD_USER_INPUT', 'first must be between 1 and 500 (got 501)']);
    expect(await code({ from: '2026-04-02T00:00:00Z', to: '2026-04-01T00:00:00Z' })).toEqual(['BAD_USER_INPUT', 'from (2026-04-02T00:00:00.000Z) must be before to (2026-04-01T00:00:00.000Z)']);
    expect(await code({ from: '2026-01-01T00:00:00Z', to: '2026-05-01T00:00:00Z' })).toEqual(['BAD_USER_INPUT', 'from … to spans more than 92 days: ask for a shorter window']);
    expect(await code({ after: 'bm90IGEgY3Vyc29y' })).toEqual(['BAD_USER_INPUT', 'after: "bm90IGEgY3Vyc29y" is not a cursor of contacts (pass pageInfo.endCursor of the previous page)']);
  });

  it('is priced in the cost limit: a scan like metricData plus the page', async () => {
    const sel = (a: string) => `${a}: contacts(employeeId: "e7", from: "2026-04-01T00:00:00Z", to: "2026-05-01T00:00:00Z", first: 500) { totalCount nodes { contactId initiatedAt queue handleSeconds } }`;
    // Each: 200 + 500/5 × (totalCount 1 + nodes (1 + 5 × 4)) = 200 + 100 × 22 = 2400; 20 000 allows 8 of them, not 9.
    const ok = await api.gql(`{ ${Array.from({ length: 8 }, (_, i) => sel(`c${i}`)).join(' ')} }`);
    expect(ok.body.errors).toBeUndefined();
    const over = await api.gql(`{ ${Array.from({ length: 9 }, (_, i) => sel(`c${i}`)).join(' ')} }`);
    expect(over.status).toBe(400);
    expect(over.body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX' }, message: expect.stringMatching(/estimated cost is 21600;/) });
  });
});
