/** Canonical types shared by connectors, ingest, the org chart and the API. */

export const ROLES = ['agent', 'supervisor', 'manager', 'director', 'executive', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

export const SOURCE_SYSTEMS = ['acd', 'crm', 'qa', 'wfm'] as const;
export type SourceSystem = (typeof SOURCE_SYSTEMS)[number];

/** A calendar date as `YYYY-MM-DD`. */
export type IsoDate = string;

/** Something that runs SQL: a TypeORM DataSource, EntityManager or QueryRunner. */
export interface Sql {
  query(sql: string, params?: unknown[]): Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One effective-dated version of a team (SPEC §2). `effectiveTo` is inclusive; null = open-ended. */
export interface OrgUnitVersion {
  orgUnitId: string;
  name: string;
  parentId: string | null;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
}

/** One effective-dated assignment of an employee to a team, with role, manager and site. */
export interface AssignmentVersion {
  employeeId: string;
  orgUnitId: string;
  role: Role;
  managerId: string | null;
  site: string | null;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
}

/** A team as it stands in the tree on some date. `depth` 1 = root. */
export interface TeamNode {
  id: string;
  name: string;
  parentId: string | null;
  depth: number;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
}

/** Outcome of writing one record (SPEC §3). */
export type WriteOutcome = 'inserted' | 'updated' | 'unchanged' | 'duplicate';
