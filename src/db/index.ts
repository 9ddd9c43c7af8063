export { createDataSource } from './dataSource';
export type { DataSourceOptions } from './dataSource';
export { openDatabase, migrateUp, migrateDownAll, describeConnectionError, DatabaseUnavailableError } from './database';
export type { Database } from './database';
export { startEmbeddedPostgres } from './embedded';
export type { EmbeddedPostgresHandle } from './embedded';
