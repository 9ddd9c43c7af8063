import type { CanonicalRecord, Connector, Reason, Rejection } from '../../connectors';
import { isRejection } from '../../connectors/sdk/types';
import { copyValue } from './copyText';
import type { IdentityResolver } from './identity';

/**
 * The read half of a run, shared by the run's own thread and the parse worker
 * (src/ingest/parseWorker.ts): read → cleanse → resolve identities, record by
 * record in file order, handing each outcome to `accept`. No database here.
 */

/** Per-outcome counts of a run (SPEC §3.4). */
export interface Counts {
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  rejected: number;
}

export type Accept = (
  seq: number,
  fileNo: number,
  position: number,
  text: string,
  rec: CanonicalRecord | Rejection,
  employeeId: string | null,
  counts: Counts,
) => Promise<void> | void;

export function rejection(code: Reason['code'], field: string | null, value: string | null, message: string): Rejection {
  return { rejected: true, reasons: [{ code, field, value, message }] };
}

export async function readRecords(
  connector: Connector<unknown>,
  files: string[],
  sourceTz: string,
  resolver: IdentityResolver,
  accept: Accept,
  counts: Counts,
  opts: { maxRecordBytes?: number; onRecord?: (file: string) => void },
): Promise<void> {
  for (let fileNo = 0; fileNo < files.length; fileNo++) {
    const file = files[fileNo];
    for await (const item of connector.read({ path: file, maxRecordBytes: opts.maxRecordBytes })) {
      counts.read++;
      const ctx = { sourceTz, file, position: item.position };
      let result: CanonicalRecord | Rejection;
      if (item.malformed !== undefined) {
        result = rejection('malformed', null, null, `${file}:${item.position}: record ${item.malformed}`);
      } else {
        try {
          result = connector.cleanse(item.raw, ctx);
        } catch (e) {
          result = rejection('malformed', null, null, `${file}:${item.position}: record cannot be read: ${(e as Error).message}`);
        }
      }
      let employeeId: string | null = null;
      if (!isRejection(result) && 'agent' in result && result.agent) {
        const r = resolver.resolve(result.agent);
        employeeId = r.employeeId;
        if (employeeId === null) {
          const { field, ref, system: sys } = result.agent;
          result = rejection(
            'unknown_agent',
            field,
            ref,
            `${file}:${item.position}: field ${field} = ${JSON.stringify(ref)}: no employee has ${sys} id ${JSON.stringify(ref)} on ${r.date}${ref.includes('@') ? ' nor that email' : ''}`,
          );
        }
      }
      if (isRejection(result)) counts.rejected++;
      const pending = accept(counts.read, fileNo, item.position, item.text, result, employeeId, counts);
      if (pending) await pending;
      opts.onRecord?.(file);
    }
  }
}

/** One staged record as a line of COPY text (see `copyStageSql`): a fact's columns, or a rejection. */
export function stageLine(cols: string[], seq: number, fileNo: number, position: number, text: string, rec: CanonicalRecord | Rejection, employeeId: string | null): string {
  let line = `${seq}\t${fileNo + 1}\t${position}\t`;
  if (isRejection(rec)) {
    line += `${copyValue(text)}\t${copyValue(JSON.stringify(rec.reasons))}`;
    for (let i = 0; i < cols.length; i++) line += '\t\\N';
  } else {
    const r = rec as unknown as Record<string, unknown>;
    line += '\\N\t\\N';
    for (const c of cols) line += `\t${copyValue(c === 'employee_id' ? employeeId : r[c])}`;
  }
  return `${line}\n`;
}
