import fs from 'fs';
import os from 'os';
import path from 'path';
import { RunSummary, runIngest } from '../../src/ingest';
import { counts } from './support';
import { useDatabase } from '../support/useDatabase';

/**
 * Issue 7: a stored contact is only replaced by a later LastUpdateTimestamp, and the
 * merge statement enforces it whatever the locking. Two runs race without the
 * connector lock: run `first` holds its transaction open until the other run's merge
 * is blocked on its rows, then commits; the other run's merge took its snapshot
 * before that commit, so every shared contact goes through the conflict path.
 */
const db = useDatabase('ordered');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-ordered-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A contact record whose version (LastUpdateTimestamp) is `v` minutes after a base, and whose queue names it. */
function record(id: string, v: number): string {
  return JSON.stringify({
    ContactId: id,
    Channel: 'VOICE',
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: '2026-03-01T09:00:00Z',
    DisconnectTimestamp: '2026-03-01T09:05:00Z',
    LastUpdateTimestamp: new Date(Date.UTC(2026, 2, 1, 10, v)).toISOString(),
    Queue: { Name: `v${v}`, EnqueueTimestamp: '2026-03-01T09:00:05Z', Duration: 10 },
    Agent: null,
  });
}

function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
}

function shuffled<T>(xs: T[], r: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function writeFile(name: string, versions: Map<string, number>, r: () => number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, shuffled([...versions], r).map(([id, v]) => `${record(id, v)}\n`).join(''));
  return file;
}

/** Waits until another backend runs the merge statement and waits for a lock (the other run's uncommitted rows). */
async function untilMergeBlocked(): Promise<void> {
  const until = Date.now() + 30000;
  while (Date.now() < until) {
    const rows: unknown[] = await db.ds.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%WITH s AS (%'`,
    );
    if (rows.length) return;
    await new Promise((res) => setTimeout(res, 20));
  }
  throw new Error('the second run never blocked on the first one: the race did not happen');
}

/** Runs `first` and `second` without the connector lock; `second` merges against a snapshot taken before `first` commits. */
async function race(first: string, second: string): Promise<[RunSummary, RunSummary]> {
  let other: Promise<RunSummary> | undefined;
  const a = await runIngest(db.ds, 'amazon-connect-ctr', [first], {
    skipConnectorLock: true,
    onBeforeCommit: async () => {
      other = runIngest(db.ds, 'amazon-connect-ctr', [second], { skipConnectorLock: true });
      other.catch(() => undefined);
      await untilMergeBlocked();
    },
  });
  return [a, await other!];
}

async function stored(prefix: string): Promise<Map<string, { v: string; queue: string }>> {
  const rows: { contact_id: string; last_update_at: Date; queue_name: string }[] = await db.ds.query(
    `SELECT contact_id, last_update_at, queue_name FROM interaction WHERE contact_id LIKE $1`,
    [`${prefix}%`],
  );
  return new Map(rows.map((r) => [r.contact_id, { v: r.last_update_at.toISOString(), queue: r.queue_name }]));
}

const expected = (v: number) => ({ v: new Date(Date.UTC(2026, 2, 1, 10, v)).toISOString(), queue: `v${v}` });
const tally = (xs: boolean[]) => xs.filter(Boolean).length;

describe('ordered upserts of contact records', () => {
  it.each([1, 2, 3, 4])('round %i: two unlocked runs racing on the same contacts: the newest version always wins', async (round) => {
    const r = rng(round * 7919);
    const prefix = `r${round}-`;
    const ids = Array.from({ length: 240 }, (_, i) => `${prefix}c${i}`);
    // 200 contacts in both files (some with the same version in both), 20 only in each.
    const shared = ids.slice(0, 200);
    const onlyA = ids.slice(200, 220);
    const onlyB = ids.slice(220);
    const version = () => 1 + Math.floor(r() * 60);

    // Phase 1: every contact is new to both runs.
    const a1 = new Map<string, number>();
    const b1 = new Map<string, number>();
    for (const id of shared) {
      a1.set(id, version());
      b1.set(id, r() < 0.1 ? a1.get(id)! : version());
    }
    for (const id of onlyA) a1.set(id, version());
    for (const id of onlyB) b1.set(id, version());
    const [fa, fb] = [writeFile(`r${round}-a1.jsonl`, a1, r), writeFile(`r${round}-b1.jsonl`, b1, r)];
    // Odd rounds: the run of file A commits first; even rounds: B's.
    const [x1, y1] = round % 2 ? [a1, b1] : [b1, a1];
    const [sx1, sy1] = await race(...((round % 2 ? [fa, fb] : [fb, fa]) as [string, string]));

    const state1 = await stored(prefix);
    expect(state1.size).toBe(240);
    for (const id of ids) expect(state1.get(id)).toEqual(expected(Math.max(a1.get(id) ?? 0, b1.get(id) ?? 0)));
    // The first run created every row it read; the blocked one created only its own
    // contacts, replaced the earlier versions, and left the rest unchanged.
    expect(counts(sx1)).toEqual({ read: x1.size, inserted: x1.size, updated: 0, unchanged: 0, duplicates: 0, rejected: 0 });
    const yShared = [...y1].filter(([id]) => x1.has(id));
    expect(counts(sy1)).toEqual({
      read: y1.size,
      inserted: y1.size - yShared.length,
      updated: tally(yShared.map(([id, v]) => v > x1.get(id)!)),
      unchanged: tally(yShared.map(([id, v]) => v <= x1.get(id)!)),
      duplicates: 0,
      rejected: 0,
    });

    // Phase 2: both runs bring versions of stored contacts, some older than what is stored.
    const s1 = new Map(ids.map((id) => [id, Math.max(a1.get(id) ?? 0, b1.get(id) ?? 0)]));
    const a2 = new Map(ids.map((id) => [id, 30 + Math.floor(r() * 60)]));
    const b2 = new Map(ids.map((id) => [id, r() < 0.1 ? a2.get(id)! : 30 + Math.floor(r() * 60)]));
    const [fa2, fb2] = [writeFile(`r${round}-a2.jsonl`, a2, r), writeFile(`r${round}-b2.jsonl`, b2, r)];
    const [x2, y2] = round % 2 ? [b2, a2] : [a2, b2];
    const [sx2, sy2] = await race(...((round % 2 ? [fb2, fa2] : [fa2, fb2]) as [string, string]));

    const state2 = await stored(prefix);
    for (const id of ids) expect(state2.get(id)).toEqual(expected(Math.max(s1.get(id)!, a2.get(id)!, b2.get(id)!)));
    const xUpdated = tally(ids.map((id) => x2.get(id)! > s1.get(id)!));
    expect(counts(sx2)).toEqual({ read: 240, inserted: 0, updated: xUpdated, unchanged: 240 - xUpdated, duplicates: 0, rejected: 0 });
    // The blocked run updated exactly the contacts where it beat both the stored
    // version and the one the first run wrote meanwhile; the rest lost and are unchanged.
    const yUpdated = tally(ids.map((id) => y2.get(id)! > Math.max(s1.get(id)!, x2.get(id)!)));
    expect(counts(sy2)).toEqual({ read: 240, inserted: 0, updated: yUpdated, unchanged: 240 - yUpdated, duplicates: 0, rejected: 0 });
    // The run recorded on each row is one that reported writing it.
    const writers: { run_id: string; n: number }[] = await db.ds.query(
      `SELECT run_id, count(*)::int AS n FROM interaction WHERE contact_id LIKE $1 GROUP BY run_id`,
      [`${prefix}%`],
    );
    const reported = new Map([sx1, sy1, sx2, sy2].map((s) => [s.runId, s.inserted + s.updated]));
    for (const w of writers) expect(w.n).toBeLessThanOrEqual(reported.get(w.run_id)!);
  });

  it('several versions of one contact in each racing run: the run that loses reports nothing written', async () => {
    // A has versions 5 and 50 of c, B has 10 and 40 (in file order): B is blocked on A's insert.
    const a = path.join(dir, 'multi-a.jsonl');
    const b = path.join(dir, 'multi-b.jsonl');
    fs.writeFileSync(a, `${record('m-c', 5)}\n${record('m-c', 50)}\n`);
    fs.writeFileSync(b, `${record('m-c', 10)}\n${record('m-c', 40)}\n${record('m-d', 1)}\n`);
    const [sa, sb] = await race(a, b);
    expect(counts(sa)).toEqual({ read: 2, inserted: 1, updated: 1, unchanged: 0, duplicates: 0, rejected: 0 });
    // Serially after A, B's 10 and 40 are both older than the stored 50: unchanged, then a duplicate.
    expect(counts(sb)).toEqual({ read: 3, inserted: 1, updated: 0, unchanged: 1, duplicates: 1, rejected: 0 });
    expect((await stored('m-c')).get('m-c')).toEqual(expected(50));
  });
});
