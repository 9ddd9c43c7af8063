import 'reflect-metadata';
import { DataSource, Logger } from 'typeorm';
import { migrations } from '../../migrations';

export interface DataSourceOptions {
  url: string;
  /** Receives every SQL statement TypeORM runs (used by tests to count queries). */
  logger?: Logger;
  poolSize?: number;
  applicationName?: string;
  /**
   * Session settings every connection of the pool starts with (PostgreSQL's startup
   * `options`, `-c name=value`), so a statement needs no SET and RESET around it.
   */
  sessionSettings?: Record<string, string | number>;
}

/** A TypeORM data source on PostgreSQL. The schema is owned by migrations only. */
export function createDataSource(opts: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: opts.url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'switchboard_migrations',
    entities: [],
    logger: opts.logger,
    logging: opts.logger ? ['query'] : false,
    extra: {
      max: opts.poolSize ?? 10,
      application_name: opts.applicationName ?? 'switchboard',
      connectionTimeoutMillis: 10000,
      ...(opts.sessionSettings ? { options: Object.entries(opts.sessionSettings).map(([k, v]) => `-c ${k}=${v}`).join(' ') } : {}),
    },
  });
}

// Calendar dates stay `YYYY-MM-DD` strings: node-pg would otherwise turn them into
// Date objects at local midnight, shifting days in non-UTC processes.
import { types } from 'pg';
types.setTypeParser(1082, (v: string) => v);
