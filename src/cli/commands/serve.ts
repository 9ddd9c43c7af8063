import { Command } from 'commander';
import { RunningServer, startServer } from '../../api';
import { loadConfig } from '../../config';
import { migrateUp, openDatabase, Database } from '../../db';
import { loadManifestOrThrow, recordDefinitionVersions } from '../../semantic';
import { action, UserError } from '../run';

function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 65535) throw new UserError(`--port: must be a whole number between 1 and 65535 (got ${JSON.stringify(v)})`);
  return n;
}

/** Resolves when SIGINT or SIGTERM arrives. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (sig: NodeJS.Signals) => resolve(sig);
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
  });
}

/** Serves until a signal, then closes the server and the database (stopping the embedded one). */
export async function serveUntilSignal(db: Database, port: number, banner: (url: string) => Promise<string>): Promise<void> {
  const config = loadConfig();
  let server: RunningServer;
  try {
    // The metric definitions were validated before the database was opened; their
    // versions are recorded so that results can be traced to a definition.
    await recordDefinitionVersions(db.dataSource, loadManifestOrThrow());
    server = await startServer(db.dataSource, config, { port });
  } catch (e) {
    await db.close(); // stops the embedded PostgreSQL too, so nothing is left running
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new UserError(`port ${port} is already in use: set PORT or pass --port`);
    }
    throw e;
  }
  process.stdout.write(await banner(server.url));
  const sig = await untilSignal();
  process.stderr.write(`\n${sig}: shutting down\n`);
  await server.close();
  await db.close();
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the GraphQL API at /graphql (and /healthz)')
    .option('--port <n>', 'port to listen on (default: PORT or 4000)')
    .action(
      action(async (opts: { port?: string }) => {
        const config = loadConfig();
        const port = opts.port ? parsePort(opts.port) : config.port;
        loadManifestOrThrow(); // refuse to start on invalid metric definitions
        const db = await openDatabase(config);
        try {
          await migrateUp(db.dataSource);
        } catch (e) {
          await db.close();
          throw e;
        }
        await serveUntilSignal(db, port, async (url) => `Switchboard GraphQL at ${url}, web app at ${url.replace(/graphql$/, '')}\n`);
      }),
    );
}
