import 'reflect-metadata';
import path from 'path';
import { Client } from 'pg';
import { createDataSource, migrateUp, startEmbeddedPostgres } from '../../src/db';
import { freePort } from './ports';
import { withDatabase } from './testDb';

/**
 * One PostgreSQL for the whole run: DATABASE_URL when set, else an embedded one
 * under .switchboard/test-pg. Migrations are applied once to a template database
 * that each test file clones (CREATE DATABASE … TEMPLATE), so files are isolated.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const dataDir = process.env.SWITCHBOARD_TEST_DATA_DIR ?? path.resolve(__dirname, '../../.switchboard/test');
    const port = process.env.SWITCHBOARD_TEST_PG_PORT ? Number(process.env.SWITCHBOARD_TEST_PG_PORT) : await freePort();
    process.stdout.write(`\nDATABASE_URL is unset: starting an embedded PostgreSQL on port ${port}\n`);
    const pg = await startEmbeddedPostgres({ dataDir, port, database: 'postgres' });
    (globalThis as Record<string, unknown>).__SWITCHBOARD_EMBEDDED__ = pg;
    adminUrl = pg.url;
  }
  const template = `sbt${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${template}"`);
    await admin.query(`CREATE DATABASE "${template}"`);
  } finally {
    await admin.end();
  }
  const ds = createDataSource({ url: withDatabase(adminUrl, template), poolSize: 1 });
  await ds.initialize();
  try {
    await migrateUp(ds);
  } finally {
    await ds.destroy();
  }
  process.env.SWITCHBOARD_TEST_ADMIN_URL = adminUrl;
  process.env.SWITCHBOARD_TEST_TEMPLATE_DB = template;
}
