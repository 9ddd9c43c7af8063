import { isDeepStrictEqual } from 'util';
import { CleanseContext, Connector, isRejection, RawRecord, ReasonCode } from './sdk';

const CODES: ReasonCode[] = ['invalid_timestamp', 'missing_field', 'out_of_range', 'unknown_agent', 'overlapping_version', 'malformed', 'invalid_value'];

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    Object.freeze(v);
    for (const x of Object.values(v as object)) deepFreeze(x);
  }
  return v;
}

async function readAll<R>(c: Connector<R>, file: string): Promise<RawRecord<R>[]> {
  const out: RawRecord<R>[] = [];
  for await (const r of c.read({ path: file })) out.push(r);
  return out;
}

/**
 * The standard checks every connector passes (Singer SDK style), run over its
 * fixture files: reading is repeatable, positions never go back (back-to-back
 * objects on one line share it), every record read is
 * accounted for as exactly one canonical record or one rejection, cleansing is
 * pure and deterministic (it does not touch its input and gives the same answer
 * twice), keys are non-empty, and every rejection has known reason codes whose
 * messages name the file and line.
 */
export function describeConformance(connector: Connector<any>, files: string[], opts: { sourceTz?: string } = {}): void { // eslint-disable-line @typescript-eslint/no-explicit-any
  describe(`${connector.name} conformance`, () => {
    it.each(files)('%s', async (file) => {
      const first = await readAll(connector, file);
      const again = await readAll(connector, file);
      expect(again.map((r) => [r.position, r.text])).toEqual(first.map((r) => [r.position, r.text]));
      expect(first.length).toBeGreaterThan(0);
      for (let i = 1; i < first.length; i++) expect(first[i].position).toBeGreaterThanOrEqual(first[i - 1].position);

      let records = 0;
      let rejected = 0;
      for (const item of first) {
        if (item.malformed !== undefined) {
          rejected++;
          continue;
        }
        const ctx: CleanseContext = { sourceTz: opts.sourceTz ?? 'UTC', file, position: item.position };
        const raw = deepFreeze(structuredClone(item.raw));
        const a = connector.cleanse(raw, ctx);
        const b = connector.cleanse(structuredClone(item.raw), ctx);
        expect(isDeepStrictEqual(a, b)).toBe(true);
        if (isRejection(a)) {
          rejected++;
          expect(a.reasons.length).toBeGreaterThan(0);
          for (const r of a.reasons) {
            expect(CODES).toContain(r.code);
            expect(r.message).toContain(`${file}:${item.position}`);
          }
        } else {
          records++;
          expect(a.kind).toBe(connector.produces);
          const key = connector.key(a);
          expect(typeof key).toBe('string');
          expect(key.replace(/[@\s]/g, '')).not.toBe('');
        }
      }
      expect(records + rejected).toBe(first.length);
    });
  });
}
