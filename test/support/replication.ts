import { spawn } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from 'pg';
import { asUser, databaseUser, giveToUser } from '../../src/db/systemUser';
import { freePort } from './ports';

/**
 * A PostgreSQL primary and a hot standby fed by streaming replication, made with
 * the machine's own binaries (initdb, pg_basebackup -R, pg_ctl) on free ports in a
 * temporary folder. As root, every program runs as the `postgres` system user
 * (src/db/systemUser.ts), which owns the folder. Trust authentication on
 * 127.0.0.1 only: a throw-away pair for one test file.
 */

export const PG15_BIN = process.env.SWITCHBOARD_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface ReplicaPair {
  dir: string;
  primaryUrl(db?: string): string;
  standbyUrl(db?: string): string;
  /** Waits until the standby has replayed everything the primary has written so far. */
  waitForReplay(timeoutMs?: number): Promise<void>;
  /** Stops both servers (fast, then immediate) and removes the folder; safe to call twice, or after a failed start. */
  stop(): Promise<void>;
}

function run(program: string, args: string[], timeoutMs = 120000): Promise<string> {
  const user = databaseUser();
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(PG15_BIN, program), args, { ...asUser(user), stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${program}: ${e.message}`));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${program} ${args.join(' ')} exited ${code}: ${out.trim().split('\n').slice(-5).join(' | ')}`));
    });
  });
}

async function one<T>(url: string, sql: string, params: unknown[] = []): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows[0] as T;
  } finally {
    await c.end();
  }
}

const SETTINGS = [
  "listen_addresses = '127.0.0.1'",
  "unix_socket_directories = ''",
  'wal_level = replica',
  'max_wal_senders = 4',
  'hot_standby = on',
  'fsync = off', // a throw-away pair: speed over durability
  'synchronous_commit = off',
  'full_page_writes = off',
  "timezone = 'UTC'",
];

export async function startReplicaPair(): Promise<ReplicaPair> {
  for (const p of ['initdb', 'pg_ctl', 'pg_basebackup']) {
    if (!fs.existsSync(path.join(PG15_BIN, p))) throw new Error(`${path.join(PG15_BIN, p)} not found: set SWITCHBOARD_TEST_PG_BIN to a PostgreSQL bin folder`);
  }
  const user = databaseUser();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-replicas-'));
  giveToUser(user, dir);
  const primaryData = path.join(dir, 'primary');
  const standbyData = path.join(dir, 'standby');
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];
  const started: string[] = [];
  const stop = async () => {
    for (const data of started.splice(0).reverse()) {
      await run('pg_ctl', ['stop', '-D', data, '-m', 'fast', '-w', '-t', '20']).catch(() => run('pg_ctl', ['stop', '-D', data, '-m', 'immediate', '-w', '-t', '10']).catch(() => undefined));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const url = (port: number) => (db = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${db}`;
  try {
    await run('initdb', ['-D', primaryData, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-instructions']);
    // initdb's pg_hba.conf already lets 127.0.0.1 replicate (trust).
    fs.appendFileSync(path.join(primaryData, 'postgresql.conf'), `\n${SETTINGS.join('\n')}\nport = ${primaryPort}\n`);
    await run('pg_ctl', ['start', '-D', primaryData, '-l', path.join(dir, 'primary.log'), '-w', '-t', '60']);
    started.push(primaryData);
    // -R writes standby.signal and primary_conninfo; -X stream copies the WAL it needs.
    await run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', standbyData, '-R', '-X', 'stream', '-c', 'fast']);
    fs.appendFileSync(path.join(standbyData, 'postgresql.conf'), `\nport = ${standbyPort}\n`);
    await run('pg_ctl', ['start', '-D', standbyData, '-l', path.join(dir, 'standby.log'), '-w', '-t', '60']);
    started.push(standbyData);
    const { recovering } = await one<{ recovering: boolean }>(url(standbyPort)(), 'SELECT pg_is_in_recovery() AS recovering');
    if (!recovering) throw new Error('the standby is not in recovery');
  } catch (e) {
    const logs = ['primary.log', 'standby.log']
      .map((f) => path.join(dir, f))
      .filter((f) => fs.existsSync(f))
      .map((f) => `${path.basename(f)}: ${fs.readFileSync(f, 'utf8').trim().split('\n').slice(-5).join(' | ')}`);
    await stop();
    throw new Error(`${(e as Error).message}${logs.length ? `\n${logs.join('\n')}` : ''}`);
  }
  return {
    dir,
    primaryUrl: url(primaryPort),
    standbyUrl: url(standbyPort),
    async waitForReplay(timeoutMs = 60000) {
      const { lsn } = await one<{ lsn: string }>(url(primaryPort)(), 'SELECT pg_current_wal_insert_lsn()::text AS lsn');
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { done, at } = await one<{ done: boolean; at: string }>(url(standbyPort)(), 'SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done, pg_last_wal_replay_lsn()::text AS at', [lsn]);
        if (done) return;
        if (Date.now() > deadline) throw new Error(`the standby has replayed up to ${at}, not ${lsn}, after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop,
  };
}
