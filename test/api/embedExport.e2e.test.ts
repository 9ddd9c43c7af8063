import { parse } from 'csv-parse/sync';
import { decodeJwt, SignJWT } from 'jose';
import { upsertEmployee } from '../../src/canonical';
import { dateInZone } from '../../src/canonical';
import { serve, TEST_SECRET, token } from '../support/server';
import { useDatabase } from '../support/useDatabase';
import { insertContacts, seedWebFixture } from '../web/fixture';

/**
 * Embed tokens and the CSV / JSON export (issue 13), over real HTTP against a started
 * server on the web fixture (test/web/fixture.ts). Expected rows are worked out by hand:
 *   Feb–Apr 2026, contacts handled and handle seconds per agent:
 *     e1: w3 400 (Feb, in t1 then) + a1 a2 a3 200 300 250 (Apr, t2)  → 4, AHT 287.5
 *     e2: w1 300, w2 200 → 2, AHT 250        e3: w4 100 (left 2026-02-20) → 1, AHT 100
 *     e5: w5 500 (no assignment)              e6: a4 a5 400 380 (t2) → 2, AHT 390
 *     e7: a6–a9 180 220 200 200 (t1) → 4, AHT 200
 *   Today e4's team t2 holds e1, e4, e6.
 */
const db = useDatabase('embedexport');
let api: Awaited<ReturnType<typeof serve>>;
const today = dateInZone(new Date(), 'UTC');
const FEB_APR = { from: '2026-02-01T00:00:00Z', to: '2026-05-01T00:00:00Z' };
const BY_EMPLOYEE = { metrics: ['contacts_handled', 'aht'], dimensions: ['EMPLOYEE'], ...FEB_APR, orderBy: [{ field: 'EMPLOYEE', direction: 'ASC' }] };
const METRIC_DATA = `query($q: MetricQueryInput!) { metricData(query: $q) { rows { employeeId values } } }`;

beforeAll(async () => {
  await seedWebFixture(db.ds, today);
  // A name a spreadsheet would run as a formula, with a comma and a quote in it (CSV quoting).
  await upsertEmployee(db.ds.manager, { id: 'e8', firstName: '=SUM(A1)', lastName: 'O"Neil, Jr', email: 'e8@example.com' });
  await insertContacts(db.ds, [{ id: 'x8', agent: 'e8', at: '2026-04-20T10:00:00Z', queue: 'Q1', queueSeconds: 5, talk: 60, hold: 0, acw: 0 }]);
  api = await serve(db.ds);
});
afterAll(() => api?.close());

async function embedToken(minter: string, args = ''): Promise<string> {
  const res = await api.gql(`mutation { createEmbedToken${args} { token expiresAt teamId role employeeId } }`, {}, minter);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.createEmbedToken.token;
}

const employeesSeen = async (bearer: string) => {
  const res = await api.gql(METRIC_DATA, { q: BY_EMPLOYEE }, bearer);
  expect(res.body.errors).toBeUndefined();
  return res.body.data.metricData.rows.map((r: { employeeId: string | null; values: number[] }) => [r.employeeId, ...r.values]);
};

describe('createEmbedToken', () => {
  it('is the caller, read-only, for an hour by default and at most 24 h', async () => {
    const res = await api.gql(`mutation { createEmbedToken { token expiresAt teamId role employeeId } }`, {}, await token('supervisor', 'e4'));
    const t = res.body.data.createEmbedToken;
    expect(t).toMatchObject({ teamId: null, role: 'supervisor', employeeId: 'e4' });
    const claims = decodeJwt(t.token);
    expect(claims).toMatchObject({ sub: 'e4', role: 'supervisor', embed: true });
    expect(claims.exp! - claims.iat!).toBe(3600);
    expect(new Date(t.expiresAt).getTime()).toBe(claims.exp! * 1000);
    expect(decodeJwt(await embedToken(await token('agent', 'e1'), '(ttlSeconds: 86400)'))).toMatchObject({ exp: expect.any(Number) });
    for (const [ttl, code] of [[86401, 'BAD_USER_INPUT'], [59, 'BAD_USER_INPUT']] as const) {
      const r = await api.gql(`mutation { createEmbedToken(ttlSeconds: ${ttl}) { token } }`, {}, await token('admin'));
      expect(r.body.errors?.[0]).toMatchObject({ extensions: { code }, message: expect.stringMatching(/ttlSeconds: between 60 and 86400/) });
    }
  });

  it('can be narrowed to a team inside the caller’s scope, never outside it', async () => {
    expect((await api.gql(`mutation { createEmbedToken(teamId: "care") { teamId } }`, {}, await token('supervisor', 'e4'))).body.errors?.[0]).toMatchObject({
      extensions: { code: 'FORBIDDEN' },
      message: 'teamId: team care is outside your part of the org chart',
    });
    expect((await api.gql(`mutation { createEmbedToken(teamId: "t2") { teamId } }`, {}, await token('agent', 'e1'))).body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await api.gql(`mutation { createEmbedToken(teamId: "nowhere") { teamId } }`, {}, await token('admin'))).body.errors?.[0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT' },
      message: 'teamId: no team "nowhere" in today\'s org chart',
    });
    // A versioned id names the same team.
    expect((await api.gql(`mutation { createEmbedToken(teamId: "t2@${today}") { teamId } }`, {}, await token('supervisor', 'e4'))).body.data.createEmbedToken.teamId).toBe('t2');
  });

  it('an embed token sees no more than its minter, narrowed to its team: rows, people and boards', async () => {
    const exec = await token('executive');
    expect(await employeesSeen(exec)).toEqual([['e1', 4, 287.5], ['e2', 2, 250], ['e3', 1, 100], ['e5', 1, 500], ['e6', 2, 390], ['e7', 4, 200], ['e8', 1, 60]]);
    expect(await employeesSeen(await embedToken(exec))).toEqual(await employeesSeen(exec));
    // Narrowed to t2: who is in t2 today (e1, e4, e6); e3 left, e5 and e8 have no team.
    const t2 = await embedToken(exec, '(teamId: "t2")');
    expect(await employeesSeen(t2)).toEqual([['e1', 4, 287.5], ['e6', 2, 390]]);
    // The supervisor's own embed token: their scope (e1, e4, e6), no more.
    expect(await employeesSeen(await embedToken(await token('supervisor', 'e4')))).toEqual([['e1', 4, 287.5], ['e6', 2, 390]]);
    // An agent's: their own rows.
    expect(await employeesSeen(await embedToken(await token('agent', 'e1')))).toEqual([['e1', 4, 287.5]]);

    const people = await api.gql(`{ e2: employee(id: "e2") { inScope email } e6: employee(id: "e6") { inScope email } }`, {}, t2);
    expect(people.body.data).toEqual({ e2: { inScope: false, email: null }, e6: { inScope: true, email: 'e6@example.com' } });
    // The center board is private: outside t2 the names are gone (April: e7 200 s, e1 250 s, e8 60 s… by AHT).
    const board = await api.gql(
      `{ leaderboard(metric: "aht", from: "2026-04-01T00:00:00Z", to: "2026-05-01T00:00:00Z", board: { center: true }) { entries { rank employeeId anonymous employee { name } } } }`,
      {},
      t2,
    );
    expect(board.body.data.leaderboard.entries).toEqual([
      { rank: 1, employeeId: null, anonymous: true, employee: null }, // e8, 60 s
      { rank: 2, employeeId: null, anonymous: true, employee: null }, // e7, 200 s
      { rank: 3, employeeId: 'e1', anonymous: false, employee: { name: 'E1 Test' } },
      { rank: 4, employeeId: 'e6', anonymous: false, employee: { name: 'E6 Test' } },
    ]);
  });

  it('every mutation is refused for an embed token (403), and nothing changes', async () => {
    const mine = await embedToken(await token('agent', 'e1'));
    for (const m of [
      'mutation { redeemReward(reward: "extra_break") { balance } }',
      'mutation { createEmbedToken { token } }',
      'mutation { setGoal(input: { metric: "aht", scope: { employeeId: "e1" }, grain: MONTH, target: 100, effectiveFrom: "2026-12-01" }) { id } }',
    ]) {
      const res = await api.gql(m, {}, mine);
      expect(res.status).toBe(403);
      expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: 'an embed token is read-only: mutations need the token of the person themselves' });
    }
    expect((await api.gql('{ points { balance spent } goals(employeeId: "e1") { id } }', {}, mine)).body.data).toEqual({ points: { balance: 160, spent: 0 }, goals: [] });
  });

  it('reads chart data only: the ingest ledger and the audit trail need the person’s own token', async () => {
    const exec = await embedToken(await token('executive'));
    for (const q of ['{ ingestRuns { id } }', '{ auditLog(entity: "goal", id: "x") { at } }', '{ me { role } rejectedRecords(runId: "x") { position } }']) {
      const res = await api.gql(q, {}, exec);
      expect(res.status).toBe(403);
      expect(res.body.errors?.[0].message).toMatch(/^an embed token reads chart data only \(metricData, .*\): (ingestRuns|auditLog|rejectedRecords) needs the person's own token$/);
    }
    expect((await api.gql('{ ingestRuns { id } }', {}, await token('executive'))).body.errors).toBeUndefined();
  });

  it('a token that claims to embed but lives longer than 24 h, or whose claim is not true, is refused at the door (401)', async () => {
    const now = Math.floor(Date.now() / 1000);
    const sign = (claims: Record<string, unknown>, life: number) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt(now).setExpirationTime(now + life).sign(new TextEncoder().encode(TEST_SECRET));
    for (const [t, why] of [
      [await sign({ role: 'admin', embed: true }, 48 * 3600), /an embed token lives at most 24 h/],
      [await sign({ role: 'admin', embed: 'yes' }, 600), /the embed claim must be true/],
    ] as const) {
      const res = await api.gql('{ me { role } }', {}, t);
      expect(res.status).toBe(401);
      expect(res.body.errors?.[0].message).toMatch(why);
    }
  });
});

describe('GET /export/metricData.csv and .json', () => {
  const url = (format: 'csv' | 'json', query: unknown, extra: Record<string, string> = {}) =>
    `${api.base}/export/metricData.${format}?${new URLSearchParams({ query: JSON.stringify(query), ...extra })}`;
  const get = (u: string, bearer?: string) => fetch(u, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

  it('an agent’s CSV holds only their own rows, with the header and CRLF of RFC 4180', async () => {
    const res = await get(url('csv', BY_EMPLOYEE), await token('agent', 'e1'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.text()).toBe('period,employee_id,employee_name,contacts_handled,aht\r\n,e1,E1 Test,4,287.5\r\n');
  });

  it('a supervisor’s export holds their team today; the flat JSON is keyed by metric name', async () => {
    const res = await get(url('json', { ...BY_EMPLOYEE, benchmarks: ['TEAM', 'CENTER'] }), await token('supervisor', 'e4'));
    expect(res.status).toBe(200);
    // TEAM: e1, e4, e6 (6 handled, 1930 s); CENTER: everyone, Feb–Apr (15 handled, 3890 s).
    const team = { contacts_handled_team: 6, aht_team: 1930 / 6, contacts_handled_center: 15, aht_center: 3890 / 15 };
    expect(await res.json()).toEqual([
      { period: null, employee_id: 'e1', employee_name: 'E1 Test', contacts_handled: 4, aht: 287.5, ...team },
      { period: null, employee_id: 'e6', employee_name: 'E6 Test', contacts_handled: 2, aht: 390, ...team },
    ]);
  });

  it('columns follow the query (teams with names, grain, compare), and an empty result keeps its header', async () => {
    const q = { metrics: ['contacts_handled'], dimensions: ['TEAM'], teamLevel: 1, grain: 'MONTH', from: '2026-03-01T00:00:00Z', to: '2026-05-01T00:00:00Z', compare: 'PREVIOUS_PERIOD' };
    const text = await (await get(url('csv', q), await token('executive'))).text();
    // AS_WAS by root team: March w2 (e2, t1 under sales); April e1 e6 (t2 under ops), e7 (t1 under sales), e8 none.
    // Previous period: the window two whole months back, bucket for bucket (March ↔ January, April ↔ February).
    expect(text.split('\r\n')).toEqual([
      'period,team_id,team_name,contacts_handled,contacts_handled_previous',
      '2026-03-01T00:00:00.000Z,sales,Sales,1,0', // January: nothing (a count over no facts is 0)
      '2026-04-01T00:00:00.000Z,ops,Operations,5,3', // February under ops: w1 w3 w4
      '2026-04-01T00:00:00.000Z,sales,Sales,4,0',
      '2026-04-01T00:00:00.000Z,,,1,1', // e8's x8; February: e5's w5 (neither has an assignment)
      '',
    ]);
    const none = await get(url('csv', { ...BY_EMPLOYEE, from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' }), await token('executive'));
    expect(await none.text()).toBe('period,employee_id,employee_name,contacts_handled,aht\r\n');
  });

  it('quotes what needs quoting and defuses formulas; another parser reads the field back', async () => {
    const text = await (await get(url('csv', { ...BY_EMPLOYEE, filters: [{ dimension: 'EMPLOYEE', values: ['e8'] }] }), await token('admin'))).text();
    expect(text).toBe('period,employee_id,employee_name,contacts_handled,aht\r\n,e8,"\'=SUM(A1) O""Neil, Jr",1,60\r\n');
    expect(parse(text, { columns: true })).toEqual([{ period: '', employee_id: 'e8', employee_name: '\'=SUM(A1) O"Neil, Jr', contacts_handled: '1', aht: '60' }]);
  });

  it('an embed token may travel in the URL (access_token, for IMPORTDATA); any other token may not', async () => {
    const embedded = await embedToken(await token('agent', 'e1'));
    const ok = await get(url('csv', BY_EMPLOYEE, { access_token: embedded }));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('period,employee_id,employee_name,contacts_handled,aht\r\n,e1,E1 Test,4,287.5\r\n');
    const plain = await get(url('csv', BY_EMPLOYEE, { access_token: await token('agent', 'e1') }));
    expect(plain.status).toBe(401);
    expect((await plain.json()).errors[0].message).toMatch(/a token in the URL must be an embed token/);
    expect((await get(url('csv', BY_EMPLOYEE, { access_token: embedded }), embedded)).status).toBe(401); // both ways at once
  });

  it('refusals carry a code and say what to do; the limits and masking of /graphql apply', async () => {
    const exec = await token('executive');
    const cases: [string, string | undefined, number, string, RegExp][] = [
      [url('csv', BY_EMPLOYEE), undefined, 401, 'UNAUTHENTICATED', /missing bearer token/],
      [url('csv', BY_EMPLOYEE), 'not.a.token', 401, 'UNAUTHENTICATED', /invalid token/],
      [`${api.base}/export/metricData.csv`, exec, 400, 'BAD_USER_INPUT', /query: give the metricData query as JSON/],
      [`${api.base}/export/metricData.csv?query=%7Bnope`, exec, 400, 'BAD_USER_INPUT', /query: not valid JSON/],
      [url('csv', { ...BY_EMPLOYEE, metrics: ['ahtt'] }), exec, 400, 'BAD_USER_INPUT', /unknown metric "ahtt"; did you mean "aht"\?/],
      [url('csv', { ...BY_EMPLOYEE, grain: 'FORTNIGHT' }), exec, 400, 'BAD_USER_INPUT', /FORTNIGHT/],
      [url('json', BY_EMPLOYEE), await token('service'), 403, 'FORBIDDEN', /may only push data/],
    ];
    for (const [u, bearer, status, code, message] of cases) {
      const res = await get(u, bearer);
      expect([u, res.status]).toEqual([u, status]);
      const body = await res.json();
      expect(body.errors[0].extensions.code).toBe(code);
      expect(body.errors[0].message).toMatch(message);
      expect(JSON.stringify(body)).not.toMatch(/SELECT|at .*\.ts:/);
    }
  });

  it('a cut result says so (limit): X-Switchboard-Truncated', async () => {
    const res = await get(url('csv', { ...BY_EMPLOYEE, limit: 1 }), await token('supervisor', 'e4'));
    expect(res.headers.get('x-switchboard-truncated')).toBe('true');
    expect(await res.text()).toBe('period,employee_id,employee_name,contacts_handled,aht\r\n,e1,E1 Test,4,287.5\r\n');
  });
});
