import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One version counter per record kind, bumped by every run that inserts or updates
 * rows of that kind, inside the run's transaction (src/ingest/changes.ts). Result
 * caches key on it; live subscriptions follow the matching NOTIFY.
 */
export class DataVersion1764150000000 implements MigrationInterface {
  name = 'DataVersion1764150000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE data_version (
        kind       text PRIMARY KEY,
        version    bigint NOT NULL CHECK (version >= 0),
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE data_version`);
  }
}
