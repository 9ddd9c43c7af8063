import { Actor, AlertRuleInput, createAlertRule, evaluateAlertRules } from '../../src/actions';
import { OrgChart } from '../../src/canonical';
import { loadManifestOrThrow } from '../../src/semantic';
import { CountingLogger } from '../support/countingLogger';
import { useDatabase } from '../support/useDatabase';

const logger = new CountingLogger();
const db = useDatabase('alertscale', { logger });
const manifest = loadManifestOrThrow();
const env = { manifest, orgTimezone: 'UTC', today: '2026-05-04' };
const admin: Actor = { principal: { role: 'admin', employeeId: null }, scope: { kind: 'all' }, today: '2026-05-04' };
const RUN = '33333333-3333-3333-3333-333333333333';
const clock = () => new Date('2026-05-04T06:00:00Z');

/**
 * 1,000 agents in 10 teams (g01 … g10 under root `big`). Each has one contact an
 * hour from 07:00 to 10:00 on 2026-05-04 and another at 10:30: the 07:00–09:00
 * contacts take 200 s; in the 10:00 hour odd-numbered agents take 500 s, even ones 200 s.
 */
beforeAll(async () => {
  const org = new OrgChart(db.ds);
  await org.applyOrgUnitVersion(db.ds.manager, { orgUnitId: 'big', name: 'Big', parentId: null, effectiveFrom: '2026-01-01', effectiveTo: null });
  for (let t = 1; t <= 10; t++) {
    await org.applyOrgUnitVersion(db.ds.manager, { orgUnitId: `g${String(t).padStart(2, '0')}`, name: `Group ${t}`, parentId: 'big', effectiveFrom: '2026-01-01', effectiveTo: null });
  }
  await db.ds.query(`INSERT INTO ingest_run (id, connector, status) VALUES ($1, 'test', 'completed')`, [RUN]);
  await db.ds.query(`INSERT INTO employee (id, first_name, last_name, email) SELECT 'e' || lpad(i::text, 4, '0'), 'E', i::text, NULL FROM generate_series(1, 1000) i`);
  await db.ds.query(
    `INSERT INTO assignment (employee_id, org_unit_id, role, valid)
     SELECT 'e' || lpad(i::text, 4, '0'), 'g' || lpad((1 + (i - 1) / 100)::text, 2, '0'), 'agent', daterange('2026-01-01', NULL) FROM generate_series(1, 1000) i`,
  );
  await db.ds.query(
    `INSERT INTO interaction (contact_id, channel, initiation_method, initiated_at, queue_name, enqueued_at, queue_seconds, employee_id, connected_at,
                              talk_seconds, hold_seconds, acw_seconds, customer_address, last_update_at, run_id)
     SELECT 'c' || i || '-' || h, 'VOICE', 'INBOUND', t, 'Q', t, 5, 'e' || lpad(i::text, 4, '0'), t + interval '5 seconds',
            CASE WHEN h >= 10 AND i % 2 = 1 THEN 500 ELSE 200 END, 0, 0, '+1' || i || h, t, $1
       FROM generate_series(1, 1000) i, unnest(ARRAY[7, 8, 9, 10, 10.5]) h, LATERAL (SELECT timestamptz '2026-05-04 00:00Z' + h * interval '1 hour' AS t) x`,
    [RUN],
  );
  await db.ds.query(`ANALYZE interaction`);
});

const threshold = (name: string, underTeam: string): AlertRuleInput => ({
  name,
  kind: 'threshold',
  metric: 'aht',
  scope: { kind: 'employee', underTeam },
  comparison: '>',
  threshold: 300,
  window: { kind: 'last', amount: 60, unit: 'minute' },
  minVolume: 2,
  createTask: true,
});

/** Statements run while evaluating one rule, and how many of them read facts (metric queries). */
async function evaluateCounting(ruleId: string, at: string) {
  logger.queries = [];
  const [r] = await evaluateAlertRules(db.ds, env, new Date(at), [ruleId]);
  const statements = logger.queries.filter((q) => !/^\s*SELECT \* FROM alert_rule WHERE enabled/.test(q));
  return { r, statements: statements.length, metricQueries: statements.filter((q) => /\binteraction\b/.test(q)).length };
}

describe('set-based evaluation (one metric query per rule, never one per employee)', () => {
  it('evaluates 1,000 employees with one metric query and the same handful of statements as 100', async () => {
    const all = await createAlertRule(db.ds, manifest, admin, threshold('AHT, whole center', 'big'), clock);
    const one = await createAlertRule(db.ds, manifest, admin, threshold('AHT, one group', 'g01'), clock);
    // 10:00–11:00: the 10:00 and 10:30 contacts: aht 500 for the 500 odd-numbered agents, over 2 contacts each.
    const big = await evaluateCounting(all.id, '2026-05-04T11:00:00Z');
    expect(big.r).toMatchObject({ error: null, judged: 1000, tasksCreated: 0 }); // no supervisor anywhere in this org
    expect(big.r.opened).toHaveLength(500);
    expect(big.r.opened.every((e) => Number(e.scopeKey.slice(1)) % 2 === 1 && e.value === 500)).toBe(true);
    expect(big.metricQueries).toBe(1);
    const small = await evaluateCounting(one.id, '2026-05-04T11:00:00Z');
    expect(small.r.opened).toHaveLength(50);
    expect(small.metricQueries).toBe(1);
    expect(big.statements).toBe(small.statements);
    expect(big.statements).toBeLessThanOrEqual(12);
    // Re-evaluating refreshes the 500 open events in the same number of statements; none is doubled.
    const again = await evaluateCounting(all.id, '2026-05-04T10:59:00Z');
    expect(again.r).toMatchObject({ opened: [], stillOpen: 500 });
    expect(again.metricQueries).toBe(1);
    const [{ n }] = await db.ds.query(`SELECT count(*)::int AS n FROM alert_event WHERE rule_id = $1`, [all.id]);
    expect(n).toBe(500);
  });

  it('an anomaly rule and a team rule over the same people also take one metric query each', async () => {
    const anomaly = await createAlertRule(
      db.ds,
      manifest,
      admin,
      { name: 'AHT spike', kind: 'anomaly', metric: 'aht', scope: { kind: 'employee' }, anomaly: { side: 'above', sigmas: 2, grain: 'HOUR', baselinePeriods: 3 } },
      clock,
    );
    // At 11:05 the 10:00 hour (aht 500 or 200 over 2 contacts) is judged against 07:00–09:00 (200 each, σ = 0).
    const a = await evaluateCounting(anomaly.id, '2026-05-04T11:05:00Z');
    expect(a.r.opened).toHaveLength(500);
    expect(a.metricQueries).toBe(1);
    const teams = await createAlertRule(
      db.ds,
      manifest,
      admin,
      { name: 'Busy groups', kind: 'threshold', metric: 'contacts_handled', scope: { kind: 'team', teamLevel: 2 }, comparison: '>=', threshold: 200, window: { kind: 'today' } },
      clock,
    );
    const t = await evaluateCounting(teams.id, '2026-05-04T11:05:00Z');
    expect(t.r.opened.map((e) => [e.scopeKey, e.value]).sort()).toEqual(Array.from({ length: 10 }, (_, i) => [`g${String(i + 1).padStart(2, '0')}`, 500]));
    expect(t.metricQueries).toBe(1);
  });
});
