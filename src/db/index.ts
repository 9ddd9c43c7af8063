export { createDataSource } from './dataSource';
export type { DataSourceOptions } from './dataSource';
export { openDatabase, migrateUp, migrateDownAll, describeConnectionError } from './database';
export { DatabaseUnavailableError } from './errors';
export type { Database } from './database';
export { startEmbeddedPostgres } from './embedded';
export type { EmbeddedPostgresHandle } from './embedded';
export { LeaderLock, SCHEDULER_LOCK } from './leader';
export type { LeaderOptions } from './leader';
