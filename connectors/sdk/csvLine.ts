/**
 * The RFC 4180 state of a CSV record read line by line: the fields so far, and
 * whether the last one is a quoted field still open at the end of the line.
 */
export interface CsvRowState {
  fields: string[];
  /** The open quoted field's text so far (inQuote only). */
  cur: string;
  inQuote: boolean;
  /** What is wrong with the record, with the 1-based field it is about. */
  error: { what: 'quote-inside' | 'after-quote'; field: number } | null;
}

export const freshRow = (): CsvRowState => ({ fields: [], cur: '', inQuote: false, error: null });

/**
 * Reads one physical line (without its line break) into `st`, strictly: a quote
 * opens a field only at its start, `""` in a quoted field is one quote, and a
 * closing quote is followed by `,` or the end of the line. After an error the
 * rest of the line is not read (the record ends with this line).
 */
export function readCsvLine(s: string, st: CsvRowState): void {
  const n = s.length;
  let i = 0;
  if (st.inQuote) {
    st.cur += '\n';
  } else if (s.indexOf('"') < 0) {
    st.fields = s.split(','); // the usual line: no quotes at all (and a fresh record)
    return;
  }
  for (;;) {
    if (st.inQuote) {
      const q = s.indexOf('"', i);
      if (q < 0) {
        st.cur += s.slice(i);
        return; // still open at the end of the line
      }
      st.cur += s.slice(i, q);
      if (s.charCodeAt(q + 1) === 0x22) {
        st.cur += '"';
        i = q + 2;
        continue;
      }
      st.inQuote = false;
      st.fields.push(st.cur);
      st.cur = '';
      i = q + 1;
      if (i === n) return;
      if (s.charCodeAt(i) !== 0x2c) {
        st.error = { what: 'after-quote', field: st.fields.length };
        return;
      }
      i++;
      if (i === n) {
        st.fields.push('');
        return;
      }
      continue;
    }
    if (s.charCodeAt(i) === 0x22) {
      st.inQuote = true;
      i++;
      continue;
    }
    let j = s.indexOf(',', i);
    if (j < 0) j = n;
    const cell = s.slice(i, j);
    st.fields.push(cell);
    if (cell.includes('"')) {
      st.error = { what: 'quote-inside', field: st.fields.length };
      return;
    }
    if (j === n) return;
    i = j + 1;
    if (i === n) {
      st.fields.push('');
      return;
    }
  }
}

/** True when the line, read on its own, is a whole row of `count` fields. */
export function isWholeRow(s: string, count: number): boolean {
  const st = freshRow();
  readCsvLine(s, st);
  return st.error === null && !st.inQuote && st.fields.length === count;
}
