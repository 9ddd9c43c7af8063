import { DataSource, Logger } from 'typeorm';
import { createDataSource } from '../../src/db';
import { createTestDatabase } from './testDb';

export interface TestDatabase {
  /** Valid inside tests (after beforeAll). */
  ds: DataSource;
  url: string;
}

/**
 * Gives the calling test file its own migrated database (cloned from the run's
 * template), opened before the tests and dropped after them.
 */
export function useDatabase(label: string, opts: { logger?: Logger } = {}): TestDatabase {
  const handle = {} as TestDatabase;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const db = await createTestDatabase(label);
    drop = db.drop;
    handle.url = db.url;
    handle.ds = createDataSource({ url: db.url, logger: opts.logger, poolSize: 4 });
    await handle.ds.initialize();
  });
  afterAll(async () => {
    if (handle.ds?.isInitialized) await handle.ds.destroy();
    if (drop) await drop();
  });
  return handle;
}
