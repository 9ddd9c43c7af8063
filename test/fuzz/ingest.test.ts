import fc from 'fast-check';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { RawRecord } from '../../connectors';
import { runIngest, RunSummary } from '../../src/ingest';
import { stagedColumns } from '../../src/ingest/facts';
import { STAGE } from '../../src/ingest/merge';
import { counts, loadHr } from '../ingest/support';
import { useDatabase } from '../support/useDatabase';
import { caseArb, classExamples, corrupt, FuzzCase } from './corruptions';
import { CASE_TIMEOUT_MS, FUZZ_PATH, FUZZ_SEED, fuzzRuns } from './settings';
import { frame, readAll, Subject, SUBJECTS } from './subjects';

/**
 * The fuzzed connector suite (issue 7): every connector's fixtures, corrupted in
 * every way `corruptions.ts` knows, ingested for real into PostgreSQL. On every
 * generated file:
 *  - read = inserted + updated + unchanged + duplicates + rejected;
 *  - every record whose text the corruption did not touch gets the same outcome as
 *    in the clean run: the same canonical row (as staged by the run) or the same
 *    rejection (raw text and reason codes); and every key (HR: team or person)
 *    whose records are all untouched ends with the same stored rows;
 *  - no crash, and no hang (each case within CASE_TIMEOUT_MS).
 * HR teams depend on their parent team: a team whose parent's records were
 * touched may legitimately end differently, so it is left out of the comparison.
 */
const db = useDatabase('fuzz');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-fuzz-ingest-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  await loadHr(db.ds);
});

interface Run {
  summary: RunSummary;
  /** Facts: each record's canonical row as staged, in file order (null when rejected). */
  staged: { key: string; row: string | null }[] | null;
  rejections: { raw: string; codes: string; position: number }[];
  /** Stored rows per key (facts) or per team/person (HR). */
  state: Map<string, string>;
}

const norm = (v: unknown) => (v instanceof Date ? v.toISOString() : v);

async function ingest(subject: Subject, file: string): Promise<Run> {
  await db.ds.query(subject.reset);
  const spec = subject.fact;
  let staged: Run['staged'] = null;
  const summary = await runIngest(db.ds, subject.connector.name, [file], {
    onBeforeCommit: spec
      ? async (tx) => {
          const cols = stagedColumns(spec);
          const rows: Record<string, unknown>[] = await tx.query(`SELECT * FROM ${STAGE} ORDER BY seq`);
          staged = rows.map((r) => ({ key: spec.key.map((k) => r[k]).join('\u0001'), row: r.rej_reasons === null ? JSON.stringify(cols.map((c) => norm(r[c]))) : null }));
        }
      : undefined,
  });
  const rejections = (await db.ds.query(`SELECT raw, reasons, position FROM rejected_record WHERE run_id = $1 ORDER BY id`, [summary.runId])).map(
    (r: { raw: string; reasons: { code: string }[]; position: number }) => ({ raw: r.raw, codes: r.reasons.map((x) => x.code).sort().join(','), position: r.position }),
  );
  return { summary, staged, rejections, state: await stored(subject) };
}

async function stored(subject: Subject): Promise<Map<string, string>> {
  const spec = subject.fact;
  let rows: { k: string; v: string }[];
  if (spec) {
    rows = (await db.ds.query(`SELECT ${spec.columns.join(', ')} FROM ${spec.table}`)).map((r: Record<string, unknown>) => ({
      k: spec.key.map((k) => r[k]).join('\u0001'),
      v: JSON.stringify(spec.columns.map((c) => norm(r[c]))),
    }));
  } else if (subject.connector.name === 'hr-org-units') {
    rows = await db.ds.query(
      `SELECT org_unit_id AS k, jsonb_agg(jsonb_build_array(name, parent_id, valid::text) ORDER BY lower(valid))::text AS v FROM org_unit_version GROUP BY org_unit_id`,
    );
  } else {
    rows = await db.ds.query(
      `SELECT e.id AS k, jsonb_build_array(e.first_name, e.last_name, e.email,
              (SELECT jsonb_agg(jsonb_build_array(org_unit_id, role, manager_id, site, valid::text) ORDER BY lower(valid)) FROM assignment a WHERE a.employee_id = e.id),
              (SELECT jsonb_agg(jsonb_build_array(source_system, external_id, valid::text) ORDER BY source_system, external_id, lower(valid)) FROM identity_map i WHERE i.employee_id = e.id))::text AS v
         FROM employee e`,
    );
  }
  return new Map(rows.map((r) => [r.k, r.v]));
}

/** A multiset of strings. */
class Bag {
  private readonly m = new Map<string, number>();
  add(k: string): void {
    this.m.set(k, (this.m.get(k) ?? 0) + 1);
  }
  take(k: string): boolean {
    const n = this.m.get(k) ?? 0;
    if (n === 0) return false;
    this.m.set(k, n - 1);
    return true;
  }
  has(k: string): boolean {
    return (this.m.get(k) ?? 0) > 0;
  }
}

describe.each(SUBJECTS.map((s) => [s.connector.name, s] as const))('ingest fuzz: %s', (_name, subject) => {
  it('untouched records keep their outcome and canonical row; the counts add up; no crash, no hang', async () => {
    const clean: { records: RawRecord<unknown>[]; framed: Awaited<ReturnType<typeof frame>>['framed']; run: Run }[] = [];
    for (const f of subject.fixtures) {
      const { records, framed } = await frame(subject, f);
      clean.push({ records, framed, run: await ingest(subject, f) });
    }
    let n = 0;
    const property = fc.asyncProperty(caseArb(subject.fixtures.length), async (c: FuzzCase) => {
      const ref = clean[c.fixture];
      const { bytes, touched } = corrupt(ref.framed, c.corruptions);
      const file = path.join(dir, `${subject.connector.name}-${++n}${path.extname(subject.fixtures[c.fixture])}`);
      fs.writeFileSync(file, bytes);
      try {
        const got = await ingest(subject, file);
        const s = counts(got.summary);
        expect(s.inserted + s.updated + s.unchanged + s.duplicates + s.rejected).toBe(s.read);
        check(subject, ref.records, ref.run, touched, got, subject.fact ? null : await readAll(subject.read(file)));
      } finally {
        fs.rmSync(file, { force: true });
      }
    });
    const examples = classExamples(subject.fixtures.length).map((x) => [x] as [FuzzCase]);
    await fc.assert(property, {
      seed: FUZZ_SEED,
      path: FUZZ_PATH,
      numRuns: examples.length + fuzzRuns(3), // fast-check counts the examples among the runs
      examples,
      timeout: CASE_TIMEOUT_MS,
    });
  });
});

/** The invariants of one corrupted run against the clean one. `read`: the corrupted file's records (HR). */
function check(subject: Subject, records: RawRecord<unknown>[], ref: Run, touched: Set<number>, got: Run, read: RawRecord<unknown>[] | null): void {
  // what each clean record became in the clean run
  const outcome = records.map((r, i) => {
    if (ref.staged) return ref.staged[i].row === null ? { rejected: ref.rejections.find((x) => x.raw === r.text)?.codes ?? '?', row: null } : { rejected: null, row: ref.staged[i].row };
    const rej = ref.rejections.find((x) => x.position === r.position);
    return { rejected: rej ? rej.codes : null, row: null };
  });
  if (ref.staged) expect(ref.staged).toHaveLength(records.length);

  // keys (facts) or teams and people (HR) that the corruption may have changed
  const affected = new Set<string>();
  const keyOf = (i: number): string | null => {
    if (ref.staged) return ref.staged[i].row === null ? null : ref.staged[i].key;
    const raw = records[i].raw as Record<string, string>;
    return records[i].malformed === undefined && subject.entity ? subject.entity(raw).id : null;
  };
  records.forEach((_r, i) => {
    const k = keyOf(i);
    if (touched.has(i) && k !== null) affected.add(k);
  });
  if (got.staged) {
    // a staged row that no untouched record accounts for changes its key
    const expected = new Bag();
    records.forEach((_r, i) => !touched.has(i) && outcome[i].row && expected.add(`${ref.staged![i].key}\u0002${outcome[i].row}`));
    for (const x of got.staged) if (x.row !== null && !expected.take(`${x.key}\u0002${x.row}`)) affected.add(x.key);
  } else {
    const texts = new Bag();
    records.forEach((r, i) => !touched.has(i) && texts.add(r.text));
    const needs: [string, string][] = [];
    for (const r of read!) {
      if (r.malformed !== undefined) continue;
      const e = subject.entity!(r.raw as Record<string, string>);
      if (!texts.take(r.text)) affected.add(e.id);
      if (e.needs) needs.push([e.id, e.needs]);
    }
    for (const r of records) {
      if (r.malformed !== undefined) continue;
      const e = subject.entity!(r.raw as Record<string, string>);
      if (e.needs) needs.push([e.id, e.needs]);
    }
    for (let grew = true; grew; ) {
      grew = false;
      for (const [id, need] of needs) {
        if (affected.has(need) && !affected.has(id)) {
          affected.add(id);
          grew = true;
        }
      }
    }
  }

  // every untouched record: the same canonical row, or the same rejection
  const rows = new Bag();
  for (const x of got.staged ?? []) if (x.row !== null) rows.add(x.row);
  const rejections = new Bag();
  for (const x of got.rejections) rejections.add(`${x.raw}\u0002${x.codes}`);
  const rejectedTexts = new Bag();
  for (const x of got.rejections) rejectedTexts.add(x.raw);
  records.forEach((r, i) => {
    if (touched.has(i)) return;
    const k = keyOf(i);
    if (!ref.staged && k !== null && affected.has(k)) return; // an HR record whose team or person changed
    const o = outcome[i];
    const where = `untouched record ${i} (clean line ${r.position}) ${JSON.stringify(r.text.slice(0, 120))}`;
    if (o.rejected !== null) {
      if (!rejections.take(`${r.text}\u0002${o.rejected}`)) throw new Error(`${where}: was rejected (${o.rejected}), now is not, or for other reasons`);
      rejectedTexts.take(r.text);
    } else if (o.row !== null && !rows.take(o.row)) throw new Error(`${where}: its canonical row is gone or changed`);
  });
  records.forEach((r, i) => {
    if (touched.has(i) || outcome[i].rejected !== null) return;
    const k = keyOf(i);
    if (!ref.staged && k !== null && affected.has(k)) return;
    if (rejectedTexts.has(r.text)) throw new Error(`untouched record ${i} (clean line ${r.position}) was accepted, now is rejected`);
  });

  // every key whose records are all untouched: the same stored rows
  for (const [k, v] of ref.state) {
    if (affected.has(k)) continue;
    if (got.state.get(k) !== v) throw new Error(`key ${JSON.stringify(k)} untouched, but stored ${got.state.get(k)} instead of ${v}`);
  }
}
