import { EntityManager } from 'typeorm';
import { applyVersion, IDENTITIES } from './effectiveDated';
import { IsoDate, SourceSystem, WriteOutcome } from './types';

export interface EmployeeRecord {
  id: string;
  firstName: string;
  lastName: string;
  /** Lower-cased, or null. */
  email: string | null;
}

/** Inserts or updates an employee's name and email (last write wins). */
export async function upsertEmployee(em: EntityManager, e: EmployeeRecord, runId: string | null = null): Promise<WriteOutcome> {
  const rows: { inserted: boolean; changed: boolean; run_id: string | null }[] = await em.query(
    `WITH old AS (SELECT first_name, last_name, email, run_id FROM employee WHERE id = $1),
          up AS (
            INSERT INTO employee (id, first_name, last_name, email, run_id) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (id) DO UPDATE SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
                   email = EXCLUDED.email, run_id = EXCLUDED.run_id, updated_at = now()
             WHERE (employee.first_name, employee.last_name, employee.email) IS DISTINCT FROM
                   (EXCLUDED.first_name, EXCLUDED.last_name, EXCLUDED.email)
            RETURNING 1)
     SELECT NOT EXISTS (SELECT 1 FROM old) AS inserted, EXISTS (SELECT 1 FROM up) AS changed,
            (SELECT run_id FROM old) AS run_id`,
    [e.id, e.firstName, e.lastName, e.email, runId],
  );
  const r = rows[0];
  if (r.inserted) return 'inserted';
  if (r.changed) return 'updated';
  return runId !== null && r.run_id === runId ? 'duplicate' : 'unchanged';
}

export interface IdentityVersion {
  system: SourceSystem;
  externalId: string;
  employeeId: string;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
}

/**
 * Maps (system, external id) to an employee for a period, with the same
 * correction rule as the org chart: the later write wins over what it overlaps.
 */
export async function applyIdentityVersion(em: EntityManager, v: IdentityVersion, runId: string | null = null): Promise<WriteOutcome> {
  return applyVersion(em, IDENTITIES, [v.system, v.externalId], [v.employeeId], v.effectiveFrom, v.effectiveTo, runId);
}

/**
 * Resolves an agent reference (SPEC §3.2): the identity map entry of `system`
 * in force on `date`, else, when the value is an email, the employee with that email.
 */
export async function resolveAgent(em: Pick<EntityManager, 'query'>, system: SourceSystem, ref: string, date: IsoDate): Promise<string | null> {
  const rows: { employee_id: string }[] = await em.query(
    `SELECT employee_id FROM (
       SELECT employee_id, 1 AS pref FROM identity_map
        WHERE source_system = $1 AND external_id = $2 AND valid @> $3::date
       UNION ALL
       SELECT id, 2 FROM employee WHERE position('@' in $2) > 0 AND email = lower($2)
     ) r ORDER BY pref LIMIT 1`,
    [system, ref, date],
  );
  return rows[0]?.employee_id ?? null;
}
