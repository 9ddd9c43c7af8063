import { DataSource } from 'typeorm';
import { rebuildRollups } from '../../src/rollup';
import { loadManifestOrThrow } from '../../src/semantic';

/**
 * The metric suites (test/metrics/kpis, slicing) run twice: as they are (no rollups:
 * raw facts), and from test/rollup/suites.test.ts with the rollups built, where the
 * planner answers from them wherever it can, against the same hand-computed values.
 */
const KEY = Symbol.for('switchboard.test.rollups');

export function runSuitesWithRollups(): void {
  (globalThis as Record<symbol, unknown>)[KEY] = true;
}

/** Builds the rollups (backfilled from what is stored) when the suite runs in rollup mode. */
export async function buildRollupsIfAsked(ds: DataSource): Promise<void> {
  if ((globalThis as Record<symbol, unknown>)[KEY]) await rebuildRollups(ds, loadManifestOrThrow());
}
