import fs from 'fs';
import os from 'os';
import path from 'path';
import { readCsv } from './csv';
import { RawRecord, SourceError } from './types';

/**
 * The CSV reader, one recovery case at a time, with every expectation written out
 * by hand. Each input is read twice, with the usual 1 MiB reads and with 3-byte
 * reads (every record straddles read boundaries), and both must agree.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const COLUMNS = ['id', 'name', 'note'] as const;
const HEADER = 'id,name,note\n';

let n = 0;
function write(content: string | Buffer): string {
  const file = path.join(dir, `f${++n}.csv`);
  fs.writeFileSync(file, content);
  return file;
}

async function readFile(file: string, opts: { maxRecordBytes?: number; chunkBytes?: number } = {}): Promise<RawRecord<Record<string, string>>[]> {
  const out: RawRecord<Record<string, string>>[] = [];
  for await (const r of readCsv(file, COLUMNS, opts)) out.push(r);
  return out;
}

async function read(content: string | Buffer, maxRecordBytes?: number): Promise<RawRecord<Record<string, string>>[]> {
  const file = write(content);
  const got = await readFile(file, { maxRecordBytes });
  expect(await readFile(file, { maxRecordBytes, chunkBytes: 3 })).toEqual(got);
  return got;
}

const ok = (position: number, text: string, id: string, name: string, note: string) => ({ raw: { id, name, note }, position, text });
const bad = (position: number, text: string, malformed: string) => ({ raw: {}, position, text, malformed });

describe('CSV: well-formed input', () => {
  it('quoted fields, "" escapes, a line break inside quotes, CRLF, BOM, blank lines, columns in any order', async () => {
    const content = '\ufeffname,id,note\r\n"Smith, J",1,plain\r\n\r\n"say ""hi""",2,""\r\n"two\r\nlines",3,x\r\n,4,\r\n';
    expect(await read(content)).toEqual([
      { raw: { id: '1', name: 'Smith, J', note: 'plain' }, position: 2, text: '"Smith, J",1,plain' },
      { raw: { id: '2', name: 'say "hi"', note: '' }, position: 4, text: '"say ""hi""",2,""' },
      { raw: { id: '3', name: 'two\nlines', note: 'x' }, position: 5, text: '"two\nlines",3,x' },
      { raw: { id: '4', name: '', note: '' }, position: 7, text: ',4,' },
    ]);
  });

  it('a quoted field of several lines, with a blank line and lines that are not rows', async () => {
    expect(await read(`${HEADER}1,"para one, still\n\nand two",x\n2,b,c\n`)).toEqual([
      ok(2, '1,"para one, still\n\nand two",x', '1', 'para one, still\n\nand two', 'x'),
      ok(5, '2,b,c', '2', 'b', 'c'),
    ]);
  });
});

describe('CSV: a broken row never absorbs the rows after it', () => {
  it('an unclosed quote followed by valid rows: only its own line is rejected', async () => {
    expect(await read(`${HEADER}1,"abc,x\n2,b,c\n3,"d",e\n`)).toEqual([
      bad(2, '1,"abc,x', 'has an unclosed quote in field 2 (name): line 3 reads as a row of its own'),
      ok(3, '2,b,c', '2', 'b', 'c'),
      ok(4, '3,"d",e', '3', 'd', 'e'),
    ]);
  });

  it('an unclosed quote whose next lines are not rows: each line is judged on its own', async () => {
    expect(await read(`${HEADER}1,"abc\nmore text\nand, more\n2,b,c\n`)).toEqual([
      bad(2, '1,"abc', 'has an unclosed quote in field 2 (name); the lines after it are read on their own'),
      bad(3, 'more text', 'has 1 field(s), the header has 3'),
      bad(4, 'and, more', 'has 2 field(s), the header has 3'),
      ok(5, '2,b,c', '2', 'b', 'c'),
    ]);
  });

  it('an unclosed quote that a later quote would have "closed": the rows between are not swallowed', async () => {
    // Read naively, line 2's quote would close at line 4's first quote, making one record of lines 2-4.
    expect(await read(`${HEADER}1,"abc,x\n2,b,c\n3,d",e\n4,f,g\n`)).toEqual([
      bad(2, '1,"abc,x', 'has an unclosed quote in field 2 (name): line 3 reads as a row of its own'),
      ok(3, '2,b,c', '2', 'b', 'c'),
      bad(4, '3,d",e', 'has a quote inside unquoted field 2 (name)'),
      ok(5, '4,f,g', '4', 'f', 'g'),
    ]);
  });

  it('an unclosed quote in the last field, and at the end of the file', async () => {
    expect(await read(`${HEADER}1,b,"open\n2,b,c\n3,b,"open to the end\nof the file`)).toEqual([
      bad(2, '1,b,"open', 'has an unclosed quote in field 3 (note): line 3 reads as a row of its own'),
      ok(3, '2,b,c', '2', 'b', 'c'),
      bad(4, '3,b,"open to the end', 'has an unclosed quote in field 3 (note); the lines after it are read on their own'),
      bad(5, 'of the file', 'has 1 field(s), the header has 3'),
    ]);
  });

  it('a quote inside an unquoted field, text after a closing quote: the row alone', async () => {
    expect(await read(`${HEADER}1,5" screen,x\n2,"ab"c,"multi\n3,b,c\n`)).toEqual([
      bad(2, '1,5" screen,x', 'has a quote inside unquoted field 2 (name)'),
      bad(3, '2,"ab"c,"multi', 'has text after the closing quote of field 2 (name)'),
      ok(4, '3,b,c', '3', 'b', 'c'),
    ]);
  });

  it('the wrong number of fields, including a quoted field that spans lines', async () => {
    expect(await read(`${HEADER}1,b\n2,b,c,d\n3,"x\ny"\n4,b,c\n`)).toEqual([
      bad(2, '1,b', 'has 2 field(s), the header has 3'),
      bad(3, '2,b,c,d', 'has 4 field(s), the header has 3'),
      bad(4, '3,"x', 'has a quoted field 2 (name) running onto line 5, where the record has 2 field(s), the header has 3; the lines after it are read on their own'),
      bad(5, 'y"', 'has a quote inside unquoted field 1 (id)'),
      ok(6, '4,b,c', '4', 'b', 'c'),
    ]);
  });

  it('an unclosed quote just before a row whose quoted field spans lines: that row is read again, whole', async () => {
    expect(await read(`${HEADER}1,x,"garbage open\n2,"Team,\nNorth",z\n3,b,c\n`)).toEqual([
      bad(2, '1,x,"garbage open', 'has a quoted field 3 (note) running onto line 3, where the record has text after the closing quote of field 3 (note); the lines after it are read on their own'),
      ok(3, '2,"Team,\nNorth",z', '2', 'Team,\nNorth', 'z'),
      ok(5, '3,b,c', '3', 'b', 'c'),
    ]);
  });

  it('a quote added or dropped in a file with a multi-line field', async () => {
    // line 4 lost its closing quote: `North,x` is not a row, so the quote runs on; line 6 is a row: the quote was unclosed
    expect(await read(`${HEADER}1,"Team,\nNorth",x\n2,"Team,\nNorth,x\n3,b,c\n`)).toEqual([
      ok(2, '1,"Team,\nNorth",x', '1', 'Team,\nNorth', 'x'),
      bad(4, '2,"Team,', 'has an unclosed quote in field 2 (name); the lines after it are read on their own'),
      bad(5, 'North,x', 'has 2 field(s), the header has 3'),
      ok(6, '3,b,c', '3', 'b', 'c'),
    ]);
  });
});

describe('CSV: maximum record size', () => {
  const msg = 'larger than 60 bytes (the maximum record size: --max-record-bytes or SWITCHBOARD_MAX_RECORD_BYTES); only its first 60 bytes are kept';
  const long = `1,${'x'.repeat(100)},z`;

  it('a line over the limit, a multi-line record over the limit, an open quote then a line over the limit', async () => {
    const multi = `2,"${'y'.repeat(30)}\n${'y'.repeat(30)}\n${'y'.repeat(30)}",z`;
    expect(await read(`${HEADER}${long}\na,b,c\n${multi}\n3,"open\n${long}\nd,e,f\n`, 60)).toEqual([
      bad(2, long.slice(0, 60), msg),
      ok(3, 'a,b,c', 'a', 'b', 'c'),
      bad(4, multi.slice(0, 60), msg),
      bad(7, '3,"open', 'has an unclosed quote in field 2 (name)'),
      bad(8, long.slice(0, 60), msg),
      ok(9, 'd,e,f', 'd', 'e', 'f'),
    ]);
  });

  it('a record of exactly the limit is read', async () => {
    const row = `1,${'x'.repeat(56)},z`;
    expect(row.length).toBe(60);
    expect(await read(`${HEADER}${row}\n`, 60)).toEqual([ok(2, row, '1', 'x'.repeat(56), 'z')]);
  });
});

describe('CSV: bytes that are not text', () => {
  it('a NUL byte and invalid UTF-8 reject their row, naming line and byte; the text kept has no NUL', async () => {
    const content = Buffer.concat([Buffer.from(`${HEADER}1,a`), Buffer.from([0]), Buffer.from('b,c\n2,'), Buffer.from([0xc3, 0x28]), Buffer.from(',c\n3,żółw,c\n')]);
    expect(await read(content)).toEqual([
      bad(2, '1,a\ufffdb,c', 'contains a NUL byte (0x00) at line 2, byte 4'),
      bad(3, '2,\ufffd(,c', 'is not UTF-8 text (byte 0xc3 at line 3, byte 3)'),
      ok(4, '3,żółw,c', '3', 'żółw', 'c'),
    ]);
  });

  it('a file that is not text at all is refused in one line', async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), Buffer.from(Array.from({ length: 100 }, (_, i) => (i * 37) % 256))]);
    const file = write(zip);
    await expect(readFile(file)).rejects.toThrow(new SourceError(`${file}: not a text file (binary content at byte 2): it is a zip archive (a spreadsheet?), export it as text first`));
  });
});

describe('CSV: files with no rows', () => {
  it.each([
    ['0 bytes', ''],
    ['blank lines', '\n\n  \n'],
    ['a BOM alone', '\ufeff'],
    ['a header alone', 'id,name,note'],
    ['a header and blank lines', '\ufeffid,name,note\r\n\r\n'],
  ])('%s: no records, no error', async (_name, content) => {
    expect(await read(content)).toEqual([]);
  });

  it('a wrong or unreadable header is still fatal, in one line', async () => {
    const wrong = write('id,nom,note\n1,b,c\n');
    await expect(readFile(wrong)).rejects.toThrow(new SourceError(`${wrong}:1: wrong header: missing column(s) name; unknown column(s) nom (expected id,name,note)`));
    const open = write('id,"name,note\n1,b,c\n');
    await expect(readFile(open)).rejects.toThrow(new SourceError(`${open}:1: cannot read the header: it has an unclosed quote in field 2 (name): line 2 reads as a row of its own`));
  });
});
