export * from './types';
export * from './dates';
export { OrgChart } from './orgChart';
export { applyVersion, GOALS } from './effectiveDated';
export type { VersionedTable } from './effectiveDated';
export { upsertEmployee, applyIdentityVersion, resolveAgent } from './people';
export type { EmployeeRecord, IdentityVersion } from './people';
