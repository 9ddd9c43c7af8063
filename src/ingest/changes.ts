import { QueryRunner } from 'typeorm';
import { RecordKind } from '../../connectors';
import { FactSpec } from './facts';
import { STAGE, storedRowLookup } from './merge';

/**
 * The change feed: what a committed run changed, for the readers that must react to
 * it (the result cache, live subscriptions). Every run that inserted or updated
 * something bumps its record kind's row in `data_version` and sends one
 * `pg_notify(CHANGE_CHANNEL, payload)`, both inside the run's transaction: PostgreSQL
 * delivers the notification only if the run commits, and after it does, so a
 * listener that re-reads on a notification always sees the run's rows.
 *
 * The payload names the kind written and the time range of the facts the run wrote
 * or replaced (the stored pre-image included, so a contact moved in time counts at
 * both places). It does not follow computed columns: a new contact can turn an
 * earlier contact's first-contact resolution false (up to the repeat window before
 * it), and a late order changes the conversion of its contact. Readers that know the
 * metric manifest widen the range along those dependencies (or treat the dependent
 * fact as changed at any time). Org-chart kinds carry no range: a reorganization
 * can change the attribution of any fact.
 */
export const CHANGE_CHANNEL = 'switchboard_data';

/** At most this many employee ids are listed; beyond it `employees` is null (any). */
export const MAX_LISTED_EMPLOYEES = 200;

export interface ChangeEvent {
  runId: string;
  connector: string;
  kind: RecordKind;
  /** The kind's data version after this run. */
  version: number;
  /** Earliest and latest fact time written or replaced (ISO); null = unbounded (org kinds). */
  from: string | null;
  to: string | null;
  /** Employees whose facts changed (new and previous attribution); null = too many to list, or org kinds. */
  employees: string[] | null;
}

export interface FactChangeRange {
  from: string | null;
  to: string | null;
  employees: string[] | null;
}

/**
 * The range of one fact run's changes, read from the staged records and the stored
 * rows they may replace. Call it before the merge (while the stored rows still hold
 * their previous values). A superset: records that turn out unchanged are included.
 */
export async function stagedChangeRange(qr: QueryRunner, spec: FactSpec): Promise<FactChangeRange> {
  const t = spec.timeColumn;
  // Facts without an employee of their own (surveys: their contact's agent) list none.
  const hasEmployee = spec.columns.includes('employee_id');
  const [row] = await qr.query(
    `WITH j AS (
       SELECT s.${t} AS t_new, (x.t).${t} AS t_old,
              ${hasEmployee ? 's.employee_id' : 'NULL::text'} AS e_new, ${hasEmployee ? '(x.t).employee_id' : 'NULL::text'} AS e_old
         FROM ${STAGE} s ${storedRowLookup(spec)}
        WHERE s.rej_reasons IS NULL
     ), e AS (
       SELECT DISTINCT x FROM (SELECT e_new FROM j UNION ALL SELECT e_old FROM j) u(x) WHERE x IS NOT NULL
     )
     SELECT least(min(t_new), min(t_old))::text AS lo, greatest(max(t_new), max(t_old))::text AS hi,
            (SELECT count(*) FROM e)::int AS n_emp,
            (SELECT array_agg(x ORDER BY x) FROM (SELECT x FROM e ORDER BY x LIMIT $1) l) AS emps
       FROM j`,
    [MAX_LISTED_EMPLOYEES],
  );
  const iso = (v: string | null) => (v === null ? null : spec.types[t] === 'date' ? v : new Date(v).toISOString());
  return {
    from: iso(row?.lo ?? null),
    to: iso(row?.hi ?? null),
    employees: hasEmployee && row && row.n_emp <= MAX_LISTED_EMPLOYEES ? (row.emps ?? []) : null,
  };
}

/** Bumps the kind's data version and queues the notification; inside the run's transaction. */
export async function recordChange(
  qr: QueryRunner,
  e: Omit<ChangeEvent, 'version'>,
): Promise<ChangeEvent> {
  const [row] = await qr.query(
    `INSERT INTO data_version AS d (kind, version, changed_at) VALUES ($1, 1, now())
     ON CONFLICT (kind) DO UPDATE SET version = d.version + 1, changed_at = now()
     RETURNING version::int AS version`,
    [e.kind],
  );
  const event: ChangeEvent = { ...e, version: row.version };
  let payload = JSON.stringify(event);
  // NOTIFY payloads must stay under 8000 bytes: drop the list rather than fail the run.
  if (Buffer.byteLength(payload) > 7900) payload = JSON.stringify({ ...event, employees: null });
  await qr.query(`SELECT pg_notify($1, $2)`, [CHANGE_CHANNEL, payload]);
  return event;
}

/** Every kind's current data version (kinds never written are absent, i.e. version 0). */
export async function dataVersions(q: { query(sql: string, params?: unknown[]): Promise<unknown> }): Promise<Record<string, number>> {
  const rows = (await q.query(`SELECT kind, version::int AS version FROM data_version`)) as { kind: string; version: number }[];
  return Object.fromEntries(rows.map((r) => [r.kind, r.version]));
}
