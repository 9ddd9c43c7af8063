import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Files the scheduler has ingested (issue 3, `switchboard schedule`): a file is
 * known by its path, size and modification time, so each version of a file in a
 * drop folder is ingested once. Written in the same transaction as the run.
 */
export class IngestProcessedFiles1763900000000 implements MigrationInterface {
  name = 'IngestProcessedFiles1763900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ingest_processed_file (
        sync_name     text NOT NULL,
        path          text NOT NULL,
        size          bigint NOT NULL,
        mtime         timestamptz NOT NULL,
        connector     text NOT NULL,
        run_id        uuid REFERENCES ingest_run (id) ON DELETE SET NULL,
        status        text NOT NULL CHECK (status IN ('completed', 'failed')),
        processed_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (sync_name, path, size, mtime)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ingest_processed_file`);
  }
}
