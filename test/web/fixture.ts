import { DataSource } from 'typeorm';
import { Actor, createContest, freezeEndedContests, loadGamification, recognize, setGoal } from '../../src/actions';
import { OrgChart, upsertEmployee } from '../../src/canonical';
import { loadManifestOrThrow } from '../../src/semantic';
import { RUN_ID, seedOrg } from '../metrics/fixture';

/**
 * The metric tests' org (test/metrics/fixture.ts) with a handful of contacts whose
 * KPIs are worked out by hand below:
 *
 *   ops ── care ── t1 (until 2026-02-28), t2        sales ── t1 (from 2026-03-01)
 *   e1: t1, then t2 from 2026-02-15 · e2: t1 throughout · e3: t2, left after 2026-02-20
 *   e4: supervisor of t2 · e5: no assignment (unattributed)
 *
 *   contact  agent  when          queue (s)  handle (s)  AS_WAS team   AS_IS team
 *   w1       e2     2026-02-10    10         300         t1 in care    t1 in sales
 *   w2       e2     2026-03-10    30         200         t1 in sales   t1 in sales
 *   w3       e1     2026-02-05     5         400         t1 in care    t2 in care
 *   w4       e3     2026-02-12    25         100         t2 in care    t2 in care
 *   w5       e5     2026-02-20    15         500         unattributed  unattributed
 *
 * Plus today's queue traffic for the wallboard (see TODAY below), and April 2026 for
 * goals, scorecards, boards and points (see APRIL below).
 */
export const WINDOW = { from: '2026-02-01', to: '2026-03-31' };

type Contact = {
  id: string;
  agent: string | null;
  at: string;
  queue: string;
  queueSeconds: number;
  talk?: number;
  hold?: number;
  acw?: number;
};

export const CONTACTS: Contact[] = [
  { id: 'w1', agent: 'e2', at: '2026-02-10T10:00:00Z', queue: 'Q1', queueSeconds: 10, talk: 200, hold: 0, acw: 100 },
  { id: 'w2', agent: 'e2', at: '2026-03-10T10:00:00Z', queue: 'Q1', queueSeconds: 30, talk: 150, hold: 20, acw: 30 },
  { id: 'w3', agent: 'e1', at: '2026-02-05T10:00:00Z', queue: 'Q2', queueSeconds: 5, talk: 300, hold: 60, acw: 40 },
  { id: 'w4', agent: 'e3', at: '2026-02-12T10:00:00Z', queue: 'Q2', queueSeconds: 25, talk: 80, hold: 0, acw: 20 },
  { id: 'w5', agent: 'e5', at: '2026-02-20T10:00:00Z', queue: 'Q1', queueSeconds: 15, talk: 400, hold: 50, acw: 50 },
];

/**
 * Today (UTC): Q1 has two handled contacts (10 s and 30 s in queue) and one abandoned
 * after 40 s; Q2 one handled after 5 s.
 *   Q1: offered 3, handled 2, abandoned 1, service level 1/3, ASA 20 s
 *   Q2: offered 1, handled 1, abandoned 0, service level 1/1, ASA 5 s
 *   all: offered 4, handled 3, abandoned 1, service level 2/4, ASA 15 s
 */
export function todayContacts(today: string): Contact[] {
  return [
    { id: 'today1', agent: 'e2', at: `${today}T00:01:00Z`, queue: 'Q1', queueSeconds: 10, talk: 100, hold: 0, acw: 10 },
    { id: 'today2', agent: 'e2', at: `${today}T00:02:00Z`, queue: 'Q1', queueSeconds: 30, talk: 100, hold: 0, acw: 10 },
    { id: 'today3', agent: null, at: `${today}T00:03:00Z`, queue: 'Q1', queueSeconds: 40 },
    { id: 'today4', agent: 'e1', at: `${today}T00:04:00Z`, queue: 'Q2', queueSeconds: 5, talk: 100, hold: 0, acw: 10 },
  ];
}

export async function insertContacts(ds: DataSource, contacts: Contact[]): Promise<void> {
  for (const c of contacts) {
    const at = Date.parse(c.at);
    const enqueued = new Date(at + 1000).toISOString();
    const connected = c.agent ? new Date(at + 1000 + c.queueSeconds * 1000).toISOString() : null;
    await ds.query(
      `INSERT INTO interaction (contact_id, channel, initiation_method, initiated_at, queue_name, enqueued_at, queue_seconds, employee_id,
         connected_at, talk_seconds, hold_seconds, acw_seconds, customer_address, last_update_at, run_id)
       VALUES ($1, 'VOICE', 'INBOUND', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $2, $12)`,
      [c.id, c.at, c.queue, enqueued, c.queueSeconds, c.agent, connected, c.agent ? c.talk : null, c.agent ? c.hold : null, c.agent ? c.acw : null, `+44-${c.id}`, RUN_ID],
    );
  }
  // Written past the ingest path: say so as an ingest would, or cached results stay as they were.
  await ds.query(
    `INSERT INTO data_version AS d (kind, version) VALUES ('interaction', 1)
     ON CONFLICT (kind) DO UPDATE SET version = d.version + 1, changed_at = now()`,
  );
}

/**
 * April 2026: two more agents, both in their teams since 2026-01-01 and still there
 * today: e6 in t2 (so e4's team today is e1, e4, e6) and e7 in t1 (under sales).
 * Handle seconds per contact, and their AHT:
 *   e1: 200, 300, 250             → 3 handled, AHT 250 s
 *   e6: 400, 380                  → 2 handled, AHT 390 s
 *   e7: 180, 220, 200, 200        → 4 handled, AHT 200 s
 * Nothing else happens in April, so the Feb–Mar numbers above are untouched.
 */
export const APRIL = { from: '2026-04-01', to: '2026-04-30' };

export const APRIL_CONTACTS: Contact[] = [
  { id: 'a1', agent: 'e1', at: '2026-04-06T09:00:00Z', queue: 'Q1', queueSeconds: 10, talk: 150, hold: 0, acw: 50 },
  { id: 'a2', agent: 'e1', at: '2026-04-07T09:00:00Z', queue: 'Q1', queueSeconds: 10, talk: 250, hold: 20, acw: 30 },
  { id: 'a3', agent: 'e1', at: '2026-04-08T09:00:00Z', queue: 'Q2', queueSeconds: 30, talk: 200, hold: 0, acw: 50 },
  { id: 'a4', agent: 'e6', at: '2026-04-06T10:00:00Z', queue: 'Q1', queueSeconds: 15, talk: 300, hold: 40, acw: 60 },
  { id: 'a5', agent: 'e6', at: '2026-04-09T10:00:00Z', queue: 'Q2', queueSeconds: 25, talk: 300, hold: 30, acw: 50 },
  { id: 'a6', agent: 'e7', at: '2026-04-06T11:00:00Z', queue: 'Q1', queueSeconds: 5, talk: 150, hold: 0, acw: 30 },
  { id: 'a7', agent: 'e7', at: '2026-04-07T11:00:00Z', queue: 'Q1', queueSeconds: 5, talk: 200, hold: 0, acw: 20 },
  { id: 'a8', agent: 'e7', at: '2026-04-08T11:00:00Z', queue: 'Q2', queueSeconds: 5, talk: 180, hold: 0, acw: 20 },
  { id: 'a9', agent: 'e7', at: '2026-04-09T11:00:00Z', queue: 'Q2', queueSeconds: 5, talk: 170, hold: 10, acw: 20 },
];

/**
 * Goals (MONTH, from 2026-01-01), written through the actions as an admin would:
 *   every agent: contacts_handled 3, aht 300 s;  team t2: aht 380 s (the nearest team wins over the role).
 * Status (SPEC §6.1; aht is lower-is-better, so attainment = target / actual):
 *   e1 Feb: aht 380/400 = 0.95 AT_RISK, handled 1/3 OFF_TRACK;  Mar: no contacts, NO_DATA;
 *   e1 Apr: aht 380/250 = 1.52 ON_TRACK, handled 3/3 ON_TRACK;
 *   e6 Apr: aht 380/390 = 0.97 AT_RISK,  handled 2/3 OFF_TRACK;
 *   e7 Apr: aht 300/200 = 1.5 ON_TRACK,  handled 4/3 ON_TRACK.
 * A contest on t2's board over April (aht, at least 2 handled), ended and frozen:
 *   e1 (250 s) first, wins Gold (150 points and the contest_winner badge); e6 (390 s) second.
 * Kudos for e1 from e4 (10 points): e1 holds 160 points, two badges.
 * A contest on the center board running from today for a week (contacts handled).
 */
export async function seedActions(ds: DataSource, today: string): Promise<void> {
  const em = ds.manager;
  const org = new OrgChart(ds);
  await upsertEmployee(em, { id: 'e6', firstName: 'E6', lastName: 'Test', email: 'e6@example.com' });
  await upsertEmployee(em, { id: 'e7', firstName: 'E7', lastName: 'Test', email: 'e7@example.com' });
  await org.applyAssignmentVersion(em, { employeeId: 'e6', orgUnitId: 't2', role: 'agent', managerId: 'e4', site: 'York', effectiveFrom: '2026-01-01', effectiveTo: null });
  await org.applyAssignmentVersion(em, { employeeId: 'e7', orgUnitId: 't1', role: 'agent', managerId: null, site: 'Leeds', effectiveFrom: '2026-01-01', effectiveTo: null });
  await insertContacts(ds, APRIL_CONTACTS);

  const manifest = loadManifestOrThrow();
  const g = loadGamification(manifest);
  const admin: Actor = { principal: { role: 'admin', employeeId: null }, scope: { kind: 'all' }, today };
  const env = { manifest, orgTimezone: 'UTC', today };
  const month = { grain: 'MONTH' as const, effectiveFrom: '2026-01-01' };
  await setGoal(ds, manifest, admin, { metric: 'contacts_handled', scope: { kind: 'role', ref: 'agent' }, target: 3, ...month });
  await setGoal(ds, manifest, admin, { metric: 'aht', scope: { kind: 'role', ref: 'agent' }, target: 300, ...month });
  await setGoal(ds, manifest, admin, { metric: 'aht', scope: { kind: 'team', ref: 't2' }, target: 380, ...month });
  await createContest(ds, env, admin, g, {
    id: 'april-aht',
    name: 'April handle time',
    metric: 'aht',
    board: { kind: 'team', teamId: 't2' },
    startsAt: new Date('2026-04-01T00:00:00Z'),
    endsAt: new Date('2026-05-01T00:00:00Z'),
    minVolume: 2,
    prizes: [{ rank: 1, label: 'Gold', points: 150, badge: 'contest_winner' }],
  });
  await freezeEndedContests(ds, env, g, new Date());
  const e4: Actor = { principal: { role: 'supervisor', employeeId: 'e4' }, scope: { kind: 'subtree', teamId: 't2', asOf: today, employeeIds: ['e1', 'e4', 'e6'] }, today };
  await recognize(ds, e4, g, new Set(manifest.metrics.keys()), { employeeId: 'e1', badge: 'kudos', reason: 'Calm on a hard call' });
  const start = new Date(`${today}T00:00:00Z`);
  await createContest(ds, env, admin, g, {
    id: 'week-handled',
    name: 'Busy week',
    metric: 'contacts_handled',
    board: { kind: 'center' },
    startsAt: start,
    endsAt: new Date(start.getTime() + 7 * 86400000),
    prizes: [{ rank: 1, label: 'Top', points: 50 }],
  });
}

export async function seedWebFixture(ds: DataSource, today: string): Promise<void> {
  await seedOrg(ds);
  await insertContacts(ds, [...CONTACTS, ...todayContacts(today)]);
  await seedActions(ds, today);
}
