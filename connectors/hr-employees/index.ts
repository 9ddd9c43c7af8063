import { csvConnector, EmployeeVersionRecord } from '../sdk';
import { cleanseEmployee } from './cleanse';

export const COLUMNS = [
  'employee_id', 'first_name', 'last_name', 'email', 'role', 'org_unit_id', 'manager_id', 'site',
  'effective_from', 'effective_to', 'acd_username', 'crm_user_id', 'qa_agent_id', 'wfm_agent_id',
] as const;

/** HR employees: one row per assignment version, with the ids other systems know them by. */
export const hrEmployees = csvConnector<EmployeeVersionRecord>({
  name: 'hr-employees',
  description: 'HR employees: assignment versions (team, role, manager, site) and source-system ids',
  columns: COLUMNS,
  produces: 'employee_version',
  key: (r) => `${r.assignment.employeeId}@${r.assignment.effectiveFrom}`,
  cleanse: (f) => cleanseEmployee(f),
});
