import { SignJWT, UnsecuredJWT } from 'jose';
import { createVerifier } from '../../src/access';
import { loadConfig, ConfigError } from '../../src/config';
import { serve, TEST_SECRET } from '../support/server';
import { useDatabase } from '../support/useDatabase';

/**
 * Authentication (SPEC §7): every GraphQL request carries a valid bearer token;
 * anything else is UNAUTHENTICATED with HTTP 401, and /healthz stays open.
 */
const db = useDatabase('accessauth');
let api: Awaited<ReturnType<typeof serve>>;
let pinned: Awaited<ReturnType<typeof serve>>;

const key = (secret = TEST_SECRET) => new TextEncoder().encode(secret);
const now = () => Math.floor(Date.now() / 1000);
const hs = (claims: Record<string, unknown>, opts: { exp?: number | null; secret?: string; iss?: string; aud?: string } = {}) => {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (opts.exp !== null) jwt.setExpirationTime(opts.exp ?? now() + 300);
  if (opts.iss) jwt.setIssuer(opts.iss);
  if (opts.aud) jwt.setAudience(opts.aud);
  return jwt.sign(key(opts.secret));
};

beforeAll(async () => {
  api = await serve(db.ds);
  pinned = await serve(db.ds, { jwtIssuer: 'https://switchboard.example', jwtAudience: 'switchboard-api' });
});
afterAll(async () => {
  await api?.close();
  await pinned?.close();
});

const refused = async (server: typeof api, bearer: string | null, message: RegExp) => {
  const res = await server.gql('{ me { role } }', {}, bearer);
  expect(res.status).toBe(401);
  expect(res.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  expect(res.body.errors?.[0].message).toMatch(message);
  expect(res.body.data).toBeUndefined();
};

describe('bearer tokens (HS256)', () => {
  it('accepts a valid token', async () => {
    const res = await api.gql('{ me { role employeeId } }', {}, await hs({ role: 'agent', sub: 'A1' }));
    expect(res.body.data).toEqual({ me: { role: 'agent', employeeId: 'A1' } });
  });

  it('no token, or not a bearer token', async () => {
    await refused(api, null, /missing bearer token/);
    const basic = await fetch(`${api.base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Basic dTpw' }, body: '{"query":"{ me { role } }"}' });
    expect(basic.status).toBe(401);
  });

  it('forged: signed with another secret, or not signed at all', async () => {
    await refused(api, await hs({ role: 'admin' }, { secret: 'another-secret-that-is-long-enough-for-hs256' }), /signature/);
    await refused(api, new UnsecuredJWT({ role: 'admin' }).setExpirationTime('5m').encode(), /invalid token/);
    await refused(api, 'not.a.jwt', /invalid token/);
  });

  it('expired beyond the 30 s clock skew; no exp at all', async () => {
    await refused(api, await hs({ role: 'admin' }, { exp: now() - 120 }), /exp/);
    await refused(api, await hs({ role: 'admin' }, { exp: null }), /exp/);
    // Within the allowance: a clock a few seconds ahead of the issuer's is fine.
    const skewed = await api.gql('{ me { role } }', {}, await hs({ role: 'admin' }, { exp: now() - 10 }));
    expect(skewed.status).toBe(200);
  });

  it('an unknown role, or a role that needs an employee without one', async () => {
    await refused(api, await hs({ role: 'overlord' }), /role/);
    await refused(api, await hs({}), /role/);
    await refused(api, await hs({ role: 'supervisor' }), /sub claim/);
  });

  it('with SWITCHBOARD_JWT_ISSUER/AUDIENCE set, wrong or missing issuer and audience', async () => {
    const ok = await pinned.gql('{ me { role } }', {}, await hs({ role: 'admin' }, { iss: 'https://switchboard.example', aud: 'switchboard-api' }));
    expect(ok.body.data).toEqual({ me: { role: 'admin' } });
    await refused(pinned, await hs({ role: 'admin' }, { iss: 'https://evil.example', aud: 'switchboard-api' }), /iss/);
    await refused(pinned, await hs({ role: 'admin' }, { iss: 'https://switchboard.example', aud: 'another-app' }), /aud/);
    await refused(pinned, await hs({ role: 'admin' }), /iss|aud/);
  });

  it('/healthz needs no token', async () => {
    const res = await fetch(`${api.base}/healthz`);
    expect(res.status).toBe(200);
  });
});

describe('verified tokens remembered', () => {
  it('a token verified before is refused once it expires, and a forged copy never passes', async () => {
    const verify = createVerifier(loadConfig({ SWITCHBOARD_JWT_SECRET: TEST_SECRET }));
    // Expired 27 s ago: within the 30 s skew allowance for about 3 s more.
    const t = await hs({ role: 'admin' }, { exp: now() - 27 });
    await expect(verify(t)).resolves.toMatchObject({ role: 'admin' });
    await expect(verify(t)).resolves.toMatchObject({ role: 'admin' });
    // Same header and claims, another signature: not the remembered token.
    const forged = `${t.slice(0, t.lastIndexOf('.'))}.${Buffer.from('forged-signature').toString('base64url')}`;
    await expect(verify(forged)).rejects.toThrow(/signature/);
    await new Promise((r) => setTimeout(r, 4000));
    await expect(verify(t)).rejects.toThrow(/exp/);
  });
});

describe('configuration', () => {
  it('refuses a JWKS without issuer and audience, in one line naming the variables', () => {
    const jwks = { SWITCHBOARD_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json' };
    expect(() => loadConfig(jwks)).toThrow(ConfigError);
    expect(() => loadConfig({ ...jwks, SWITCHBOARD_JWT_ISSUER: 'https://idp.example.com/' })).toThrow(/SWITCHBOARD_JWKS_URL: needs SWITCHBOARD_JWT_ISSUER and SWITCHBOARD_JWT_AUDIENCE/);
    expect(loadConfig({ ...jwks, SWITCHBOARD_JWT_ISSUER: 'https://idp.example.com/', SWITCHBOARD_JWT_AUDIENCE: 'switchboard' })).toMatchObject({
      jwtIssuer: 'https://idp.example.com/',
      jwtAudience: 'switchboard',
    });
  });

  it('SWITCHBOARD_STATEMENT_TIMEOUT_MS: a whole number of milliseconds, default 30 s', () => {
    expect(loadConfig({}).statementTimeoutMs).toBe(30000);
    expect(loadConfig({ SWITCHBOARD_STATEMENT_TIMEOUT_MS: '5000' }).statementTimeoutMs).toBe(5000);
    expect(() => loadConfig({ SWITCHBOARD_STATEMENT_TIMEOUT_MS: 'soon' })).toThrow(/SWITCHBOARD_STATEMENT_TIMEOUT_MS: must be a whole number/);
  });
});
