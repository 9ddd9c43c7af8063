import { Command } from 'commander';
import { migrateUp } from '../../db';
import { dropRollups, rebuildRollups, rollupStatus } from '../../rollup';
import { loadManifestOrThrow } from '../../semantic';
import { action, withDatabase } from '../run';

/**
 * `switchboard rollups rebuild|status|drop` (issue 11): the rollup tables behind
 * fast metric queries. Ingests refresh them incrementally; `rebuild` recreates
 * them from the metric definitions and backfills them from the stored facts (for
 * recovery, or after a definition change: `switchboard migrate` does it too).
 */
export function registerRollups(program: Command): void {
  const rollups = program.command('rollups').description('the pre-aggregated rollups metric queries answer from');
  const print = (rows: { fact: string; table: string; rows: number; components: number }[]) => {
    if (rows.length === 0) process.stdout.write('no rollups (metric queries read raw facts)\n');
    for (const r of rows) process.stdout.write(`${r.table}: ${r.rows} rows, ${r.components} components (fact ${r.fact})\n`);
  };
  rollups
    .command('rebuild')
    .description('recreate every rollup from the metric definitions and backfill it from the stored facts, in one transaction')
    .action(
      action(async () => {
        const manifest = loadManifestOrThrow();
        await withDatabase(async (db) => {
          await migrateUp(db.dataSource);
          print(await rebuildRollups(db.dataSource, manifest));
        });
      }),
    );
  rollups
    .command('status')
    .description('list the rollups and their sizes')
    .action(
      action(async () => {
        await withDatabase(async (db) => {
          await migrateUp(db.dataSource);
          print(await rollupStatus(db.dataSource));
        });
      }),
    );
  rollups
    .command('drop')
    .description('drop every rollup (queries then read raw facts; `rebuild` brings them back)')
    .action(
      action(async () => {
        await withDatabase(async (db) => {
          await dropRollups(db.dataSource);
          process.stdout.write('dropped every rollup\n');
        });
      }),
    );
}
