import http from 'http';
import { exportJWK, generateKeyPair, KeyLike, SignJWT } from 'jose';
import { serve } from '../support/server';
import { useDatabase } from '../support/useDatabase';

/** SWITCHBOARD_JWKS_URL: tokens from an identity provider, verified against its published keys. */
const db = useDatabase('jwks');
let jwksServer: http.Server;
let jwksUrl: string;
let privateKey: KeyLike;
let api: Awaited<ReturnType<typeof serve>>;
const ISSUER = 'https://idp.example.com/';
const AUDIENCE = 'switchboard';

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  jwksServer = http.createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((r) => jwksServer.listen(0, '127.0.0.1', () => r()));
  jwksUrl = `http://127.0.0.1:${(jwksServer.address() as { port: number }).port}/.well-known/jwks.json`;
  api = await serve(db.ds, { jwtSecret: undefined, jwksUrl, jwtIssuer: ISSUER, jwtAudience: AUDIENCE });
});
afterAll(async () => {
  await api?.close();
  jwksServer?.close();
});

const sign = (claims: Record<string, unknown>, key: KeyLike = privateKey, opts: { iss?: string; aud?: string; exp?: string | number } = {}) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
    .setSubject('E42')
    .setIssuer(opts.iss ?? ISSUER)
    .setAudience(opts.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m')
    .sign(key);

describe('tokens verified against a JWKS', () => {
  it('accepts a token signed by the provider', async () => {
    const res = await api.gql('{ me { role employeeId } }', {}, await sign({ role: 'supervisor' }));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ me: { role: 'supervisor', employeeId: 'E42' } });
  });

  it('refuses a token signed by another key, and the HS256 test secret', async () => {
    const other = (await generateKeyPair('RS256')).privateKey;
    const forged = await api.gql('{ me { role } }', {}, await sign({ role: 'admin' }, other));
    expect(forged.status).toBe(401);
    expect(forged.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    const hs = await api.gql('{ me { role } }'); // default helper token: HS256 with the test secret
    expect(hs.status).toBe(401);
  });

  it('refuses a token for another issuer or another audience (any token the provider signs would otherwise do)', async () => {
    for (const opts of [{ iss: 'https://other-idp.example.com/' }, { aud: 'another-application' }]) {
      const res = await api.gql('{ me { role } }', {}, await sign({ role: 'admin' }, privateKey, opts));
      expect(res.status).toBe(401);
      expect(res.body.errors![0].extensions!.code).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses an expired token', async () => {
    const res = await api.gql('{ me { role } }', {}, await sign({ role: 'admin' }, privateKey, { exp: Math.floor(Date.now() / 1000) - 120 }));
    expect(res.status).toBe(401);
  });

  it('refuses a token without a known role', async () => {
    const res = await api.gql('{ me { role } }', {}, await sign({ role: 'overlord' }));
    expect(res.status).toBe(401);
    expect(res.body.errors![0].message).toMatch(/role/);
  });
});
