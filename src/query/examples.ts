import { DataSource } from 'typeorm';
import { Manifest } from '../semantic';
import { runMetricQuery } from './compile';

export interface ExampleOutcome {
  metric: string;
  index: number;
  description: string | null;
  file: string;
  line: number;
  expected: number | null;
  actual: number | null;
  ok: boolean;
  error?: string;
}

const TABLES_SHADOWED = ['interaction', 'sales_order', 'quality_evaluation', 'survey_response', 'adherence_day', 'product', 'assignment', 'org_unit_version'];

const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

/**
 * Runs every metric's `examples` on a real database without touching its data:
 * inside a transaction that is rolled back, empty temporary tables shadow the
 * canonical ones (pg_temp comes first on the search path), the example rows go
 * in, and the metric is queried through the normal compiler over all time, from
 * raw facts (the rollups are not shadowed; test/rollup checks they give the same).
 */
export async function runExamples(ds: DataSource, manifest: Manifest, only?: string[]): Promise<ExampleOutcome[]> {
  const out: ExampleOutcome[] = [];
  for (const m of manifest.metrics.values()) {
    if (only && only.length && !only.includes(m.def.name)) continue;
    for (const [index, x] of m.def.examples.entries()) {
      const qr = ds.createQueryRunner();
      await qr.connect();
      await qr.startTransaction();
      const base = { metric: m.def.name, index, description: x.description, file: x.loc.file, line: x.loc.line, expected: x.expect };
      try {
        for (const t of TABLES_SHADOWED) await qr.query(`CREATE TEMP TABLE ${t} (LIKE public.${t} INCLUDING DEFAULTS) ON COMMIT DROP`);
        let row = 0;
        for (const [factName, rows] of Object.entries(x.facts)) {
          const fact = manifest.facts.get(factName)!;
          for (const r of rows) {
            row++;
            const values: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(fact.exampleDefaults)) values[k] = typeof v === 'string' ? v.replace('${row}', String(row)) : v;
            Object.assign(values, r);
            const cols = Object.keys(values);
            if (!cols.every((c) => /^[a-z_][a-z0-9_]*$/.test(c))) throw new Error(`bad column name in example`);
            await qr.query(
              `INSERT INTO pg_temp.${fact.table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
              cols.map((c) => values[c]),
            );
          }
        }
        const result = await runMetricQuery(qr, { metrics: [m.def.name], from: '1970-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }, { manifest, orgTimezone: 'UTC', today: '2026-01-01', forceRaw: true });
        const actual = result.rows[0]?.values[0] ?? null;
        out.push({ ...base, actual, ok: close(actual, x.expect) });
      } catch (e) {
        out.push({ ...base, actual: null, ok: false, error: (e as Error).message.split('\n')[0] });
      } finally {
        await qr.rollbackTransaction();
        await qr.release();
      }
    }
  }
  return out;
}
