/**
 * Parse-rate benchmark (issue 11): how fast one thread reads, cleanses, resolves
 * and formats as COPY text the contact records of a CTR file, with no database
 * write at all — the part of an ingest that a raw COPY of canonical rows never does.
 * It bounds `ingest_records_per_s / copy_records_per_s` from above, whatever the
 * merge costs: an ingest cannot be faster than its parsing on the cores it has.
 *
 *   npm run bench:parse -- [--records 200000] [--file contacts.jsonl] [--limit N]
 *
 * Needs DATABASE_URL only to create a scratch database for the org chart the
 * identity resolver reads (the HR files the generator writes). Prints one JSON object.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { findConnector } from '../connectors';
import { IdentityResolver } from '../src/ingest/identity';
import { Counts, readRecords, stageLine } from '../src/ingest/read';
import { FACTS, stagedColumns } from '../src/ingest/facts';
import { runIngest } from '../src/ingest';
import { arg, withBenchDatabase } from './benchDb';
import { writeCtrFile, writeHrFiles } from './generate';

async function main(): Promise<void> {
  const records = Number(arg('records') ?? 200_000);
  const agents = 400;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-parse-'));
  try {
    const hr = writeHrFiles(dir, agents, 40);
    let file = arg('file');
    if (!file) {
      file = path.join(dir, 'contacts.jsonl');
      await writeCtrFile(file, records, { agents, from: '2025-01-01T00:00:00Z', spacingMs: 3000 });
    }
    const limit = Number(arg('limit') ?? Infinity);
    await withBenchDatabase('switchboard_bench_parse', false, async (ds) => {
      await runIngest(ds, 'hr-org-units', [hr.orgUnits]);
      await runIngest(ds, 'hr-employees', [hr.employees]);
      const connector = findConnector('amazon-connect-ctr')!;
      const resolver = await IdentityResolver.load(ds, ['acd'], 'UTC');
      const cols = stagedColumns(FACTS.interaction);
      const counts: Counts = { read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, rejected: 0 };
      let chars = 0;
      const t0 = process.hrtime.bigint();
      const cpu0 = process.cpuUsage();
      class Done extends Error {}
      try {
        await readRecords(
          connector,
          [file!],
          'UTC',
          resolver,
          async (seq, fileNo, position, text, rec, employeeId) => {
            chars += stageLine(cols, seq, fileNo, position, text, rec, employeeId).length;
            if (counts.read >= limit) throw new Done();
          },
          counts,
          {},
        );
      } catch (e) {
        if (!(e instanceof Done)) throw e;
      }
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      process.stdout.write(
        `${JSON.stringify({
          records: counts.read,
          rejected: counts.rejected,
          file_mb: +(fs.statSync(file!).size / 1e6).toFixed(1),
          seconds: +seconds.toFixed(2),
          parse_records_per_s: Math.round(counts.read / seconds),
          cpu_us_per_record: +(((cpu.user + cpu.system) / counts.read)).toFixed(1),
          copy_text_mb: +(chars / 1e6).toFixed(1),
          node: process.version,
        })}\n`,
      );
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exitCode = 1;
});
