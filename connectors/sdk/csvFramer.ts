import { CsvRowState, freshRow, isWholeRow, readCsvLine } from './csvLine';
import { OVERSIZED_KEPT_BYTES, oversizedMessage } from './text';

/** A CSV record as framed: its fields, or why it cannot be read. */
export type CsvPiece =
  | { kind: 'row'; fields: string[]; line: number; text: string; problem: string | null }
  | { kind: 'bad'; line: number; text: string; why: string };

interface Line {
  text: string;
  bytes: number;
  line: number;
  problem: string | null;
}

interface Pending {
  st: CsvRowState;
  lines: Line[];
  line: number;
  size: number;
  problem: string | null;
  oversized: boolean;
  /** The field whose quote opened on the first line. */
  openField: number;
}

/**
 * Groups the physical lines of a CSV file into records, so that a broken row
 * never absorbs the rows after it (README "Malformed input"):
 *  - a record is one line, or several when a quoted field holds line breaks;
 *  - a quoted field still open at the end of a line continues on the next line
 *    only if that line, read on its own, is not a whole row (right number of
 *    fields, quotes well formed). If it is one, the quote is taken as unclosed: the
 *    record is rejected up to the end of its current line, and the next line is a
 *    record of its own. So a line that is a valid row is never swallowed;
 *  - any other error (a quote inside an unquoted field, text after a closing
 *    quote) rejects the record through the end of the line it is on;
 *  - a record of several lines that fails (an error, the wrong number of
 *    fields) is rejected as its first line alone when its other lines, read on
 *    their own, hold a whole row or open a new record: the quote opened on the
 *    first line swallowed them, and they are read again;
 *  - a record or a line larger than the maximum size is rejected without being
 *    kept (its first bytes excepted); an oversized line also ends an open record.
 */
export class CsvFramer {
  readonly out: CsvPiece[] = [];
  private pending: Pending | null = null;

  /** `backtrack`: false for the scratch framer that decides whether reading lines again pays. */
  constructor(private readonly columns: readonly string[], private readonly maxBytes: number, private readonly backtrack = true) {}

  /** One physical line, decoded, without its line break; `problem` says what is wrong with its bytes. */
  line(text: string, bytes: number, line: number, problem: string | null): void {
    const p = this.pending;
    if (p) {
      if (isWholeRow(text, this.columns.length)) {
        this.unclosed(p, `: line ${line} reads as a row of its own`);
        this.pending = null;
      } else {
        this.continue(p, text, bytes, problem);
        return;
      }
    }
    const st = freshRow();
    readCsvLine(text, st);
    const rec: Pending = { st, lines: [{ text, bytes, line, problem }], line, size: bytes, problem, oversized: false, openField: st.fields.length + 1 };
    if (bytes > this.maxBytes) this.shrink(rec);
    if (st.inQuote) this.pending = rec;
    else this.complete(rec);
  }

  /** A physical line larger than the maximum record size (only its first bytes, decoded). */
  oversizedLine(head: string, line: number): void {
    if (this.pending) this.unclosed(this.pending, '');
    this.pending = null;
    this.out.push({ kind: 'bad', line, text: head, why: oversizedMessage(this.maxBytes) });
  }

  end(): void {
    if (this.pending) this.unclosed(this.pending, ' (end of file)');
    this.pending = null;
  }

  private continue(p: Pending, text: string, bytes: number, problem: string | null): void {
    readCsvLine(text, p.st);
    p.size += bytes + 1;
    p.problem ??= problem;
    if (!p.oversized) p.lines.push({ text, bytes, line: p.line + p.lines.length, problem });
    if (p.size > this.maxBytes && !p.oversized) this.shrink(p);
    if (p.oversized) {
      p.st.cur = '';
      p.st.fields = [];
    }
    if (!p.st.inQuote) {
      this.pending = null;
      this.complete(p);
    }
  }

  /** Past the limit: keep the record's first bytes only. */
  private shrink(p: Pending): void {
    const head = textOf(p).slice(0, Math.min(OVERSIZED_KEPT_BYTES, this.maxBytes));
    p.lines = [{ text: head, bytes: 0, line: p.line, problem: null }];
    p.oversized = true;
  }

  private fieldName(k: number): string {
    return this.columns[k - 1] ?? `beyond the last column`;
  }

  private complete(p: Pending): void {
    const text = textOf(p);
    const failed = p.st.error !== null || p.st.fields.length !== this.columns.length;
    if (failed && !p.oversized && p.lines.length > 1 && this.backtrack && this.recovers(p.lines.slice(1))) {
      const first = p.lines[0];
      const why = `has an unclosed quote in field ${p.openField} (${this.fieldName(p.openField)}): the lines after it hold rows of their own`;
      this.out.push({ kind: 'bad', line: p.line, text: first.text, why });
      for (const l of p.lines.slice(1)) this.line(l.text, l.bytes, l.line, l.problem);
      return;
    }
    if (p.oversized) this.out.push({ kind: 'bad', line: p.line, text, why: oversizedMessage(this.maxBytes) });
    else if (p.st.error) {
      const { what, field } = p.st.error;
      const why = what === 'quote-inside' ? `has a quote inside unquoted field ${field} (${this.fieldName(field)})` : `has text after the closing quote of field ${field} (${this.fieldName(field)})`;
      this.out.push({ kind: 'bad', line: p.line, text, why });
    } else this.out.push({ kind: 'row', fields: p.st.fields, line: p.line, text, problem: p.problem });
  }

  /** Whether these lines, read on their own, give a whole row or end inside a new record. */
  private recovers(lines: Line[]): boolean {
    const scratch = new CsvFramer(this.columns, this.maxBytes, false);
    for (const l of lines) scratch.line(l.text, l.bytes, l.line, l.problem);
    return scratch.pending !== null || scratch.out.some((x) => x.kind === 'row' && x.fields.length === this.columns.length && x.problem === null);
  }

  private unclosed(p: Pending, detail: string): void {
    const text = textOf(p);
    const field = p.st.fields.length + 1;
    const why = p.oversized ? oversizedMessage(this.maxBytes) : `has an unclosed quote in field ${field} (${this.fieldName(field)})${detail}`;
    this.out.push({ kind: 'bad', line: p.line, text, why });
  }
}

function textOf(p: Pending): string {
  return p.lines.length === 1 ? p.lines[0].text : p.lines.map((l) => l.text).join('\n');
}
