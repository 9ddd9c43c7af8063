import { isUtf8 } from 'buffer';
import fs from 'fs';
import { SourceError } from './types';

/** Default maximum size of one record (SWITCHBOARD_MAX_RECORD_BYTES, `--max-record-bytes`). */
export const DEFAULT_MAX_RECORD_BYTES = 1 << 20;

/** Size of the reads from a source file: a record may straddle two of them. */
export const READ_CHUNK_BYTES = 1 << 20;

/** How much of an oversized record is kept as its text (it cannot be replayed anyway). */
export const OVERSIZED_KEPT_BYTES = 1024;

/** Options every reader takes. */
export interface ReadOptions {
  /** A record (or a line that is not one) longer than this is rejected without being buffered. */
  maxRecordBytes?: number;
  /** Size of the reads (tests use tiny ones to put records across chunk boundaries). */
  chunkBytes?: number;
}

export function oversizedMessage(max: number): string {
  return `larger than ${max} bytes (the maximum record size: --max-record-bytes or SWITCHBOARD_MAX_RECORD_BYTES); only its first ${Math.min(OVERSIZED_KEPT_BYTES, max)} bytes are kept`;
}

/**
 * The length of the UTF-8 sequence at `buf[i]` (1 to 4), 0 when it is invalid (the
 * same rules as `buffer.isUtf8`: no overlong forms, no surrogates, nothing above
 * U+10FFFF), or -1 when it runs past `end`.
 */
function sequenceLength(buf: Uint8Array, i: number, end: number): number {
  const c = buf[i];
  if (c < 0x80) return 1;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) n = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c === 0xe0) lo = 0xa0;
    if (c === 0xed) hi = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c === 0xf0) lo = 0x90;
    if (c === 0xf4) hi = 0x8f;
  } else return 0;
  for (let k = 1; k < n; k++) {
    if (i + k >= end) return -1;
    const d = buf[i + k];
    if (d < (k === 1 ? lo : 0x80) || d > (k === 1 ? hi : 0xbf)) return 0;
  }
  return n;
}

/** Index of the first byte of `buf[start, end)` that does not start a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(buf: Uint8Array, start = 0, end = buf.length): number {
  for (let i = start; i < end; ) {
    const n = sequenceLength(buf, i, end);
    if (n <= 0) return i;
    i += n;
  }
  return -1;
}

/** Where byte `offset` of a record's bytes sits: its line (from the record's first line) and byte in that line, 1-based. */
function lineAndByte(bytes: Uint8Array, offset: number, firstLine: number): string {
  let line = firstLine;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return `line ${line}, byte ${offset - lineStart + 1}`;
}

/**
 * Why a record's bytes cannot be stored as text, or null: a NUL byte (PostgreSQL
 * text cannot hold one) or bytes that are not UTF-8.
 */
export function byteProblem(bytes: Buffer, firstLine: number): string | null {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return `contains a NUL byte (0x00) at ${lineAndByte(bytes, nul, firstLine)}`;
  if (isUtf8(bytes)) return null;
  const bad = firstInvalidUtf8(bytes);
  const at = bad < 0 ? bytes.length - 1 : bad;
  return `is not UTF-8 text (byte 0x${bytes[at].toString(16).padStart(2, '0')} at ${lineAndByte(bytes, at, firstLine)})`;
}

/**
 * The text of bytes as it can be stored: invalid UTF-8 becomes U+FFFD (as
 * `toString` does) and so does NUL, which PostgreSQL text refuses.
 */
export function storableText(bytes: Buffer, start = 0, end = bytes.length): string {
  return storableString(bytes.toString('utf8', start, end));
}

export function storableString(s: string): string {
  return s.includes('\0') ? s.replace(/\0/g, '\ufffd') : s;
}

const SNIFF_BYTES = 4096;

/** A byte that does not occur in text: C0 controls other than tab, LF, VT, FF, CR and ESC. */
const isControl = (c: number) => c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0b && c !== 0x0c && c !== 0x0d && c !== 0x1b;

/**
 * Refuses, in one line, a file that is not text at all: judged on its first 4 KiB,
 * where at least a tenth of the bytes are NUL, other control bytes or invalid
 * UTF-8 (a gzip, a zip or a spreadsheet, an executable, UTF-16 text). A text file
 * with a few bad bytes is read, and those records are rejected one by one.
 */
export async function assertTextFile(file: string): Promise<void> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await fd.read(head, 0, SNIFF_BYTES, 0);
    assertTextHead(file, head.subarray(0, bytesRead));
  } finally {
    await fd.close();
  }
}

/** The judgement of `assertTextFile` on the file's first bytes (whatever the size of the reads that follow). */
export function assertTextHead(file: string, head: Buffer): void {
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new SourceError(`${file}: not a UTF-8 text file (UTF-16 byte order mark): save it as UTF-8`);
  }
  const end = Math.min(head.length, SNIFF_BYTES);
  let bad = 0;
  let first = -1;
  for (let i = 0; i < end; ) {
    const c = head[i];
    const n = sequenceLength(head, i, end);
    if (n === -1) break; // a character cut by the end of the sample
    if (n === 0 || isControl(c)) {
      bad++;
      if (first < 0) first = i;
    }
    i += Math.max(n, 1);
  }
  if (end > 0 && bad * 10 >= end) {
    const hint = head[0] === 0x1f && head[1] === 0x8b ? ': it is gzip-compressed, decompress it first' : head[0] === 0x50 && head[1] === 0x4b ? ': it is a zip archive (a spreadsheet?), export it as text first' : '';
    throw new SourceError(`${file}: not a text file (binary content at byte ${first})${hint}`);
  }
}
