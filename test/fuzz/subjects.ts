import fs from 'fs';
import { Connector, connectors, RawRecord, readCsv, readJsonObjects } from '../../connectors';
import { FACTS, FactSpec, isFactKind } from '../../src/ingest/facts';
import { fixture } from '../ingest/support';
import { Framed } from './corruptions';

/** A connector under fuzzing: its fixtures, and how to read them with any chunk size. */
export interface Subject {
  connector: Connector<unknown>;
  fixtures: string[];
  json: boolean;
  /** Reads a file as the connector does, but with reads of `chunkBytes`. */
  read(file: string, chunkBytes?: number): AsyncIterable<RawRecord<unknown>>;
  /** The fact table's spec (staged rows and stored rows are compared), or null for HR. */
  fact: FactSpec | null;
  /** Empties what a run of this connector writes (runs start from the same state). */
  reset: string;
  /** HR: the entity a raw row is about, and the entity it needs (a parent team). */
  entity?: (row: Record<string, string>) => { id: string; needs: string | null };
}

const FIXTURES: Record<string, string[]> = {
  'amazon-connect-ctr': ['contacts.jsonl', 'contacts-firehose.json', 'contact-pretty.json', 'contacts-array.json', 'contacts-update.jsonl'],
  'crm-orders': ['orders.csv', 'orders-update.csv'],
  'qa-evaluations': ['evaluations.csv'],
  surveys: ['responses.csv'],
  'wfm-adherence': ['adherence.csv'],
  'hr-employees': ['employees.csv'],
  'hr-org-units': ['org-units.csv'],
};

/** In the order the DB suite runs them: facts (HR loaded), then employees, then org units. */
export const SUBJECTS: Subject[] = Object.entries(FIXTURES).map(([name, files]) => {
  const connector = connectors.find((c) => c.name === name)!;
  const columns = (connector as { columns?: readonly string[] }).columns;
  const fact = isFactKind(connector.produces) ? FACTS[connector.produces] : null;
  const reset =
    name === 'hr-employees'
      ? 'TRUNCATE identity_map, assignment, employee CASCADE'
      : name === 'hr-org-units'
        ? 'TRUNCATE org_unit_version, org_unit CASCADE'
        : name === 'crm-orders'
          ? 'TRUNCATE sales_order, product CASCADE'
          : `TRUNCATE ${fact!.table}`;
  return {
    connector,
    fixtures: files.map((f) => fixture(name, f)),
    json: columns === undefined,
    read: (file, chunkBytes) => (columns ? readCsv(file, columns, { chunkBytes }) : readJsonObjects(file, { chunkBytes })) as AsyncIterable<RawRecord<unknown>>,
    fact,
    reset,
    entity:
      name === 'hr-org-units'
        ? (r) => ({ id: r.org_unit_id?.trim() ?? '', needs: r.parent_org_unit_id?.trim() || null })
        : name === 'hr-employees'
          ? (r) => ({ id: r.employee_id?.trim() ?? '', needs: null })
          : undefined,
  };
});

export async function readAll(records: AsyncIterable<RawRecord<unknown>>): Promise<RawRecord<unknown>[]> {
  const out: RawRecord<unknown>[] = [];
  for await (const r of records) out.push(r);
  return out;
}

/** A clean fixture as records and where each one's text lies in the file. */
export async function frame(subject: Subject, file: string): Promise<{ framed: Framed; records: RawRecord<unknown>[] }> {
  const bytes = fs.readFileSync(file);
  const records = await readAll(subject.read(file));
  let from = 0;
  const spans = records.map((r) => {
    // the text as found, or with the line breaks of a CRLF file
    let text = Buffer.from(r.text, 'utf8');
    let start = bytes.indexOf(text, from);
    if (start < 0) {
      text = Buffer.from(r.text.replace(/\n/g, '\r\n'), 'utf8');
      start = bytes.indexOf(text, from);
    }
    if (start < 0) throw new Error(`${file}: record at line ${r.position} not found in the file`);
    from = start + text.length;
    return { start, end: start + text.length };
  });
  return { framed: { bytes, spans, json: subject.json }, records };
}
