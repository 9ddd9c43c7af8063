/**
 * Broken-file benchmark (issue 7): a contact-record file of about 1 GB whose first
 * object never closes, then realistic records (bench/generate.ts). Times
 * `runIngest` over it and prints one JSON report with the run summary, records/s
 * and the process's peak RSS (target: under 300 MB, whatever the file size).
 *
 *   npm run bench:broken -- [--gb 1] [--framing jsonl|firehose] [--keep]
 *
 * Needs DATABASE_URL (a server where it may create the database `switchboard_bench_broken`).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { runIngest } from '../src/ingest';
import { arg, withBenchDatabase } from './benchDb';
import { writeCtrFile, writeHrFiles } from './generate';

/** Average size of a generated record with its separator, measured on 200,000 of them. */
const RECORD_BYTES = 1540;

async function main(): Promise<void> {
  const gb = Number(arg('gb') ?? 1);
  const framing = arg('framing') ?? 'jsonl';
  if (framing !== 'jsonl' && framing !== 'firehose') throw new Error('--framing: jsonl or firehose');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-broken-'));
  try {
    const hr = writeHrFiles(dir, 200);
    const file = path.join(dir, framing === 'jsonl' ? 'contacts.jsonl' : 'contacts-firehose.json');
    const broken = '{"ContactId": "never-closed", "Channel": "VOICE", "Attributes": {"note": "the closing braces are missing"';
    const t0 = Date.now();
    const { bytes } = await writeCtrFile(file, Math.ceil((gb * 2 ** 30) / RECORD_BYTES), {
      agents: 200,
      prefix: framing === 'jsonl' ? `${broken}\n` : broken,
      separator: framing === 'jsonl' ? '\n' : '',
    });
    const generateSeconds = (Date.now() - t0) / 1000;
    const report = await withBenchDatabase('switchboard_bench_broken', process.argv.includes('--keep'), async (ds) => {
      await runIngest(ds, 'hr-org-units', [hr.orgUnits]);
      await runIngest(ds, 'hr-employees', [hr.employees]);
      const rssBefore = process.resourceUsage().maxRSS;
      const t = process.hrtime.bigint();
      const s = await runIngest(ds, 'amazon-connect-ctr', [file]);
      const seconds = Number(process.hrtime.bigint() - t) / 1e9;
      const first = await ds.query(`SELECT position, left(raw, 60) AS raw FROM rejected_record WHERE run_id = $1 ORDER BY position LIMIT 1`, [s.runId]);
      return {
        framing,
        fileBytes: bytes,
        generateSeconds: +generateSeconds.toFixed(1),
        summary: { read: s.read, inserted: s.inserted, updated: s.updated, unchanged: s.unchanged, duplicates: s.duplicates, rejected: s.rejected },
        firstRejection: first[0] ?? null,
        ingest: { seconds: +seconds.toFixed(1), recordsPerSecond: Math.round(s.read / seconds), mbPerSecond: +(bytes / 1e6 / seconds).toFixed(1) },
        peakRssMb: { beforeIngest: Math.round(rssBefore / 1024), afterIngest: Math.round(process.resourceUsage().maxRSS / 1024), target: 300 },
        node: process.version,
      };
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
