import { FieldReader, OrgUnitRecord, Rejection } from '../sdk';

/** One row = one effective-dated version of a team (blank parent = a root). */
export function cleanseOrgUnit(f: FieldReader): OrgUnitRecord | Rejection {
  const id = f.text('org_unit_id', { required: true });
  const name = f.text('name', { required: true });
  const parent = f.text('parent_org_unit_id');
  const from = f.date('effective_from', { required: true });
  const to = f.date('effective_to');
  if (from && to && to < from) f.fail('out_of_range', 'effective_to', to, `is before effective_from ${from}`);
  if (parent !== null && parent === id) f.fail('invalid_value', 'parent_org_unit_id', parent, 'a team cannot be its own parent');
  return f.result(() => ({
    kind: 'org_unit_version' as const,
    version: { orgUnitId: id, name, parentId: parent, effectiveFrom: from!, effectiveTo: to },
  }));
}
