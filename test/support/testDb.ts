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

/** Creates a fresh, migrated database for one test file, cloned from the run's template. */
export async function createTestDatabase(label = 'db'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const template = process.env.SWITCHBOARD_TEST_TEMPLATE_DB!;
  const name = `${template}_${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${process.pid}_${++counter}`;
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  const url = withDatabase(process.env.SWITCHBOARD_TEST_ADMIN_URL!, name);
  return {
    url,
    name,
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** Creates an empty (unmigrated) database. */
export async function createEmptyDatabase(label = 'empty'): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const template = process.env.SWITCHBOARD_TEST_TEMPLATE_DB!;
  const name = `${template}_${label.replace(/[^a-z0-9]/gi, '').toLowerCase().slice(0, 20)}_${process.pid}_${++counter}`;
  await adminQuery(`CREATE DATABASE "${name}"`);
  const url = withDatabase(process.env.SWITCHBOARD_TEST_ADMIN_URL!, name);
  return {
    url,
    name,
    async drop() {
      await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}
