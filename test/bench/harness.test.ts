import { spawn } from 'child_process';
import path from 'path';

/**
 * The benchmark harness (bench/run.ts, `npm run bench`) runs end to end at a tiny
 * size and prints one JSON object with every figure of issue 11. No timing is
 * asserted: only that the harness works and reports what it must. Runs the built
 * harness (dist/, like the CLI tests), on a database of its own.
 */
const RUN = path.resolve(__dirname, '../../dist/bench/run.js');

const FIGURES = [
  'ingest_records_per_s', 'copy_records_per_s', 'graphql_p50_ms', 'graphql_p95_ms', 'graphql_miss_p50_ms', 'graphql_cached_p50_ms', 'rollup_sql_p50_ms',
  'rollup_sql_path', 'raw_sql_p50_ms', 'rps', 'p99_ms', 'errors', 'refresh_ms_10k', 'peak_rss_mb', 'ingest_1m_into_10m_records_per_s',
  'contacts', 'cores', 'pg_version',
];

function runHarness(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUN, ...args], { env: process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

it('npm run bench -- --contacts 2000 --skip-load --skip-rss --json prints one JSON object with every figure', async () => {
  const r = await runHarness(['--contacts', '2000', '--skip-load', '--skip-rss', '--samples', '2', '--json', '--database', 'switchboard_bench_harness_test']);
  expect(r.stderr).not.toMatch(/^bench:/m);
  expect(r.code).toBe(0);
  const lines = r.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const report = JSON.parse(lines[0]);
  for (const k of FIGURES) expect(report).toHaveProperty(k);
  expect(report.contacts).toBe(2000);
  expect(report.ingest_summary.read).toBe(2000);
  // Every record has one outcome, and the 10k refresh contacts and the "1M" (here 2000) new ones were ingested.
  const s = report.ingest_summary;
  expect(s.inserted + s.updated + s.unchanged + s.duplicates + s.rejected).toBe(2000);
  expect(report.ingest_1m_records).toBe(2000);
  for (const k of ['ingest_records_per_s', 'copy_records_per_s', 'graphql_p50_ms', 'graphql_p95_ms', 'graphql_miss_p50_ms', 'graphql_cached_p50_ms', 'rollup_sql_p50_ms', 'raw_sql_p50_ms', 'refresh_ms_10k', 'ingest_1m_into_10m_records_per_s']) {
    expect(typeof report[k]).toBe('number');
    expect(report[k]).toBeGreaterThan(0);
  }
  // The dashboard query (whole UTC days, TEAM × DAY) is answered from the UTC day tier, by the server and by the emitted SQL.
  expect(report.rollup_sql_path).toBe('rollup:rollup_interaction_day_utc');
  expect(report.graphql_sources).toEqual([{ fact: 'interaction', path: 'rollup', table: 'rollup_interaction_day_utc' }]);
  // Skipped parts say so with null, not a made-up number.
  expect(report.rps).toBeNull();
  expect(report.peak_rss_mb).toBeNull();
}, 600000);
