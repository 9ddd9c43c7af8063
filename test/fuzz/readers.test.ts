import fc from 'fast-check';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { RawRecord } from '../../connectors';
import { caseArb, classExamples, corrupt, FuzzCase } from './corruptions';
import { CASE_TIMEOUT_MS, FUZZ_PATH, FUZZ_SEED, fuzzRuns } from './settings';
import { frame, readAll, SUBJECTS } from './subjects';

/**
 * Property tests of the readers alone (no database), cheap enough for many cases:
 * on every corrupted fixture, reading never throws or hangs, gives the same records
 * whatever the read size (records across chunk boundaries), never a text holding
 * NUL or longer than the limit, positions in order, and every record whose text
 * the corruption did not touch comes out exactly as from the clean file.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-fuzz-read-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sig = (r: RawRecord<unknown>) => JSON.stringify([r.text, r.malformed === undefined ? r.raw : 'malformed']);

describe.each(SUBJECTS.map((s) => [s.connector.name, s] as const))('reader fuzz: %s', (_name, subject) => {
  it('corrupted fixtures: same records whatever the read size; untouched records unchanged', async () => {
    const clean = await Promise.all(subject.fixtures.map((f) => frame(subject, f)));
    let n = 0;
    const property = fc.asyncProperty(caseArb(subject.fixtures.length), fc.integer({ min: 1, max: 4096 }), async (c: FuzzCase, chunk: number) => {
      const { framed, records } = clean[c.fixture];
      const { bytes, touched } = corrupt(framed, c.corruptions);
      const file = path.join(dir, `${subject.connector.name}-${++n}${path.extname(subject.fixtures[c.fixture])}`);
      fs.writeFileSync(file, bytes);
      try {
        const got = await readAll(subject.read(file));
        expect(await readAll(subject.read(file, bytes.length > 1 << 20 ? Math.max(chunk, 4093) : chunk))).toEqual(got);
        for (let i = 1; i < got.length; i++) expect(got[i].position).toBeGreaterThanOrEqual(got[i - 1].position);
        for (const r of got) {
          expect(r.text.includes('\0')).toBe(false);
          expect(Buffer.byteLength(r.text)).toBeLessThanOrEqual(1 << 20);
        }
        const left = new Map<string, number>();
        for (const r of got) left.set(sig(r), (left.get(sig(r)) ?? 0) + 1);
        records.forEach((r, i) => {
          if (touched.has(i)) return;
          const k = sig(r);
          const have = left.get(k) ?? 0;
          if (have === 0) throw new Error(`untouched record ${i} (line ${r.position}) is missing or changed: ${k.slice(0, 200)}`);
          left.set(k, have - 1);
        });
      } finally {
        fs.rmSync(file, { force: true });
      }
    });
    const examples = classExamples(subject.fixtures.length).map((c) => [c, 7] as [FuzzCase, number]);
    await fc.assert(property, {
      seed: FUZZ_SEED,
      path: FUZZ_PATH,
      numRuns: examples.length + fuzzRuns(30), // fast-check counts the examples among the runs
      examples,
      timeout: CASE_TIMEOUT_MS,
    });
  });
});
