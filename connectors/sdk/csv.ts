import { isUtf8 } from 'buffer';
import fs from 'fs';
import { CsvFramer, CsvPiece } from './csvFramer';
import { assertTextFile, byteProblem, DEFAULT_MAX_RECORD_BYTES, OVERSIZED_KEPT_BYTES, READ_CHUNK_BYTES, ReadOptions, storableString, storableText } from './text';
import { RawRecord, SourceError } from './types';

/** A CSV row as a map from header name to cell text. */
export type CsvRow = Record<string, string>;

/**
 * Streams a CSV file (RFC 4180: quoted fields, embedded line breaks, `""`; BOM;
 * CRLF or LF). The header must hold exactly `columns` (in any order), else the
 * whole file is refused with a SourceError naming the missing and unknown
 * columns. An empty file, or a header alone, has no records. A broken row comes
 * out alone as a malformed record (the rules are CsvFramer's); so does a row with
 * the wrong number of fields, a NUL byte or bytes that are not UTF-8.
 */
export async function* readCsv(file: string, columns: readonly string[], opts: ReadOptions = {}): AsyncIterable<RawRecord<CsvRow>> {
  try {
    await fs.promises.access(file, fs.constants.R_OK);
  } catch (e) {
    throw new SourceError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const max = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const input = fs.createReadStream(file, { highWaterMark: opts.chunkBytes ?? READ_CHUNK_BYTES });
  const framer = new CsvFramer(columns, max);
  const out: RawRecord<CsvRow>[] = [];
  let header: string[] | null = null;
  let index: number[] = [];

  const take = (piece: CsvPiece): void => {
    const text = storableString(piece.text);
    if (piece.kind === 'bad') {
      if (header === null) throw new SourceError(`${file}:${piece.line}: cannot read the header: it ${piece.why}`);
      out.push({ raw: {}, position: piece.line, text, malformed: piece.why });
      return;
    }
    const rec = piece.fields;
    if (rec.length === 1 && rec[0].trim() === '') return; // a blank line
    if (header === null) {
      header = rec.map((h) => h.trim());
      const h = header;
      const missing = columns.filter((c) => !h.includes(c));
      const unknown = h.filter((x) => !columns.includes(x));
      const dup = h.filter((x, i) => h.indexOf(x) !== i);
      if (missing.length || unknown.length || dup.length) {
        const parts = [
          missing.length ? `missing column(s) ${missing.join(', ')}` : '',
          unknown.length ? `unknown column(s) ${unknown.join(', ')}` : '',
          dup.length ? `repeated column(s) ${dup.join(', ')}` : '',
        ].filter(Boolean);
        throw new SourceError(`${file}:${piece.line}: wrong header: ${parts.join('; ')} (expected ${columns.join(',')})`);
      }
      index = columns.map((c) => h.indexOf(c));
      return;
    }
    if (piece.problem) {
      out.push({ raw: {}, position: piece.line, text, malformed: piece.problem });
      return;
    }
    if (rec.length !== header.length) {
      out.push({ raw: {}, position: piece.line, text, malformed: `has ${rec.length} field(s), the header has ${header.length}` });
      return;
    }
    const row: CsvRow = {};
    for (let i = 0; i < columns.length; i++) row[columns[i]] = rec[index[i]];
    out.push({ raw: row, position: piece.line, text });
  };
  const drain = () => {
    for (const p of framer.out.splice(0)) take(p);
  };

  let lineNo = 1;
  /** One whole physical line of at most `max` bytes, its line break excluded. */
  const line = (buf: Buffer, a: number, b: number): void => {
    if (lineNo === 1 && buf[a] === 0xef && buf[a + 1] === 0xbb && buf[a + 2] === 0xbf) a += 3; // the BOM
    if (b > a && buf[b - 1] === 0x0d) b--;
    const bytes = buf.subarray(a, b);
    const problem = bytes.indexOf(0) >= 0 || !isUtf8(bytes) ? byteProblem(bytes, lineNo) : null;
    framer.line(bytes.toString('utf8'), b - a, lineNo, problem);
    lineNo++;
  };

  try {
    await assertTextFile(file);
    let carry: Buffer[] = []; // the start of a line that continues in the next chunk
    let carrySize = 0;
    let tooLong: Buffer | null = null; // the first bytes of a line longer than max
    const flushLong = () => {
      framer.oversizedLine(storableText(tooLong!), lineNo++);
      tooLong = null;
    };
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let pos = 0;
      while (pos < chunk.length) {
        const nl = chunk.indexOf(0x0a, pos);
        const end = nl < 0 ? chunk.length : nl;
        if (tooLong === null && carrySize + (end - pos) > max) {
          const all = Buffer.concat([...carry, chunk.subarray(pos, Math.min(end, pos + OVERSIZED_KEPT_BYTES))]);
          tooLong = Buffer.from(all.subarray(0, Math.min(OVERSIZED_KEPT_BYTES, max)));
          carry = [];
          carrySize = 0;
        }
        if (nl < 0) {
          if (tooLong === null) {
            carry.push(chunk.subarray(pos));
            carrySize += chunk.length - pos;
          }
          break;
        }
        if (tooLong !== null) flushLong();
        else if (carry.length) {
          const whole = Buffer.concat([...carry, chunk.subarray(pos, nl)]);
          carry = [];
          carrySize = 0;
          line(whole, 0, whole.length);
        } else line(chunk, pos, nl);
        pos = nl + 1;
        drain();
      }
      for (const r of out.splice(0)) yield r;
    }
    if (tooLong !== null) flushLong();
    else if (carry.length) {
      const whole = Buffer.concat(carry);
      line(whole, 0, whole.length);
    }
    framer.end();
    drain();
    for (const r of out.splice(0)) yield r;
  } catch (e) {
    if (e instanceof SourceError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new SourceError(`cannot read ${file}: ${err.code && err.syscall ? err.code : err.message}`);
  } finally {
    input.destroy();
  }
}
