import fs from 'fs';
import path from 'path';

/**
 * Generators for benchmarks and large-file tests: an HR org chart with N agents and
 * a contact-trace-record file in Firehose/JSON Lines framing, written as a stream
 * (constant memory), deterministic for a given seed. About 5% of records are later
 * copies of an earlier contact (at-least-once delivery: half of them newer), and
 * 0.5% name an agent nobody knows.
 */

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export function agentName(i: number): string {
  return `agent.${String(i).padStart(4, '0')}`;
}

/** Writes org-units.csv and employees.csv for `agents` agents in `teamCount` teams (default 10). */
export function writeHrFiles(dir: string, agents: number, teamCount = 10): { orgUnits: string; employees: string } {
  fs.mkdirSync(dir, { recursive: true });
  const orgUnits = path.join(dir, 'org-units.csv');
  const employees = path.join(dir, 'employees.csv');
  const teams = Array.from({ length: teamCount }, (_, i) => `team-${i}`);
  fs.writeFileSync(
    orgUnits,
    'org_unit_id,name,parent_org_unit_id,effective_from,effective_to\ncenter,Contact Center,,2025-01-01,\n' +
      teams.map((t, i) => `${t},Team ${i},center,2025-01-01,\n`).join(''),
  );
  const rows = ['employee_id,first_name,last_name,email,role,org_unit_id,manager_id,site,effective_from,effective_to,acd_username,crm_user_id,qa_agent_id,wfm_agent_id'];
  for (let i = 0; i < agents; i++) {
    rows.push(`emp-${i},Agent,${i},agent${i}@example.com,agent,${teams[i % teams.length]},,Site ${i % 3},2025-01-01,,${agentName(i)},crm-${i},qa-${i},wfm-${i}`);
  }
  fs.writeFileSync(employees, `${rows.join('\n')}\n`);
  return { orgUnits, employees };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

interface Contact {
  json: string;
  agentIdx: number;
  handled: boolean;
  end: number;
}

function contactRecord(id: string, start: number, r: () => number, agents: number, version: number, unknown: boolean, addresses = 10000): Contact {
  const queued = 2 + Math.floor(r() * 120);
  const handled = r() < 0.9;
  const talk = 60 + Math.floor(r() * 600);
  const hold = r() < 0.3 ? Math.floor(r() * 120) : 0;
  const acw = Math.floor(r() * 90);
  const enq = start + 5000;
  const conn = enq + queued * 1000;
  const end = handled ? conn + (talk + hold) * 1000 : enq + queued * 1000;
  const agentIdx = Math.floor(r() * agents);
  const agent = handled
    ? {
        ARN: `arn:aws:connect:us-east-1:123456789012:instance/0f1e2d3c/agent/${agentIdx}`,
        AfterContactWorkDuration: acw,
        AfterContactWorkEndTimestamp: iso(end + acw * 1000),
        AfterContactWorkStartTimestamp: iso(end),
        AgentInteractionDuration: talk,
        ConnectedToAgentTimestamp: iso(conn),
        CustomerHoldDuration: hold,
        HierarchyGroups: null,
        LongestHoldDuration: hold,
        NumberOfHolds: hold > 0 ? 1 : 0,
        RoutingProfile: { ARN: 'arn:aws:connect:us-east-1:123456789012:instance/0f1e2d3c/routing-profile/basic', Name: 'Basic Routing Profile' },
        Username: unknown ? `ghost.${agentIdx}` : agentName(agentIdx),
      }
    : null;
  const json = JSON.stringify({
    AWSAccountId: '123456789012',
    AWSContactTraceRecordFormatVersion: '2017-03-10',
    Agent: agent,
    AgentConnectionAttempts: handled ? 1 : 0,
    Attributes: r() < 0.4 ? { product_sku: `SKU-${1 + Math.floor(r() * 20)}` } : {},
    Channel: r() < 0.8 ? 'VOICE' : 'CHAT',
    ConnectedToSystemTimestamp: iso(start + 1000),
    ContactId: id,
    CustomerEndpoint: { Address: addresses === 10000 ? `+1206555${String(Math.floor(r() * 10000)).padStart(4, '0')}` : `+1206${String(Math.floor(r() * addresses)).padStart(7, '0')}`, Type: 'TELEPHONE_NUMBER' },
    DisconnectReason: 'CUSTOMER_DISCONNECT',
    DisconnectTimestamp: iso(end),
    InitialContactId: null,
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: iso(start),
    InstanceARN: 'arn:aws:connect:us-east-1:123456789012:instance/0f1e2d3c',
    LastUpdateTimestamp: iso(end + acw * 1000 + 60000 + version * 3600000),
    MediaStreams: [{ Type: 'AUDIO' }],
    NextContactId: null,
    PreviousContactId: null,
    Queue: {
      ARN: 'arn:aws:connect:us-east-1:123456789012:instance/0f1e2d3c/queue/support',
      DequeueTimestamp: iso(conn),
      Duration: queued,
      EnqueueTimestamp: iso(enq),
      Name: r() < 0.7 ? 'Support' : 'Sales',
    },
    Recording: null,
    SystemEndpoint: { Address: '+18005550199', Type: 'TELEPHONE_NUMBER' },
    TransferCompletedTimestamp: null,
    TransferredToEndpoint: null,
  });
  return { json, agentIdx, handled, end };
}

/** What a contact file generator can also write, per distinct contact (CSV lines without header). */
export interface Companions {
  /** Called once per distinct contact (never for its later copies). */
  onContact(k: number, id: string, c: Contact, r: () => number): void;
}

/**
 * Writes `n` contact records (one per line, or back to back with `separator: ''`),
 * after `prefix` if given. Contacts start every `spacingMs` (default 7 s) from
 * `from`; ids are `${idPrefix}${k}` (default `ctr-`). Returns the file size in bytes
 * and the number of distinct contacts.
 */
export async function writeCtrFile(
  file: string,
  n: number,
  opts: {
    agents: number;
    seed?: number;
    from?: string;
    prefix?: string;
    separator?: string;
    spacingMs?: number;
    idPrefix?: string;
    addresses?: number;
    companions?: Companions;
  } = { agents: 200 },
): Promise<{ bytes: number; distinct: number }> {
  const r = rng(opts.seed ?? 42);
  const from = Date.parse(opts.from ?? '2026-01-05T00:00:00Z');
  const spacing = opts.spacingMs ?? 7000;
  const idPrefix = opts.idPrefix ?? 'ctr-';
  const sep = opts.separator ?? '\n'; // '' for Firehose's objects back to back
  const out = fs.createWriteStream(file, { highWaterMark: 1 << 20 });
  if (opts.prefix) out.write(opts.prefix);
  let distinct = 0;
  let buf: string[] = [];
  for (let i = 0; i < n; i++) {
    const repeat = distinct > 0 && r() < 0.05;
    const k = repeat ? Math.floor(r() * distinct) : distinct++;
    const start = from + Math.floor(k * spacing); // in order
    const rr = rng(k + 1 + (idPrefix === 'ctr-' ? 0 : 0x5bd1e995)); // the same contact id always gets the same base values
    const version = repeat && r() < 0.5 ? 1 : 0;
    const c = contactRecord(`${idPrefix}${k}`, start, rr, opts.agents, version, k % 200 === 199, opts.addresses);
    if (!repeat) opts.companions?.onContact(k, `${idPrefix}${k}`, c, rr);
    buf.push(c.json);
    if (buf.length >= 1000) {
      if (!out.write(`${buf.join(sep)}${sep}`)) await new Promise<void>((res) => out.once('drain', () => res()));
      buf = [];
    }
  }
  if (buf.length) out.write(`${buf.join(sep)}${sep}`);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  return { bytes: fs.statSync(file).size, distinct };
}

/** A CSV file written line by line through a buffer (the writes are synchronous: small, appended). */
class CsvOut {
  private buf: string[] = [];
  private readonly fd: number;
  rows = 0;
  constructor(readonly file: string, header: string) {
    this.fd = fs.openSync(file, 'w');
    fs.writeSync(this.fd, `${header}\n`);
  }
  line(s: string): void {
    this.buf.push(s);
    this.rows++;
    if (this.buf.length >= 5000) this.flush();
  }
  flush(): void {
    if (this.buf.length) fs.writeSync(this.fd, `${this.buf.join('\n')}\n`);
    this.buf = [];
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

export interface Dataset {
  dir: string;
  agents: number;
  teams: number;
  from: string;
  to: string;
  files: { orgUnits: string; employees: string; contacts: string; orders: string; evaluations: string; surveys: string; adherence: string };
  records: { contacts: number; distinctContacts: number; orders: number; evaluations: number; surveys: number; adherence: number };
  contactBytes: number;
}

const DAY = 86400000;
const YEAR_FROM = '2025-01-01T00:00:00Z';

/**
 * Agents for `n` contacts: 400 agents in 40 teams at 10M, in proportion, at least 20
 * in 2 teams; or `agents` given (10 a team), to ask the queries of a large org over
 * fewer contacts (a query's cost follows the employee-days it reads).
 */
export function staffFor(n: number, given?: number): { agents: number; teams: number } {
  const agents = given ?? Math.max(20, Math.round(n / 25000));
  return { agents, teams: Math.max(2, Math.round(agents / 10)) };
}

/**
 * The benchmark's operation: `n` contact records over one year (2025), with the org
 * (staffFor), and in proportion: an order for ~10% of handled contacts, a QA
 * evaluation for ~2%, a survey response for ~10%, and one WFM adherence row per
 * agent per day. Every file is in its connector's format.
 */
export async function writeDataset(dir: string, n: number, seed = 42, givenAgents?: number): Promise<Dataset> {
  const { agents, teams } = staffFor(n, givenAgents);
  const hr = writeHrFiles(dir, agents, teams);
  const orders = new CsvOut(path.join(dir, 'orders.csv'), 'order_id,crm_user_id,contact_id,customer_id,sku,product_name,product_category,quantity,unit_price,currency,ordered_at,order_type,status');
  const evaluations = new CsvOut(path.join(dir, 'evaluations.csv'), 'evaluation_id,qa_agent_id,contact_id,evaluator,evaluated_at,form,score,max_score,auto_fail');
  const surveys = new CsvOut(path.join(dir, 'surveys.csv'), 'response_id,contact_id,responded_at,csat,nps,comment');
  const from = Date.parse(YEAR_FROM);
  const distinctGuess = Math.max(1, Math.round(n * 0.95));
  const spacingMs = (365 * DAY) / distinctGuess;
  const contacts = path.join(dir, 'contacts.jsonl');
  const companions: Companions = {
    onContact(k, id, c, r) {
      if (!c.handled || c.agentIdx >= agents) return;
      const u = r();
      if (u < 0.1) {
        const sku = 1 + (k % 7);
        orders.line(`o-${k},crm-${c.agentIdx},${id},cust-${k % 50000},SKU-${sku},Product ${sku},Category ${sku % 3},1,${(10 + sku * 5).toFixed(2)},USD,${iso(c.end + 1000)},${k % 4 === 0 ? 'upsell' : 'new'},${k % 10 === 0 ? 'cancelled' : 'booked'}`);
      }
      if (u > 0.5 && u < 0.52) evaluations.line(`q-${k},qa-${c.agentIdx},${id},Evaluator ${k % 5},${iso(c.end + DAY)},Voice v2,${30 + (k % 21)},50,${k % 97 === 0 ? 'true' : 'false'}`);
      if (u > 0.8 && u < 0.9) surveys.line(`s-${k},${id},${iso(c.end + 3600000)},${1 + (k % 5)},${k % 11},`);
    },
  };
  const written = await writeCtrFile(contacts, n, { agents, seed, from: YEAR_FROM, spacingMs, addresses: Math.max(1000, Math.round(n / 5)), companions });
  orders.close();
  evaluations.close();
  surveys.close();
  const adherence = new CsvOut(path.join(dir, 'adherence.csv'), 'wfm_agent_id,date,scheduled_seconds,adherent_seconds,staffed_seconds');
  for (let d = 0; d < 365; d++) {
    const date = new Date(from + d * DAY).toISOString().slice(0, 10);
    for (let a = 0; a < agents; a++) {
      const staffed = 27000 + ((a * 7 + d * 13) % 1800);
      adherence.line(`wfm-${a},${date},28800,${staffed - ((a + d) % 900)},${staffed}`);
    }
  }
  adherence.close();
  return {
    dir,
    agents,
    teams,
    from: YEAR_FROM,
    to: new Date(from + 365 * DAY).toISOString(),
    files: { ...hr, contacts, orders: orders.file, evaluations: evaluations.file, surveys: surveys.file, adherence: adherence.file },
    records: { contacts: n, distinctContacts: written.distinct, orders: orders.rows, evaluations: evaluations.rows, surveys: surveys.rows, adherence: adherence.rows },
    contactBytes: written.bytes,
  };
}
