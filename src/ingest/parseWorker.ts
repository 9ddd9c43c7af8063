/**
 * The parse worker of a fact run: reads, cleanses and resolves the run's files off
 * the main thread (src/ingest/read.ts) and sends the staged records as COPY text,
 * in batches of ~512 KB, to the run's thread, which streams them into the stage
 * table while this thread reads on. At most `IN_FLIGHT` batches wait for the COPY
 * (each is acknowledged once written), so memory stays bounded whatever the input.
 *
 * Messages to the run: { type: 'batch', text, read, rejected, fileNo },
 * { type: 'done', counts }, { type: 'error', name, message }.
 */
import { parentPort, workerData } from 'worker_threads';
import { findConnector } from '../../connectors';
import { IdentityResolver, ResolverData } from './identity';
import { Counts, readRecords, stageLine } from './read';

export interface ParseWorkerData {
  connector: string;
  files: string[];
  sourceTz: string;
  maxRecordBytes?: number;
  resolver: ResolverData;
  /** Staged columns, in COPY order. */
  cols: string[];
}

const IN_FLIGHT = 4;
const BATCH_CHARS = 512 * 1024;

async function main(port: NonNullable<typeof parentPort>, data: ParseWorkerData): Promise<void> {
  const connector = findConnector(data.connector);
  if (!connector) throw new Error(`unknown connector ${data.connector}`);
  const resolver = IdentityResolver.fromData(data.resolver);
  const counts: Counts = { read: 0, inserted: 0, updated: 0, unchanged: 0, duplicates: 0, rejected: 0 };
  let credits = IN_FLIGHT;
  let wake: (() => void) | null = null;
  port.on('message', (m) => {
    if (m === 'ack') {
      credits++;
      wake?.();
      wake = null;
    }
  });
  let buf: string[] = [];
  let size = 0;
  let fileNo = 0;
  const flush = async () => {
    if (buf.length === 0) return;
    while (credits === 0) await new Promise<void>((r) => (wake = r));
    credits--;
    port.postMessage({ type: 'batch', text: buf.join(''), read: counts.read, rejected: counts.rejected, fileNo });
    buf = [];
    size = 0;
  };
  await readRecords(
    connector,
    data.files,
    data.sourceTz,
    resolver,
    (seq, f, position, text, rec, employeeId) => {
      fileNo = f;
      const line = stageLine(data.cols, seq, f, position, text, rec, employeeId);
      buf.push(line);
      size += line.length;
      return size >= BATCH_CHARS ? flush() : undefined;
    },
    counts,
    { maxRecordBytes: data.maxRecordBytes },
  );
  await flush();
  port.postMessage({ type: 'done', counts });
}

if (parentPort) {
  const port = parentPort;
  main(port, workerData as ParseWorkerData).catch((e: Error) => {
    port.postMessage({ type: 'error', name: e.name, message: e.message });
  });
}
