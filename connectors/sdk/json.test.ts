import fs from 'fs';
import os from 'os';
import path from 'path';
import { Readable } from 'stream';
import { readJsonObjects, splitJsonObjects } from './json';
import { RawRecord, SourceError } from './types';

/**
 * The JSON reader, one recovery case at a time. Every expectation is written out
 * by hand. Each input is read three ways that must agree: the file reader (JSON
 * Lines fast path + framer) with its usual 1 MiB reads, the same with 3-byte reads
 * (so every record straddles read boundaries), and the framer alone fed 5 bytes
 * at a time.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-json-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function viaFile(content: Buffer, opts: { maxRecordBytes?: number; chunkBytes?: number }): Promise<RawRecord<unknown>[]> {
  const file = path.join(dir, `f${++n}.json`);
  fs.writeFileSync(file, content);
  const out: RawRecord<unknown>[] = [];
  for await (const r of readJsonObjects(file, opts)) out.push(r);
  return out;
}

async function viaFramer(content: Buffer, maxRecordBytes?: number, size = 5): Promise<RawRecord<unknown>[]> {
  const chunks = Array.from({ length: Math.ceil(content.length / size) }, (_, i) => content.subarray(i * size, i * size + size));
  const out: RawRecord<unknown>[] = [];
  for await (const r of splitJsonObjects(Readable.from(chunks), { maxRecordBytes })) out.push(r);
  return out;
}

async function read(content: string | Buffer, maxRecordBytes?: number): Promise<RawRecord<unknown>[]> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const got = await viaFile(bytes, { maxRecordBytes });
  expect(await viaFile(bytes, { maxRecordBytes, chunkBytes: 3 })).toEqual(got);
  expect(await viaFramer(bytes, maxRecordBytes)).toEqual(got);
  return got;
}

const ok = (position: number, text: string, raw: unknown) => ({ raw, position, text });
const bad = (position: number, text: string, malformed: unknown) => ({ raw: null, position, text, malformed });

const A = '{"id":"a","n":1}';
const B = '{"id":"b","n":2}';
const C = '{"id":"c","n":3}';
const a = ok(1, A, { id: 'a', n: 1 });

describe('JSON Lines: a broken line is rejected alone, reading resumes at the next line', () => {
  it('the CTR report of issue 7: six lines, the third cut short, gives five records and one rejection', async () => {
    const lines = [
      '{"ContactId":"c-1","Channel":"VOICE"}',
      '{"ContactId":"c-2","Channel":"CHAT"}',
      '{"ContactId": "x", "Channel": "VOICE", ',
      '{"ContactId":"c-4","Channel":"VOICE"}',
      '{"ContactId":"c-5","Channel":"TASK"}',
      '{"ContactId":"c-6","Channel":"VOICE"}',
    ];
    expect(await read(`${lines.join('\n')}\n`)).toEqual([
      ok(1, '{"ContactId":"c-1","Channel":"VOICE"}', { ContactId: 'c-1', Channel: 'VOICE' }),
      ok(2, '{"ContactId":"c-2","Channel":"CHAT"}', { ContactId: 'c-2', Channel: 'CHAT' }),
      bad(3, '{"ContactId": "x", "Channel": "VOICE",', 'is a JSON object cut short (a new record starts on line 4)'),
      ok(4, '{"ContactId":"c-4","Channel":"VOICE"}', { ContactId: 'c-4', Channel: 'VOICE' }),
      ok(5, '{"ContactId":"c-5","Channel":"TASK"}', { ContactId: 'c-5', Channel: 'TASK' }),
      ok(6, '{"ContactId":"c-6","Channel":"VOICE"}', { ContactId: 'c-6', Channel: 'VOICE' }),
    ]);
  });

  it('cut after a colon, where a value (even an object) may come: the next line at column 0 is the next record', async () => {
    expect(await read(`${A}\n{"id":"x","agent":\n${B}\n${C}\n`)).toEqual([
      a,
      bad(2, '{"id":"x","agent":', 'is a JSON object cut short (a new record starts on line 3)'),
      ok(3, B, { id: 'b', n: 2 }),
      ok(4, C, { id: 'c', n: 3 }),
    ]);
  });

  it('cut inside a string: the record ends with its line', async () => {
    expect(await read(`${A}\n{"id":"x","note":"never clo\n${B}\n`)).toEqual([
      a,
      bad(2, '{"id":"x","note":"never clo', 'is a JSON object cut short (a string runs past the end of line 2)'),
      ok(3, B, { id: 'b', n: 2 }),
    ]);
  });

  it('cut inside a nested object or array', async () => {
    expect(await read(`{"id":"x","q":{"name":"Q"\n${A}\n{"id":"y","m":[1,2\n${B}\n`)).toEqual([
      bad(1, '{"id":"x","q":{"name":"Q"', 'is a JSON object cut short (a new record starts on line 2)'),
      ok(2, A, { id: 'a', n: 1 }),
      bad(3, '{"id":"y","m":[1,2', 'is a JSON object cut short (a new record starts on line 4)'),
      ok(4, B, { id: 'b', n: 2 }),
    ]);
  });

  it('a line that is not JSON at all, alone or after a cut record', async () => {
    expect(await read(`${A}\n{"id":"x",\nnot json\n${B}\nnot json either\n${C}\n`)).toEqual([
      a,
      bad(2, '{"id":"x",', 'is a JSON object cut short (line 3 does not continue it)'),
      bad(3, 'not json', 'is not a JSON object'),
      ok(4, B, { id: 'b', n: 2 }),
      bad(5, 'not json either', 'is not a JSON object'),
      ok(6, C, { id: 'c', n: 3 }),
    ]);
  });

  it('a line whose braces balance but which is not JSON', async () => {
    expect(await read(`${A}\n{"id":"x","channel":VOICE}\n{"id":"y" "n":2}\n${B}\n`)).toEqual([
      a,
      bad(2, '{"id":"x","channel":VOICE}', expect.stringMatching(/^is not valid JSON \(Unexpected token 'V'/)),
      bad(3, '{"id":"y" "n":2}', "is not valid JSON (Expected ',' or '}' after property value in JSON at position 10)"),
      ok(4, B, { id: 'b', n: 2 }),
    ]);
  });

  it('a missing closing brace with a swallowed value, and an extra closing brace', async () => {
    expect(await read(`{"id":"x","q":{"name":"Q"}\n${A}\n${B}}\n${C}\n`)).toEqual([
      bad(1, '{"id":"x","q":{"name":"Q"}', 'is a JSON object cut short (a new record starts on line 2)'),
      ok(2, A, { id: 'a', n: 1 }),
      ok(3, B, { id: 'b', n: 2 }),
      bad(3, '}', 'is not a JSON object'),
      ok(4, C, { id: 'c', n: 3 }),
    ]);
  });

  it('an opening brace dropped: the rest of the line is text, the next lines are fine', async () => {
    expect(await read(`"id":"x","n":0}\n${A}\n`)).toEqual([bad(1, '"id":"x","n":0}', 'is not a JSON object'), ok(2, A, { id: 'a', n: 1 })]);
  });

  it('an extra quote: the record is skipped to the end of its line', async () => {
    expect(await read(`{"id":"x"","n":0}\n${A}\n`)).toEqual([
      bad(1, '{"id":"x"","n":0}', "is not valid JSON (Expected ',' or '}' after property value in JSON at position 9)"),
      ok(2, A, { id: 'a', n: 1 }),
    ]);
  });

  it('the last record cut short by the end of the file', async () => {
    expect(await read(`${A}\n{"id":"cut`)).toEqual([a, bad(2, '{"id":"cut', 'is a JSON object cut short (end of file)')]);
  });

  it('BOM, CRLF, blank lines, blank-only lines, a comma after each record, a BOM where two files were joined', async () => {
    expect(await read(`\ufeff${A}\r\n\r\n   \t\r\n${B},\r\n\ufeff${C}`)).toEqual([a, ok(4, B, { id: 'b', n: 2 }), ok(5, C, { id: 'c', n: 3 })]);
  });
});

describe('objects back to back (Firehose): reading resumes where the next object starts', () => {
  it('one record cut short after a colon swallows the next as its value: it comes out on its own', async () => {
    expect(await read(`${A}{"id":"x","agent":${B}${C}`)).toEqual([
      a,
      bad(1, '{"id":"x","agent":', 'is a JSON object cut short (a new record starts on line 1)'),
      ok(1, B, { id: 'b', n: 2 }),
      ok(1, C, { id: 'c', n: 3 }),
    ]);
  });

  it('one record cut short after a value or a comma', async () => {
    expect(await read(`${A}{"id":"x","n":4${B}{"id":"y",${C}`)).toEqual([
      a,
      bad(1, '{"id":"x","n":4', 'is a JSON object cut short (a new record starts on line 1)'),
      ok(1, B, { id: 'b', n: 2 }),
      bad(1, '{"id":"y",', 'is a JSON object cut short (a new record starts on line 1)'),
      ok(1, C, { id: 'c', n: 3 }),
    ]);
  });

  it('an unclosed string swallows the start of the next record, which is recovered at the next }{', async () => {
    expect(await read(`${A}{"id":"x","note":"open${B}${C}`)).toEqual([
      a,
      bad(1, '{"id":"x","note":"open', 'is not valid JSON (Unterminated string in JSON at position 22)'),
      ok(1, B, { id: 'b', n: 2 }),
      ok(1, C, { id: 'c', n: 3 }),
    ]);
  });

  it('a broken record whose brackets balance is skipped to its end', async () => {
    expect(await read(`${A}{"id" "x","q":{"a":[1]}}${B}`)).toEqual([
      a,
      bad(1, '{"id" "x","q":{"a":[1]}}', "is not valid JSON (Expected ':' after property name in JSON at position 6)"),
      ok(1, B, { id: 'b', n: 2 }),
    ]);
  });

  it('text between objects', async () => {
    expect(await read(`${A} junk ${B}\n`)).toEqual([a, bad(1, 'junk', 'is not a JSON object'), ok(1, B, { id: 'b', n: 2 })]);
  });

  it('braces and quotes inside strings do not confuse it', async () => {
    const s = '{"note":"}{ \\"}{\\" ["}';
    expect(await read(`${s}${A}`)).toEqual([ok(1, s, { note: '}{ "}{" [' }), a]);
  });
});

describe('pretty-printed objects and arrays', () => {
  const P = '{\n  "id": "p",\n  "q": {\n    "name": "Q"\n  },\n  "m": [\n    {"t": 1},\n    {"t": 2}\n  ]\n}';
  const p = (line: number) => ok(line, P, { id: 'p', q: { name: 'Q' }, m: [{ t: 1 }, { t: 2 }] });

  it('a pretty-printed object, with nested one-line objects on lines of their own', async () => {
    expect(await read(`${P}\n${P}\n`)).toEqual([p(1), p(11)]);
  });

  it('a missing comma or a trailing comma inside: one rejection for the whole object', async () => {
    expect(await read(`{\n  "id": "x"\n  "n": 1\n}\n{\n  "id": "y",\n}\n${P}\n`)).toEqual([
      bad(1, '{\n  "id": "x"\n  "n": 1\n}', "is not valid JSON (Expected ',' or '}' after property value in JSON at position 16)"),
      bad(5, '{\n  "id": "y",\n}', 'is not valid JSON (Expected double-quoted property name in JSON at position 15)'),
      p(8),
    ]);
  });

  it('the closing brace missing: the next object at column 0 starts a new record', async () => {
    expect(await read(`{\n  "id": "x",\n  "n": 1\n${P}\n`)).toEqual([bad(1, '{\n  "id": "x",\n  "n": 1', 'is a JSON object cut short (a new record starts on line 4)'), p(4)]);
  });

  it('an array of objects, one per line: a broken element is rejected alone', async () => {
    expect(await read(`[\n  ${A},\n  {"id":"x",\n  {"id":"y","agent":\n  ${B},\n  7,\n  ${C}\n]\n`)).toEqual([
      ok(2, A, { id: 'a', n: 1 }),
      bad(3, '{"id":"x",', 'is a JSON object cut short (a new record starts on line 4)'),
      bad(4, '{"id":"y","agent":', 'is a JSON object cut short (a new record starts on line 5)'),
      ok(5, B, { id: 'b', n: 2 }),
      bad(6, '7', 'is not a JSON object'),
      ok(7, C, { id: 'c', n: 3 }),
    ]);
  });

  it('in an array of pretty-printed elements, a line that opens an object and an array and never closes them swallows nothing', async () => {
    const el = (id: string) => `  {\n    "id": "${id}"\n  }`;
    expect(await read(`[\n${el('a')},\n  {"x": [\n${el('b')},\n${el('c')}\n]\n`)).toEqual([
      ok(2, '{\n    "id": "a"\n  }', { id: 'a' }),
      bad(5, '{"x": [', 'is a JSON object cut short (the lines after it hold records of their own)'),
      ok(6, '{\n    "id": "b"\n  }', { id: 'b' }),
      ok(9, '{\n    "id": "c"\n  }', { id: 'c' }),
    ]);
  });

  it('an array on one line, and an array whose closing bracket is missing', async () => {
    expect(await read(`[${A},${B}]`)).toEqual([a, ok(1, B, { id: 'b', n: 2 })]);
    expect(await read(`[\n${A},\n${B}\n`)).toEqual([ok(2, A, { id: 'a', n: 1 }), ok(3, B, { id: 'b', n: 2 })]);
  });

  it('a line that is an array in JSON Lines is not an object', async () => {
    expect(await read(`${A}\n[1,2]\n${B}\n`)).toEqual([a, bad(2, '[1,2]', 'is not a JSON object'), ok(3, B, { id: 'b', n: 2 })]);
  });
});

describe('maximum record size', () => {
  const big = (id: string, len: number) => `{"id":"${id}","pad":"${'z'.repeat(len)}"}`;

  it('a JSON Lines record over the limit is rejected; only the first bytes are kept; the next lines are read', async () => {
    const got = await read(`${A}\n${big('x', 500)}\n${B}\n`, 100);
    expect(got).toEqual([
      a,
      bad(2, big('x', 500).slice(0, 100), 'larger than 100 bytes (the maximum record size: --max-record-bytes or SWITCHBOARD_MAX_RECORD_BYTES); only its first 100 bytes are kept'),
      ok(3, B, { id: 'b', n: 2 }),
    ]);
  });

  it('over the limit and cut short, over the limit back to back, a pretty-printed object over the limit', async () => {
    const msg = 'larger than 100 bytes (the maximum record size: --max-record-bytes or SWITCHBOARD_MAX_RECORD_BYTES); only its first 100 bytes are kept';
    const pretty = `{\n  "id": "p",\n  "pad": "${'z'.repeat(200)}"\n}`;
    const got = await read(`${big('x', 300).slice(0, -2)}\n${A}\n${big('y', 300)}${B}\n${pretty}\n${C}\n`, 100);
    expect(got).toEqual([
      bad(1, big('x', 300).slice(0, 100), msg),
      ok(2, A, { id: 'a', n: 1 }),
      bad(3, big('y', 300).slice(0, 100), msg),
      ok(3, B, { id: 'b', n: 2 }),
      bad(4, pretty.slice(0, 100), msg),
      ok(8, C, { id: 'c', n: 3 }),
    ]);
  });

  it('a record of exactly the limit is read', async () => {
    const rec = big('e', 100 - big('e', 0).length);
    expect(Buffer.byteLength(rec)).toBe(100);
    expect(await read(`${rec}\n`, 100)).toEqual([ok(1, rec, { id: 'e', pad: 'z'.repeat(100 - big('e', 0).length) })]);
  });
});

describe('bytes that are not text', () => {
  const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

  it('a NUL byte, invalid UTF-8, a \\u0000 escape and an unpaired surrogate reject their record (with its line); the text kept has no NUL', async () => {
    const content = bytes(`${A}\n{"id":"n`, [0], `ul"}\n{"id":"`, [0xff, 0xfe], `"}\n{"id":"esc\\u0000"}\n{"id":"not a nul: \\\\u0000"}\n${B}\n{"id":"half \\ud83d"}\n{"id":"pair \\ud83d\\udc22"}\n`);
    expect(await read(content)).toEqual([
      a,
      bad(2, '{"id":"n\ufffdul"}', 'contains a NUL byte (0x00) at line 2, byte 9'),
      bad(3, '{"id":"\ufffd\ufffd"}', 'is not UTF-8 text (byte 0xff at line 3, byte 8)'),
      bad(4, '{"id":"esc\\u0000"}', 'holds a NUL character (\\u0000) in id, which cannot be stored as text'),
      ok(5, '{"id":"not a nul: \\\\u0000"}', { id: 'not a nul: \\u0000' }),
      ok(6, B, { id: 'b', n: 2 }),
      bad(7, '{"id":"half \\ud83d"}', 'holds an unpaired surrogate (\\ud83d) in id, which cannot be stored as text'),
      ok(8, '{"id":"pair \\ud83d\\udc22"}', { id: 'pair 🐢' }),
    ]);
  });

  it('a \\u0000 deep in an ignored field still rejects the record, naming the path', async () => {
    expect(await read('{"id":"a","Attributes":{"k":["x","\\u0000"]}}\n')).toEqual([
      bad(1, '{"id":"a","Attributes":{"k":["x","\\u0000"]}}', 'holds a NUL character (\\u0000) in Attributes.k[1], which cannot be stored as text'),
    ]);
  });

  it('binary garbage on a line of its own is one rejection; multi-byte UTF-8 is fine', async () => {
    const content = bytes(`${A}\n`, [0x01, 0x02, 0x80, 0x41], '\n{"id":"żółw 🐢"}\n');
    expect(await read(content)).toEqual([a, bad(2, '\u0001\u0002\ufffdA', 'is not UTF-8 text (byte 0x80 at line 2, byte 3)'), ok(3, '{"id":"żółw 🐢"}', { id: 'żółw 🐢' })]);
  });

  it('a NUL as the very first byte: the file is still text (judged on its first 4 KiB, whatever the read size)', async () => {
    expect(await read(bytes([0], `\n${A}\n`))).toEqual([bad(1, '\ufffd', 'contains a NUL byte (0x00) at line 1, byte 1'), ok(2, A, { id: 'a', n: 1 })]);
  });

  it('a file that is not text at all is refused in one line', async () => {
    const gz = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xab, 0x56, 0xca, 0x4c, 0x51, 0xb2, 0x52, 0x4a]);
    await expect(viaFile(gz, {})).rejects.toThrow(new SourceError(`${path.join(dir, `f${n}.json`)}: not a text file (binary content at byte 0): it is gzip-compressed, decompress it first`));
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]), Buffer.alloc(200)]);
    await expect(viaFile(elf, {})).rejects.toThrow(/f\d+\.json: not a text file \(binary content at byte 4\)$/);
    const utf16 = Buffer.from(`\ufeff${A}`, 'utf16le');
    await expect(viaFile(utf16, {})).rejects.toThrow(/: not a UTF-8 text file \(UTF-16 byte order mark\): save it as UTF-8$/);
  });
});

describe('files with nothing in them', () => {
  it.each([
    ['0 bytes', ''],
    ['blanks and line breaks', '  \n\n\t\r\n'],
    ['a BOM alone', '\ufeff'],
    ['a BOM and blank lines', '\ufeff\n\n'],
    ['an empty array', '[]\n'],
  ])('%s: no records', async (_name, content) => {
    expect(await read(content)).toEqual([]);
  });
});

describe('fast path and framer agree on large inputs', () => {
  const obj = (i: number) => JSON.stringify({ ContactId: `c-${i}`, Attributes: { note: `brace } and "quote" ${i}` }, Agent: i % 3 ? null : { Username: 'a' } });

  it('JSON Lines over many 1 MiB reads, lines straddling reads, one broken line, one pretty object, back-to-back objects', async () => {
    const lines = Array.from({ length: 40000 }, (_, i) => obj(i)); // ~3.6 MB
    lines.splice(1, 0, '{\n  "ContactId": "pretty"\n}');
    lines.splice(20000, 0, `${obj(-1)}${obj(-2)}`);
    lines.splice(30000, 0, '{"ContactId": "cut", ');
    const content = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    const got = await viaFile(content, {});
    expect(got).toHaveLength(40004);
    expect(got.filter((r) => r.malformed)).toEqual([bad(30003, '{"ContactId": "cut",', 'is a JSON object cut short (a new record starts on line 30004)')]);
    expect(got[1]).toEqual(ok(2, '{\n  "ContactId": "pretty"\n}', { ContactId: 'pretty' }));
    expect(got[20000].position).toBe(got[20001].position);
    expect(await viaFramer(content, undefined, 65521)).toEqual(got);
  });

  it('a single line over 1 MiB (a Firehose file) gives every object, all on line 1', async () => {
    const count = 15000;
    const content = Buffer.from(Array.from({ length: count }, (_, i) => obj(i)).join(''), 'utf8');
    expect(content.length).toBeGreaterThan(1 << 20);
    const got = await viaFile(content, {});
    expect(got).toHaveLength(count);
    expect(got.every((r) => r.position === 1 && !r.malformed)).toBe(true);
    expect(got[count - 1].raw).toEqual({ ContactId: `c-${count - 1}`, Attributes: { note: `brace } and "quote" ${count - 1}` }, Agent: null }); // 14999 % 3 !== 0
  });
});
