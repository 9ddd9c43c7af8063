import { Client } from 'pg';

export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.SWITCHBOARD_TEST_ADMIN_URL;
  const template = process.env.SWITCHBOARD_TEST_TEMPLATE_DB;
  if (adminUrl && template) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    try {
      const left = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${template}%`]);
      for (const { datname } of left.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
  const pg = (globalThis as Record<string, unknown>).__SWITCHBOARD_EMBEDDED__ as { stop(): Promise<void> } | undefined;
  if (pg) await pg.stop();
}
