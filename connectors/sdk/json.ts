import fs from 'fs';
import { RawRecord, SourceError } from './types';

/**
 * Splits a stream of JSON text into top-level objects, whatever the framing:
 * JSON Lines, objects back to back with no separator (Kinesis Data Firehose),
 * one pretty-printed object, or a JSON array of objects. It tracks brace depth,
 * strings and escapes over raw bytes (every structural character is ASCII, so
 * UTF-8 multi-byte sequences never confuse it), and keeps only the current object
 * in memory. Anything between objects that is not whitespace, a comma or the
 * array's brackets comes out as a malformed piece.
 */
export async function* splitJsonObjects(
  chunks: AsyncIterable<Buffer>,
  firstLine = 1,
  atFileStart = true,
): AsyncIterable<{ text: string; line: number; complete: boolean }> {
  let line = firstLine;
  let depth = 0; // brace/bracket depth inside the current object
  let inString = false;
  let escape = false;
  let arrayDepth = 0; // 1 while inside a top-level array
  let parts: Buffer[] = [];
  let startLine = 0;
  let garbage: number[] = [];
  let garbageLine = 0;
  let first = atFileStart;

  const flushGarbage = function* () {
    if (garbage.length) {
      yield { text: Buffer.from(garbage).toString('utf8').trim(), line: garbageLine, complete: false };
      garbage = [];
    }
  };

  for await (const chunk of chunks) {
    let objStart = depth > 0 ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (depth > 0) {
        if (inString) {
          if (escape) escape = false;
          else if (c === 0x5c) escape = true;
          else if (c === 0x22) inString = false;
          else if (c === 0x0a) line++;
          continue;
        }
        if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          depth--;
          if (depth === 0) {
            parts.push(chunk.subarray(objStart, i + 1));
            const text = parts.length === 1 ? parts[0].toString('utf8') : Buffer.concat(parts).toString('utf8');
            parts = [];
            yield { text, line: startLine, complete: true };
            objStart = -1;
          }
        } else if (c === 0x0a) line++;
        continue;
      }
      // between objects
      if (c === 0x0a) {
        line++;
        if (garbage.length) garbage.push(c);
        continue;
      }
      if (c === 0x20 || c === 0x09 || c === 0x0d) {
        if (garbage.length) garbage.push(c);
        continue;
      }
      if (c === 0x7b) {
        yield* flushGarbage();
        depth = 1;
        startLine = line;
        objStart = i;
        first = false;
        continue;
      }
      if (first && c === 0x5b) {
        arrayDepth = 1;
        first = false;
        continue;
      }
      if (arrayDepth === 1 && (c === 0x2c || c === 0x5d)) {
        yield* flushGarbage();
        if (c === 0x5d) arrayDepth = 0;
        continue;
      }
      if (c === 0xef || c === 0xbb || c === 0xbf) {
        if (first && line === firstLine && garbage.length === 0) continue; // BOM
      }
      first = false;
      if (!garbage.length) garbageLine = line;
      garbage.push(c);
      if (garbage.length > 1 << 20) yield* flushGarbage();
    }
    if (depth > 0) parts.push(chunk.subarray(objStart));
  }
  yield* flushGarbage();
  if (depth > 0) {
    yield { text: Buffer.concat(parts).toString('utf8'), line: startLine, complete: false };
  }
}

/** A line longer than this is not JSON Lines (Firehose writes whole files on one line). */
const MAX_FAST_LINE = 1 << 20;

function toRecord(piece: { text: string; line: number; complete: boolean }): RawRecord<unknown> {
  if (!piece.complete) {
    return { raw: null, position: piece.line, text: piece.text, malformed: piece.text.startsWith('{') ? 'is a JSON object cut short (end of file)' : 'is not a JSON object' };
  }
  try {
    return { raw: JSON.parse(piece.text), position: piece.line, text: piece.text };
  } catch (e) {
    return { raw: null, position: piece.line, text: piece.text, malformed: `is not valid JSON (${(e as Error).message})` };
  }
}

const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d;

/**
 * Streams the JSON objects of a file (any framing) as raw records.
 *
 * JSON Lines, the usual framing, takes a fast path: a line that holds exactly one
 * valid JSON object is parsed as it is. At the first line that does not (a pretty-
 * printed object, an array, objects back to back, a broken record, or a line over
 * 1 MiB) the rest of the file goes through `splitJsonObjects`, from that line on,
 * so every framing gives the same records, positions and texts either way.
 */
export async function* readJsonObjects(file: string): AsyncIterable<RawRecord<unknown>> {
  try {
    await fs.promises.access(file, fs.constants.R_OK);
  } catch (e) {
    throw new SourceError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  const chunks = (input as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  try {
    let lineNo = 1;
    let seenContent = false; // any non-blank line yet (an array may only open the file)
    // The one whole object on bytes [a, b) of buf, trimmed, or undefined (blank line: null).
    const parseLine = (buf: Buffer, a: number, b: number): RawRecord<unknown> | null | undefined => {
      if (lineNo === 1 && buf[a] === 0xef && buf[a + 1] === 0xbb && buf[a + 2] === 0xbf) a += 3;
      while (a < b && isBlank(buf[a])) a++;
      while (b > a && isBlank(buf[b - 1])) b--;
      if (a === b) return null;
      if (buf[a] !== 0x7b || buf[b - 1] !== 0x7d) return undefined;
      const text = buf.toString('utf8', a, b);
      try {
        const raw: unknown = JSON.parse(text);
        return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? { raw, position: lineNo, text } : undefined;
      } catch {
        return undefined;
      }
    };
    let partial: Buffer[] = []; // the start of a line that continues in the next chunk
    let partialSize = 0;
    let rest: Buffer | null = null; // set when the fast path gives up: the bytes from that line on
    while (rest === null) {
      const next = await chunks.next();
      const chunk = next.done ? Buffer.alloc(0) : (next.value as Buffer);
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, start);
        if (nl < 0 && !next.done) {
          partial.push(chunk.subarray(start));
          partialSize += chunk.length - start;
          if (partialSize > MAX_FAST_LINE) rest = Buffer.concat(partial);
          break;
        }
        const end = nl < 0 ? chunk.length : nl;
        // Only a line that straddles chunks is copied; the others are read in place.
        const joined = partial.length ? Buffer.concat([...partial, chunk.subarray(start, end)]) : null;
        const rec = joined ? parseLine(joined, 0, joined.length) : parseLine(chunk, start, end);
        if (rec === undefined) {
          rest = joined ? Buffer.concat([joined, chunk.subarray(end)]) : chunk.subarray(start);
          break;
        }
        partial = [];
        partialSize = 0;
        if (rec !== null) {
          seenContent = true;
          yield rec;
        }
        if (nl < 0) break;
        start = nl + 1;
        lineNo++;
      }
      if (next.done) break;
    }
    if (rest !== null) {
      const first: Buffer = rest;
      const remaining = async function* (): AsyncIterable<Buffer> {
        yield first;
        for (let n = await chunks.next(); !n.done; n = await chunks.next()) yield n.value as Buffer;
      };
      for await (const piece of splitJsonObjects(remaining(), lineNo, !seenContent)) yield toRecord(piece);
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new SourceError(`cannot read ${file}: ${err.code ?? err.message}`);
  } finally {
    input.destroy();
  }
}
