import { FieldReader } from './cleansing';
import { CsvRow, readCsv } from './csv';
import { CanonicalRecord } from './records';
import { CleanseContext, Connector, Rejection } from './types';

/**
 * Declares a CSV connector: its exact header (SPEC §3.1), the record kind it
 * produces, its natural key, and a pure cleanse over a FieldReader.
 */
export function csvConnector<Rec extends CanonicalRecord>(decl: {
  name: string;
  description: string;
  columns: readonly string[];
  produces: Rec['kind'];
  key(record: Rec): string;
  cleanse(f: FieldReader, row: CsvRow): Rec | Rejection;
}): Connector<CsvRow, Rec> & { columns: readonly string[] } {
  return {
    name: decl.name,
    description: decl.description,
    produces: decl.produces,
    columns: decl.columns,
    key: decl.key,
    read: (source) => readCsv(source.path, decl.columns, { maxRecordBytes: source.maxRecordBytes }),
    cleanse(row: CsvRow, ctx: CleanseContext) {
      return decl.cleanse(new FieldReader(ctx, (c) => row[c]), row);
    },
  };
}
