import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { DatabaseUnavailableError } from './errors';
import { commandLine, processGone, waitFor, waitForSync } from './processIdentity';
import { asUser, DatabaseUser, giveToUser } from './systemUser';

/**
 * One PostgreSQL cluster driven with its own tools: initdb, and pg_ctl, which starts
 * the server detached (its own session, output to a log file), so that it outlives
 * the process that started it for as long as other processes use it.
 */

export interface Postmaster {
  pid: number;
  port: number;
}

const LOG_FILE = 'server.log';

/** Runs a PostgreSQL program as the database user; resolves with its exit code and output. */
function run(program: string, args: string[], user: DatabaseUser): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { ...asUser(user), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', (e: NodeJS.ErrnoException) =>
      reject(new DatabaseUnavailableError(`embedded PostgreSQL: cannot run ${program} as ${user.name}: ${e.code ?? e.message}`)),
    );
    child.once('close', (code) => resolve({ code, output }));
  });
}

const lastLines = (text: string, n = 3) =>
  text.split('\n').map((l) => l.trim()).filter(Boolean).slice(-n).join(' ');

/** Creates the cluster in `pgData` (which must not exist yet), owned by the database user. */
export async function initCluster(bin: string, pgData: string, user: DatabaseUser, superuser: string, password: string): Promise<void> {
  fs.mkdirSync(pgData, { recursive: true, mode: 0o700 });
  giveToUser(user, pgData);
  // initdb reads the password from a file: a private folder of the database user's, removed at once.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-initdb-'));
  const pwfile = path.join(dir, 'pw');
  try {
    fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    giveToUser(user, dir);
    giveToUser(user, pwfile);
    const r = await run(path.join(bin, 'bin', 'initdb'), [
      `--pgdata=${pgData}`,
      `--username=${superuser}`,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      // The builtin provider (PostgreSQL 17) needs no operating-system locale, so no
      // LANG setting of the machine can make initdb fail; C.UTF-8 sorts by code point.
      '--locale=C',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--no-instructions',
    ], user);
    if (r.code !== 0) throw new DatabaseUnavailableError(`embedded PostgreSQL: initdb failed: ${lastLines(r.output)}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

/** Starts the server detached and waits until it accepts connections. */
export async function startPostmaster(bin: string, pgData: string, port: number, user: DatabaseUser): Promise<void> {
  const log = path.join(pgData, LOG_FILE);
  if (fs.existsSync(log)) fs.renameSync(log, `${log}.1`); // the previous start's log, kept once
  const settings = ['-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'TimeZone=UTC'];
  const r = await run(path.join(bin, 'bin', 'pg_ctl'), ['start', '-D', pgData, '-l', log, '-w', '-t', '60', '-s', '-o', settings.map(quote).join(' ')], user);
  if (r.code !== 0) {
    let tail = '';
    try {
      tail = lastLines(fs.readFileSync(log, 'utf8'));
    } catch {
      /* no log */
    }
    throw new DatabaseUnavailableError(`embedded PostgreSQL failed to start: ${tail || lastLines(r.output) || `pg_ctl exited ${r.code}`}`);
  }
}

/**
 * The server running on `pgData`, from its postmaster.pid, if that pid is alive and
 * is a postgres of this data directory (not a later process that got the pid).
 */
export function runningPostmaster(pgData: string): Postmaster | null {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(pgData, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || processGone(pid)) return null;
  const cmd = commandLine(pid);
  if (cmd !== null && !(cmd.includes('postgres') && cmd.includes(pgData))) return null;
  return { pid, port };
}

/** Removes a postmaster.pid that names no running server of this data directory. */
export function removeStalePidFile(pgData: string): boolean {
  const file = path.join(pgData, 'postmaster.pid');
  if (!fs.existsSync(file) || runningPostmaster(pgData)) return false;
  fs.rmSync(file, { force: true });
  return true;
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    /* already gone */
  }
}

/**
 * Stops a server: fast shutdown (SIGINT: open transactions are rolled back, then a
 * checkpoint), else immediate (SIGQUIT), else SIGKILL. A few seconds at most.
 */
export async function stopPostmaster(pid: number): Promise<void> {
  for (const [sig, ms] of [['SIGINT', 5000], ['SIGQUIT', 2000], ['SIGKILL', 2000]] as const) {
    signal(pid, sig);
    if (await waitFor(() => processGone(pid), ms)) return;
  }
}

/** The same, blocking: for the exit hook. */
export function stopPostmasterSync(pid: number): void {
  for (const [sig, ms] of [['SIGINT', 5000], ['SIGQUIT', 2000], ['SIGKILL', 2000]] as const) {
    signal(pid, sig);
    if (waitForSync(() => processGone(pid), ms)) return;
  }
}
