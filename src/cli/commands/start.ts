import { Command } from 'commander';
import { mintToken, resolveJwtSecret } from '../../access';
import { dateInZone } from '../../canonical';
import { loadConfig } from '../../config';
import { migrateUp, openDatabase } from '../../db';
import { loadDemo } from '../../demo';
import { loadManifestOrThrow } from '../../semantic';
import { action } from '../run';
import { serveUntilSignal } from './serve';

/**
 * `npm start`: the embedded (or configured) database, migrated; the demo data set
 * when the database is empty; the server; and a ready-to-use admin token.
 */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('migrate, load the demo data set into an empty database, and serve (what `npm start` runs)')
    .option('--no-demo', 'do not load the demo data set')
    .action(
      action(async (opts: { demo: boolean }) => {
        const config = loadConfig();
        const say = (l: string) => process.stdout.write(`${l}\n`);
        loadManifestOrThrow(); // refuse to start on invalid metric definitions
        if (!config.databaseUrl) say(`Starting the embedded PostgreSQL in ${config.dataDir} …`);
        const db = await openDatabase(config);
        try {
          await migrateUp(db.dataSource);
          const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM employee`);
          if (n === 0 && opts.demo) {
            say('Empty database: loading the demo data set …');
            await loadDemo(db.dataSource, {
              dataDir: config.dataDir,
              today: dateInZone(new Date(), config.orgTimezone),
              orgTimezone: config.orgTimezone,
              log: say,
            });
          }
        } catch (e) {
          await db.close();
          throw e;
        }
        await serveUntilSignal(db, config.port, async (url) => {
          const token = await mintToken(resolveJwtSecret(config), { role: 'admin', ttlSeconds: 30 * 86400 });
          return [
            '',
            `Switchboard is serving GraphQL at ${url}`,
            '',
            'Admin token (valid 30 days; send it as "Authorization: Bearer <token>"):',
            token,
            '',
            `Web app, signed in as admin: ${url.replace(/graphql$/, '')}#token=${token}`,
            '',
            'Press Ctrl-C to stop.',
            '',
          ].join('\n');
        });
      }),
    );
}
