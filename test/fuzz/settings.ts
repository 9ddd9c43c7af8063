/**
 * Seeds and run counts of the fuzz suites. `npm test` uses fixed seeds and few
 * runs; `npm run fuzz` sets FUZZ_SEED (random unless given) and FUZZ_RUNS.
 */
export const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20260107;
const runs = process.env.FUZZ_RUNS ? Number(process.env.FUZZ_RUNS) : 0;

/** Random runs per connector, on top of one hand-picked case per corruption class. */
export function fuzzRuns(inTest: number): number {
  return runs > 0 ? runs : inTest;
}

/** fast-check's path of a counterexample to replay (with its seed), from `npm run fuzz -- --path`. */
export const FUZZ_PATH = process.env.FUZZ_PATH || undefined;

/** A case (the ingest of one corrupted file) that takes longer than this is a hang. */
export const CASE_TIMEOUT_MS = 60_000;
