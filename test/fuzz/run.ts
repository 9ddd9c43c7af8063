/**
 * `npm run fuzz`: the fuzz suites (readers alone, then ingest into PostgreSQL) with
 * a random seed and many runs per connector. Prints the seed first, and again on a
 * failure, so the run can be replayed; fast-check also prints the counterexample
 * and its `path` (replay exactly that case with --path).
 *
 *   npm run fuzz [-- --seed 123] [--runs 500] [--path "12:3:1"] [--only readers|ingest]
 *
 * Needs DATABASE_URL for the ingest suite (else an embedded PostgreSQL starts).
 */
import { spawnSync } from 'child_process';
import path from 'path';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const seed = opt('seed') ?? String(Math.floor(Math.random() * 2 ** 31));
const runs = opt('runs') ?? '200';
const only = opt('only');
const root = path.resolve(__dirname, '../../..');
const replay = `npm run fuzz -- --seed ${seed} --runs ${runs}${only ? ` --only ${only}` : ''}`;
process.stdout.write(`fuzz: seed ${seed}, ${runs} runs per connector (replay: ${replay})\n`);
const suites = only ? [`test/fuzz/${only}.test.ts`] : ['test/fuzz/readers.test.ts', 'test/fuzz/ingest.test.ts'];
const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--runInBand', '--testTimeout', '86400000', ...suites], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs, ...(opt('path') ? { FUZZ_PATH: opt('path') } : {}) },
});
if (r.status !== 0) process.stdout.write(`fuzz: FAILED with seed ${seed}; replay: ${replay}\n`);
process.exitCode = r.status ?? 1;
