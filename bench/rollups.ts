/**
 * Rollup benchmark (issue 11): N generated contacts ingested through the real
 * connector (the rollups refreshed by the ingest), then the dashboard query
 * (TEAM × DAY, 5 KPIs, one month) answered from the rollups and from raw facts,
 * with EXPLAIN ANALYZE of each; then 10,000 more contacts, timing the ingest with
 * the refresh of their buckets. Prints one JSON object.
 *
 *   npm run bench:rollups -- [--contacts 1000000] [--keep] [--no-rollups]
 *
 * `--no-rollups` ingests without them (the baseline of the refresh's cost; both queries then read raw facts).
 *
 * Needs DATABASE_URL (a server where it may create `switchboard_bench_rollups`).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { runIngest } from '../src/ingest';
import { compileMetricQuery, MetricQuery, QueryEnv } from '../src/query';
import { loadRollupCatalog, rebuildRollups } from '../src/rollup';
import { loadManifestOrThrow } from '../src/semantic';
import { arg, runBench, withBenchDatabase } from './benchDb';
import { writeCtrFile, writeHrFiles } from './generate';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  const contacts = Number(arg('contacts') ?? 1_000_000);
  const agents = 400;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-rollups-'));
  const hr = writeHrFiles(dir, agents);
  const file = path.join(dir, 'contacts.jsonl');
  // One contact every 7 s from 2026-01-05: 1M contacts reach into late March.
  await writeCtrFile(file, contacts, { agents, from: '2026-01-05T00:00:00Z' });
  const more = path.join(dir, 'more.jsonl');
  await writeCtrFile(more, 10_000, { agents, from: '2026-06-01T00:00:00Z', seed: 7 });
  const manifest = loadManifestOrThrow();
  const report: Record<string, unknown> = { contacts, agents };
  try {
    await withBenchDatabase('switchboard_bench_rollups', process.argv.includes('--keep'), async (ds) => {
      await runIngest(ds, 'hr-org-units', [hr.orgUnits]);
      await runIngest(ds, 'hr-employees', [hr.employees]);
      const withRollups = !process.argv.includes('--no-rollups');
      report.rollups = withRollups;
      if (withRollups) await rebuildRollups(ds, manifest);
      let t = Date.now();
      const s = await runIngest(ds, 'amazon-connect-ctr', [file]);
      report.ingest_seconds_with_refresh = (Date.now() - t) / 1000;
      report.ingest_records_per_s_with_refresh = Math.round(s.read / ((Date.now() - t) / 1000));
      await ds.query('ANALYZE');
      if (withRollups) report.rollup_interaction_rows = (await ds.query(`SELECT count(*)::int AS n FROM rollup_interaction`))[0].n;

      const q: MetricQuery = {
        metrics: ['contacts_handled', 'aht', 'service_level', 'fcr_rate', 'abandon_rate'],
        dimensions: ['TEAM'],
        grain: 'DAY',
        from: '2026-02-01T00:00:00Z',
        to: '2026-03-01T00:00:00Z',
        timezone: 'UTC',
      };
      const env: QueryEnv = { manifest, orgTimezone: 'UTC', today: '2026-06-30', rollups: await loadRollupCatalog(ds) };
      for (const [name, e] of [['rollup', env], ['raw', { ...env, forceRaw: true }]] as const) {
        const { rendered } = compileMetricQuery(q, e);
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          const t0 = process.hrtime.bigint();
          await ds.query(rendered.sql, rendered.params);
          times.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
        const plan: { 'QUERY PLAN': string }[] = await ds.query(`EXPLAIN (ANALYZE, BUFFERS) ${rendered.sql}`, rendered.params);
        const text = plan.map((r) => r['QUERY PLAN']);
        fs.writeFileSync(path.join(os.tmpdir(), `rollups-bench-explain-${name}.txt`), `${text.join('\n')}\n`);
        report[`${name}_sql_p50_ms`] = Math.round(median(times) * 10) / 10;
        report[`${name}_explain_execution_ms`] = Number(/Execution Time: ([\d.]+)/.exec(text.join('\n'))?.[1]);
        report[`${name}_explain_file`] = path.join(os.tmpdir(), `rollups-bench-explain-${name}.txt`);
      }
      t = Date.now();
      await runIngest(ds, 'amazon-connect-ctr', [more]);
      report.ingest_10k_with_refresh_ms = Date.now() - t;
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

runBench(main);
