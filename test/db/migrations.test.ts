import { createDataSource, migrateDownAll, migrateUp } from '../../src/db';
import { migrations } from '../../migrations';
import { createEmptyDatabase } from '../support/testDb';

const TABLES = `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'switchboard_migrations' ORDER BY 1`;

describe('migrations', () => {
  it('round-trip down and up on a fresh database', async () => {
    const db = await createEmptyDatabase('roundtrip');
    const ds = createDataSource({ url: db.url, poolSize: 1 });
    await ds.initialize();
    try {
      const applied = await migrateUp(ds);
      expect(applied).toEqual(migrations.map((m) => new m().name ?? m.name));
      const tables = (await ds.query(TABLES)).map((r: { table_name: string }) => r.table_name);
      expect(tables).toEqual(expect.arrayContaining(['employee', 'assignment', 'org_unit_version', 'identity_map', 'interaction', 'sales_order',
        'quality_evaluation', 'survey_response', 'adherence_day', 'ingest_run', 'rejected_record', 'product', 'metric_definition_version']));

      expect(await migrateDownAll(ds)).toBe(migrations.length);
      expect(await ds.query(TABLES)).toEqual([]);

      expect(await migrateUp(ds)).toHaveLength(migrations.length);
      expect((await ds.query(TABLES)).length).toBe(tables.length);
      expect(await migrateUp(ds)).toEqual([]); // idempotent
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
