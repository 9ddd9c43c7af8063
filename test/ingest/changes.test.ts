import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from 'pg';
import { CHANGE_CHANNEL, ChangeEvent, dataVersions, runIngest } from '../../src/ingest';
import { loadHr } from './support';
import { useDatabase } from '../support/useDatabase';

/**
 * The change feed: a run that changes facts bumps its kind's data version and
 * notifies listeners after commit, with the time range of what it wrote or replaced;
 * a run that changes nothing, or fails, sends nothing.
 */
const db = useDatabase('changes');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-changes-'));
let listener: Client;
const events: ChangeEvent[] = [];

beforeAll(async () => {
  listener = new Client({ connectionString: db.url });
  listener.on('error', () => undefined); // the database is dropped (FORCE) after the tests
  await listener.connect();
  listener.on('notification', (n) => {
    if (n.channel === CHANGE_CHANNEL) events.push(JSON.parse(n.payload!));
  });
  await listener.query(`LISTEN ${CHANGE_CHANNEL}`);
  await loadHr(db.ds);
});
afterAll(async () => {
  await listener?.end();
  fs.rmSync(dir, { recursive: true, force: true });
});

function contact(id: string, initiated: string, updated: string, agent: string | null): string {
  return JSON.stringify({
    ContactId: id,
    Channel: 'VOICE',
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: initiated,
    DisconnectTimestamp: initiated.replace('T10:', 'T11:'),
    LastUpdateTimestamp: updated,
    Queue: { Name: 'Support', EnqueueTimestamp: initiated, Duration: 10 },
    Agent: agent ? { Username: agent, ConnectedToAgentTimestamp: initiated, AgentInteractionDuration: 60 } : null,
  });
}

function write(name: string, lines: string[]): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

/** Waits until `n` events arrived (notifications come asynchronously after commit). */
async function eventsAfter(n: number): Promise<ChangeEvent[]> {
  for (let i = 0; i < 100 && events.length < n; i++) await new Promise((r) => setTimeout(r, 20));
  return events.slice();
}

test('a fact run bumps the version and notifies its range after commit; a no-op run does not', async () => {
  const before = (await eventsAfter(2)).length; // the HR runs notified too (org kinds, no range)
  expect(events.map((e) => [e.kind, e.from, e.to, e.employees])).toEqual([
    ['org_unit_version', null, null, null],
    ['employee_version', null, null, null],
  ]);
  const [{ id: agentOne }] = await db.ds.query(`SELECT employee_id AS id FROM identity_map WHERE source_system = 'acd' AND external_id = 'agent.two' LIMIT 1`);

  const f1 = write('one.jsonl', [
    contact('ch-1', '2026-03-01T10:00:00Z', '2026-03-01T12:00:00Z', 'agent.two'),
    contact('ch-2', '2026-03-02T10:30:00Z', '2026-03-02T12:00:00Z', null),
  ]);
  await runIngest(db.ds, 'amazon-connect-ctr', [f1]);
  let got = await eventsAfter(before + 1);
  expect(got.slice(before)).toEqual([
    expect.objectContaining({ kind: 'interaction', connector: 'amazon-connect-ctr', version: 1, from: '2026-03-01T10:00:00.000Z', to: '2026-03-02T10:30:00.000Z', employees: [agentOne] }),
  ]);

  // A later version of ch-1 moves it back in time: the range spans old and new place.
  const f2 = write('two.jsonl', [contact('ch-1', '2026-02-20T10:00:00Z', '2026-03-05T12:00:00Z', null)]);
  await runIngest(db.ds, 'amazon-connect-ctr', [f2]);
  got = await eventsAfter(before + 2);
  expect(got[before + 1]).toEqual(expect.objectContaining({ version: 2, from: '2026-02-20T10:00:00.000Z', to: '2026-03-01T10:00:00.000Z', employees: [agentOne] }));

  // The same file again changes nothing: no version bump, no notification.
  await runIngest(db.ds, 'amazon-connect-ctr', [f2]);
  await new Promise((r) => setTimeout(r, 200));
  expect(events.length).toBe(before + 2);
  expect((await dataVersions(db.ds)).interaction).toBe(2);
});

test('a failed run sends nothing and leaves the version', async () => {
  const n = events.length;
  const bad = write('bad.jsonl', [contact('ch-9', '2026-03-03T10:00:00Z', '2026-03-03T12:00:00Z', null)]);
  await expect(
    runIngest(db.ds, 'amazon-connect-ctr', [bad], {
      onBeforeCommit: async () => {
        throw new Error('boom before commit');
      },
    }),
  ).rejects.toThrow('boom before commit');
  await new Promise((r) => setTimeout(r, 200));
  expect(events.length).toBe(n);
  expect((await dataVersions(db.ds)).interaction).toBe(2);
  expect(await db.ds.query(`SELECT count(*)::int AS n FROM interaction WHERE contact_id = 'ch-9'`)).toEqual([{ n: 0 }]);
});
