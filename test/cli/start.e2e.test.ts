import fs from 'fs';
import os from 'os';
import path from 'path';
import { execSync } from 'child_process';
import { addDays, dateInZone } from '../../src/canonical';
import { demoPlan } from '../../src/demo';
import { startCli } from '../support/cli';
import { freePort } from '../support/ports';

/**
 * `npm start` as a new user runs it: no DATABASE_URL, an empty data folder.
 * (npm start = build + `switchboard start`; the build already ran for the tests.)
 */
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-start-'));
fs.chmodSync(dataDir, 0o755);
let httpPort: number;
let env: Record<string, string | undefined>;
beforeAll(async () => {
  httpPort = await freePort();
  env = { DATABASE_URL: undefined, SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_EMBEDDED_PG_PORT: String(await freePort()), PORT: String(httpPort) };
});

const postgresLeft = () =>
  execSync('ps -eo args', { encoding: 'utf8' }).split('\n').filter((l) => l.includes(path.join(dataDir, 'pg')) && !l.startsWith('ps ')).length;

afterAll(() => {
  try {
    execSync(`pkill -KILL -f ${path.join(dataDir, 'pg')}`);
  } catch {
    /* none left */
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function gql(token: string, query: string) {
  const res = await fetch(`http://127.0.0.1:${httpPort}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data;
}

/** Records in a demo source file, counted by hand: lines of JSON Lines, rows of CSV (no field spans lines). */
function recordsIn(file: string): number {
  const lines = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return file.endsWith('.csv') ? lines.length - 1 : lines.length;
}

describe('npm start on a fresh machine', () => {
  it('Ctrl-C during the demo load stops the server and its database within seconds', async () => {
    // Ready once the HR sources are in: the contacts (the largest source) load next.
    const cli = startCli(['start'], env, /hr-employees +\d+ read/, 240000);
    const out = await cli.started;
    expect(out).toContain('Empty database: loading the demo data set');
    const t0 = Date.now();
    cli.child.kill('SIGINT');
    const code = await cli.exited;
    const seconds = (Date.now() - t0) / 1000;
    process.stdout.write(`${JSON.stringify({ measure: 'exit after SIGINT during the demo load', seconds })}\n`);
    expect(code).toBe(130);
    expect(seconds).toBeLessThan(10); // a bound against hanging, not a speed target (about 1 s measured)
    expect(cli.output().out).not.toContain('Press Ctrl-C'); // it was cut short while loading
    expect(postgresLeft()).toBe(0);
  });

  it('the next start resumes the demo load; the URL, an admin token; everything stops on Ctrl-C', async () => {
    const cli = startCli(['start'], env, /Press Ctrl-C/, 240000);
    const out = await cli.started;
    expect(out).toContain(`Switchboard is serving GraphQL at http://localhost:${httpPort}/graphql`);
    expect(out).not.toContain('Empty database');
    const resumed = /Resuming the interrupted demo load \((\d) of 7 sources are in\)/.exec(out);
    expect(resumed).not.toBeNull();
    expect(Number(resumed![1])).toBeGreaterThanOrEqual(2);
    expect(Number(resumed![1])).toBeLessThan(7);
    const token = /Admin token[^\n]*\n(\S+)\n/.exec(out)![1];
    // The web app on the same port, and a link that signs in with the admin token.
    expect(out).toContain(`Web app, signed in as admin: http://localhost:${httpPort}/#token=${token}`);
    const app = await fetch(`http://127.0.0.1:${httpPort}/executive`, { headers: { accept: 'text/html' } });
    expect(await app.text()).toContain('<div id="root">');

    // Each source is in exactly once, whole: one completed run that read every record of its file.
    const { ingestRuns } = await gql(token, '{ ingestRuns(limit: 50) { connector status read files } }');
    const completed = ingestRuns.filter((r: any) => r.status === 'completed');
    expect(completed.map((r: any) => r.connector).sort()).toEqual(
      ['amazon-connect-ctr', 'crm-orders', 'hr-employees', 'hr-org-units', 'qa-evaluations', 'surveys', 'wfm-adherence'],
    );
    for (const r of completed) expect({ [r.connector]: r.read }).toEqual({ [r.connector]: recordsIn(r.files[0]) });

    const today = dateInZone(new Date(), 'UTC');
    const plan = demoPlan(today);
    const data = await gql(token, `{
      orgChart { teamId children { teamId children { teamId members { id } } } }
      before: team(id: "care-retention", asOf: "${addDays(plan.reorgDate, -1)}") { parent { teamId } }
      after: team(id: "care-retention", asOf: "${plan.reorgDate}") { parent { teamId } }
      me { role }
    }`);
    expect(data.orgChart.map((r: any) => r.teamId)).toEqual(['ops']);
    const departments = data.orgChart[0].children;
    expect(departments.map((d: any) => d.teamId).sort()).toEqual(['care', 'sales', 'tech']);
    const teams = departments.flatMap((d: any) => d.children);
    expect(teams).toHaveLength(8);
    expect(data.before.parent.teamId).toBe('care');
    expect(data.after.parent.teamId).toBe('sales');
    expect(data.me.role).toBe('admin');

    // 80 people at the start of the window; two leave (a supervisor and an agent).
    const TREE = (asOf: string) => `{ orgChart(asOf: "${asOf}") { members { id } children { members { id } children { members { id } } } } }`;
    const count = (roots: any[]): number =>
      roots.reduce((n: number, t: any) => n + t.members.length + (t.children ? count(t.children) : 0), 0);
    expect(count((await gql(token, TREE(plan.start))).orgChart)).toBe(80);
    expect(count((await gql(token, TREE(today))).orgChart)).toBe(78);

    // Real KPIs on the demo: every department handled contacts, with a plausible AHT
    // (the generator draws talk 150-540 s, hold 0-120 s, ACW 15-90 s per contact).
    const kpis = await gql(token, `{ metricData(query: {
      metrics: ["contacts_handled", "aht", "service_level", "csat", "adherence"], dimensions: [TEAM], teamLevel: 2,
      from: "${plan.start}T00:00:00Z", to: "${today}T00:00:00Z" }) { rows { teamId values } } }`);
    const byTeam = Object.fromEntries(kpis.metricData.rows.map((r: any) => [r.teamId, r.values]));
    for (const dept of ['care', 'sales', 'tech']) {
      const [handled, aht, sl, csat, adherence] = byTeam[dept];
      expect(handled).toBeGreaterThan(1000);
      expect(aht).toBeGreaterThan(165);
      expect(aht).toBeLessThan(750);
      expect(sl).toBeGreaterThan(0);
      expect(sl).toBeLessThanOrEqual(1);
      expect(csat).toBeGreaterThanOrEqual(1);
      expect(csat).toBeLessThanOrEqual(5);
      expect(adherence).toBeGreaterThan(0.8); // drawn between 0.82 and 0.98 of the schedule
      expect(adherence).toBeLessThan(0.99);
    }

    // The rollups were built at the first start and kept by every demo ingest: the
    // dashboard's facts come from them, not from raw rows.
    const src = await gql(token, `{ metricData(query: { metrics: ["contacts_handled"], grain: DAY, from: "${plan.start}T00:00:00Z", to: "${today}T00:00:00Z" }) { sources { fact path } } }`);
    expect(src.metricData.sources).toEqual([{ fact: 'interaction', path: 'rollup' }]);

    // The action loop (issue 10): rules evaluated once, coaching with a before and after, a PIP on
    // the agents' goals, appraisals, and the seeded deliveries, signed, at the demo receiver.
    const loop = await gql(token, `{
      alertRules { name } alertEvents(status: ALL) { id } tasks(status: [OPEN]) { source }
      coachingSessions { status impact(days: 7) { metrics { metric before after difference } } }
      developmentPlans(kind: PIP) { title goals { metric } steps { title } progress { metrics { metric buckets { actual target } } } }
      appraisals { status snapshot { metrics { metric } } }
      feedback(kind: TWO_WAY) { authorId anonymous } }`);
    expect(loop.alertRules).toHaveLength(4);
    expect(loop.tasks.filter((t: any) => t.source === 'alert').length).toBeLessThanOrEqual(loop.alertEvents.length);
    const held = loop.coachingSessions.filter((s: any) => s.status === 'COMPLETED');
    expect(held).toHaveLength(2);
    for (const s of held) expect(s.impact.metrics.find((m: any) => m.metric === 'aht')).toEqual({ metric: 'aht', before: expect.any(Number), after: expect.any(Number), difference: expect.any(Number) });
    expect(loop.developmentPlans).toEqual([expect.objectContaining({ goals: [{ metric: 'aht' }, { metric: 'contacts_handled' }] })]);
    expect(loop.developmentPlans[0].progress.metrics[0].buckets.length).toBeGreaterThan(0);
    expect(loop.appraisals.map((a: any) => a.status).sort()).toEqual(['DRAFT', 'SUBMITTED']);
    expect(loop.feedback).toHaveLength(3);
    let deliveries: any[] = [];
    for (let i = 0; i < 100; i++) {
      deliveries = (await gql(token, `{ webhookDeliveries { eventType status log { outcome responseCode } } }`)).webhookDeliveries;
      if (deliveries.every((d) => d.status === 'delivered')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(deliveries.length).toBe(1 + loop.alertEvents.length); // the ping and one per event
    expect(deliveries.every((d) => d.status === 'delivered' && d.log.length === 1 && d.log[0].responseCode === 204)).toBe(true);
    expect(cli.output().out).toMatch(/demo receiver: ping \(signature verified\)/);

    cli.child.kill('SIGINT');
    expect([0, 130]).toContain(await cli.exited);
    expect(postgresLeft()).toBe(0);
  });

  it('a second start reuses the data and does not load the demo again', async () => {
    const cli = startCli(['start'], env, /Press Ctrl-C/, 120000);
    const out = await cli.started;
    expect(out).not.toContain('loading the demo');
    const token = /Admin token[^\n]*\n(\S+)\n/.exec(out)![1];
    const data = await gql(token, `{ employee(id: "E1001") { name latestAssignment { role teamId } } }`);
    expect(data.employee.latestAssignment).toEqual({ role: 'executive', teamId: 'ops' });
    cli.child.kill('SIGTERM');
    expect([0, 143]).toContain(await cli.exited);
    expect(postgresLeft()).toBe(0);
  });
});
