import { DataSource, MigrationExecutor } from 'typeorm';
import { Config } from '../config';
import { createDataSource, DataSourceOptions } from './dataSource';
import { startEmbeddedPostgres } from './embedded';
import { DatabaseUnavailableError } from './errors';

/** A connected database: the configured server, or the embedded one (started or shared). */
export interface Database {
  dataSource: DataSource;
  url: string;
  embedded: boolean;
  /** Other processes using the same embedded server right now (none for DATABASE_URL). */
  sharedWith(): { pid: number; command: string }[];
  /** Closes the connections, then lets go of the embedded server (stopping it if no one else uses it). */
  close(): Promise<void>;
  /**
   * For a signal: lets go of the embedded server at once, without waiting for queries
   * in flight (stopping the server, if no one else uses it, ends them; the process
   * exits next, which drops the connections and rolls back open transactions).
   */
  abort(): Promise<void>;
}

/** Turns driver errors into one readable line (host, cause) for the CLI. */
export function describeConnectionError(url: string, e: unknown): string {
  let where = 'the database';
  try {
    const u = new URL(url);
    where = `PostgreSQL at ${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    /* keep generic */
  }
  const err = e as { code?: string; message?: string };
  const why = err.code === 'ECONNREFUSED' ? 'connection refused' : err.message?.split('\n')[0] ?? String(e);
  return `cannot connect to ${where}: ${why}`;
}


export async function openDatabase(
  config: Config,
  opts: Omit<DataSourceOptions, 'url'> & { log?: (line: string) => void } = {},
): Promise<Database> {
  const pg = config.databaseUrl ? null : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log: opts.log });
  const url = pg?.url ?? config.databaseUrl!;
  const { log: _log, ...dsOpts } = opts;
  const dataSource = createDataSource({ ...dsOpts, url });
  try {
    await dataSource.initialize();
  } catch (e) {
    await pg?.stop();
    throw new DatabaseUnavailableError(describeConnectionError(url, e));
  }
  let closing: Promise<void> | undefined;
  return {
    dataSource,
    url,
    embedded: pg !== null,
    sharedWith: () => pg?.sharedWith() ?? [],
    close() {
      closing ??= (async () => {
        if (dataSource.isInitialized) await dataSource.destroy();
        await pg?.stop();
      })();
      return closing;
    },
    async abort() {
      await pg?.stop();
    },
  };
}

/** Advisory-lock key serializing migrations (the ingest locks use 0x5b1, 0x5b2). */
const MIGRATION_LOCK = 0x5b0;

/**
 * Applies pending migrations. Commands started at once (two `migrate`, a `start` and
 * an `ingest` on a fresh database) would otherwise apply the same one twice; the
 * lock and the migrations share one session, so a pool of one connection suffices.
 */
export async function migrateUp(ds: DataSource): Promise<string[]> {
  const qr = ds.createQueryRunner();
  await qr.connect();
  try {
    await qr.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const executor = new MigrationExecutor(ds, qr);
    executor.transaction = 'each';
    return (await executor.executePendingMigrations()).map((m) => m.name);
  } finally {
    await qr.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await qr.release();
  }
}

export async function migrateDownAll(ds: DataSource): Promise<number> {
  let n = 0;
  const executed: { name: string }[] = await ds.query(`SELECT name FROM switchboard_migrations ORDER BY id DESC`).catch(() => []);
  for (let i = 0; i < executed.length; i++) {
    await ds.undoLastMigration({ transaction: 'each' });
    n++;
  }
  return n;
}
