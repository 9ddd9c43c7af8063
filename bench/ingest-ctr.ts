/**
 * Contact-record ingest benchmark (issue 3): generates N Amazon Connect contact
 * records, times `runIngest` over them (read → cleanse → identity → COPY staging →
 * merge → ledger), then times a raw COPY of the same canonical rows into a scratch
 * table shaped like `interaction`, and prints one JSON report.
 *
 *   npm run bench:ingest -- [--records 1000000] [--file existing.jsonl] [--keep]
 *
 * Needs DATABASE_URL (a server where it may create the database `switchboard_bench`).
 * Not a test: it never runs in `npm test`.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { pipeline } from 'stream/promises';
import { runIngest } from '../src/ingest';
import { arg, withBenchDatabase } from './benchDb';
import { writeCtrFile, writeHrFiles } from './generate';

async function main(): Promise<void> {
  const records = Number(arg('records') ?? 1_000_000);
  const agents = 200;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-bench-'));
  const hr = writeHrFiles(dir, agents);
  let file = arg('file');
  const t0 = Date.now();
  let bytes: number;
  if (file) bytes = fs.statSync(file).size;
  else {
    file = path.join(dir, 'contacts.jsonl');
    bytes = (await writeCtrFile(file, records, { agents })).bytes;
  }
  const generateSeconds = (Date.now() - t0) / 1000;

  const keep = process.argv.includes('--keep');
  try {
    await withBenchDatabase('switchboard_bench', keep, async (ds, url) => {
      await runIngest(ds, 'hr-org-units', [hr.orgUnits]);
      await runIngest(ds, 'hr-employees', [hr.employees]);
      await ds.query('CHECKPOINT');

      const rssBefore = process.resourceUsage().maxRSS;
      const t1 = process.hrtime.bigint();
      const summary = await runIngest(ds, 'amazon-connect-ctr', [file]);
      const ingestSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
      const rssAfterIngest = process.resourceUsage().maxRSS;

      // The same canonical rows, as COPY text, loaded into a table shaped like `interaction`.
      const rowsFile = path.join(dir, 'interaction.copy');
      const c = new Client({ connectionString: url });
      await c.connect();
      const cols = `contact_id, channel, initiation_method, initiated_at, disconnected_at, queue_name, enqueued_at, queue_seconds,
        agent_username, employee_id, connected_at, talk_seconds, hold_seconds, acw_seconds, transferred_at, customer_address,
        product_sku, last_update_at, run_id`;
      await pipeline(c.query(copyTo(`COPY interaction (${cols}) TO STDOUT`)), fs.createWriteStream(rowsFile));
      await c.query(`CREATE TABLE raw_copy (LIKE interaction INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
      await c.query('CHECKPOINT');
      const rows = Number((await c.query(`SELECT count(*) FROM interaction`)).rows[0].count);
      const timedCopy = async (table: string): Promise<number> => {
        const t = process.hrtime.bigint();
        await c.query('BEGIN');
        await pipeline(fs.createReadStream(rowsFile, { highWaterMark: 1 << 20 }), c.query(copyFrom(`COPY ${table} (${cols}) FROM STDIN`)));
        await c.query('COMMIT');
        return Number(process.hrtime.bigint() - t) / 1e9;
      };
      const copySeconds = await timedCopy('raw_copy');
      // The same again into a table that also has interaction's foreign keys (to employee
      // and ingest_run), which the ingest's own writes must check row by row.
      await c.query(`CREATE TABLE raw_copy_fk (LIKE interaction INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES,
        FOREIGN KEY (employee_id) REFERENCES employee (id), FOREIGN KEY (run_id) REFERENCES ingest_run (id))`);
      await c.query('CHECKPOINT');
      const copyFkSeconds = await timedCopy('raw_copy_fk');
      await c.end();

      const ingestRate = summary.read / ingestSeconds;
      const copyRate = rows / copySeconds;
      const report = {
        records: summary.read,
        fileBytes: bytes,
        generateSeconds: +generateSeconds.toFixed(2),
        summary: { inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged, duplicates: summary.duplicates, rejected: summary.rejected },
        ingest: { seconds: +ingestSeconds.toFixed(2), recordsPerSecond: Math.round(ingestRate), mbPerSecond: +(bytes / 1e6 / ingestSeconds).toFixed(1) },
        rawCopy: { rows, seconds: +copySeconds.toFixed(2), rowsPerSecond: Math.round(copyRate) },
        ratio: +(ingestRate / copyRate).toFixed(3),
        rawCopyWithForeignKeys: { rows, seconds: +copyFkSeconds.toFixed(2), rowsPerSecond: Math.round(rows / copyFkSeconds) },
        ratioWithForeignKeys: +(ingestRate / (rows / copyFkSeconds)).toFixed(3),
        peakRssMb: { beforeIngest: Math.round(rssBefore / 1024), afterIngest: Math.round(rssAfterIngest / 1024) },
        node: process.version,
      };
      process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    });
  } finally {
    if (!keep) fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
