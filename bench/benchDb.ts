import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { createDataSource, migrateUp } from '../src/db';
import { startEmbeddedPostgres } from '../src/db/embedded';

/**
 * The one database helper of the benchmarks: a fresh database on the server of
 * DATABASE_URL, or, when DATABASE_URL is unset, on an embedded PostgreSQL started in
 * a scratch directory for the benchmark (stopped afterwards). Benchmarks only: they
 * never run in `npm test`.
 */

async function admin<T>(base: string, f: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: base });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

/** A fresh, empty database `name` on the server of `base` (dropped first if it exists); returns its URL. */
export async function freshDatabase(base: string, name: string): Promise<string> {
  await admin(base, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  return databaseUrl(base, name);
}

/** The URL of database `name` on the server of `base`. */
export function databaseUrl(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function dropDatabase(base: string, name: string): Promise<void> {
  await admin(base, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** The server to benchmark on: DATABASE_URL, else an embedded PostgreSQL of our own. */
export async function benchServer(): Promise<{ base: string; embedded: boolean; stop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (url) return { base: url, embedded: false, stop: async () => undefined };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-pg-'));
  const pg = await startEmbeddedPostgres({ dataDir, port: 54000 + (process.pid % 1000), log: () => undefined, notice: () => undefined });
  return {
    base: pg.url,
    embedded: true,
    async stop() {
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Runs `fn` on a fresh, migrated database `name` (see `benchServer`), dropped
 * afterwards unless `keep`.
 */
export async function withBenchDatabase<T>(name: string, keep: boolean, fn: (ds: DataSource, url: string) => Promise<T>, poolSize = 4): Promise<T> {
  const server = await benchServer();
  try {
    const url = await freshDatabase(server.base, name);
    const ds = createDataSource({ url, poolSize, applicationName: 'switchboard-bench' });
    await ds.initialize();
    try {
      await migrateUp(ds);
      return await fn(ds, url);
    } finally {
      await ds.destroy();
      if (!keep) await dropDatabase(server.base, name);
    }
  } finally {
    if (!keep) await server.stop();
  }
}

export function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

export function flag(name: string): boolean {
  return process.argv.includes(`--${name}`);
}

/** Runs a benchmark: a failure is one line on stderr and a non-zero exit. */
export function runBench(main: () => Promise<void>): void {
  main().catch((e) => {
    process.stderr.write(`bench: ${(e as Error).stack ?? (e as Error).message}\n`);
    process.exitCode = 1;
  });
}
