import { Logger } from 'typeorm';

/** A TypeORM logger that keeps every statement the data source runs, so tests can count them. */
export class CountingLogger implements Logger {
  queries: string[] = [];
  logQuery(query: string) {
    this.queries.push(query);
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}
