import { Command } from 'commander';
import { migrateDownAll, migrateUp } from '../../db';
import { syncRollups } from '../../rollup';
import { loadManifestOrThrow } from '../../semantic';
import { action, UserError, withDatabase } from '../run';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--down', 'revert every applied migration instead')
    .action(
      action(async (opts: { down?: boolean }) => {
        await withDatabase(async (db) => {
          if (opts.down) {
            const users = db.sharedWith();
            if (users.length > 0) {
              const { pid, command } = users[0];
              throw new UserError(`the embedded database is in use by \`${command}\` (pid ${pid}): stop it before reverting the migrations`);
            }
            const n = await migrateDownAll(db.dataSource);
            process.stdout.write(`reverted ${n} migration(s)\n`);
          } else {
            const applied = await migrateUp(db.dataSource);
            process.stdout.write(applied.length ? `applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'database is up to date\n');
            // Rollups follow the metric definitions: built (with a backfill) when missing or different.
            if (await syncRollups(db.dataSource, loadManifestOrThrow())) process.stdout.write('rebuilt the rollups from the metric definitions\n');
          }
        });
      }),
    );
}
