import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { spawn } from 'child_process';
import { startEmbeddedPostgres } from '../../src/db';
import { BIN, runCli, startCli } from '../support/cli';
import { freePort } from '../support/ports';
import { postgresProcesses } from '../support/postgres';

/**
 * Issue 7: other commands in the data folder of a running `npm start` use its
 * embedded PostgreSQL and never stop it; only the last process to let go does.
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-shared-'));
fs.chmodSync(dataDir, 0o755);
const fixture = path.resolve(__dirname, '../../connectors/hr-org-units/fixtures/org-units.csv');
let httpPort: number;
let env: Record<string, string | undefined>;
beforeAll(async () => {
  httpPort = await freePort();
  env = { DATABASE_URL: undefined, SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_EMBEDDED_PG_PORT: String(await freePort()), PORT: String(httpPort) };
});

const postgresPids = (dir: string) => postgresProcesses(path.join(dir, 'pg'));
const leases = (dir: string) => (fs.existsSync(path.join(dir, 'pg-users')) ? fs.readdirSync(path.join(dir, 'pg-users')) : []);
const postmasterPid = (dir: string) => Number(fs.readFileSync(path.join(dir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

afterAll(() => {
  for (const dir of [dataDir]) for (const pid of postgresPids(dir)) process.kill(pid, 'SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/**
 * One request on a fresh connection: a kept-alive one can be closed by the server
 * (after its keep-alive timeout) just as the client reuses it, on a loaded machine.
 */
function request(pathname: string, body?: string, token?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: httpPort,
        path: pathname,
        method: body ? 'POST' : 'GET',
        agent: false,
        headers: body ? { 'content-type': 'application/json', authorization: `Bearer ${token}` } : {},
      },
      (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const health = async () => (await request('/healthz')).status;

async function orgRoots(token: string): Promise<string[]> {
  const res = await request('/graphql', JSON.stringify({ query: '{ orgChart(asOf: "2026-01-15") { teamId } }' }), token);
  const body = JSON.parse(res.body) as { data?: { orgChart: { teamId: string }[] }; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data!.orgChart.map((t) => t.teamId).sort();
}

/** Servers started by a test, killed after it whatever happened (so one failure does not cascade). */
const servers: ReturnType<typeof startCli>[] = [];
function serve(args: string[], ready = /GraphQL at/) {
  const s = startCli(args, env, ready);
  servers.push(s);
  return s;
}
afterEach(async () => {
  for (const s of servers.splice(0)) {
    if (s.child.exitCode === null && s.child.signalCode === null) {
      s.child.kill('SIGKILL');
      await s.exited;
    }
  }
});

describe('the embedded database of a running server, shared', () => {
  it('a CLI command in the same data folder uses the running server and leaves it healthy', async () => {
    const server = serve(['start', '--no-demo'], /Press Ctrl-C/);
    const out = await server.started;
    const token = /Admin token[^\n]*\n(\S+)\n/.exec(out)![1];
    const pid = postmasterPid(dataDir);
    expect(await health()).toBe(200);
    expect(await orgRoots(token)).toEqual([]);

    // Another port in its environment: it still uses the server that runs.
    const r = runCli(['ingest', 'hr-org-units', fixture, '--json'], { ...env, SWITCHBOARD_EMBEDDED_PG_PORT: String(await freePort()) });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ connector: 'hr-org-units', read: 11, inserted: 6 });

    expect(await health()).toBe(200);
    expect(await orgRoots(token)).toEqual(['ops', 'sales']); // what the command wrote, served by the server
    expect(postmasterPid(dataDir)).toBe(pid); // the same postgres, never restarted
    expect(leases(dataDir)).toHaveLength(1); // the command let go of its lease

    // Reverting every migration under a running server is refused, in one line.
    const down = runCli(['migrate', '--down'], env);
    expect(down.stderr).toBe(`switchboard: the embedded database is in use by \`switchboard start --no-demo\` (pid ${server.child.pid}): stop it before reverting the migrations\n`);
    expect(down.status).toBe(1);
    expect(await orgRoots(token)).toEqual(['ops', 'sales']);

    // Its database stopped from outside: /healthz says so, and recovers once the
    // next command brings the server back (on the port the server's pool uses).
    process.kill(pid, 'SIGINT');
    while (postgresPids(dataDir).includes(pid)) await new Promise((res) => setTimeout(res, 100));
    expect(await health()).toBe(503);
    expect(runCli(['migrate'], env).status).toBe(0);
    expect(await health()).toBe(200);
    expect(await orgRoots(token)).toEqual(['ops', 'sales']);
    expect(postgresPids(dataDir)).toHaveLength(1);

    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    expect(postgresPids(dataDir)).toEqual([]);
    expect(leases(dataDir)).toEqual([]);
  });

  it('the process that started the server lets go first: the server keeps it for the one still serving', async () => {
    const first = await startEmbeddedPostgres({ dataDir, port: Number(env.SWITCHBOARD_EMBEDDED_PG_PORT) });
    const pid = postmasterPid(dataDir);
    const server = serve(['serve']);
    await server.started;
    expect(first.sharedWith()).toEqual([{ pid: server.child.pid, command: 'switchboard serve' }]);
    await first.stop();
    expect(postmasterPid(dataDir)).toBe(pid);
    expect(await health()).toBe(200);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(postgresPids(dataDir)).toEqual([]);
  });

  it('commands started at once in a fresh data folder share one server, and the last one stops it', async () => {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-shared-fresh-'));
    fs.chmodSync(fresh, 0o755);
    try {
      const e = { ...process.env, DATABASE_URL: '', SWITCHBOARD_DATA_DIR: fresh, SWITCHBOARD_EMBEDDED_PG_PORT: String(await freePort()) };
      const runs = ['migrate', 'migrate', 'metrics test'].map(
        (cmd) =>
          new Promise<{ code: number | null; err: string }>((resolve) => {
            const child = spawn(process.execPath, [BIN, ...cmd.split(' ')], { env: e, stdio: ['ignore', 'ignore', 'pipe'] });
            let err = '';
            child.stderr.on('data', (d) => (err += d));
            child.on('exit', (code) => resolve({ code, err }));
          }),
      );
      const results = await Promise.all(runs);
      expect(results).toEqual([{ code: 0, err: '' }, { code: 0, err: '' }, { code: 0, err: '' }]);
      expect(postgresPids(fresh)).toEqual([]);
      expect(leases(fresh)).toEqual([]);
      expect(fs.existsSync(path.join(fresh, 'pg', 'PG_VERSION'))).toBe(true);
    } finally {
      for (const pid of postgresPids(fresh)) process.kill(pid, 'SIGKILL');
      fs.rmSync(fresh, { recursive: true, force: true });
    }
  });
});
