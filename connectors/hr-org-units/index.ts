import { csvConnector, OrgUnitRecord } from '../sdk';
import { cleanseOrgUnit } from './cleanse';

export const COLUMNS = ['org_unit_id', 'name', 'parent_org_unit_id', 'effective_from', 'effective_to'] as const;

/** HR teams: effective-dated versions of (name, parent), SPEC §3.1. */
export const hrOrgUnits = csvConnector<OrgUnitRecord>({
  name: 'hr-org-units',
  description: 'HR org units (teams) as effective-dated CSV versions',
  columns: COLUMNS,
  produces: 'org_unit_version',
  key: (r) => `${r.version.orgUnitId}@${r.version.effectiveFrom}`,
  cleanse: (f) => cleanseOrgUnit(f),
});
