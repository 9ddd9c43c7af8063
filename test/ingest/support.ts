import path from 'path';
import { DataSource } from 'typeorm';
import { IngestOptions, RunSummary, runIngest } from '../../src/ingest';

const ROOT = path.resolve(__dirname, '../..');

/** Path of a connector's fixture file. */
export function fixture(connector: string, file: string): string {
  return path.join(ROOT, 'connectors', connector, 'fixtures', file);
}

/** Runs a connector over fixture files, by name. */
export function ingestFixtures(ds: DataSource, connector: string, files: string[], opts: IngestOptions = {}): Promise<RunSummary> {
  return runIngest(ds, connector, files.map((f) => fixture(connector, f)), opts);
}

/** Counts only (no run id), for exact comparisons. */
export function counts(s: RunSummary): Omit<RunSummary, 'runId' | 'connector'> {
  const { runId: _r, connector: _c, ...rest } = s;
  return rest;
}

/** A run's rejections as `position: codes` (sorted codes), in position order. */
export async function rejectionsOf(ds: DataSource, runId: string): Promise<Record<number, string[]>> {
  const rows: { position: number; reasons: { code: string }[] }[] = await ds.query(
    `SELECT position, reasons FROM rejected_record WHERE run_id = $1 ORDER BY position`,
    [runId],
  );
  return Object.fromEntries(rows.map((r) => [r.position, r.reasons.map((x) => x.code).sort()]));
}

/** Loads the HR fixtures: org units, then employees. */
export async function loadHr(ds: DataSource): Promise<void> {
  await ingestFixtures(ds, 'hr-org-units', ['org-units.csv']);
  await ingestFixtures(ds, 'hr-employees', ['employees.csv']);
}
