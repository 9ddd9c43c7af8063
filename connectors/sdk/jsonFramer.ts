import { OVERSIZED_KEPT_BYTES } from './text';

/** What the framer found: the reader turns each piece into a record or a rejection. */
export type JsonPiece =
  /** An object whose braces balance (or a broken one skipped to its end): JSON.parse decides. */
  | { kind: 'object'; bytes: Buffer; line: number }
  /** An object cut short where a new record must have begun (or by the end of the file). */
  | { kind: 'cut'; bytes: Buffer; line: number; why: string }
  /** Text between objects that is not one (up to the end of its line or the next `{`). */
  | { kind: 'garbage'; bytes: Buffer; line: number }
  /** A piece larger than the limit: only its first bytes were kept. */
  | { kind: 'oversized'; bytes: Buffer; line: number };

// modes
const BETWEEN = 0;
const GARBAGE = 1;
const RECORD = 2; // in an object whose grammar is fine so far
const SKIP = 3; // in an object with a grammar error: looking for its end

// grammar states inside an object, outside strings
const VALUE = 0;
const VALUE_OR_END = 1; // just after `[`
const KEY = 2; // after `,` in an object
const KEY_OR_END = 3; // just after `{`
const COLON = 4;
const AFTER = 5; // after a value: `,` or a closing bracket
const SCALAR = 6; // in a number or literal

const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON_CHAR = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const BOM = [0xef, 0xbb, 0xbf];

const isBlank = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d;

/** Where a `{` or `[` was opened. */
interface Open {
  offset: number;
  line: number;
  col: number;
  firstOnLine: boolean;
  object: boolean;
}

/** Rule 3's candidate: a line that began with `{` at the record's column, maybe the next record. */
interface Candidate {
  start: number; // offset in the record
  line: number;
  depth: number; // nesting before its `{`
  closedAt: number; // offset after its `}`, or -1
  clean: boolean; // nothing but `,` after it so far
  parts: Buffer[];
  size: number;
  seg: number;
}

/**
 * Splits JSON text into top-level objects, whatever the framing (JSON Lines,
 * objects back to back, pretty-printed objects, a JSON array), and recovers from
 * broken ones. Push-based: `feed` bytes, then `end`; pieces collect in `out`.
 *
 * It checks the JSON grammar as it goes (strings, escapes, keys, colons, commas,
 * nesting) over raw bytes: every structural character is ASCII, so UTF-8 never
 * confuses it. Memory is bounded: it keeps at most `maxBytes` of a piece; past
 * that it keeps scanning for the piece's end without buffering.
 *
 * An open object is cut short (and rejected) where a new record must have begun:
 *  1. at a `{` the grammar does not allow there (after a complete value or a key,
 *     after `,` in an object): the next record starts at that `{`;
 *  2. at a line break inside a string (a JSON string cannot hold one);
 *  3. at a line that begins with `{` at the column where the open object began and
 *     holds one whole object (JSON Lines; one array element per line): that line is
 *     the next record;
 *  4. at a line whose first character cannot continue it (`not json`): that line
 *     is read afresh.
 * After any other grammar error the object is skipped to where its brackets
 * balance, to a `}` followed by `{` (the next back-to-back object), or to a line
 * starting with `{` at or left of its own column.
 * When a record is cut at a `{` and the text before ends with a whole object on
 * the same line (back-to-back framing) or on a line of its own at the record's
 * column, that object was the next record, swallowed as a value: it comes out
 * on its own.
 */
export class JsonFramer {
  readonly out: JsonPiece[] = [];
  /** Current line (1-based). */
  line = 1;
  private col = 0;
  private lineContent = false; // a non-blank byte was seen on this line
  private atFileStart = true; // only blanks so far: a `[` opens a top-level array
  private inArray = false;
  private afterRecord = false; // one `,` right after a record is a separator
  private mode = BETWEEN;
  private bom = 0; // bytes of a byte order mark read at the start of this line

  // the current piece's bytes: kept parts (at most maxBytes), and the segment of the buffer being fed
  private parts: Buffer[] = [];
  private kept = 0; // bytes in parts
  private seen = 0; // bytes of the piece before the current segment
  private segStart = -1;
  private startLine = 0;
  private startCol = 0;
  private startFirstOnLine = false;

  // grammar
  private stack: Open[] = [];
  private g = VALUE;
  private inString = false;
  private escape = false;
  private stringIsKey = false;
  private lastObj: { open: Open; end: number } | null = null;
  private skipDepth = 0;
  private lastNonBlank = 0;
  private cand: Candidate | null = null;

  // backtracking: the lines of a failed multi-line record after its first, to read again
  private replay: { tail: Buffer; line: number } | null = null;
  private fed = 0;
  private replayed = 0;

  /** `backtrack`: false for the scratch framer that decides whether backtracking pays. */
  constructor(private readonly maxBytes: number, private readonly backtrack = true) {}

  /** Between records at the start of a line: the reader may take the next line itself. */
  idle(): boolean {
    return this.mode === BETWEEN && !this.inArray && !this.lineContent;
  }

  /** The reader took a whole line itself: a record (`content`) or a blank line. */
  skipLine(content: boolean): void {
    this.line++;
    if (content) {
      this.atFileStart = false;
      this.afterRecord = false;
    }
  }

  feed(buf: Buffer, start = 0, end = buf.length): void {
    this.fed += end - start;
    this.read(buf, start, end);
  }

  private read(buf: Buffer, start: number, end: number): void {
    if (this.segStart >= 0) this.segStart = start;
    if (this.cand) this.cand.seg = start;
    let i = start;
    while (i < end) {
      const c = buf[i];
      if (this.mode === RECORD) {
        if (this.inString) {
          if (!this.escape) {
            let j = i; // the bulk of a record: plain string bytes
            while (j < end) {
              const d = buf[j];
              if (d === QUOTE || d === BACKSLASH || d < 0x20) break;
              j++;
            }
            this.col += j - i;
            i = j;
            if (i >= end) break;
          }
          const d = buf[i];
          if (d === LF) {
            // rule 2
            const at = this.line;
            this.emit(buf, i, this.offsetAt(i), (bytes, line) => ({ kind: 'cut', bytes, line, why: `is a JSON object cut short (a string runs past the end of line ${at})` }), true);
            continue; // the line break is read again, between records
          }
          if (d < 0x20) this.toSkip(); // a control byte (NUL, tab...) in a string: not JSON
          else if (this.escape) this.escape = false;
          else if (d === BACKSLASH) this.escape = true;
          else if (d === QUOTE) {
            this.inString = false;
            this.g = this.stringIsKey ? COLON : AFTER;
          }
          i++;
          this.col++;
          continue;
        }
        if (c === LF) {
          if (this.g === SCALAR) this.g = AFTER;
          if (this.cand && this.confirmCandidate(buf, i)) continue; // the line break is read again
          this.cand = null;
          this.newLine();
          i++;
          continue;
        }
        if (isBlank(c)) {
          if (this.g === SCALAR) this.g = AFTER;
          i++;
          this.col++;
          continue;
        }
        const first = !this.lineContent;
        this.lineContent = true;
        if (this.step(buf, i, c, first)) {
          i++;
          this.col++;
        } else this.lineContent = !first; // read again
        continue;
      }
      if (this.mode === SKIP) {
        if (c === LF) {
          this.inString = false; // no string spans lines: this resynchronizes the quotes
          this.escape = false;
          this.newLine();
          i++;
          continue;
        }
        if (isBlank(c)) {
          i++;
          this.col++;
          continue;
        }
        const first = !this.lineContent;
        if (c === OPEN_BRACE && ((first && this.col <= this.startCol) || this.lastNonBlank === CLOSE_BRACE)) {
          const cutAt = this.offsetAt(i);
          if (!first && cutAt <= this.maxBytes) this.cutRecovering(buf, i, cutAt);
          else this.emit(buf, i, cutAt, (bytes, line) => ({ kind: 'object', bytes, line }), true);
          continue; // the `{` is read again
        }
        this.lineContent = true;
        this.lastNonBlank = c;
        if (this.inString) {
          if (this.escape) this.escape = false;
          else if (c === BACKSLASH) this.escape = true;
          else if (c === QUOTE) this.inString = false;
        } else if (c === QUOTE) this.inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.skipDepth++;
        else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --this.skipDepth <= 0) {
          this.emit(buf, i + 1, this.offsetAt(i + 1), (bytes, line) => ({ kind: 'object', bytes, line }), true);
          this.afterRecord = true;
        }
        i++;
        this.col++;
        continue;
      }
      // between records, or in garbage (every piece ends here: a failed one may have lines to read again)
      if (this.replay) {
        this.doReplay(i);
        continue;
      }
      if (c === LF) {
        if (this.mode === GARBAGE) this.emitGarbage(buf, i);
        this.newLine();
        i++;
        continue;
      }
      if (isBlank(c)) {
        i++;
        this.col++;
        continue;
      }
      if (this.mode === BETWEEN && !this.lineContent && c === BOM[this.bom]) {
        // a byte order mark at the start of a line (files joined with cat), maybe across feeds
        this.bom = (this.bom + 1) % 3;
        i++;
        continue;
      }
      this.bom = 0;
      if (c === OPEN_BRACE) {
        if (this.mode === GARBAGE) this.emitGarbage(buf, i);
        this.beginRecord(i);
        i++;
        this.col++;
        continue;
      }
      if (this.mode === GARBAGE) {
        if (this.inArray && (c === COMMA || c === CLOSE_BRACKET)) {
          this.emitGarbage(buf, i);
          continue; // the separator is read again
        }
        i++;
        this.col++;
        continue;
      }
      this.lineContent = true;
      if (this.atFileStart && c === OPEN_BRACKET) this.inArray = true;
      else if (this.inArray && c === CLOSE_BRACKET) this.inArray = false;
      else if (!(this.inArray && c === COMMA) && !(this.afterRecord && c === COMMA)) this.begin(i, GARBAGE);
      this.atFileStart = false;
      this.afterRecord = false;
      i++;
      this.col++;
    }
    if (this.replay) this.doReplay(end);
    this.keep(buf, end);
    if (this.cand) this.keepCandidate(buf, end);
  }

  /** Reads again the tail of a failed record, then goes on at position `i` of the buffer being read. */
  private doReplay(i: number): void {
    const { tail, line } = this.replay!;
    this.replay = null;
    this.line = line;
    this.col = 0;
    this.lineContent = false;
    this.read(tail, 0, tail.length);
    if (this.segStart >= 0) this.segStart = i;
    if (this.cand) this.cand.seg = i;
  }

  /** End of the input. */
  end(): void {
    const none = Buffer.alloc(0);
    for (;;) {
      if (this.mode === RECORD && this.cand && this.confirmCandidate(none, 0)) return;
      const to = this.seen;
      if (this.mode === RECORD) this.emit(none, 0, to, (bytes, line) => ({ kind: 'cut', bytes, line, why: 'is a JSON object cut short (end of file)' }), true);
      else if (this.mode === SKIP) this.emit(none, 0, to, (bytes, line) => ({ kind: 'object', bytes, line }), true);
      else if (this.mode === GARBAGE) this.emitGarbage(none, 0);
      if (!this.replay) return;
      this.doReplay(0);
      this.keep(none, 0);
    }
  }

  // --- the current piece's bytes

  private offsetAt(i: number): number {
    return this.seen + (i - this.segStart);
  }

  private begin(i: number, mode: number): void {
    this.mode = mode;
    this.parts = [];
    this.kept = 0;
    this.seen = 0;
    this.segStart = i;
    this.startLine = this.line;
    this.startCol = this.col;
    this.startFirstOnLine = !this.lineContent;
    this.lineContent = true;
  }

  private beginRecord(i: number): void {
    this.begin(i, RECORD);
    this.atFileStart = false;
    this.afterRecord = false;
    this.stack = [{ offset: 0, line: this.line, col: this.col, firstOnLine: this.startFirstOnLine, object: true }];
    this.g = KEY_OR_END;
    this.inString = false;
    this.escape = false;
    this.lastObj = null;
    this.cand = null;
  }

  /** Keeps the bytes of the current segment, up to maxBytes in all. */
  private keep(buf: Buffer, end: number): void {
    if (this.segStart < 0) return;
    const n = end - this.segStart;
    if (n > 0) {
      const room = this.maxBytes - this.kept;
      if (room > 0) {
        this.parts.push(buf.subarray(this.segStart, this.segStart + Math.min(n, room)));
        this.kept += Math.min(n, room);
      }
      this.seen += n;
    }
    this.segStart = 0;
  }

  /** Bytes [0, to) of the piece, `i` being the position reached in `buf` (to <= maxBytes). */
  private bytes(buf: Buffer, i: number, to: number): Buffer {
    const seg = buf.subarray(this.segStart, i);
    const all = this.parts.length === 0 ? seg : Buffer.concat([...this.parts, seg]);
    return all.subarray(0, to);
  }

  /**
   * Ends the current piece as its bytes [0, to), `i` being the position reached in
   * `buf`. A failed record (`failed`) of several lines is rejected as its first line
   * alone when the lines after it, read on their own, hold at least one whole
   * object (text that opened an object and never closed it swallowed them); those
   * lines are then read again. Replays cost at most as many bytes as were fed.
   */
  private emit(buf: Buffer, i: number, to: number, make: (bytes: Buffer, line: number) => JsonPiece, failed = false): void {
    if (to > this.maxBytes) {
      const head = Buffer.from(this.bytes(buf, i, Math.min(OVERSIZED_KEPT_BYTES, this.maxBytes)));
      this.out.push({ kind: 'oversized', bytes: head, line: this.startLine });
    } else {
      const bytes = this.bytes(buf, i, to);
      const nl = failed && this.backtrack ? bytes.indexOf(LF) : -1;
      const tail = nl >= 0 ? bytes.subarray(nl + 1) : null;
      if (tail && this.replayed + tail.length <= this.fed && this.recovers(tail)) {
        this.replayed += tail.length;
        this.replay = { tail: Buffer.from(tail), line: this.startLine + 1 };
        const first = trimEnd(Buffer.from(bytes.subarray(0, nl)));
        this.out.push({ kind: 'cut', bytes: first, line: this.startLine, why: 'is a JSON object cut short (the lines after it hold records of their own)' });
      } else this.out.push(make(trimEnd(bytes), this.startLine));
    }
    this.mode = BETWEEN;
    this.parts = [];
    this.kept = 0;
    this.seen = 0;
    this.segStart = -1;
    this.stack = [];
    this.cand = null;
    this.lastObj = null;
  }

  /** Whether `tail`, read on its own (in the same array or not), holds a whole valid object. */
  private recovers(tail: Buffer): boolean {
    const scratch = new JsonFramer(this.maxBytes, false);
    scratch.atFileStart = false;
    scratch.inArray = this.inArray;
    scratch.feed(tail);
    scratch.end();
    return scratch.out.some((p) => p.kind === 'object' && isJsonObject(p.bytes.toString('utf8')));
  }

  private emitGarbage(buf: Buffer, i: number): void {
    this.emit(buf, i, this.offsetAt(i), (bytes, line) => ({ kind: 'garbage', bytes, line }));
  }

  private newLine(): void {
    this.line++;
    this.col = 0;
    this.lineContent = false;
  }

  // --- grammar

  /** One non-blank byte in an object, outside strings; false when it must be read again. */
  private step(buf: Buffer, i: number, c: number, firstOnLine: boolean): boolean {
    if (this.g === SCALAR) {
      if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET) this.g = AFTER;
      else if (c === QUOTE || c === OPEN_BRACKET || c === COLON_CHAR || c === OPEN_BRACE) return this.fail(buf, i, c, firstOnLine);
      else return true;
    }
    switch (this.g) {
      case VALUE:
      case VALUE_OR_END:
        if (c === OPEN_BRACE) {
          if (firstOnLine && this.startFirstOnLine && this.col === this.startCol) {
            this.cand = { start: this.offsetAt(i), line: this.line, depth: this.stack.length, closedAt: -1, clean: true, parts: [], size: 0, seg: i };
          }
          this.push(i, true, firstOnLine);
          this.g = KEY_OR_END;
          return true;
        }
        if (c === OPEN_BRACKET) {
          this.push(i, false, firstOnLine);
          this.g = VALUE_OR_END;
          return true;
        }
        if (c === QUOTE) return this.openString(false);
        if (c === CLOSE_BRACKET && this.g === VALUE_OR_END) return this.pop(buf, i);
        if (c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COMMA || c === COLON_CHAR) return this.fail(buf, i, c, firstOnLine);
        this.dirty();
        this.g = SCALAR;
        return true;
      case KEY:
      case KEY_OR_END:
        if (c === QUOTE) return this.openString(true);
        if (c === CLOSE_BRACE && this.g === KEY_OR_END) return this.pop(buf, i);
        return this.fail(buf, i, c, firstOnLine);
      case COLON:
        if (c !== COLON_CHAR) return this.fail(buf, i, c, firstOnLine);
        this.dirty();
        this.g = VALUE;
        return true;
      default: {
        // AFTER
        const inObject = this.stack[this.stack.length - 1].object;
        if (c === COMMA) {
          this.g = inObject ? KEY : VALUE;
          return true;
        }
        if ((c === CLOSE_BRACE && inObject) || (c === CLOSE_BRACKET && !inObject)) return this.pop(buf, i);
        return this.fail(buf, i, c, firstOnLine);
      }
    }
  }

  /** A token after rule 3's candidate closed, other than `,`: its line holds more than one object. */
  private dirty(): void {
    if (this.cand && this.cand.closedAt >= 0) this.cand.clean = false;
  }

  private openString(key: boolean): boolean {
    this.dirty();
    this.inString = true;
    this.escape = false;
    this.stringIsKey = key;
    return true;
  }

  private push(i: number, object: boolean, firstOnLine: boolean): void {
    this.dirty();
    this.stack.push({ offset: this.offsetAt(i), line: this.line, col: this.col, firstOnLine, object });
  }

  /** A closing bracket; the record is complete when it closes the outermost object. */
  private pop(buf: Buffer, i: number): boolean {
    this.dirty();
    const open = this.stack.pop()!;
    if (this.stack.length === 0) {
      this.emit(buf, i + 1, this.offsetAt(i + 1), (bytes, line) => ({ kind: 'object', bytes, line }));
      this.afterRecord = true;
      return true;
    }
    if (open.object) this.lastObj = { open, end: this.offsetAt(i + 1) };
    if (this.cand && this.cand.closedAt < 0 && this.stack.length === this.cand.depth) this.cand.closedAt = this.offsetAt(i + 1);
    this.g = AFTER;
    return true;
  }

  /** A byte the grammar does not allow; false when it must be read again. */
  private fail(buf: Buffer, i: number, c: number, firstOnLine: boolean): boolean {
    const cutAt = this.offsetAt(i);
    if (c === OPEN_BRACE) {
      // rule 1
      if (cutAt <= this.maxBytes && this.swallowed(buf, i, cutAt, firstOnLine)) return false;
      const at = this.line;
      this.emit(buf, i, cutAt, (bytes, line) => ({ kind: 'cut', bytes, line, why: cutShort(at) }), true);
      return false;
    }
    if (firstOnLine && this.line > this.startLine && c !== QUOTE && c !== CLOSE_BRACE && c !== CLOSE_BRACKET && c !== COMMA && c !== COLON_CHAR) {
      // rule 4
      const at = this.line;
      this.emit(buf, i, cutAt, (bytes, line) => ({ kind: 'cut', bytes, line, why: `is a JSON object cut short (line ${at} does not continue it)` }), true);
      return false;
    }
    this.toSkip();
    // the byte itself, as skipping reads it
    this.lastNonBlank = c;
    if (c === QUOTE) this.inString = true;
    else if (c === OPEN_BRACKET) this.skipDepth++;
    else if ((c === CLOSE_BRACE || c === CLOSE_BRACKET) && --this.skipDepth <= 0) {
      this.emit(buf, i + 1, this.offsetAt(i + 1), (bytes, line) => ({ kind: 'object', bytes, line }), true);
      this.afterRecord = true;
    }
    return true;
  }

  private toSkip(): void {
    this.mode = SKIP;
    this.skipDepth = this.stack.length;
    this.lastNonBlank = 0;
    this.cand = null;
  }

  // --- recovery of the next record from a broken one

  /** Rule 3: the candidate line held exactly one whole object (and maybe a `,`). */
  private confirmCandidate(buf: Buffer, i: number): boolean {
    const cand = this.cand!;
    if (cand.closedAt < 0 || !cand.clean || cand.size + (i - cand.seg) > this.maxBytes) return false;
    const obj = Buffer.concat([...cand.parts, buf.subarray(cand.seg, i)]).subarray(0, cand.closedAt - cand.start);
    this.emit(buf, i, cand.start, (bytes, line) => ({ kind: 'cut', bytes, line, why: cutShort(cand.line) }));
    this.out.push({ kind: 'object', bytes: obj, line: cand.line });
    this.afterRecord = true;
    return true;
  }

  private keepCandidate(buf: Buffer, end: number): void {
    const cand = this.cand!;
    if (end > cand.seg) {
      cand.parts.push(buf.subarray(cand.seg, end));
      cand.size += end - cand.seg;
    }
    cand.seg = 0;
    if (cand.size > this.maxBytes) this.cand = null;
  }

  /**
   * Cut at a `{`: when the text before it ends with a whole object (then only
   * blanks or a `,`), on the cut's line or on a line of its own at the record's
   * column, that object was the next record, taken as a value: it comes out alone.
   */
  private swallowed(buf: Buffer, i: number, cutAt: number, cutFirstOnLine: boolean): boolean {
    const last = this.lastObj;
    if (!last) return false;
    const sameLine = !cutFirstOnLine && last.open.line === this.line;
    const ownLine = last.open.firstOnLine && this.startFirstOnLine && last.open.col === this.startCol;
    if (!sameLine && !ownLine) return false;
    const all = this.bytes(buf, i, cutAt);
    for (let k = last.end; k < cutAt; k++) {
      const d = all[k];
      if (!(isBlank(d) || d === LF || d === COMMA)) return false;
    }
    const obj = Buffer.from(all.subarray(last.open.offset, last.end));
    const objLine = last.open.line;
    this.emit(buf, i, last.open.offset, (bytes, line) => ({ kind: 'cut', bytes, line, why: cutShort(objLine) }));
    this.out.push({ kind: 'object', bytes: obj, line: objLine });
    this.afterRecord = true;
    return true;
  }

  /**
   * Skipping a broken object, a `}` then `{` in the middle of a line: the next
   * object starts here. When the broken text ends with a whole object that starts
   * on this line (an unclosed string swallowed the start of the next record), that
   * object comes out on its own (the first of at most 16 tries).
   */
  private cutRecovering(buf: Buffer, i: number, cutAt: number): void {
    const all = this.bytes(buf, i, cutAt);
    let lineStart = cutAt;
    while (lineStart > 0 && all[lineStart - 1] !== LF) lineStart--;
    const line = this.line;
    let tries = 0;
    for (let r = all.indexOf(OPEN_BRACE, Math.max(lineStart, 1)); r > 0 && tries < 16; r = all.indexOf(OPEN_BRACE, r + 1), tries++) {
      if (!isJsonObject(all.toString('utf8', r, cutAt))) continue;
      const obj = trimEnd(Buffer.from(all.subarray(r, cutAt)));
      this.emit(buf, i, r, (bytes, l) => ({ kind: 'object', bytes, line: l }));
      this.out.push({ kind: 'object', bytes: obj, line });
      this.afterRecord = true;
      return;
    }
    this.emit(buf, i, cutAt, (bytes, l) => ({ kind: 'object', bytes, line: l }), true);
  }
}

function cutShort(line: number): string {
  return `is a JSON object cut short (a new record starts on line ${line})`;
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v);
  } catch {
    return false;
  }
}

/** Without trailing blanks and line breaks. */
function trimEnd(b: Buffer): Buffer {
  let e = b.length;
  while (e > 0 && (isBlank(b[e - 1]) || b[e - 1] === LF)) e--;
  return e === b.length ? b : b.subarray(0, e);
}
