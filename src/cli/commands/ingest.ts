import { Command } from 'commander';
import cliProgress from 'cli-progress';
import { connectorNames, findConnector } from '../../../connectors';
import { isValidTimeZone, MAX_RECORD_BYTES, maxRecordBytesProblem } from '../../config';
import { migrateUp } from '../../db';
import { IngestError, IngestProgress, RunSummary, runIngest } from '../../ingest';
import { action, UserError, withDatabase } from '../run';

/** The run summary as a person reads it. */
export function formatSummary(s: RunSummary): string {
  return (
    `${s.connector}: run ${s.runId}\n` +
    `  read ${s.read}: inserted ${s.inserted}, updated ${s.updated}, unchanged ${s.unchanged}, ` +
    `duplicates ${s.duplicates}, rejected ${s.rejected}\n` +
    (s.rejected > 0 ? `  rejected records: query rejectedRecords(runId: "${s.runId}") over GraphQL\n` : '')
  );
}

/** SPEC §3.4, with the keys in the documented order. */
export function summaryJson(s: RunSummary): string {
  const { runId, connector, read, inserted, updated, unchanged, duplicates, rejected } = s;
  return JSON.stringify({ runId, connector, read, inserted, updated, unchanged, duplicates, rejected });
}

function progressBar(connector: string): { update(p: IngestProgress): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    {
      format: `${connector}: {value} records | {rate} records/s | {rejected} rejected | {phase}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(0, 0, { rate: 0, rejected: 0, phase: 'reading' });
  return {
    update(p) {
      const secs = (Date.now() - started) / 1000;
      bar.setTotal(Math.max(p.read, 1));
      bar.update(p.read, { rate: secs > 0 ? Math.round(p.read / secs) : 0, rejected: p.rejected, phase: p.phase });
    },
    stop: () => bar.stop(),
  };
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(`run one connector over files as one run (connectors: ${connectorNames().join(', ')})`)
    .argument('<connector>', 'connector name')
    .argument('<file...>', 'input files, read in order as one run')
    .option('--json', 'print the run summary as one JSON object (the last line of stdout)')
    .option('--source-tz <zone>', 'IANA zone of timestamps written without an offset', 'UTC')
    .option('--max-record-bytes <n>', `reject a record larger than this as malformed (default SWITCHBOARD_MAX_RECORD_BYTES, else ${MAX_RECORD_BYTES.default})`)
    .action(
      action(async (connector: string, files: string[], opts: { json?: boolean; sourceTz: string; maxRecordBytes?: string }) => {
        if (!findConnector(connector)) {
          throw new UserError(`unknown connector ${JSON.stringify(connector)}; known connectors: ${connectorNames().join(', ')}`);
        }
        if (!isValidTimeZone(opts.sourceTz)) {
          throw new UserError(`--source-tz: ${JSON.stringify(opts.sourceTz)} is not an IANA time zone such as UTC or America/New_York`);
        }
        const sizeProblem = opts.maxRecordBytes === undefined ? null : maxRecordBytesProblem(opts.maxRecordBytes);
        if (sizeProblem) throw new UserError(`--max-record-bytes: ${sizeProblem} (got ${JSON.stringify(opts.maxRecordBytes)})`);
        const interactive = Boolean(process.stdout.isTTY) && Boolean(process.stderr.isTTY);
        const summary = await withDatabase(async (db, config) => {
          await migrateUp(db.dataSource);
          const bar = interactive ? progressBar(connector) : null;
          try {
            return await runIngest(db.dataSource, connector, files, {
              sourceTz: opts.sourceTz,
              orgTimezone: config.orgTimezone,
              maxRecordBytes: opts.maxRecordBytes === undefined ? config.maxRecordBytes : Number(opts.maxRecordBytes),
              onProgress: bar ? (p) => bar.update(p) : undefined,
            });
          } catch (e) {
            if (e instanceof IngestError) throw new UserError(e.message);
            throw e;
          } finally {
            bar?.stop();
          }
        });
        process.stdout.write(opts.json ? `${summaryJson(summary)}\n` : formatSummary(summary));
      }),
    );
}
