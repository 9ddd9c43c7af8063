import { CsvRowState, freshRow, isWholeRow, readCsvLine } from './csvLine';
import { OVERSIZED_KEPT_BYTES, oversizedMessage } from './text';

/** A CSV record as framed: its fields, or why it cannot be read. */
export type CsvPiece =
  | { kind: 'row'; fields: string[]; line: number; text: string; problem: string | null }
  | { kind: 'bad'; line: number; text: string; why: string };

interface Pending {
  st: CsvRowState;
  lines: string[];
  line: number;
  size: number;
  problem: string | null;
  oversized: boolean;
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
 *  - a record or a line larger than the maximum size is rejected without being
 *    kept (its first bytes excepted); an oversized line also ends an open record.
 */
export class CsvFramer {
  readonly out: CsvPiece[] = [];
  private pending: Pending | null = null;

  constructor(private readonly columns: readonly string[], private readonly maxBytes: number) {}

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
    const rec: Pending = { st, lines: [text], line, size: bytes, problem, oversized: false };
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
    if (!p.oversized) p.lines.push(text);
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
    p.lines = [p.lines.join('\n').slice(0, Math.min(OVERSIZED_KEPT_BYTES, this.maxBytes))];
    p.oversized = true;
  }

  private fieldName(k: number): string {
    return this.columns[k - 1] ?? `beyond the last column`;
  }

  private complete(p: Pending): void {
    const text = p.lines.join('\n');
    if (p.oversized) this.out.push({ kind: 'bad', line: p.line, text, why: oversizedMessage(this.maxBytes) });
    else if (p.st.error) {
      const { what, field } = p.st.error;
      const why = what === 'quote-inside' ? `has a quote inside unquoted field ${field} (${this.fieldName(field)})` : `has text after the closing quote of field ${field} (${this.fieldName(field)})`;
      this.out.push({ kind: 'bad', line: p.line, text, why });
    } else this.out.push({ kind: 'row', fields: p.st.fields, line: p.line, text, problem: p.problem });
  }

  private unclosed(p: Pending, detail: string): void {
    const text = p.lines.join('\n');
    const field = p.st.fields.length + 1;
    const why = p.oversized ? oversizedMessage(this.maxBytes) : `has an unclosed quote in field ${field} (${this.fieldName(field)})${detail}`;
    this.out.push({ kind: 'bad', line: p.line, text, why });
  }
}
