import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, migrateUp } from '../src/db';

/**
 * Runs `fn` on a fresh, migrated database `name` on the server of DATABASE_URL,
 * dropped afterwards unless `keep`. Benchmarks only: they never run in `npm test`.
 */
export async function withBenchDatabase<T>(name: string, keep: boolean, fn: (ds: DataSource, url: string) => Promise<T>): Promise<T> {
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('set DATABASE_URL to a PostgreSQL server the benchmark may create a database on');
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const ds = createDataSource({ url: u.toString(), poolSize: 4, applicationName: 'switchboard-bench' });
  await ds.initialize();
  try {
    await migrateUp(ds);
    return await fn(ds, u.toString());
  } finally {
    await ds.destroy();
    if (!keep) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
