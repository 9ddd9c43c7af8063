import 'reflect-metadata';
import fs from 'fs';
import { graphql } from 'graphql';
import { buildApiSchema, createContext } from '../../src/api';
import { loadConfig } from '../../src/config';
import os from 'os';
import path from 'path';
import { OrgChart } from '../../src/canonical';
import { runIngest } from '../../src/ingest';
import { EmployeeScope, MetricQuery, QueryEnv, runMetricQuery } from '../../src/query';
import { loadRollupCatalog, rebuildRollups } from '../../src/rollup';
import { Dimension, loadManifestOrThrow } from '../../src/semantic';
import { seedFacts, seedOrg } from '../metrics/fixture';
import { useDatabase } from '../support/useDatabase';

/**
 * Done-when 1 of issue 11: the metric suite's queries (every KPI; grains, dimensions,
 * attribution modes, filters, teamLevel, underTeam, comparisons, benchmarks, access
 * scopes) give identical results through the rollups and through raw facts (the
 * planner forced raw), in UTC, America/New_York and Asia/Kolkata, after each of:
 * the metric fixture's facts; an ingest of new contacts, orders, evaluations,
 * surveys and WFM days; an ingest with a late repeat contact (an earlier contact's
 * FCR flips), an updated contact (new agent and start: old and new bucket), a late
 * order (conversion) and a late survey; a contact arriving after its survey; a
 * back-dated transfer; a reorganization. The rollups are built once, before the
 * facts: everything after is incremental refresh.
 */
const db = useDatabase('rollupequality');
const manifest = loadManifestOrThrow();
const ZONES = ['UTC', 'America/New_York', 'Asia/Kolkata'];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rollup-eq-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const ALL = [...manifest.metrics.keys()].sort();
const metricsFor = (dims: Dimension[]) => ALL.filter((m) => dims.every((d) => manifest.metrics.get(m)!.dimensions.includes(d)));

const FEB_MAR = { from: '2026-02-01T00:00:00Z', to: '2026-04-01T00:00:00Z' };
/** 1 February to 1 April at local midnight in each zone (New York moves to EDT on 8 March), by hand. */
const LOCAL_FEB_MAR: Record<string, { from: string; to: string }> = {
  UTC: FEB_MAR,
  'America/New_York': { from: '2026-02-01T05:00:00Z', to: '2026-04-01T04:00:00Z' },
  'Asia/Kolkata': { from: '2026-01-31T18:30:00Z', to: '2026-03-31T18:30:00Z' },
};
function queries(tz: string): { name: string; q: MetricQuery; scope?: EmployeeScope }[] {
  const q = (name: string, dims: Dimension[], extra: Partial<MetricQuery> = {}, filterDims: Dimension[] = []) => ({
    name,
    q: { metrics: metricsFor([...dims, ...filterDims]), dimensions: dims, ...FEB_MAR, timezone: tz, ...extra } as MetricQuery,
  });
  return [
    q('team day as_was', ['TEAM'], { grain: 'DAY' }),
    q('total', []),
    q('queue channel hour', ['QUEUE', 'CHANNEL'], { grain: 'HOUR', from: '2026-03-07T00:00:00Z', to: '2026-03-10T00:00:00Z' }),
    q('employee week', ['EMPLOYEE'], { grain: 'WEEK' }),
    q('site month as_is', ['SITE'], { grain: 'MONTH', attribution: 'AS_IS' }),
    q('role quarter as_of', ['ROLE'], { grain: 'QUARTER', attribution: 'AS_OF', asOf: '2026-02-20' }),
    q('year', [], { grain: 'YEAR' }),
    q('team level 1', ['TEAM'], { teamLevel: 1 }),
    q('under care by team, day', ['TEAM'], { grain: 'DAY', underTeam: 'care' }),
    q('product, voice only, p1 excluded', ['PRODUCT'], { filters: [{ dimension: 'CHANNEL', values: ['VOICE'] }, { dimension: 'PRODUCT', values: ['p1'], exclude: true }] }, ['CHANNEL']),
    q('product category by role', ['PRODUCT_CATEGORY', 'ROLE'], { grain: 'MONTH' }),
    q('team t1 only, as_is', ['EMPLOYEE'], { attribution: 'AS_IS', filters: [{ dimension: 'TEAM', values: ['t1'] }] }),
    q('site filter, week, as_was', ['TEAM'], { grain: 'WEEK', filters: [{ dimension: 'SITE', values: ['York'] }] }),
    q('previous period by team', ['TEAM'], { grain: 'WEEK', from: '2026-03-02T00:00:00Z', to: '2026-03-16T00:00:00Z', compare: 'PREVIOUS_PERIOD' }),
    q('previous year by month', [], { grain: 'MONTH', compare: 'PREVIOUS_YEAR' }),
    q('half-hour window, quarter hours apart', ['EMPLOYEE'], { grain: 'HOUR', from: '2026-02-10T08:30:00Z', to: '2026-02-12T17:45:00Z', compare: 'PREVIOUS_PERIOD' }),
    q('benchmarks by employee', ['EMPLOYEE'], { grain: 'MONTH', benchmarks: ['CENTER'] }),
    { ...q('scoped to care', ['TEAM'], { grain: 'DAY' }), scope: { kind: 'subtree', teamId: 'care', asOf: '2026-04-15' } },
    { ...q('scoped to e1', ['CHANNEL'], { grain: 'DAY' }), scope: { kind: 'employee', employeeId: 'e1' } },
    // Whole local days: the day tiers answer these (in the org zone's own tier for AS_WAS).
    q('local days: team day as_was', ['TEAM'], { grain: 'DAY', ...LOCAL_FEB_MAR[tz] }),
    q('local days: employee week as_is', ['EMPLOYEE'], { grain: 'WEEK', attribution: 'AS_IS', ...LOCAL_FEB_MAR[tz] }),
    q('local days: site month as_of', ['SITE'], { grain: 'MONTH', attribution: 'AS_OF', asOf: '2026-02-20', ...LOCAL_FEB_MAR[tz] }),
    q('local days: total, previous month', [], { compare: 'PREVIOUS_PERIOD', ...LOCAL_FEB_MAR[tz] }),
    q('local days: team under care, day', ['TEAM'], { grain: 'DAY', underTeam: 'care', teamLevel: 1, ...LOCAL_FEB_MAR[tz] }),
    { ...q('local days: scoped to care, by employee', ['EMPLOYEE'], { grain: 'DAY', ...LOCAL_FEB_MAR[tz] }), scope: { kind: 'subtree', teamId: 'care', asOf: '2026-04-15' } },
    q('local days, but by channel (not in the day tier)', ['CHANNEL'], { grain: 'DAY', ...LOCAL_FEB_MAR[tz] }),
  ];
}

/** Which rollup tables answered, over every comparison (each day tier must have been used). */
const tablesUsed = new Set<string>();

async function expectEqualPaths(step: string, orgZones = ['UTC']): Promise<number> {
  const rollups = await loadRollupCatalog(db.ds);
  let compared = 0;
  for (const orgTimezone of orgZones) {
    for (const tz of ZONES) {
      for (const { name, q, scope } of queries(tz)) {
        const env: QueryEnv = { manifest, orgTimezone, today: '2026-04-15', scope: scope ?? { kind: 'all' } };
        const viaRollup = await runMetricQuery(db.ds, q, { ...env, rollups });
        const viaRaw = await runMetricQuery(db.ds, q, { ...env, forceRaw: true });
        const label = `${step} / ${name} / ${tz} / org ${orgTimezone}`;
        expect({ label, sources: viaRollup.sources.filter((s) => s.strategy !== 'rollup') }).toEqual({ label, sources: [] });
        expect({ label, sources: viaRaw.sources.filter((s) => s.strategy !== 'raw_facts') }).toEqual({ label, sources: [] });
        expect({ label, rows: viaRollup.rows }).toEqual({ label, rows: viaRaw.rows });
        for (const src of viaRollup.sources) tablesUsed.add(src.table);
        compared++;
      }
    }
  }
  return compared;
}

// ---- ingest files --------------------------------------------------------------------

function ctr(id: string, o: { agent: string | null; at: string; address: string; queueSecs?: number; talk?: number; version?: number; channel?: string; queue?: string; sku?: string | null }): string {
  const at = Date.parse(o.at);
  const enq = at + 1000;
  const conn = enq + (o.queueSecs ?? 10) * 1000;
  const iso = (ms: number) => new Date(ms).toISOString();
  return JSON.stringify({
    AWSAccountId: '1',
    Agent: o.agent
      ? { AfterContactWorkDuration: 15, AgentInteractionDuration: o.talk ?? 120, ConnectedToAgentTimestamp: iso(conn), CustomerHoldDuration: 5, Username: o.agent }
      : null,
    Attributes: o.sku ? { product_sku: o.sku } : {},
    Channel: o.channel ?? 'VOICE',
    ContactId: id,
    CustomerEndpoint: { Address: o.address, Type: 'TELEPHONE_NUMBER' },
    DisconnectTimestamp: iso(conn + 200000),
    InitiationMethod: 'INBOUND',
    InitiationTimestamp: iso(at),
    LastUpdateTimestamp: iso(conn + 300000 + (o.version ?? 0) * 3600000),
    Queue: { DequeueTimestamp: o.agent ? iso(conn) : null, Duration: o.queueSecs ?? 10, EnqueueTimestamp: iso(enq), Name: o.queue ?? 'Q1' },
    TransferCompletedTimestamp: null,
  });
}

let fileNo = 0;
async function ingest(connector: string, ext: string, text: string): Promise<void> {
  const file = path.join(tmp, `${connector}-${++fileNo}.${ext}`);
  fs.writeFileSync(file, text);
  const s = await runIngest(db.ds, connector, [file]);
  expect({ connector, rejected: s.rejected }).toEqual({ connector, rejected: 0 });
}

beforeAll(async () => {
  await seedOrg(db.ds);
  for (const e of ['e1', 'e2', 'e3', 'e4']) {
    for (const [sys, id] of [['acd', `agent.${e}`], ['crm', `crm-${e}`], ['qa', `qa-${e}`], ['wfm', `wfm-${e}`]]) {
      await db.ds.query(`INSERT INTO identity_map (source_system, external_id, employee_id, valid) VALUES ($1, $2, $3, '[2025-01-01,)')`, [sys, id, e]);
    }
  }
  await rebuildRollups(db.ds, manifest, { dayZones: ZONES });
}, 120_000);

it('rollups and raw facts agree through incremental ingests, late facts, a back-dated transfer and a reorganization', async () => {
  // 1. The metric fixture's facts, written by plain INSERTs (the triggers refresh per statement).
  await seedFacts(db.ds);
  let n = await expectEqualPaths('fixture');

  // 2. An ingest of each fact.
  await ingest(
    'amazon-connect-ctr',
    'jsonl',
    [
      ctr('b1', { agent: 'agent.e1', at: '2026-02-12T10:07:00Z', address: '+late-rep', sku: 'p1' }),
      ctr('b2', { agent: 'agent.e2', at: '2026-02-12T10:14:59Z', address: '+b2', queueSecs: 30, channel: 'CHAT', queue: 'Q2', sku: 'p2' }),
      ctr('b3', { agent: null, at: '2026-03-08T06:45:00Z', address: '+b3', queueSecs: 40 }),
      ctr('b4', { agent: 'agent.e4', at: '2026-03-20T10:29:59Z', address: '+b4', sku: 'p2' }),
      ctr('moved', { agent: 'agent.e1', at: '2026-02-20T23:50:00Z', address: '+moved' }),
    ].join('\n'),
  );
  await ingest(
    'crm-orders',
    'csv',
    'order_id,crm_user_id,contact_id,customer_id,sku,product_name,product_category,quantity,unit_price,currency,ordered_at,order_type,status\n' +
      'bo1,crm-e2,b2,cu1,p2,Fibre 1G,plans,2,49.5,USD,2026-02-12T11:00:00Z,upsell,booked\n' +
      'bo2,crm-e1,,cu2,p1,Router,hardware,1,120,USD,2026-03-01T04:59:00Z,new,booked\n',
  );
  await ingest('qa-evaluations', 'csv', 'evaluation_id,qa_agent_id,contact_id,evaluator,evaluated_at,form,score,max_score,auto_fail\nbq1,qa-e1,b1,Q,2026-02-13T09:00:00Z,V,33,50,false\nbq2,qa-e3,,Q,2026-02-14T09:00:00Z,V,70,100,true\n');
  await ingest('surveys', 'csv', 'response_id,contact_id,responded_at,csat,nps,comment\nbs1,b2,2026-02-12T12:00:00Z,4,9,ok\nbs2,future-1,2026-02-15T12:00:00Z,2,3,before its contact\n');
  await ingest('wfm-adherence', 'csv', 'wfm_agent_id,date,scheduled_seconds,adherent_seconds,staffed_seconds\nwfm-e1,2026-02-12,28800,25000,27000\nwfm-e2,2026-03-08,14400,14000,15000\n');
  n += await expectEqualPaths('first ingests');

  const fcrOf = async (id: string) => (await db.ds.query(`SELECT EXISTS (SELECT 1 FROM interaction o WHERE o.customer_address = i.customer_address AND o.initiation_method = 'INBOUND' AND o.initiated_at > i.initiated_at AND o.initiated_at <= i.initiated_at + interval '168 hours') AS r FROM interaction i WHERE contact_id = $1`, [id]))[0].r;
  expect(await fcrOf('b1')).toBe(false);

  // 3. Late facts: a repeat of b1's caller (b1's FCR flips), an update moving a contact to
  //    another agent and day, a late order on b1 (conversion), a late survey of b1, and the
  //    contact of an earlier survey.
  await ingest(
    'amazon-connect-ctr',
    'jsonl',
    [
      ctr('b1-repeat', { agent: 'agent.e3', at: '2026-02-15T10:00:00Z', address: '+late-rep' }),
      ctr('moved', { agent: 'agent.e2', at: '2026-02-21T00:10:00Z', address: '+moved', version: 1, channel: 'CHAT' }),
      ctr('future-1', { agent: 'agent.e4', at: '2026-02-15T11:00:00Z', address: '+future' }),
    ].join('\n'),
  );
  expect(await fcrOf('b1')).toBe(true);
  await ingest('crm-orders', 'csv', 'order_id,crm_user_id,contact_id,customer_id,sku,product_name,product_category,quantity,unit_price,currency,ordered_at,order_type,status\nbo3,crm-e1,b1,cu3,p1,Router,hardware,1,120,USD,2026-02-25T10:00:00Z,cross_sell,booked\n');
  await ingest('surveys', 'csv', 'response_id,contact_id,responded_at,csat,nps,comment\nbs3,b1,2026-03-02T12:00:00Z,5,10,late\n');
  n += await expectEqualPaths('late facts');

  // 4. A back-dated transfer (e3 to t1 from 5 Feb) and a reorganization (t2 under sales from
  //    10 Feb), written after the facts: the rollups are not rebuilt.
  const org = new OrgChart(db.ds);
  await db.ds.transaction(async (em) => {
    await org.applyAssignmentVersion(em, { employeeId: 'e3', orgUnitId: 't1', role: 'agent', managerId: null, site: 'Leeds', effectiveFrom: '2026-02-05', effectiveTo: '2026-02-20' });
  });
  n += await expectEqualPaths('back-dated transfer');
  await db.ds.transaction(async (em) => {
    await org.applyOrgUnitVersion(em, { orgUnitId: 't2', name: 'Team Two', parentId: 'sales', effectiveFrom: '2026-02-10', effectiveTo: null });
  });
  // Org-chart dates in a half-hour org zone too.
  n += await expectEqualPaths('reorganization', ['UTC', 'Asia/Kolkata']);

  // 5. A delete (a correction by hand) and a full rebuild agree with the incremental state.
  await db.ds.query(`DELETE FROM sales_order WHERE order_id = 'bo1'`);
  await db.ds.query(`UPDATE adherence_day SET employee_id = 'e2' WHERE wfm_agent_id = 'wfm-e1' AND date = '2026-02-12'`);
  n += await expectEqualPaths('delete and update by hand');
  const TIERS = ['rollup_interaction_day_utc', 'rollup_interaction_day_america_new_york', 'rollup_interaction_day_asia_kolkata'];
  // Every day tier answered some queries, and the slot rollups others.
  expect([...tablesUsed].filter((t) => t.startsWith('rollup_interaction')).sort()).toEqual(['rollup_interaction', ...TIERS].sort());
  const snapshot = async () => {
    const out: Record<string, unknown[]> = {};
    const tables: { t: string }[] = await db.ds.query(`SELECT table_name AS t FROM rollup_catalog UNION ALL SELECT x->>'table' FROM rollup_catalog, jsonb_array_elements(definition->'day_tiers') x`);
    expect(tables.length).toBeGreaterThan(8);
    for (const { t } of tables) out[t] = await db.ds.query(`SELECT * FROM ${t} r ORDER BY r::text`);
    return out;
  };
  const before = await snapshot();
  expect(before['rollup_interaction_day_asia_kolkata'].length).toBeGreaterThan(0);
  await rebuildRollups(db.ds, manifest, { dayZones: ZONES });
  expect(await snapshot()).toEqual(before);
  expect(n).toBe(7 * 3 * queries('UTC').length);
}, 600_000);

it('answers from raw facts, saying why, where a rollup cannot be exact', async () => {
  const env: QueryEnv = { manifest, orgTimezone: 'UTC', today: '2026-04-15' };
  const unaligned = await runMetricQuery(db.ds, { metrics: ['aht'], from: '2026-02-01T00:07:00Z', to: '2026-03-01T00:00:00Z' }, env);
  expect(unaligned.sources).toEqual([{ fact: 'interaction', window: 'current', strategy: 'raw_facts', table: 'interaction', reason: expect.stringContaining('finer than the rollup') }]);
  const forced = await runMetricQuery(db.ds, { metrics: ['aht'], ...FEB_MAR }, { ...env, forceRaw: true });
  expect(forced.sources[0]).toMatchObject({ strategy: 'raw_facts', reason: expect.stringContaining('forced') });
  const aligned = await runMetricQuery(db.ds, { metrics: ['aht', 'adherence'], ...FEB_MAR }, env);
  // Whole UTC days: the day tier; hours: the 15-minute slots.
  expect(aligned.sources.map((s) => [s.fact, s.strategy, s.table])).toEqual([
    ['interaction', 'rollup', 'rollup_interaction_day_utc'],
    ['adherence_day', 'rollup', 'rollup_adherence_day'],
  ]);
  expect(aligned.sql).toContain('FROM rollup_interaction_day_utc f');
  const hourly = await runMetricQuery(db.ds, { metrics: ['aht'], grain: 'HOUR', ...FEB_MAR }, env);
  expect(hourly.sources).toEqual([{ fact: 'interaction', window: 'current', strategy: 'rollup', table: 'rollup_interaction', reason: expect.stringContaining('UTC: an hourly grain') }]);
  const byQueue = await runMetricQuery(db.ds, { metrics: ['aht'], dimensions: ['QUEUE'], ...FEB_MAR }, env);
  expect(byQueue.sources[0]).toMatchObject({ table: 'rollup_interaction', reason: expect.stringContaining('QUEUE is not kept per day') });
  // The raw answer of the unaligned window, against a hand-written query.
  const [hand] = await db.ds.query(
    `SELECT sum(coalesce(talk_seconds,0)+coalesce(hold_seconds,0)+coalesce(acw_seconds,0))::float8 / count(*) AS v FROM interaction WHERE connected_at IS NOT NULL AND initiated_at >= '2026-02-01T00:07:00Z' AND initiated_at < '2026-03-01T00:00:00Z'`,
  );
  expect(unaligned.rows[0].values[0]).toBeCloseTo(hand.v, 9);
});

it('metricData says in its result which path answered each fact, and why', async () => {
  const ctx = createContext(db.ds, loadConfig({ SWITCHBOARD_ORG_TIMEZONE: 'UTC' }), { employeeId: null, role: 'admin' }, new Date('2026-04-15T12:00:00Z'));
  const source = `{
    a: metricData(query: { metrics: ["aht", "csat"], grain: DAY, dimensions: [TEAM], from: "2026-02-01T00:00:00Z", to: "2026-03-01T00:00:00Z" }) { sources { fact window path table reason } }
    b: metricData(query: { metrics: ["aht"], from: "2026-02-01T00:00:10Z", to: "2026-03-01T00:00:00Z", compare: PREVIOUS_PERIOD }) { sources { fact window path table } }
  }`;
  const res = await graphql({ schema: buildApiSchema(), source, contextValue: ctx });
  expect(res.errors).toBeUndefined();
  const data = res.data as { a: { sources: unknown[] }; b: { sources: unknown[] } };
  expect(data.a.sources).toEqual([
    { fact: 'interaction', window: 'current', path: 'rollup', table: 'rollup_interaction_day_utc', reason: expect.stringContaining('day tier') },
    { fact: 'survey_response', window: 'current', path: 'rollup', table: 'rollup_survey_response_day_utc', reason: expect.stringContaining('day tier') },
  ]);
  expect(data.b.sources).toEqual([
    { fact: 'interaction', window: 'current', path: 'raw_facts', table: 'interaction' },
    { fact: 'interaction', window: 'previous', path: 'raw_facts', table: 'interaction' },
  ]);
});
