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
 *    fields, quotes well formed). If it is one, the quote is taken as unclosed,
 *    and that line is a record of its own: a valid row is never swallowed;
 *  - a record of several lines that turns out broken (its quote never closes,
 *    or the record is malformed where it ends) is rejected as its first line
 *    alone, and its other lines are read again as records of their own;
 *  - any other error (a quote inside an unquoted field, text after a closing
 *    quote, the wrong number of fields) rejects the record;
 *  - a record or a line larger than the maximum size is rejected without being
 *    kept (its first bytes excepted); an oversized line also ends an open record.
 * Lines read again never outnumber the lines read, so the cost stays linear.
 */
export class CsvFramer {
  readonly out: CsvPiece[] = [];
  private pending: Pending | null = null;
  private fed = 0;
  private replayed = 0;

  constructor(private readonly columns: readonly string[], private readonly maxBytes: number) {}

  /** One physical line, decoded, without its line break; `problem` says what is wrong with its bytes. */
  line(text: string, bytes: number, line: number, problem: string | null): void {
    this.fed++;
    this.take({ text, bytes, line, problem });
  }

  /** A physical line larger than the maximum record size (only its first bytes, decoded). */
  oversizedLine(head: string, line: number): void {
    this.fed++;
    const p = this.pending;
    this.pending = null;
    if (p) this.unclosed(p, '');
    this.out.push({ kind: 'bad', line, text: head, why: oversizedMessage(this.maxBytes) });
  }

  end(): void {
    while (this.pending) {
      const p = this.pending;
      this.pending = null;
      this.unclosed(p, ' (end of file)');
    }
  }

  private take(l: Line): void {
    const p = this.pending;
    if (p) {
      if (!isWholeRow(l.text, this.columns.length)) {
        this.continue(p, l);
        return;
      }
      this.pending = null;
      this.unclosed(p, `: line ${l.line} reads as a row of its own`);
    }
    const st = freshRow();
    readCsvLine(l.text, st);
    const rec: Pending = { st, lines: [l], line: l.line, size: l.bytes, problem: l.problem, oversized: false, openField: st.fields.length + 1 };
    if (l.bytes > this.maxBytes) this.shrink(rec);
    if (st.inQuote) this.pending = rec;
    else this.complete(rec);
  }

  private continue(p: Pending, l: Line): void {
    readCsvLine(l.text, p.st);
    p.size += l.bytes + 1;
    p.problem ??= l.problem;
    if (!p.oversized) p.lines.push(l);
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
    return `${k} (${this.columns[k - 1] ?? 'beyond the last column'})`;
  }

  /** What is wrong with a record that ended, or null. */
  private problemOf(p: Pending): string | null {
    const e = p.st.error;
    if (e) return e.what === 'quote-inside' ? `has a quote inside unquoted field ${this.fieldName(e.field)}` : `has text after the closing quote of field ${this.fieldName(e.field)}`;
    return p.st.fields.length === this.columns.length ? null : `has ${p.st.fields.length} field(s), the header has ${this.columns.length}`;
  }

  private complete(p: Pending): void {
    if (p.oversized) {
      this.out.push({ kind: 'bad', line: p.line, text: textOf(p), why: oversizedMessage(this.maxBytes) });
      return;
    }
    const problem = this.problemOf(p);
    if (problem && p.lines.length > 1 && this.readAgain(p, `has a quoted field ${this.fieldName(p.openField)} running onto line ${p.lines[p.lines.length - 1].line}, where the record ${problem}`)) return;
    if (p.st.error) this.out.push({ kind: 'bad', line: p.line, text: textOf(p), why: problem! });
    // the reader judges the number of fields (the header is a row too)
    else this.out.push({ kind: 'row', fields: p.st.fields, line: p.line, text: textOf(p), problem: p.problem });
  }

  private unclosed(p: Pending, detail: string): void {
    if (!p.oversized && p.lines.length > 1 && this.readAgain(p, `has an unclosed quote in field ${this.fieldName(p.openField)}`)) return;
    const why = p.oversized ? oversizedMessage(this.maxBytes) : `has an unclosed quote in field ${this.fieldName(p.st.fields.length + 1)}${detail}`;
    this.out.push({ kind: 'bad', line: p.line, text: textOf(p), why });
  }

  /** Rejects the broken record's first line alone and reads its other lines again (within the budget). */
  private readAgain(p: Pending, why: string): boolean {
    const again = p.lines.slice(1);
    if (this.replayed + again.length > this.fed) return false;
    this.replayed += again.length;
    this.out.push({ kind: 'bad', line: p.line, text: p.lines[0].text, why: `${why}; the lines after it are read on their own` });
    for (const l of again) this.take(l);
    return true;
  }
}

function textOf(p: Pending): string {
  return p.lines.length === 1 ? p.lines[0].text : p.lines.map((l) => l.text).join('\n');
}
