import { isUtf8 } from 'buffer';
import fs from 'fs';
import { JsonFramer, JsonPiece } from './jsonFramer';
import { assertTextFile, byteProblem, DEFAULT_MAX_RECORD_BYTES, oversizedMessage, READ_CHUNK_BYTES, ReadOptions, storableText } from './text';
import { RawRecord, SourceError } from './types';

/** `\u`: only an escape can put NUL or an unpaired surrogate in a parsed string. */
const UNICODE_ESCAPE = Buffer.from('\\u');

/** A line longer than this is not JSON Lines (Firehose writes whole files on one line): the framer reads it. */
const MAX_FAST_LINE = 1 << 20;

const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d;

/** NUL, or a UTF-16 surrogate without its pair: text PostgreSQL cannot store. */
const UNSTORABLE = /\0|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The JSON path of the first string (or key) in `v` that cannot be stored as text, and what is in it. */
function unstorable(v: unknown, path: string): { path: string; what: string } | null {
  const found = (s: string, at: string) => {
    const m = UNSTORABLE.exec(s);
    if (!m) return null;
    const what = m[0] === '\0' ? 'a NUL character (\\u0000)' : `an unpaired surrogate (\\u${m[0].charCodeAt(0).toString(16)})`;
    return { path: at || '(the record)', what };
  };
  if (typeof v === 'string') return found(v, path);
  if (v === null || typeof v !== 'object') return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const p = unstorable(v[i], `${path}[${i}]`);
      if (p) return p;
    }
    return null;
  }
  for (const [k, x] of Object.entries(v)) {
    const here = path ? `${path}.${k}` : k;
    const inKey = found(k, here);
    if (inKey) return { path: JSON.stringify(here).slice(1, -1), what: inKey.what };
    const p = unstorable(x, here);
    if (p) return p;
  }
  return null;
}

/** A whole object's bytes, parsed: a record, or a rejection saying what is wrong. */
function objectRecord(bytes: Buffer, line: number, text = bytes.toString('utf8')): RawRecord<unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { raw: null, position: line, text: storableText(bytes), malformed: byteProblem(bytes, line) ?? `is not valid JSON (${(e as Error).message})` };
  }
  // JSON.parse takes invalid UTF-8 (decoded as U+FFFD): refuse it rather than store replacement characters
  if (!isUtf8(bytes)) return { raw: null, position: line, text, malformed: byteProblem(bytes, line)! };
  if (text.includes('\\u')) {
    const bad = unstorable(raw, '');
    if (bad) return { raw: null, position: line, text, malformed: `holds ${bad.what} in ${bad.path}, which cannot be stored as text` };
  }
  return { raw, position: line, text };
}

function pieceRecord(piece: JsonPiece, max: number): RawRecord<unknown> {
  const { bytes, line } = piece;
  switch (piece.kind) {
    case 'object':
      return objectRecord(bytes, line);
    case 'cut':
      return { raw: null, position: line, text: storableText(bytes), malformed: byteProblem(bytes, line) ?? piece.why };
    case 'garbage':
      return { raw: null, position: line, text: storableText(bytes), malformed: byteProblem(bytes, line) ?? 'is not a JSON object' };
    default:
      return { raw: null, position: line, text: storableText(bytes), malformed: oversizedMessage(max) };
  }
}

/**
 * Streams the JSON objects of a byte stream through the framer alone (no fast
 * path): the same records as `readJsonObjects` gives for the same bytes.
 */
export async function* splitJsonObjects(chunks: AsyncIterable<Buffer>, opts: ReadOptions = {}): AsyncIterable<RawRecord<unknown>> {
  const max = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const framer = new JsonFramer(max);
  for await (const chunk of chunks) {
    framer.feed(chunk);
    for (const p of framer.out.splice(0)) yield pieceRecord(p, max);
  }
  framer.end();
  for (const p of framer.out.splice(0)) yield pieceRecord(p, max);
}

/**
 * Streams the JSON objects of a file (any framing) as raw records, recovering
 * from broken ones (see JsonFramer for the rules); README "Malformed input".
 *
 * JSON Lines, the usual framing, takes a fast path: a line that holds exactly one
 * valid JSON object is parsed as it is. Any other line (a pretty-printed object,
 * an array, objects back to back, a broken record, a line over 1 MiB) goes
 * through the framer, which hands back to the fast path as soon as it is between
 * records at the start of a line. Either way the records, positions and texts are
 * the same.
 */
export async function* readJsonObjects(file: string, opts: ReadOptions = {}): AsyncIterable<RawRecord<unknown>> {
  try {
    await fs.promises.access(file, fs.constants.R_OK);
  } catch (e) {
    throw new SourceError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const max = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const fastLine = Math.min(max, MAX_FAST_LINE);
  const input = fs.createReadStream(file, { highWaterMark: opts.chunkBytes ?? READ_CHUNK_BYTES });
  const framer = new JsonFramer(max);
  /** The framer's pieces so far, as records. */
  const drained = (): RawRecord<unknown>[] => {
    const recs = framer.out.map((p) => pieceRecord(p, max));
    framer.out.length = 0;
    return recs;
  };

  /**
   * The fast path for line [a, b) of buf (b excludes the line break): its record,
   * null for a blank line, undefined when the framer must read it. `clean`: the
   * bytes are known to be UTF-8 without `\u` escapes.
   */
  const fast = (buf: Buffer, a: number, b: number, clean = false): RawRecord<unknown> | null | undefined => {
    if (buf[a] === 0xef && buf[a + 1] === 0xbb && buf[a + 2] === 0xbf) a += 3;
    while (a < b && isBlank(buf[a])) a++;
    while (b > a && isBlank(buf[b - 1])) b--;
    if (a === b) {
      framer.skipLine(false);
      return null;
    }
    if (buf[a] !== 0x7b || buf[b - 1] !== 0x7d || b - a > max) return undefined;
    const text = buf.toString('utf8', a, b);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return undefined;
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
    const line = framer.line;
    framer.skipLine(true);
    if (clean) return { raw, position: line, text };
    const bytes = buf.subarray(a, b);
    return isUtf8(bytes) && !text.includes('\\u') ? { raw, position: line, text } : objectRecord(bytes, line, text);
  };

  try {
    await assertTextFile(file);
    let partial: Buffer[] = []; // the start of a line that continues in the next chunk
    let partialSize = 0;
    let streaming = false; // the framer is reading the current line (too long for the fast path)
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let pos = 0;
      // checked once for the whole lines of the chunk, rather than line by line
      const lastNl = chunk.lastIndexOf(0x0a);
      const clean = lastNl >= 0 && chunk.indexOf(UNICODE_ESCAPE) < 0 && isUtf8(chunk.subarray(0, lastNl + 1));
      while (pos < chunk.length) {
        const nl = chunk.indexOf(0x0a, pos);
        const end = nl < 0 ? chunk.length : nl + 1;
        if (streaming || (partial.length === 0 && !framer.idle())) {
          framer.feed(chunk, pos, end);
          if (nl >= 0) streaming = false;
        } else if (nl < 0) {
          partial.push(chunk.subarray(pos));
          partialSize += chunk.length - pos;
          if (partialSize > fastLine) {
            for (const p of partial) framer.feed(p);
            partial = [];
            partialSize = 0;
            streaming = true;
          }
        } else if (partial.length) {
          // only a line that straddles chunks is copied; the others are read in place
          const line = Buffer.concat([...partial, chunk.subarray(pos, end)]);
          partial = [];
          partialSize = 0;
          const rec = fast(line, 0, line.length - 1);
          if (rec === undefined) framer.feed(line);
          else if (rec) yield rec;
        } else {
          const rec = fast(chunk, pos, nl, clean);
          if (rec === undefined) framer.feed(chunk, pos, end);
          else if (rec) {
            pos = end;
            yield rec;
            continue;
          }
        }
        pos = end;
        if (framer.out.length) yield* drained();
      }
    }
    if (partial.length) {
      const line = Buffer.concat(partial);
      const rec = fast(line, 0, line.length);
      if (rec === undefined) framer.feed(line);
      else if (rec) yield rec;
    }
    framer.end();
    yield* drained();
  } catch (e) {
    if (e instanceof SourceError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new SourceError(`cannot read ${file}: ${err.code ?? err.message}`);
  } finally {
    input.destroy();
  }
}
