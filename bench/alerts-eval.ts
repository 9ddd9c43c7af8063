/**
 * Alert evaluation benchmark (issue 10): N agents in 10 teams with one contact an
 * hour over five hours, three rules (a threshold rule on each employee, an hourly
 * anomaly rule on each employee, a rule on each team), evaluated twice: the first
 * pass opens the events (half the agents fire), the second refreshes them. Prints
 * one JSON report with the time and the statements of each pass.
 *
 *   npm run bench:alerts -- [--employees 10000]
 *
 * Needs DATABASE_URL (a server where it may create the database `switchboard_bench_alerts`).
 * Not a test: it never runs in `npm test`.
 */
import { Client } from 'pg';
import { Logger } from 'typeorm';
import { Actor, createAlertRule, evaluateAlertRules } from '../src/actions';
import { OrgChart } from '../src/canonical';
import { createDataSource, migrateUp } from '../src/db';
import { loadManifestOrThrow } from '../src/semantic';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

class Counter implements Logger {
  n = 0;
  logQuery() {
    this.n++;
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

async function main(): Promise<void> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('set DATABASE_URL to a PostgreSQL server the benchmark may create a database on');
  const employees = Number(arg('employees') ?? 10_000);
  const dbName = 'switchboard_bench_alerts';
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${dbName}`;
  const counter = new Counter();
  const ds = createDataSource({ url: u.toString(), poolSize: 4, applicationName: 'switchboard-bench', logger: counter });
  await ds.initialize();
  try {
    await migrateUp(ds);
    const org = new OrgChart(ds);
    await org.applyOrgUnitVersion(ds.manager, { orgUnitId: 'center', name: 'Center', parentId: null, effectiveFrom: '2026-01-01', effectiveTo: null });
    for (let t = 0; t < 10; t++) await org.applyOrgUnitVersion(ds.manager, { orgUnitId: `t${t}`, name: `Team ${t}`, parentId: 'center', effectiveFrom: '2026-01-01', effectiveTo: null });
    const run = '44444444-4444-4444-4444-444444444444';
    await ds.query(`INSERT INTO ingest_run (id, connector, status) VALUES ($1, 'bench', 'completed')`, [run]);
    await ds.query(`INSERT INTO employee (id, first_name, last_name) SELECT 'e' || i, 'E', i::text FROM generate_series(1, $1) i`, [employees]);
    await ds.query(`INSERT INTO assignment (employee_id, org_unit_id, role, valid) SELECT 'e' || i, 't' || (i % 10), 'agent', daterange('2026-01-01', NULL) FROM generate_series(1, $1) i`, [employees]);
    await ds.query(
      `INSERT INTO interaction (contact_id, channel, initiation_method, initiated_at, queue_name, enqueued_at, queue_seconds, employee_id, connected_at,
                                talk_seconds, hold_seconds, acw_seconds, customer_address, last_update_at, run_id)
       SELECT 'c' || i || '-' || h, 'VOICE', 'INBOUND', t, 'Q' || (i % 5), t, 5, 'e' || i, t + interval '5 seconds',
              CASE WHEN h = 10 AND i % 2 = 1 THEN 500 ELSE 200 + (i * h) % 20 END, 0, 0, '+1' || i || h, t, $2
         FROM generate_series(1, $1) i, generate_series(6, 10) h, LATERAL (SELECT timestamptz '2026-05-04 00:00Z' + h * interval '1 hour' + (i % 50) * interval '1 minute' AS t) x`,
      [employees, run],
    );
    await ds.query(`ANALYZE`);
    const manifest = loadManifestOrThrow();
    const actor: Actor = { principal: { role: 'admin', employeeId: null }, scope: { kind: 'all' }, today: '2026-05-04' };
    const clock = () => new Date('2026-05-04T06:00:00Z');
    await createAlertRule(ds, manifest, actor, { name: 'aht', kind: 'threshold', metric: 'aht', scope: { kind: 'employee' }, comparison: '>', threshold: 300, window: { kind: 'last', amount: 1, unit: 'hour' } }, clock);
    await createAlertRule(ds, manifest, actor, { name: 'spike', kind: 'anomaly', metric: 'aht', scope: { kind: 'employee' }, anomaly: { side: 'above', sigmas: 3, grain: 'HOUR', baselinePeriods: 4 } }, clock);
    await createAlertRule(ds, manifest, actor, { name: 'teams', kind: 'threshold', metric: 'contacts_handled', scope: { kind: 'team', teamLevel: 2 }, comparison: '>', threshold: 0, window: { kind: 'today' } }, clock);
    const env = { manifest, orgTimezone: 'UTC', today: '2026-05-04' };
    const pass = async (at: string) => {
      counter.n = 0;
      const t = process.hrtime.bigint();
      const r = await evaluateAlertRules(ds, env, new Date(at));
      return {
        seconds: Number(process.hrtime.bigint() - t) / 1e9,
        statements: counter.n,
        rules: r.map((x) => ({ name: x.name, judged: x.judged, opened: x.opened.length, stillOpen: x.stillOpen, error: x.error })),
      };
    };
    const first = await pass('2026-05-04T11:00:00Z');
    const second = await pass('2026-05-04T11:00:30Z');
    process.stdout.write(`${JSON.stringify({ benchmark: 'alerts-eval', employees, rules: 3, first, second })}\n`);
  } finally {
    await ds.destroy();
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
