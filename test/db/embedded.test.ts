import fs from 'fs';
import os from 'os';
import path from 'path';
import { spawn } from 'child_process';
import { startEmbeddedPostgres } from '../../src/db';
import http from 'http';
import { runCli, startCli } from '../support/cli';
import { freePort } from '../support/ports';
import { postgresProcesses, scalar } from '../support/postgres';

/**
 * The embedded PostgreSQL used when DATABASE_URL is unset. These tests always run,
 * whatever DATABASE_URL the rest of the suite uses, on their own port and folder.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-embedded-'));
fs.chmodSync(dataDir, 0o755);
let port: number;
beforeAll(async () => {
  port = await freePort();
});

const postgresRunningOn = (dir: string) => postgresProcesses(path.join(dir, 'pg'));

afterAll(() => {
  for (const pid of postgresRunningOn(dataDir)) process.kill(pid, 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('embedded PostgreSQL', () => {
  it('initialises once, keeps data across restarts, and stops cleanly', async () => {
    const first = await startEmbeddedPostgres({ dataDir, port });
    await scalar(first.url, `CREATE TABLE kept (v int); INSERT INTO kept VALUES (42)`);
    await first.stop();
    expect(postgresRunningOn(dataDir)).toEqual([]);

    const second = await startEmbeddedPostgres({ dataDir, port });
    expect(await scalar(second.url, 'SELECT v FROM kept')).toBe(42);
    expect(await scalar(second.url, "SELECT count(*)::int AS v FROM pg_available_extensions WHERE name = 'btree_gist'")).toBe(1);
    await second.stop();
  });

  it('recovers from a stale postmaster.pid', async () => {
    fs.writeFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), '999999\n/dev/null\n');
    const pg = await startEmbeddedPostgres({ dataDir, port });
    expect(await scalar(pg.url, 'SELECT v FROM kept')).toBe(42);
    await pg.stop();
  });

  /** A child process that starts the embedded server on `dataDir` and prints `up`; it stays until killed. */
  async function owner(): Promise<ReturnType<typeof spawn>> {
    const script = `require('ts-node/register/transpile-only');
      require(${JSON.stringify(path.resolve(__dirname, '../../src/db/embedded.ts'))})
        .startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port} })
        .then(() => { console.log('up'); setInterval(() => undefined, 1000); });`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d) => String(d).includes('up') && resolve());
      child.on('exit', (c) => reject(new Error(`child exited ${c}`)));
    });
    return child;
  }
  const postmasterPid = () => Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

  it('recovers from a hard-killed owner that left postgres running', async () => {
    // (A child that ended by itself would let go of the server at exit: it must be alive when killed.)
    const child = await owner();
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const orphans = postgresRunningOn(dataDir);
    expect(orphans.length).toBeGreaterThan(0); // the situation being tested

    const pg = await startEmbeddedPostgres({ dataDir, port });
    expect(await scalar(pg.url, 'SELECT v FROM kept')).toBe(42);
    await pg.stop();
    expect(postgresRunningOn(dataDir)).toEqual([]);
  });

  it('a server whose owner is alive is shared, never recovered as a leftover; the owner stops it on SIGTERM', async () => {
    const child = await owner();
    const pid = postmasterPid();
    const other = await startEmbeddedPostgres({ dataDir, port: await freePort() });
    expect(other.port).toBe(port); // the running server's port, not the one asked for
    expect(await scalar(other.url, 'SELECT v FROM kept')).toBe(42);
    expect(postmasterPid()).toBe(pid);
    await other.stop();
    expect(postgresRunningOn(dataDir)).toEqual([pid]); // the owner still uses it

    child.kill('SIGTERM'); // no handler of its own: the exit hook lets go and stops the server
    await new Promise((r) => child.on('exit', r));
    expect(postgresRunningOn(dataDir)).toEqual([]);
  });

  it('a dead owner whose pid now belongs to another process still counts as gone', async () => {
    const child = await owner();
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    const leftover = postmasterPid();
    // Its lease now names a live pid (this one), but with the start time of the dead process.
    const dir = path.join(dataDir, 'pg-users');
    const [name] = fs.readdirSync(dir);
    const lease = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
    expect(lease.pid).toBe(child.pid);
    fs.writeFileSync(path.join(dir, name), JSON.stringify({ ...lease, pid: process.pid }));

    const pg = await startEmbeddedPostgres({ dataDir, port });
    expect(postgresRunningOn(dataDir)).not.toContain(leftover);
    expect(await scalar(pg.url, 'SELECT v FROM kept')).toBe(42);
    expect(fs.readdirSync(dir)).toHaveLength(1); // the forged lease was dropped; ours remains
    await pg.stop();
    expect(postgresRunningOn(dataDir)).toEqual([]);
  });

  it('a command that fails after starting it exits non-zero and leaves no postgres behind', () => {
    const env = { DATABASE_URL: undefined, SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_EMBEDDED_PG_PORT: String(port) };
    const r = runCli(['ingest', 'surveys', '/nonexistent/surveys.csv'], env);
    expect(r.stderr).toBe('switchboard: cannot read /nonexistent/surveys.csv: no such file\n');
    expect(r.status).toBe(1);
    expect(postgresRunningOn(dataDir)).toEqual([]);
    const ok = runCli(['migrate'], env);
    expect(ok.status).toBe(0);
    expect(postgresRunningOn(dataDir)).toEqual([]);
  });

  it('`switchboard serve` on a port in use: one line, exit 1, the database stopped', async () => {
    const busy = http.createServer();
    await new Promise<void>((r) => busy.listen(0, () => r()));
    const busyPort = (busy.address() as { port: number }).port;
    try {
      const r = runCli(['serve', '--port', String(busyPort)], {
        DATABASE_URL: undefined, SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_EMBEDDED_PG_PORT: String(port),
      });
      expect(r.stderr).toBe(`switchboard: port ${busyPort} is already in use: set PORT or pass --port\n`);
      expect(r.status).toBe(1);
      expect(postgresRunningOn(dataDir)).toEqual([]);
    } finally {
      busy.close();
    }
  });

  it('`switchboard serve` without DATABASE_URL runs on it and leaves no postgres behind on SIGINT', async () => {
    const httpPort = await freePort();
    const cli = startCli(['serve', '--port', String(httpPort)], {
      DATABASE_URL: undefined,
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_EMBEDDED_PG_PORT: String(port),
    }, /GraphQL at/);
    await cli.started;
    const health = await fetch(`http://127.0.0.1:${httpPort}/healthz`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'up' });
    expect(postgresRunningOn(dataDir).length).toBeGreaterThan(0);
    cli.child.kill('SIGINT');
    expect([0, 130]).toContain(await cli.exited); // 130 = 128 + SIGINT, the shell convention
    expect(postgresRunningOn(dataDir)).toEqual([]);
  });
});
