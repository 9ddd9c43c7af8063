import fs from 'fs';
import path from 'path';
import lockfile from 'proper-lockfile';
import { DatabaseUnavailableError } from './errors';
import { currentProcess, isRunning, ProcessIdentity } from './processIdentity';

/**
 * Who uses the embedded server of a data folder. Every process that uses it holds a
 * lease: a small file under `<dataDir>/pg-users/` naming the process (pid, start
 * time, boot id), the server's port and the command. The last process to let go
 * stops the server; a server running with no live lease is a leftover of killed
 * processes. Starting, sharing and stopping happen under one lock per data folder
 * (`<dataDir>/pg.lock`), so two processes starting at once share one server.
 */
export interface Lease extends ProcessIdentity {
  port: number;
  command: string;
  file: string;
}

const LEASES = 'pg-users';
let counter = 0;

function leaseDir(dataDir: string): string {
  return path.join(dataDir, LEASES);
}

/** The live leases (removing those of processes that are gone). */
export function liveLeases(dataDir: string): Lease[] {
  const dir = leaseDir(dataDir);
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const live: Lease[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    let lease: Lease | null = null;
    try {
      lease = { ...(JSON.parse(fs.readFileSync(file, 'utf8')) as Omit<Lease, 'file'>), file };
    } catch {
      /* unreadable: half-written by a killed process */
    }
    if (lease && isRunning(lease)) live.push(lease);
    else fs.rmSync(file, { force: true });
  }
  return live;
}

/** Records that this process uses the server on `port` (written whole, then renamed into place). */
export function addLease(dataDir: string, port: number): Lease {
  const dir = leaseDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const me = currentProcess();
  const file = path.join(dir, `${me.pid}-${++counter}.json`);
  const lease: Lease = { ...me, port, command: ['switchboard', ...process.argv.slice(2)].join(' '), file };
  const { file: _f, ...record } = lease;
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(record));
  fs.renameSync(`${file}.tmp`, file);
  return lease;
}

export function removeLease(lease: Lease): void {
  fs.rmSync(lease.file, { force: true });
}

const lockOptions = (dataDir: string) => ({
  lockfilePath: path.join(dataDir, 'pg.lock'),
  realpath: false,
  // A holder refreshes the lock every few seconds; one that was killed is taken over after `stale`.
  stale: 15000,
  onCompromised: () => undefined,
});

/** Runs `fn` holding the data folder's lock (waiting up to two minutes for another process: an initdb, a stop). */
export async function withDataDirLock<T>(dataDir: string, fn: () => Promise<T>): Promise<T> {
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(dataDir, { ...lockOptions(dataDir), retries: { retries: 1200, factor: 1, minTimeout: 100, maxTimeout: 100 } });
  } catch (e) {
    throw new DatabaseUnavailableError(`embedded PostgreSQL: cannot lock ${lockOptions(dataDir).lockfilePath}: ${(e as Error).message}`);
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined);
  }
}

/** Takes the lock at once or not at all (for the exit hook). */
export function tryDataDirLockSync(dataDir: string): (() => void) | null {
  try {
    return lockfile.lockSync(dataDir, lockOptions(dataDir));
  } catch {
    return null;
  }
}
