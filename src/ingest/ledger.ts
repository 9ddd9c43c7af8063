import { Sql } from '../canonical';

/** Advisory-lock namespaces (first key of the two-key form). */
export const RUN_LOCK = 0x5b1;
export const CONNECTOR_LOCK = 0x5b2;

export const ABANDONED =
  'abandoned: the ingest process stopped before finishing (killed or crashed); nothing of the run was kept';

/**
 * Marks as failed every run still `running` whose process is gone. A live run holds
 * a session advisory lock on its id for its whole life, so a run whose lock can be
 * taken has no owner any more. Returns how many were marked.
 */
export async function sweepAbandonedRuns(sql: Sql): Promise<number> {
  const rows: unknown[] = await sql.query(
    `UPDATE ingest_run SET status = 'failed', finished_at = now(), error = $2
      WHERE status = 'running' AND pg_try_advisory_xact_lock($1, hashtext(id::text))
      RETURNING id`,
    [RUN_LOCK, ABANDONED],
  );
  return rows.length;
}
