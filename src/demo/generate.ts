import fs from 'fs';
import path from 'path';
import { addDays, IsoDate } from '../canonical';

/**
 * The demo operation, written as source files in the real formats (SPEC §3.1) so
 * that it goes through the same connectors as production data:
 *
 *   Operations (root; the executive and the analysts)
 *   ├── Customer Care ── Billing, General Care, Retention
 *   ├── Sales ────────── Inbound Sales, Outbound Sales, Digital Sales
 *   └── Technical Support ── Tier 1, Tier 2           (8 teams, 80 people)
 *
 * Over six weeks ending yesterday: Retention moves from Customer Care to Sales
 * (a reorganization), three agents transfer, the General Care supervisor leaves
 * and an agent is promoted to replace them, another agent leaves, and one agent's
 * ACD login changes. Seeded, so the same `today` gives the same files.
 */

export interface DemoFiles {
  orgUnits: string;
  employees: string;
  contacts: string;
  orders: string;
  evaluations: string;
  surveys: string;
  adherence: string;
}

export interface DemoPlan {
  start: IsoDate;
  reorgDate: IsoDate;
  end: IsoDate; // last day with activity (yesterday)
}

/** mulberry32: a small seeded PRNG, so the demo is reproducible. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    chance: (p: number) => next() < p,
  };
}

const csvField = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
const csv = (header: string[], rows: unknown[][]) => [header.join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n';

const FIRST = ['Ava', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hugo', 'Isla', 'Jonas', 'Kiara', 'Liam', 'Maya', 'Noah', 'Olga', 'Priya',
  'Quinn', 'Rafael', 'Sofia', 'Tariq', 'Uma', 'Victor', 'Wen', 'Ximena', 'Yusuf', 'Zoe', 'Aaron', 'Bianca', 'Carlos', 'Dana'];
const LAST = ['Adams', 'Brown', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Johnson', 'Khan', 'Lopez', 'Martin', 'Nguyen',
  'Okafor', 'Patel', 'Quist', 'Rossi', 'Smith', 'Tanaka', 'Usman', 'Varga', 'Walsh', 'Xu', 'Young', 'Zhang'];

const DEPARTMENTS = [
  { id: 'care', name: 'Customer Care', teams: [['care-billing', 'Billing'], ['care-general', 'General Care'], ['care-retention', 'Retention']] },
  { id: 'sales', name: 'Sales', teams: [['sales-inbound', 'Inbound Sales'], ['sales-outbound', 'Outbound Sales'], ['sales-digital', 'Digital Sales']] },
  { id: 'tech', name: 'Technical Support', teams: [['tech-t1', 'Tier 1'], ['tech-t2', 'Tier 2']] },
] as const;
const TEAM_QUEUE: Record<string, string> = {
  'care-billing': 'Billing', 'care-general': 'General', 'care-retention': 'Retention', 'sales-inbound': 'Sales',
  'sales-outbound': 'Sales', 'sales-digital': 'Digital', 'tech-t1': 'Tech Support', 'tech-t2': 'Tech Support',
};
const SITES = ['Leeds', 'Austin'];
const PRODUCTS = [
  ['SKU-FIB-100', 'Fiber 100', 'Broadband', 39.99], ['SKU-FIB-500', 'Fiber 500', 'Broadband', 59.99], ['SKU-MOB-S', 'Mobile S', 'Mobile', 15],
  ['SKU-MOB-L', 'Mobile L', 'Mobile', 30], ['SKU-TV-BASIC', 'TV Basic', 'TV', 20], ['SKU-TV-SPORT', 'TV Sports', 'TV', 35],
  ['SKU-CARE-PLUS', 'Care Plus', 'Services', 9.5],
] as const;

interface Person {
  id: string;
  first: string;
  last: string;
  email: string;
  site: string;
  acd: string;
  crm: string;
  qa: string;
  wfm: string;
}

interface Version {
  person: Person;
  team: string;
  role: string;
  manager: string | null;
  from: IsoDate;
  to: IsoDate | null;
  acd?: string;
}

function isWeekday(d: IsoDate): boolean {
  const day = new Date(`${d}T00:00:00Z`).getUTCDay();
  return day !== 0 && day !== 6;
}

export function demoPlan(today: IsoDate): DemoPlan {
  return { start: addDays(today, -42), reorgDate: addDays(today, -21), end: addDays(today, -1) };
}

export function generateDemo(today: IsoDate, seed = 20260101): { files: Record<keyof DemoFiles, string>; plan: DemoPlan } {
  const rnd = prng(seed);
  const plan = demoPlan(today);
  const hrStart = addDays(plan.start, -365);

  // ---- org units --------------------------------------------------------------
  const orgRows: unknown[][] = [['ops', 'Operations', '', hrStart, '']];
  for (const d of DEPARTMENTS) {
    orgRows.push([d.id, d.name, 'ops', hrStart, '']);
    for (const [id, name] of d.teams) {
      if (id === 'care-retention') {
        orgRows.push([id, name, 'care', hrStart, addDays(plan.reorgDate, -1)]);
        orgRows.push([id, name, 'sales', plan.reorgDate, '']);
      } else {
        orgRows.push([id, name, d.id, hrStart, '']);
      }
    }
  }

  // ---- people -------------------------------------------------------------------
  let n = 0;
  const person = (): Person => {
    n++;
    const first = FIRST[(n * 7) % FIRST.length];
    const last = LAST[(n * 11) % LAST.length];
    const id = `E${String(1000 + n)}`;
    const handle = `${first}.${last}${n}`.toLowerCase();
    return { id, first, last, email: `${handle}@demo-switchboard.example`, site: SITES[n % 2], acd: handle, crm: `crm-${id}`, qa: `qa-${id}`, wfm: `wfm-${id}` };
  };
  const versions: Version[] = [];
  const exec = person();
  versions.push({ person: exec, team: 'ops', role: 'executive', manager: null, from: hrStart, to: null });
  for (let i = 0; i < 2; i++) versions.push({ person: person(), team: 'ops', role: 'analyst', manager: exec.id, from: hrStart, to: null });
  const supervisorOf: Record<string, Person> = {};
  const agentsOf: Record<string, Person[]> = {};
  for (const d of DEPARTMENTS) {
    const director = person();
    versions.push({ person: director, team: d.id, role: 'director', manager: exec.id, from: hrStart, to: null });
    for (const [team] of d.teams) {
      const sup = person();
      supervisorOf[team] = sup;
      versions.push({ person: sup, team, role: 'supervisor', manager: director.id, from: hrStart, to: null });
    }
  }
  const teams = DEPARTMENTS.flatMap((d) => d.teams.map(([t]) => t));
  for (let i = 0; i < 66; i++) {
    const team = teams[i % teams.length];
    const p = person();
    (agentsOf[team] ??= []).push(p);
    versions.push({ person: p, team, role: 'agent', manager: supervisorOf[team].id, from: hrStart, to: null });
  }

  // Changes inside the window.
  const change = (p: Person, day: IsoDate, next: Partial<Version> | null) => {
    const i = versions.findIndex((v) => v.person === p && v.to === null);
    const cur = versions[i];
    cur.to = addDays(day, -1);
    if (next) versions.push({ ...cur, ...next, from: day, to: null });
  };
  const transfers: [string, string, number][] = [['care-billing', 'tech-t1', -30], ['sales-inbound', 'care-general', -16], ['tech-t2', 'sales-digital', -9]];
  for (const [fromTeam, toTeam, offset] of transfers) {
    const p = agentsOf[fromTeam].pop()!;
    agentsOf[toTeam].push(p);
    change(p, addDays(today, offset), { team: toTeam, manager: supervisorOf[toTeam].id });
  }
  // The General Care supervisor leaves; an agent is promoted the next day.
  const leavingSup = supervisorOf['care-general'];
  const promoted = agentsOf['care-general'].shift()!;
  const promotionDay = addDays(today, -14);
  change(leavingSup, promotionDay, null);
  change(promoted, promotionDay, { role: 'supervisor', manager: versions.find((v) => v.role === 'director' && v.team === 'care')!.person.id });
  for (const v of versions) if (v.team === 'care-general' && v.role === 'agent' && v.to === null) v.manager = promoted.id;
  supervisorOf['care-general'] = promoted;
  // An agent leaves.
  const leaver = agentsOf['tech-t1'].shift()!;
  change(leaver, addDays(today, -7), null);
  // An ACD login change: same person, new username from a date on.
  const renamed = agentsOf['sales-inbound'][0];
  const newLogin = `${renamed.acd}.new`;
  change(renamed, addDays(today, -20), { acd: newLogin });

  const empRows = versions.map((v) => [
    v.person.id, v.person.first, v.person.last, v.person.email, v.role, v.team, v.manager ?? '', v.person.site,
    v.from, v.to ?? '', v.acd ?? v.person.acd, v.person.crm, v.person.qa, v.person.wfm,
  ]);

  // ---- activity -------------------------------------------------------------------
  const versionOn = (p: Person, d: IsoDate) => versions.find((v) => v.person === p && v.from <= d && (v.to === null || d <= v.to));
  const agents = Object.values(agentsOf).flat().concat([promoted, leaver, leavingSup].filter((x) => x));
  const uniqueAgents = [...new Set(agents)];
  const contacts: string[] = [];
  const orders: unknown[][] = [];
  const evals: unknown[][] = [];
  const surveys: unknown[][] = [];
  const adherence: unknown[][] = [];
  const customers = Array.from({ length: 60000 }, (_, i) => `+1555${String(1000000 + i).slice(1)}`);
  let contactSeq = 0;
  let orderSeq = 0;
  let surveySeq = 0;
  let evalSeq = 0;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  let lastContactId = '';

  for (let day = plan.start; day <= plan.end; day = addDays(day, 1)) {
    if (!isWeekday(day)) continue;
    const dayStart = Date.parse(`${day}T13:00:00Z`);
    for (const p of uniqueAgents) {
      const v = versionOn(p, day);
      if (!v || v.role !== 'agent') continue;
      const queue = TEAM_QUEUE[v.team];
      const sales = v.team.startsWith('sales') || v.team === 'care-retention';
      // WFM adherence for the day
      const scheduled = 27000; // a 7.5-hour shift
      const adherent = Math.round(scheduled * (0.82 + rnd.next() * 0.16));
      const staffed = Math.round(scheduled * (0.9 + rnd.next() * 0.08));
      adherence.push([p.wfm, day, scheduled, adherent, staffed]);
      const count = rnd.int(30, 44);
      let cursor = dayStart + rnd.int(0, 600) * 1000; // an agent takes one contact at a time
      for (let c = 0; c < count; c++) {
        contactSeq++;
        const id = `demo-${String(contactSeq).padStart(7, '0')}-${rnd.int(1000, 9999)}`;
        lastContactId = id;
        const start = cursor;
        const queueSecs = rnd.chance(0.7) ? rnd.int(2, 20) : rnd.int(21, 240);
        const enq = start + 5000;
        const channel = v.team === 'sales-digital' ? 'CHAT' : rnd.chance(0.1) ? 'CHAT' : 'VOICE';
        const outbound = v.team === 'sales-outbound';
        const customer = rnd.pick(customers);
        const sku = sales && rnd.chance(0.6) ? rnd.pick(PRODUCTS)[0] : null;
        const talk = rnd.int(150, 540);
        const hold = rnd.chance(0.3) ? rnd.int(10, 120) : 0;
        const acw = rnd.int(15, 90);
        const connected = enq + queueSecs * 1000;
        const end = connected + (talk + hold) * 1000;
        cursor = end + (acw + rnd.int(5, 90)) * 1000;
        const login = v.acd ?? p.acd;
        contacts.push(JSON.stringify({
          AWSAccountId: '123456789012',
          AWSContactTraceRecordFormatVersion: '2017-03-10',
          Agent: {
            ARN: `arn:aws:connect:us-east-1:123456789012:instance/demo/agent/${p.id}`,
            AfterContactWorkDuration: acw,
            AfterContactWorkStartTimestamp: iso(end),
            AgentInteractionDuration: talk,
            ConnectedToAgentTimestamp: iso(connected),
            CustomerHoldDuration: hold,
            HierarchyGroups: null,
            LongestHoldDuration: hold,
            NumberOfHolds: hold ? 1 : 0,
            RoutingProfile: { ARN: 'arn:aws:connect:us-east-1:123456789012:instance/demo/routing-profile/basic', Name: 'Basic Routing Profile' },
            Username: login,
          },
          Attributes: sku ? { product_sku: sku } : {},
          Channel: channel,
          ContactId: id,
          CustomerEndpoint: { Address: customer, Type: 'TELEPHONE_NUMBER' },
          DisconnectTimestamp: iso(end + 1000),
          InitialContactId: null,
          InitiationMethod: outbound ? 'OUTBOUND' : 'INBOUND',
          InitiationTimestamp: iso(start),
          InstanceARN: 'arn:aws:connect:us-east-1:123456789012:instance/demo',
          LastUpdateTimestamp: iso(end + 60000),
          NextContactId: null,
          PreviousContactId: null,
          Queue: { ARN: `arn:aws:connect:us-east-1:123456789012:instance/demo/queue/${queue}`, DequeueTimestamp: iso(connected), Duration: queueSecs, EnqueueTimestamp: iso(enq), Name: queue },
          TransferCompletedTimestamp: rnd.chance(0.08) ? iso(end - 30000) : null,
        }));
        if (sales && rnd.chance(0.12)) {
          const [skuO, name, category, price] = sku ? PRODUCTS.find((x) => x[0] === sku)! : rnd.pick(PRODUCTS);
          orders.push([`ORD-${++orderSeq}`, p.crm, id, `CUST-${customer.slice(-6)}`, skuO, name, category, rnd.int(1, 3), price, 'USD',
            iso(end + 120000), rnd.pick(['new', 'new', 'upsell', 'cross_sell']), rnd.chance(0.1) ? 'cancelled' : 'booked']);
        }
        if (rnd.chance(0.06)) {
          surveys.push([`SRV-${++surveySeq}`, id, iso(end + 3600000), rnd.pick([1, 2, 3, 4, 4, 5, 5, 5]), rnd.chance(0.8) ? rnd.pick([10, 10, 9, 9, 9, 8, 8, 7, 7, 6, 5, 3, 0]) : '', rnd.chance(0.2) ? 'Thanks, "great" service, really' : '']);
        }
      }
      if (rnd.chance(0.4)) {
        const score = rnd.int(60, 100);
        evals.push([`QA-${++evalSeq}`, p.qa, lastContactId, 'qa.lead@demo-switchboard.example', iso(dayStart + 9 * 3600000),
          'Standard Call Review', score, 100, rnd.chance(0.05) ? 'true' : 'false']);
      }
    }
    // Abandoned contacts (never reached an agent): short and long.
    for (let a = 0; a < 70; a++) {
      contactSeq++;
      const start = dayStart + rnd.int(0, 8 * 3600) * 1000;
      const queueSecs = rnd.chance(0.3) ? rnd.int(1, 5) : rnd.int(6, 300);
      const queue = rnd.pick(Object.values(TEAM_QUEUE));
      contacts.push(JSON.stringify({
        Agent: null,
        Attributes: {},
        Channel: 'VOICE',
        ContactId: `demo-${String(contactSeq).padStart(7, '0')}-ab`,
        CustomerEndpoint: { Address: rnd.pick(customers), Type: 'TELEPHONE_NUMBER' },
        DisconnectTimestamp: iso(start + (queueSecs + 5) * 1000),
        InitiationMethod: 'INBOUND',
        InitiationTimestamp: iso(start),
        LastUpdateTimestamp: iso(start + (queueSecs + 65) * 1000),
        Queue: { Duration: queueSecs, EnqueueTimestamp: iso(start + 5000), Name: queue },
        TransferCompletedTimestamp: null,
      }));
    }
  }
  // Surveys about contacts the ACD export has not delivered yet (late arrivals).
  for (let i = 0; i < 5; i++) surveys.push([`SRV-${++surveySeq}`, `late-contact-${i}`, `${plan.end}T20:00:00Z`, rnd.int(3, 5), rnd.int(7, 10), '']);

  return {
    plan,
    files: {
      orgUnits: csv(['org_unit_id', 'name', 'parent_org_unit_id', 'effective_from', 'effective_to'], orgRows),
      employees: csv(['employee_id', 'first_name', 'last_name', 'email', 'role', 'org_unit_id', 'manager_id', 'site', 'effective_from', 'effective_to',
        'acd_username', 'crm_user_id', 'qa_agent_id', 'wfm_agent_id'], empRows),
      contacts: contacts.join('\n') + '\n',
      orders: csv(['order_id', 'crm_user_id', 'contact_id', 'customer_id', 'sku', 'product_name', 'product_category', 'quantity', 'unit_price', 'currency',
        'ordered_at', 'order_type', 'status'], orders),
      evaluations: csv(['evaluation_id', 'qa_agent_id', 'contact_id', 'evaluator', 'evaluated_at', 'form', 'score', 'max_score', 'auto_fail'], evals),
      surveys: csv(['response_id', 'contact_id', 'responded_at', 'csat', 'nps', 'comment'], surveys),
      adherence: csv(['wfm_agent_id', 'date', 'scheduled_seconds', 'adherent_seconds', 'staffed_seconds'], adherence),
    },
  };
}

/** Connector and file name of each demo source, in load order. */
export const DEMO_SOURCES: [keyof DemoFiles, string, string][] = [
  ['orgUnits', 'hr-org-units', 'org_units.csv'],
  ['employees', 'hr-employees', 'employees.csv'],
  ['contacts', 'amazon-connect-ctr', 'contacts.jsonl'],
  ['orders', 'crm-orders', 'orders.csv'],
  ['evaluations', 'qa-evaluations', 'qa_evaluations.csv'],
  ['surveys', 'surveys', 'surveys.csv'],
  ['adherence', 'wfm-adherence', 'wfm_adherence.csv'],
];

/** Writes the demo source files into `dir` and returns their paths by connector. */
export function writeDemoFiles(dir: string, today: IsoDate): { plan: DemoPlan; sources: { connector: string; file: string }[] } {
  const { files, plan } = generateDemo(today);
  fs.mkdirSync(dir, { recursive: true });
  const sources = DEMO_SOURCES.map(([key, connector, name]) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, files[key]);
    return { connector, file };
  });
  return { plan, sources };
}
