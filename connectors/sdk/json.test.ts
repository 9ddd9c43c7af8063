import fs from 'fs';
import os from 'os';
import path from 'path';
import { Readable } from 'stream';
import { readJsonObjects, splitJsonObjects } from './json';
import { RawRecord } from './types';

/**
 * readJsonObjects takes a fast path for JSON Lines and falls back to the
 * splitter at the first line that is not one whole object. Whatever the framing,
 * it must give exactly what the splitter alone gives.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-json-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function viaSplitterOnly(content: Buffer): Promise<RawRecord<unknown>[]> {
  const out: RawRecord<unknown>[] = [];
  // small chunks, so objects also straddle chunk boundaries
  const chunks = Array.from({ length: Math.ceil(content.length / 7) }, (_, i) => content.subarray(i * 7, i * 7 + 7));
  for await (const p of splitJsonObjects(Readable.from(chunks))) {
    if (!p.complete) {
      out.push({ raw: null, position: p.line, text: p.text, malformed: p.text.startsWith('{') ? 'is a JSON object cut short (end of file)' : 'is not a JSON object' });
      continue;
    }
    try {
      out.push({ raw: JSON.parse(p.text), position: p.line, text: p.text });
    } catch (e) {
      out.push({ raw: null, position: p.line, text: p.text, malformed: `is not valid JSON (${(e as Error).message})` });
    }
  }
  return out;
}

async function viaReader(content: Buffer): Promise<RawRecord<unknown>[]> {
  const file = path.join(dir, `f${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, content);
  const out: RawRecord<unknown>[] = [];
  for await (const r of readJsonObjects(file)) out.push(r);
  return out;
}

const obj = (i: number) => JSON.stringify({ ContactId: `c-${i}`, Attributes: { note: `brace } and "quote" ${i}` }, Agent: i % 3 ? null : { Username: 'a' } });

const cases: Record<string, string> = {
  'JSON Lines': `${[1, 2, 3].map(obj).join('\n')}\n`,
  'JSON Lines with CRLF, blank lines and a BOM': `\ufeff${obj(1)}\r\n\r\n  ${obj(2)}  \r\n${obj(3)}`,
  'JSON Lines, then pretty-printed objects': `${obj(1)}\n${obj(2)}\n{\n  "ContactId": "p-1",\n  "Agent": null\n}\n${obj(3)}\n`,
  'Firehose: back to back on one line': [1, 2, 3, 4].map(obj).join(''),
  'JSON Lines, then back-to-back objects': `${obj(1)}\n${obj(2)}${obj(3)}\n${obj(4)}\n`,
  'an array': `[\n${[1, 2].map(obj).join(',\n')}\n]\n`,
  'blank lines, then an array': `\n\n[${obj(1)},${obj(2)}]`,
  'a broken line in JSON Lines': `${obj(1)}\n{"ContactId": "x", }\n${obj(2)}\nnot json at all\n${obj(3)}\n`,
  'a truncated last record': `${obj(1)}\n{"ContactId": "cut`,
  'a line that is an array in JSON Lines': `${obj(1)}\n[1,2]\n${obj(2)}\n`,
  'a pretty-printed single object': `{\n  "ContactId": "only",\n  "Queue": { "Name": "Q" }\n}\n`,
};

describe('readJsonObjects', () => {
  it.each(Object.entries(cases))('%s: same records, positions and texts as the splitter', async (_name, text) => {
    const content = Buffer.from(text, 'utf8');
    const expected = await viaSplitterOnly(content);
    expect(expected.length).toBeGreaterThan(0);
    expect(await viaReader(content)).toEqual(expected);
  });

  it('falls back early in a file of many chunks without losing any', async () => {
    const lines = Array.from({ length: 40000 }, (_, i) => obj(i)); // ~3.6 MB: several 1 MiB chunks
    lines.splice(1, 0, '{\n  "ContactId": "pretty"\n}');
    lines.splice(20000, 0, `${obj(-1)}${obj(-2)}`);
    const content = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    const got = await viaReader(content);
    expect(got).toEqual(await viaSplitterOnly(content));
    expect(got).toHaveLength(40003);
  });

  it('JSON Lines across many chunks, lines straddling chunk boundaries', async () => {
    const content = Buffer.from(`${Array.from({ length: 40000 }, (_, i) => obj(i)).join('\n')}\n`, 'utf8');
    const got = await viaReader(content);
    expect(got).toHaveLength(40000);
    expect(got.map((r) => r.position)).toEqual(Array.from({ length: 40000 }, (_, i) => i + 1));
    expect(got).toEqual(await viaSplitterOnly(content));
  });

  it('a single line over 1 MiB (a Firehose file) gives every object, all on line 1', async () => {
    const n = 15000; // ~ 90 bytes each: past the fast path's 1 MiB line limit
    const content = Buffer.from(Array.from({ length: n }, (_, i) => obj(i)).join(''), 'utf8');
    expect(content.length).toBeGreaterThan(1 << 20);
    const got = await viaReader(content);
    expect(got).toHaveLength(n);
    expect(got[n - 1]).toMatchObject({ position: 1, raw: { ContactId: `c-${n - 1}` } });
  });
});
