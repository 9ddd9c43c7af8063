import fc from 'fast-check';
import { READ_CHUNK_BYTES } from '../../connectors';

/**
 * Corruptions of a connector's fixture file, as data (so fast-check can generate,
 * shrink and replay them). Positions are fixture-independent: `record` is taken
 * modulo the number of records, `at` and `keep` are per mille of the record's text.
 */
export type Corruption =
  /** The record's text cut at `keep`‰ (its line break stays). */
  | { kind: 'truncate'; record: number; keep: number }
  /** A line of text inserted before the record's line. */
  | { kind: 'garbageLine'; record: number; text: string }
  /** Random bytes inserted in the record. */
  | { kind: 'randomBytes'; record: number; at: number; bytes: number[] }
  /** One quote, brace or bracket of the record removed. */
  | { kind: 'dropChar'; record: number; char: string; nth: number }
  /** One quote, brace or bracket inserted in the record. */
  | { kind: 'addChar'; record: number; char: string; at: number }
  /** A quote that opens a field (CSV) or a string (JSON, after a colon) and never closes. */
  | { kind: 'openQuote'; record: number; field: number }
  /** A byte order mark at the start of the file. */
  | { kind: 'bom' }
  /** Every line break written CRLF. */
  | { kind: 'crlf' }
  /** Blank (or blank-looking) lines before the record's line. */
  | { kind: 'blankLines'; record: number; lines: string[] }
  /** A field of the record made 10 MB long. */
  | { kind: 'hugeField'; record: number }
  /** The record's key (first field, or ContactId) made 8000 random letters long: under the size limit, over an index's. */
  | { kind: 'longField'; record: number; seed: number }
  /** Twelve nines before the nth number of the record: past PostgreSQL's integers. */
  | { kind: 'bigNumber'; record: number; nth: number }
  /** An invalid UTF-8 sequence in the record. */
  | { kind: 'invalidUtf8'; record: number; at: number; seq: number[] }
  /** A NUL byte in the record. */
  | { kind: 'nul'; record: number; at: number }
  /** `\u0000` or an unpaired surrogate escape in a JSON string of the record (a NUL byte in a CSV one). */
  | { kind: 'nulEscape'; record: number; escape: string }
  /** Blank padding before the record so that it straddles the reader's chunk boundary at `at`‰ of its text. */
  | { kind: 'chunkSplit'; record: number; at: number };

export type CorruptionKind = Corruption['kind'];

export const HUGE_FIELD_BYTES = 10 * 1024 * 1024;

/** A file as records: where each record's text lies in the bytes. */
export interface Framed {
  bytes: Buffer;
  spans: { start: number; end: number }[];
  /** JSON whose records span several lines (a CRLF changes their text). */
  json: boolean;
}

/** The result: the corrupted bytes, and which records' text the corruption touched. */
export interface Corrupted {
  bytes: Buffer;
  touched: Set<number>;
}

const permille = (n: number, len: number) => Math.round((Math.min(Math.max(n, 0), 1000) / 1000) * len);

/** Applies corruptions in order (a chunk split last, so its alignment holds). */
export function corrupt(file: Framed, corruptions: Corruption[]): Corrupted {
  let bytes = file.bytes;
  const spans = file.spans.map((s) => ({ ...s }));
  const touched = new Set<number>();
  const n = spans.length;

  /** Replaces [from, to) by `ins`; records whose text the edit reaches (ends included) are touched, unless `clean`. */
  const edit = (from: number, to: number, ins: Buffer, clean = false) => {
    bytes = Buffer.concat([bytes.subarray(0, from), ins, bytes.subarray(to)]);
    const delta = ins.length - (to - from);
    spans.forEach((sp, i) => {
      if (!clean && sp.start <= to && sp.end >= from) touched.add(i);
      if (sp.start >= to) {
        sp.start += delta;
        sp.end += delta;
      } else if (sp.end > from) sp.end = Math.max(from, sp.end + delta);
    });
  };
  const lineStart = (r: number) => {
    const nl = bytes.lastIndexOf(0x0a, Math.max(spans[r].start - 1, 0));
    return nl < 0 || nl >= spans[r].start ? 0 : nl + 1;
  };
  const inside = (r: number, at: number) => spans[r].start + permille(at, spans[r].end - spans[r].start);

  const ordered = [...corruptions.filter((c) => c.kind !== 'chunkSplit'), ...corruptions.filter((c) => c.kind === 'chunkSplit')];
  for (const c of ordered) {
    if (n === 0) break;
    const r = 'record' in c ? c.record % n : 0;
    const s = spans[r];
    switch (c.kind) {
      case 'truncate': {
        const cut = s.start + permille(c.keep, s.end - s.start);
        if (cut < s.end) edit(cut, s.end, Buffer.alloc(0));
        break;
      }
      case 'garbageLine': {
        const at = lineStart(r);
        edit(at, at, Buffer.from(`${c.text.replace(/[\r\n]/g, ' ')}\n`), true);
        break;
      }
      case 'randomBytes':
        edit(inside(r, c.at), inside(r, c.at), Buffer.from(c.bytes));
        break;
      case 'dropChar': {
        const hits: number[] = [];
        for (let i = s.start; i < s.end; i++) if (bytes[i] === c.char.charCodeAt(0)) hits.push(i);
        if (hits.length) {
          const i = hits[c.nth % hits.length];
          edit(i, i + 1, Buffer.alloc(0));
        }
        break;
      }
      case 'addChar':
        edit(inside(r, c.at), inside(r, c.at), Buffer.from(c.char));
        break;
      case 'openQuote': {
        // right after the field-th comma (CSV: a field's start) or colon (JSON: a value's start)
        const sep = file.json ? 0x3a : 0x2c;
        const at: number[] = [s.start];
        for (let i = s.start; i < s.end; i++) if (bytes[i] === sep) at.push(i + 1);
        const i = at[c.field % at.length];
        edit(i, i, Buffer.from('"'));
        break;
      }
      case 'bom':
        if (!(bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)) edit(0, 0, Buffer.from([0xef, 0xbb, 0xbf]), true);
        break;
      case 'crlf': {
        // every LF not already after a CR; JSON records of several lines change text
        for (let i = bytes.length - 1; i >= 0; i--) {
          if (bytes[i] !== 0x0a || (i > 0 && bytes[i - 1] === 0x0d)) continue;
          const within = spans.findIndex((x) => x.start < i && i < x.end);
          edit(i, i, Buffer.from('\r'), true);
          if (within >= 0 && file.json) touched.add(within);
        }
        break;
      }
      case 'blankLines': {
        const at = lineStart(r);
        edit(at, at, Buffer.from(c.lines.map((l) => `${l}\n`).join('')), true);
        break;
      }
      case 'hugeField': {
        // inside the first string value (JSON) or at the start of the second field (CSV)
        const text = bytes.subarray(s.start, s.end).toString('latin1');
        const m = file.json ? /":\s*"/.exec(text) : /,/.exec(text);
        const at = s.start + (m ? m.index + m[0].length : 1);
        edit(at, at, Buffer.alloc(HUGE_FIELD_BYTES, 'x'));
        break;
      }
      case 'longField': {
        const text = bytes.subarray(s.start, s.end).toString('latin1');
        const m = file.json ? (/"ContactId":\s*"/.exec(text) ?? /":\s*"/.exec(text)) : null;
        const at = s.start + (m ? m.index + m[0].length : 0);
        let x = c.seed >>> 0 || 1;
        const letters = Buffer.alloc(8000); // even compressed, more than a btree entry may hold
        for (let i = 0; i < letters.length; i++) {
          x = (Math.imul(x, 1103515245) + 12345) >>> 0;
          letters[i] = 0x61 + ((x >>> 16) % 26);
        }
        edit(at, at, letters);
        break;
      }
      case 'bigNumber': {
        const text = bytes.subarray(s.start, s.end).toString('latin1');
        const numbers = [...text.matchAll(/(?<=[:,]\s*)\d+(?=\s*[,}\]]|$)/g)];
        if (numbers.length) {
          const at = s.start + numbers[c.nth % numbers.length].index!;
          edit(at, at, Buffer.from('999999999999'));
        }
        break;
      }
      case 'invalidUtf8':
        edit(inside(r, c.at), inside(r, c.at), Buffer.from(c.seq));
        break;
      case 'nul':
        edit(inside(r, c.at), inside(r, c.at), Buffer.from([0]));
        break;
      case 'nulEscape': {
        const text = bytes.subarray(s.start, s.end).toString('latin1');
        const m = /":\s*"/.exec(text);
        if (file.json && m) edit(s.start + m.index + m[0].length, s.start + m.index + m[0].length, Buffer.from(c.escape));
        else if (!file.json) edit(s.start + 1, s.start + 1, Buffer.from([0]));
        break;
      }
      case 'chunkSplit': {
        const len = s.end - s.start;
        if (len < 2) break;
        const into = 1 + Math.min(len - 2, permille(c.at, len - 1));
        const sameLine = lineStart(r) !== s.start && bytes.subarray(lineStart(r), s.start).some((b) => b !== 0x20 && b !== 0x09);
        // JSON objects back to back share a line: pad with blanks right before the record; else with a blank line
        const at = sameLine ? s.start : lineStart(r);
        const extra = sameLine ? 0 : 1;
        const target = s.start + extra + into;
        const boundary = Math.ceil((target + 1) / READ_CHUNK_BYTES) * READ_CHUNK_BYTES;
        const pad = boundary - target;
        edit(at, at, Buffer.from(`${' '.repeat(pad)}${sameLine ? '' : '\n'}`), true);
        break;
      }
    }
  }
  return { bytes, touched };
}

// --- generators

const structural = fc.constantFrom('"', '{', '}', '[', ']');
const printable = fc.string({ unit: fc.constantFrom(...'abcXYZ019 ,;:"{}[]\\\'-_.#@'.split('')), minLength: 1, maxLength: 40 });
const badUtf8 = fc.constantFrom<number[]>([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xc0, 0xaf], [0xfe, 0xfe]);
const record = fc.nat({ max: 1000 });
const at = fc.integer({ min: 0, max: 1000 });

export const corruptionArb: fc.Arbitrary<Corruption> = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), record, keep: at }),
  fc.record({ kind: fc.constant('garbageLine' as const), record, text: printable }),
  fc.record({ kind: fc.constant('randomBytes' as const), record, at, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 24 }) }),
  fc.record({ kind: fc.constant('dropChar' as const), record, char: structural, nth: fc.nat({ max: 50 }) }),
  fc.record({ kind: fc.constant('addChar' as const), record, char: structural, at }),
  fc.record({ kind: fc.constant('openQuote' as const), record, field: fc.nat({ max: 20 }) }),
  fc.constant({ kind: 'bom' as const }),
  fc.constant({ kind: 'crlf' as const }),
  fc.record({ kind: fc.constant('blankLines' as const), record, lines: fc.array(fc.constantFrom('', ' ', '\t', ' \t  ', '\r'), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('invalidUtf8' as const), record, at, seq: badUtf8 }),
  fc.record({ kind: fc.constant('longField' as const), record, seed: fc.nat() }),
  fc.record({ kind: fc.constant('bigNumber' as const), record, nth: fc.nat({ max: 20 }) }),
  fc.record({ kind: fc.constant('nul' as const), record, at }),
  fc.record({ kind: fc.constant('nulEscape' as const), record, escape: fc.constantFrom('\\u0000', '\\ud800', '\\uDFFF', '\\udbff\\u0041') }),
);

/** One case: a fixture of the connector, one to three corruptions, maybe a 10 MB field, maybe a chunk split. */
export interface FuzzCase {
  fixture: number;
  corruptions: Corruption[];
}

/** `arb` one time in `n`, else null. */
function rarely<T>(arb: fc.Arbitrary<T>, n: number): fc.Arbitrary<T | null> {
  return fc.oneof({ arbitrary: fc.constant(null), weight: n - 1 }, { arbitrary: arb, weight: 1 });
}

export function caseArb(fixtures: number): fc.Arbitrary<FuzzCase> {
  return fc
    .record({
      fixture: fc.nat({ max: fixtures - 1 }),
      corruptions: fc.array(corruptionArb, { minLength: 1, maxLength: 3 }),
      huge: rarely(fc.record({ kind: fc.constant('hugeField' as const), record }), 10),
      split: rarely(fc.record({ kind: fc.constant('chunkSplit' as const), record, at }), 4),
    })
    .map(({ fixture, corruptions, huge, split }) => ({ fixture, corruptions: [...corruptions, ...(huge ? [huge] : []), ...(split ? [split] : [])] }));
}

/** One hand-picked case per corruption class, so a short run covers them all. */
export function classExamples(fixtures: number): FuzzCase[] {
  const all: Corruption[] = [
    { kind: 'truncate', record: 2, keep: 400 },
    { kind: 'garbageLine', record: 1, text: 'not, "a {record' },
    { kind: 'garbageLine', record: 2, text: 'x,"opens and never closes' },
    { kind: 'garbageLine', record: 2, text: '{"opens": [' },
    { kind: 'randomBytes', record: 1, at: 500, bytes: [0x7b, 0x22, 0x0a, 0xff, 0x00, 0x2c, 0x5d] },
    { kind: 'dropChar', record: 0, char: '}', nth: 0 },
    { kind: 'dropChar', record: 1, char: '"', nth: 3 },
    { kind: 'addChar', record: 2, char: '{', at: 300 },
    { kind: 'addChar', record: 0, char: '"', at: 700 },
    { kind: 'addChar', record: 1, char: '[', at: 500 },
    { kind: 'openQuote', record: 1, field: 2 },
    { kind: 'openQuote', record: 3, field: 5 },
    { kind: 'bom' },
    { kind: 'crlf' },
    { kind: 'blankLines', record: 1, lines: ['', '  \t', ''] },
    { kind: 'hugeField', record: 1 },
    { kind: 'longField', record: 1, seed: 7 },
    { kind: 'bigNumber', record: 1, nth: 1 },
    { kind: 'invalidUtf8', record: 2, at: 600, seq: [0xc3, 0x28] },
    { kind: 'nul', record: 1, at: 500 },
    { kind: 'nulEscape', record: 0, escape: '\\u0000' },
    { kind: 'nulEscape', record: 1, escape: '\\udc00' },
    { kind: 'chunkSplit', record: 1, at: 500 },
  ];
  return all.map((c, i) => ({ fixture: i % fixtures, corruptions: [c] }));
}
