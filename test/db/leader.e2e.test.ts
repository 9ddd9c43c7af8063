import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from 'pg';
import { LeaderLock } from '../../src/db';
import { startCli } from '../support/cli';
import { freePort } from '../support/ports';
import { useDatabase } from '../support/useDatabase';

/**
 * The scheduler leader (issue 11, scale-out): one holder of a PostgreSQL advisory
 * lock among several instances; a follower takes over when the leader stops or
 * dies, and a leader whose session is cut stops at once. Then the same with two
 * real `switchboard schedule` processes: only the leader runs the jobs, and after
 * the leader is killed (SIGKILL) the other one runs them.
 */
const db = useDatabase('leader');

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 30000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function instance(key: number, events: string[], name: string): LeaderLock {
  return new LeaderLock({
    url: db.url,
    key,
    intervalMs: 100,
    onElected: () => void events.push(`${name} elected`),
    onDeposed: () => void events.push(`${name} deposed`),
  });
}

test('one leader at a time; a follower takes over when the leader stops', async () => {
  const events: string[] = [];
  const a = instance(0x7e01, events, 'a');
  const b = instance(0x7e01, events, 'b');
  try {
    await a.start();
    await b.start();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    await new Promise((r) => setTimeout(r, 400)); // several of b's tries
    expect(b.isLeader).toBe(false);
    await a.stop();
    await until('b elected', () => b.isLeader);
    expect(events).toEqual(['a elected', 'a deposed', 'b elected']);
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('a leader whose session is cut is deposed at once; then exactly one instance leads', async () => {
  const events: string[] = [];
  const a = instance(0x7e02, events, 'a');
  const b = instance(0x7e02, events, 'b');
  const admin = new Client({ connectionString: db.url });
  await admin.connect();
  try {
    await a.start();
    await b.start();
    expect(a.isLeader).toBe(true);
    // The leader's backend: the session holding the advisory lock.
    const rows = (await admin.query(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted`, [0x7e02])).rows;
    expect(rows).toHaveLength(1);
    await admin.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    await until('a deposed', () => events.includes('a deposed'));
    await until('a new leader', () => a.isLeader || b.isLeader);
    // Whichever won (a reconnects and competes like any follower), never both.
    expect(events.slice(0, 2)).toEqual(['a elected', 'a deposed']);
    expect(events.slice(2)).toHaveLength(1);
    for (let i = 0; i < 8; i++) {
      expect(Number(a.isLeader) + Number(b.isLeader)).toBe(1);
      await new Promise((r) => setTimeout(r, 50));
    }
    const holders = (await admin.query(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted`, [0x7e02])).rows;
    expect(holders).toHaveLength(1);
    expect(holders[0].pid).not.toBe(rows[0].pid);
  } finally {
    await admin.end();
    await a.stop();
    await b.stop();
  }
});

const cases: { name: string; args: (file: string) => Promise<string[]>; leading: RegExp }[] = [
  { name: 'two switchboard schedule processes', args: async (file) => ['schedule', '--config', file, '--leader-interval', '200'], leading: /schedule running/ },
  {
    name: 'two API replicas with serve --schedule',
    args: async (file) => ['serve', '--port', String(await freePort()), '--schedule', file, '--leader-interval', '200'],
    leading: /schedule running \(this replica is the leader\)/,
  },
];

describe.each(cases)('$name', ({ args, leading }) => {
  let dir: string;
  const procs: ReturnType<typeof startCli>[] = [];
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-leader-'));
  });
  afterAll(async () => {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(procs.map((p) => p.exited));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const jobRuns = (out: string) => out.split('\n').filter((l) => l.includes('"msg":"job done"') && l.includes('"job":"deliver"')).length;

  test('only the leader runs the jobs; when it is killed the other takes over', async () => {
    const file = path.join(dir, 'switchboard.schedule.yaml');
    // One job every second: the webhooks outbox (empty: each run delivers nothing).
    fs.writeFileSync(file, 'jobs:\n  - name: deliver\n    job: webhooks\n    cron: "* * * * * *"\n');
    const env = { DATABASE_URL: db.url, SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_JWT_SECRET: 'leader-test-secret-that-is-long-enough!' };
    const first = startCli(await args(file), env, leading);
    procs.push(first);
    await first.started;
    const second = startCli(await args(file), env, /standing by/);
    procs.push(second);
    await second.started;

    await until('the leader runs the job twice', () => jobRuns(first.output().out) >= 2);
    expect(jobRuns(second.output().out)).toBe(0);

    first.child.kill('SIGKILL'); // dies without letting go: its session ends, PostgreSQL frees the lock
    await first.exited;
    await until('the other one is elected', () => second.output().out.includes('"msg":"elected leader"'));
    await until('the new leader runs the job', () => jobRuns(second.output().out) >= 1);

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });
});
