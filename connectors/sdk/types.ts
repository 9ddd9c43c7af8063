import { CanonicalRecord } from './records';

/** Where a connector reads from: one file of a run. */
export interface SourceRef {
  /** Path as given by the user (used in messages and stored with rejections). */
  path: string;
  /** A record larger than this is rejected as malformed, unbuffered (default 1 MiB). */
  maxRecordBytes?: number;
}

/** One record as read from a source, before cleansing. */
export interface RawRecord<Raw> {
  raw: Raw;
  /** Line in the file where the record starts (1-based). */
  position: number;
  /**
   * The record's text as found in the file (kept with a rejection so it can be
   * replayed); never holds NUL, which PostgreSQL text refuses (U+FFFD stands in).
   */
  text: string;
  /** Set by the reader when the record could not even be parsed (wrong field count, bad JSON). */
  malformed?: string;
}

/** Why a record was rejected (SPEC §3.3). */
export type ReasonCode =
  | 'invalid_timestamp'
  | 'missing_field'
  | 'out_of_range'
  | 'unknown_agent'
  | 'overlapping_version'
  | 'malformed'
  | 'invalid_value';

export interface Reason {
  code: ReasonCode;
  /** Field (column or JSON path) the reason is about; null for the whole record. */
  field: string | null;
  /** The offending value as found (after trimming), or null. */
  value: string | null;
  /** A sentence naming file, line, field and value. */
  message: string;
}

export interface Rejection {
  rejected: true;
  reasons: Reason[];
}

/** What cleansing knows besides the raw record: no I/O, no database. */
export interface CleanseContext {
  /** IANA zone for timestamps written without an offset (`--source-tz`, default UTC). */
  sourceTz: string;
  file: string;
  position: number;
}

/**
 * A connector (ARCHITECTURE.md): reading is I/O and streams; cleansing is pure and
 * turns one raw record into one canonical record or a rejection with every reason found.
 */
export interface Connector<Raw = unknown, Rec extends CanonicalRecord = CanonicalRecord> {
  /** Name used on the command line: `switchboard ingest <name> <file>...`. */
  readonly name: string;
  readonly description: string;
  /** The canonical record kind this connector produces. */
  readonly produces: Rec['kind'];
  read(source: SourceRef): AsyncIterable<RawRecord<Raw>>;
  cleanse(raw: Raw, ctx: CleanseContext): Rec | Rejection;
  /** The natural key of a cleansed record (unique per stored row). */
  key(record: Rec): string;
}

/** A problem with a whole source (unreadable file, wrong header): the run cannot go on. */
export class SourceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceError';
  }
}

export function isRejection(x: CanonicalRecord | Rejection): x is Rejection {
  return (x as Rejection).rejected === true;
}
