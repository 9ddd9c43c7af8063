import { EntityManager } from 'typeorm';
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
