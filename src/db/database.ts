import { DataSource } from 'typeorm';
import { Config } from '../config';
import { createDataSource, DataSourceOptions } from './dataSource';
import { startEmbeddedPostgres } from './embedded';
import { DatabaseUnavailableError } from './errors';

/** A connected database: the configured server, or the embedded one started for it. */
export interface Database {
  dataSource: DataSource;
  url: string;
  embedded: boolean;
  close(): Promise<void>;
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
  let url = config.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const pg = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log: opts.log });
    url = pg.url;
    stopEmbedded = () => pg.stop();
  }
  const dataSource = createDataSource({ ...opts, url });
  try {
    await dataSource.initialize();
  } catch (e) {
    if (stopEmbedded) await stopEmbedded();
    throw new DatabaseUnavailableError(describeConnectionError(url, e));
  }
  return {
    dataSource,
    url,
    embedded: stopEmbedded !== undefined,
    async close() {
      if (dataSource.isInitialized) await dataSource.destroy();
      if (stopEmbedded) await stopEmbedded();
    },
  };
}

export async function migrateUp(ds: DataSource): Promise<string[]> {
  const applied = await ds.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
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
