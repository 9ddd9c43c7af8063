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

/** Writes org-units.csv and employees.csv for `agents` agents in 10 teams. */
export function writeHrFiles(dir: string, agents: number): { orgUnits: string; employees: string } {
  fs.mkdirSync(dir, { recursive: true });
  const orgUnits = path.join(dir, 'org-units.csv');
  const employees = path.join(dir, 'employees.csv');
  const teams = Array.from({ length: 10 }, (_, i) => `team-${i}`);
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

function contactRecord(id: string, start: number, r: () => number, agents: number, version: number, unknown: boolean): string {
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
  return JSON.stringify({
    AWSAccountId: '123456789012',
    AWSContactTraceRecordFormatVersion: '2017-03-10',
    Agent: agent,
    AgentConnectionAttempts: handled ? 1 : 0,
    Attributes: r() < 0.4 ? { product_sku: `SKU-${1 + Math.floor(r() * 20)}` } : {},
    Channel: r() < 0.8 ? 'VOICE' : 'CHAT',
    ConnectedToSystemTimestamp: iso(start + 1000),
    ContactId: id,
    CustomerEndpoint: { Address: `+1206555${String(Math.floor(r() * 10000)).padStart(4, '0')}`, Type: 'TELEPHONE_NUMBER' },
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
}

/**
 * Writes `n` contact records (one per line, or back to back with `separator: ''`),
 * after `prefix` if given. Returns the file size in bytes and
 * the number of distinct contacts.
 */
export async function writeCtrFile(
  file: string,
  n: number,
  opts: { agents: number; seed?: number; from?: string; prefix?: string; separator?: string } = { agents: 200 },
): Promise<{ bytes: number; distinct: number }> {
  const r = rng(opts.seed ?? 42);
  const from = Date.parse(opts.from ?? '2026-01-05T00:00:00Z');
  const sep = opts.separator ?? '\n'; // '' for Firehose's objects back to back
  const out = fs.createWriteStream(file, { highWaterMark: 1 << 20 });
  if (opts.prefix) out.write(opts.prefix);
  let distinct = 0;
  let buf: string[] = [];
  for (let i = 0; i < n; i++) {
    const repeat = distinct > 0 && r() < 0.05;
    const k = repeat ? Math.floor(r() * distinct) : distinct++;
    const start = from + k * 7000; // one contact every 7 s, in order
    const rr = rng(k + 1); // the same contact id always gets the same base values
    const version = repeat && r() < 0.5 ? 1 : 0;
    buf.push(contactRecord(`ctr-${k}`, start, rr, opts.agents, version, k % 200 === 199));
    if (buf.length >= 1000) {
      if (!out.write(`${buf.join(sep)}${sep}`)) await new Promise<void>((res) => out.once('drain', () => res()));
      buf = [];
    }
  }
  if (buf.length) out.write(`${buf.join(sep)}${sep}`);
  await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
  return { bytes: fs.statSync(file).size, distinct };
}
