import { EntityManager } from 'typeorm';
import { Sql } from '../canonical';
import { applyIdentityVersion, OrgChart, upsertEmployee, WriteOutcome } from '../canonical';
import { EmployeeVersionRecord, OrgUnitRecord } from '../../connectors';

/**
 * HR records change the versioned org chart and the identity map, through the
 * foundation's org-chart module (which applies the overlap-correction rule). They
 * are few, so they are written one by one, each in a savepoint of the run's
 * transaction: a row the database refuses is rejected without losing the others.
 */
export async function applyHrRecord(em: EntityManager, org: OrgChart, rec: OrgUnitRecord | EmployeeVersionRecord, runId: string): Promise<WriteOutcome> {
  return em.transaction(async (tx) => {
    if (rec.kind === 'org_unit_version') return org.applyOrgUnitVersion(tx, rec.version, runId);
    const a = rec.assignment;
    const person = await upsertEmployee(tx, rec.employee, runId);
    const assignment = await org.applyAssignmentVersion(tx, a, runId);
    const ids: WriteOutcome[] = [];
    for (const id of rec.identities) {
      ids.push(
        await applyIdentityVersion(
          tx,
          { system: id.system, externalId: id.externalId, employeeId: a.employeeId, effectiveFrom: a.effectiveFrom, effectiveTo: a.effectiveTo },
          runId,
        ),
      );
    }
    // The row's natural key is (employee, effective_from): its assignment decides new vs
    // seen; a change to the person or their ids makes a seen row `updated`.
    if (assignment === 'inserted') return 'inserted';
    if ([person, assignment, ...ids].some((o) => o === 'inserted' || o === 'updated')) return 'updated';
    return assignment;
  });
}

/** PostgreSQL error codes an HR row can hit that mean "this row", not "this run". */
export function hrRowError(e: unknown): { code: 'overlapping_version' | 'invalid_value'; message: string } | null {
  const err = (e as { driverError?: { code?: string; detail?: string; message?: string }; code?: string }).driverError ?? (e as { code?: string; detail?: string; message?: string });
  switch (err?.code) {
    case '23P01':
      return { code: 'overlapping_version', message: `overlaps a stored version that could not be corrected (${err.detail ?? err.message})` };
    case '23503':
    case '23514':
    case '23502':
      return { code: 'invalid_value', message: `refused by the database: ${err.detail ?? err.message}` };
    default:
      return null;
  }
}

/** The team or person an HR record is about: `o:<org unit id>` or `e:<employee id>`. */
export function hrEntity(rec: OrgUnitRecord | EmployeeVersionRecord): string {
  return rec.kind === 'org_unit_version' ? `o:${rec.version.orgUnitId}` : `e:${rec.assignment.employeeId}`;
}

/** Everything stored about an HR entity, as one comparable text (its versions in order). */
export async function hrHistory(sql: Sql, entity: string): Promise<string> {
  const id = entity.slice(2);
  const rows: { h: string | null }[] = entity.startsWith('o:')
    ? await sql.query(
        `SELECT (SELECT jsonb_agg(jsonb_build_array(name, parent_id, valid::text) ORDER BY lower(valid))
                   FROM org_unit_version WHERE org_unit_id = $1)::text AS h`,
        [id],
      )
    : await sql.query(
        `SELECT jsonb_build_array(
                  (SELECT jsonb_build_array(first_name, last_name, email) FROM employee WHERE id = $1),
                  (SELECT jsonb_agg(jsonb_build_array(org_unit_id, role, manager_id, site, valid::text) ORDER BY lower(valid))
                     FROM assignment WHERE employee_id = $1),
                  (SELECT jsonb_agg(jsonb_build_array(source_system, external_id, valid::text) ORDER BY source_system, external_id, lower(valid))
                     FROM identity_map WHERE employee_id = $1))::text AS h`,
        [id],
      );
  return rows[0]?.h ?? '';
}
