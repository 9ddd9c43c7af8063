import { Client } from 'pg';

/** Connection URL for the same server as `base`, but database `name`. */
export function withDatabase(base: string, name: string): string {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

export async function adminQuery(sql: string, params: unknown[] = []): Promise<unknown[]> {
  const url = process.env.SWITCHBOARD_TEST_ADMIN_URL;
  if (!url) throw new Error('SWITCHBOARD_TEST_ADMIN_URL is not set: run tests through jest (globalSetup)');
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}

let counter = 0;

/** A fresh database for one test file: a clone of the run's migrated template, or empty. */
async function createDatabase(label: string, from: 'template' | 'empty'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const template = process.env.SWITCHBOARD_TEST_TEMPLATE_DB!;
  const name = `${template}_${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${process.pid}_${++counter}`;
  await adminQuery(from === 'template' ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
  return {
    url: withDatabase(process.env.SWITCHBOARD_TEST_ADMIN_URL!, name),
    name,
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** Creates a fresh, migrated database for one test file, cloned from the run's template. */
export const createTestDatabase = (label = 'db') => createDatabase(label, 'template');

/** Creates an empty (unmigrated) database. */
export const createEmptyDatabase = (label = 'empty') => createDatabase(label, 'empty');
