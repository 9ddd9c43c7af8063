import { Command } from 'commander';
import { mintToken, resolveJwtSecret } from '../../access';
import { dateInZone } from '../../canonical';
import { loadConfig } from '../../config';
import { migrateUp } from '../../db';
import { rollupsCurrent, syncRollups } from '../../rollup';
import { DEMO_RECEIVER_PATH, demoActionsSeeded, demoReceiver, DEMO_SOURCES, demoState, loadDemo, resumeDemoActions } from '../../demo';
import { loadManifestOrThrow } from '../../semantic';
import { loadActionDefinitions, runWebhooksJob } from '../../actions';
import { action, openForCommand } from '../run';
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
        loadActionDefinitions(loadManifestOrThrow()); // refuse to start on invalid metric, badge or plan definitions
        if (!config.databaseUrl) say(`Starting the embedded PostgreSQL in ${config.dataDir} …`);
        const db = await openForCommand(config);
        const webhookUrl = `http://localhost:${config.port}${DEMO_RECEIVER_PATH}`;
        try {
          await migrateUp(db.dataSource);
          // As `switchboard migrate` does: the rollups follow the metric definitions
          // (on an empty database they are built at once; ingest then maintains them).
          if (!(await rollupsCurrent(db.dataSource, loadManifestOrThrow()))) {
            say('Building the rollups from the metric definitions …');
            await syncRollups(db.dataSource, loadManifestOrThrow());
          }
          const demo = opts.demo ? await demoState(db.dataSource, config.dataDir) : null;
          if (demo?.state === 'absent' || demo?.state === 'partial') {
            say(
              demo.state === 'absent'
                ? 'Empty database: loading the demo data set …'
                : `Resuming the interrupted demo load (${demo.loaded.size} of ${DEMO_SOURCES.length} sources are in) …`,
            );
            await loadDemo(db.dataSource, {
              dataDir: config.dataDir,
              today: dateInZone(new Date(), config.orgTimezone),
              orgTimezone: config.orgTimezone,
              webhookUrl,
              log: say,
            });
          } else if (demo?.state === 'loaded' && !(await demoActionsSeeded(db.dataSource))) {
            // The load was cut short after its last source: the demo's actions remain.
            say('Resuming the interrupted demo load (goals, contests, alerts, coaching …) …');
            await resumeDemoActions(db.dataSource, { today: dateInZone(new Date(), config.orgTimezone), orgTimezone: config.orgTimezone, webhookUrl, log: say });
          }
        } catch (e) {
          await db.close();
          throw e;
        }
        // The demo's webhook receiver, and webhook delivery every 15 seconds, so the
        // demo's events (and any you acknowledge or resolve) reach it while you try it.
        // Alert evaluation itself is `switchboard schedule`'s (or evaluateAlertRules).
        const deliver = async () => {
          try {
            const r = await runWebhooksJob(db.dataSource);
            if (r.attempted) say(`webhooks: ${r.delivered} of ${r.attempted} deliveries made${r.dead ? `, ${r.dead} dead-lettered` : ''} (query webhookDeliveries for the log)`);
          } catch (e) {
            say(`webhooks: delivery failed: ${(e as Error).message.split('\n')[0]}`);
          }
        };
        const onListening = () => {
          let busy: Promise<void> | null = deliver();
          const timer = setInterval(() => {
            busy ??= deliver().finally(() => (busy = null));
          }, 15_000);
          void busy.finally(() => (busy = null));
          return async () => {
            clearInterval(timer);
            await busy;
          };
        };
        await serveUntilSignal(db, config.port, async (url) => {
          const token = await mintToken(resolveJwtSecret(config), { role: 'admin', ttlSeconds: 30 * 86400, issuer: config.jwtIssuer, audience: config.jwtAudience });
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
        }, { routes: demoReceiver(db.dataSource, say), onListening });
      }),
    );
}
