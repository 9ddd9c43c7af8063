import { ROLES, SourceSystem } from '../../src/canonical';
import { EmployeeVersionRecord, FieldReader, Rejection } from '../sdk';

const ID_COLUMNS: [string, SourceSystem][] = [
  ['acd_username', 'acd'],
  ['crm_user_id', 'crm'],
  ['qa_agent_id', 'qa'],
  ['wfm_agent_id', 'wfm'],
];

/** One row = one assignment version; the four id columns feed the identity map for its period. */
export function cleanseEmployee(f: FieldReader): EmployeeVersionRecord | Rejection {
  const id = f.text('employee_id', { required: true });
  const firstName = f.text('first_name', { required: true });
  const lastName = f.text('last_name', { required: true });
  const email = f.email('email');
  const role = f.oneOf('role', ROLES, { required: true, caseInsensitive: 'lower' });
  const team = f.text('org_unit_id', { required: true });
  const manager = f.text('manager_id');
  const site = f.text('site');
  const from = f.date('effective_from', { required: true });
  const to = f.date('effective_to');
  if (from && to && to < from) f.fail('out_of_range', 'effective_to', to, `is before effective_from ${from}`);
  if (manager !== null && manager === id) f.fail('invalid_value', 'manager_id', manager, 'an employee cannot be their own manager');
  const identities = ID_COLUMNS.flatMap(([col, system]) => {
    const v = f.text(col);
    return v === null ? [] : [{ system, externalId: v }];
  });
  return f.result(() => ({
    kind: 'employee_version' as const,
    employee: { id, firstName, lastName, email },
    assignment: { employeeId: id, orgUnitId: team, role: role!, managerId: manager, site, effectiveFrom: from!, effectiveTo: to },
    identities,
  }));
}
