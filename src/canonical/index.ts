export * from './types';
export * from './dates';
export { OrgChart } from './orgChart';
export { upsertEmployee, applyIdentityVersion, resolveAgent } from './people';
export type { EmployeeRecord, IdentityVersion } from './people';
