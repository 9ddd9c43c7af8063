import fs from 'fs';
import { Transform, TransformCallback } from 'stream';
import { parse } from 'csv-parse';
import { RawRecord, SourceError } from './types';

/** A CSV row as a map from header name to cell text. */
export type CsvRow = Record<string, string>;

/**
 * CRLF -> LF before parsing, so csv-parse counts lines the same way for every file
 * (an embedded CRLF inside a quoted field becomes LF: cleansing trims anyway).
 */
class CrlfToLf extends Transform {
  private pendingCr = false;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    let s = chunk.toString('latin1');
    if (this.pendingCr) s = `\r${s}`;
    this.pendingCr = s.endsWith('\r');
    if (this.pendingCr) s = s.slice(0, -1);
    done(null, Buffer.from(s.replace(/\r\n/g, '\n'), 'latin1'));
  }
  override _flush(done: TransformCallback): void {
    done(null, this.pendingCr ? Buffer.from('\r', 'latin1') : null);
  }
}

function leadingNewlines(raw: string): number {
  let n = 0;
  while (raw[n] === '\n') n++;
  return n;
}

/**
 * Streams a CSV file with a real parser (quoted fields, embedded newlines, BOM,
 * CRLF). The header must hold exactly `columns` (in any order), else the whole
 * file is refused with a SourceError naming the missing and unknown columns.
 * A row with the wrong number of fields, or an unclosed quote, comes out as a
 * malformed record rather than stopping the run.
 */
export async function* readCsv(file: string, columns: readonly string[]): AsyncIterable<RawRecord<CsvRow>> {
  let input: fs.ReadStream;
  try {
    await fs.promises.access(file, fs.constants.R_OK);
    input = fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  } catch (e) {
    throw new SourceError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const skipped: RawRecord<CsvRow>[] = [];
  let prevEnd = 0;
  const parser = parse({
    bom: true,
    raw: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err, chunk) => {
      const raw = chunk ?? '';
      const position = prevEnd + 1 + leadingNewlines(raw);
      prevEnd = Number((err as unknown as { lines?: number } | undefined)?.lines ?? prevEnd);
      skipped.push({ raw: {}, position, text: raw.replace(/^\n+/, '').replace(/\n$/, ''), malformed: 'cannot be parsed as CSV (unclosed quote?)' });
      return undefined;
    },
  });
  const rows = input.pipe(new CrlfToLf()).pipe(parser);
  input.on('error', (e) => parser.destroy(e));
  let header: string[] | null = null;
  let index: number[] = [];
  try {
    for await (const item of rows as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      while (skipped.length) yield skipped.shift()!;
      const position = prevEnd + 1 + leadingNewlines(item.raw);
      prevEnd = item.info.lines;
      const rec = item.record;
      if (rec.length === 1 && rec[0].trim() === '') continue; // a blank line
      const text = item.raw.replace(/^\n+/, '').replace(/\n$/, '');
      if (header === null) {
        header = rec.map((h) => h.trim());
        const missing = columns.filter((c) => !header!.includes(c));
        const unknown = header.filter((h) => !columns.includes(h));
        const dup = header.filter((h, i) => header!.indexOf(h) !== i);
        if (missing.length || unknown.length || dup.length) {
          const parts = [
            missing.length ? `missing column(s) ${missing.join(', ')}` : '',
            unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '',
            dup.length ? `repeated column(s) ${dup.join(', ')}` : '',
          ].filter(Boolean);
          throw new SourceError(`${file}:${position}: wrong header: ${parts.join('; ')} (expected ${columns.join(',')})`);
        }
        index = columns.map((c) => header!.indexOf(c));
        continue;
      }
      if (rec.length !== header.length) {
        yield { raw: {}, position, text, malformed: `has ${rec.length} field(s), the header has ${header.length}` };
        continue;
      }
      const row: CsvRow = {};
      for (let i = 0; i < columns.length; i++) row[columns[i]] = rec[index[i]];
      yield { raw: row, position, text };
    }
  } catch (e) {
    if (e instanceof SourceError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new SourceError(`cannot read ${file}: ${err.code && err.syscall ? err.code : err.message}`);
  } finally {
    input.destroy();
  }
  while (skipped.length) yield skipped.shift()!;
  if (header === null) throw new SourceError(`${file}: empty file: expected a header line ${columns.join(',')}`);
}
