import { DataSource } from 'typeorm';
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
 * Plus today's queue traffic for the wallboard (see TODAY below).
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
}

export async function seedWebFixture(ds: DataSource, today: string): Promise<void> {
  await seedOrg(ds);
  await insertContacts(ds, [...CONTACTS, ...todayContacts(today)]);
}
