import { runCli } from '../support/cli';

/** Fatal problems are one line on stderr with a non-zero exit, never a stack trace. */
describe('CLI errors', () => {
  it('an unreachable database', () => {
    const r = runCli(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toBe('switchboard: cannot connect to PostgreSQL at 127.0.0.1:1/nowhere: connection refused\n');
    expect(r.stdout).toBe('');
  });

  it('an invalid database URL names the variable', () => {
    const r = runCli(['migrate'], { DATABASE_URL: 'mysql://root@localhost/db' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('switchboard: DATABASE_URL: must be a postgres:// or postgresql:// URL (got "mysql://root@localhost/db")\n');
  });

  it.each([
    ['PORT', 'http', 'PORT: must be a whole number (got "http")'],
    ['PORT', '70000', 'PORT: must be between 1 and 65535 (got "70000")'],
    ['SWITCHBOARD_ORG_TIMEZONE', 'Mars/Olympus', 'SWITCHBOARD_ORG_TIMEZONE: must be an IANA time zone such as UTC or Europe/Paris (got "Mars/Olympus")'],
    ['SWITCHBOARD_JWT_SECRET', 'short', 'SWITCHBOARD_JWT_SECRET: must be at least 32 characters (HS256) (got "short")'],
    [
      'SWITCHBOARD_JWKS_URL',
      'https://idp.example.com/jwks.json',
      'SWITCHBOARD_JWKS_URL: needs SWITCHBOARD_JWT_ISSUER and SWITCHBOARD_JWT_AUDIENCE (the issuer and audience your identity provider puts in tokens for Switchboard)',
    ],
    ['SWITCHBOARD_MAX_RECORD_BYTES', '1.5', 'SWITCHBOARD_MAX_RECORD_BYTES: must be a whole number of bytes (got "1.5")'],
    ['SWITCHBOARD_MAX_RECORD_BYTES', '4', 'SWITCHBOARD_MAX_RECORD_BYTES: must be between 1024 and 1073741824 (bytes) (got "4")'],
    ['SWITCHBOARD_READ_DATABASE_URL', 'mysql://r@h/db', 'SWITCHBOARD_READ_DATABASE_URL: must be a postgres:// or postgresql:// URL (got "mysql://r@h/db")'],
    ['SWITCHBOARD_CACHE', 'maybe', 'SWITCHBOARD_CACHE: must be on or off (got "maybe")'],
    ['SWITCHBOARD_CACHE_MAX_MB', '0', 'SWITCHBOARD_CACHE_MAX_MB: must be between 1 and 65536 (megabytes) (got "0")'],
    ['SWITCHBOARD_REDIS_URL', 'http://127.0.0.1:6379', 'SWITCHBOARD_REDIS_URL: must be a redis:// or rediss:// URL (got "http://127.0.0.1:6379")'],
    ['SWITCHBOARD_METRICS_TOKEN', 'short', 'SWITCHBOARD_METRICS_TOKEN: must be at least 16 characters (got "short")'],
  ])('a bad %s=%s', (name, value, message) => {
    const r = runCli(['serve'], { [name]: value });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`switchboard: ${message}\n`);
  });

  it('a bad --leader-interval', () => {
    const r = runCli(['schedule', '--leader-interval', '5s'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('switchboard: --leader-interval: must be a whole number of milliseconds between 100 and 600000 (got "5s")\n');
  });

  it('token: an unknown role, and a missing employee for an agent', () => {
    const secret = 'x'.repeat(40);
    const a = runCli(['token', '--role', 'wizard'], { SWITCHBOARD_JWT_SECRET: secret });
    expect(a.status).toBe(1);
    expect(a.stderr).toMatch(/^switchboard: --role: must be one of agent, .*admin \(got "wizard"\)\n$/);
    const b = runCli(['token', '--role', 'agent'], { SWITCHBOARD_JWT_SECRET: secret });
    expect(b.status).toBe(1);
    expect(b.stderr).toBe('switchboard: --employee is required for role agent\n');
  });

  it('token: prints the token alone on stdout', () => {
    const r = runCli(['token', '--role', 'agent', '--employee', 'E1', '--ttl', '2h'], { SWITCHBOARD_JWT_SECRET: 'y'.repeat(40) });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const payload = JSON.parse(Buffer.from(r.stdout.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ sub: 'E1', role: 'agent' });
    expect(payload.exp - payload.iat).toBe(7200);
  });
});
