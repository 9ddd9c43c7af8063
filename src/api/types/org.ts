import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AssignmentVersion, IsoDate, TeamNode } from '../../canonical';
import { EmployeeRow, ProductRow } from '../loaders';
import { DateScalar } from '../scalars';
import { teamObjectId } from '../teamRef';

@ObjectType({
  description:
    'A team (org unit) as it stands in the tree on `asOf`. Its `id` names the team and the date (`care@2026-03-01`), because parent, depth and version depend on the date; `teamId` is the plain team id. The org chart (ids, names, parents, children) is visible to every caller.',
})
export class Team {
  @Field(() => ID, { description: 'This view of the team: `<teamId>@<asOf>`. Arguments that take a team accept it or the plain `teamId`.' })
  id!: string;

  @Field({ description: 'The team id (HR org_unit_id), the same on every date.' })
  teamId!: string;

  @Field()
  name!: string;

  @Field(() => DateScalar, { description: 'The date this view of the team is taken on.' })
  asOf!: IsoDate;

  @Field(() => Int, { description: 'Depth in the tree on `asOf`; roots are 1.' })
  depth!: number;

  @Field(() => DateScalar, { description: 'First day of the version in force on `asOf`.' })
  effectiveFrom!: IsoDate;

  @Field(() => DateScalar, { nullable: true, description: 'Last day (inclusive) of that version; null = open-ended.' })
  effectiveTo!: IsoDate | null;

  /** Not a field: resolved through `parent`. */
  parentId!: string | null;

  static from(node: TeamNode, asOf: IsoDate, depth = node.depth): Team {
    return Object.assign(new Team(), {
      id: teamObjectId(node.id, asOf),
      teamId: node.id,
      name: node.name,
      parentId: node.parentId,
      effectiveFrom: node.effectiveFrom,
      effectiveTo: node.effectiveTo,
      asOf,
      depth,
    });
  }
}

@ObjectType({
  description:
    "A person, from HR. The canonical id is the HR employee_id. Outside the caller's scope (SPEC §7) only id and name are shown: email is null, assignments empty, assignment and latestAssignment null.",
})
export class Employee {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'First and last name.' })
  name!: string;

  @Field()
  firstName!: string;

  @Field()
  lastName!: string;

  @Field(() => String, { nullable: true, description: "Null outside the caller's scope." })
  email!: string | null;

  @Field({ description: "Whether this person is in the caller's scope: their details, history and rows are visible." })
  inScope!: boolean;

  static from(row: EmployeeRow, inScope: boolean): Employee {
    return Object.assign(new Employee(), {
      id: row.id,
      firstName: row.firstName,
      lastName: row.lastName,
      name: `${row.firstName} ${row.lastName}`,
      email: inScope ? row.email : null,
      inScope,
    });
  }
}

@ObjectType({ description: "One effective-dated version of an employee's assignment: team, role, manager, site." })
export class Assignment {
  @Field(() => ID, { description: 'This version: `<employeeId>@<effectiveFrom>` (an employee has one version per first day).' })
  id!: string;

  @Field(() => ID, { description: 'The employee this assignment belongs to.' })
  employeeId!: string;

  @Field(() => ID, { description: 'The plain team id (see `team` for the team as it stood on the first day).' })
  teamId!: string;

  @Field({ description: 'agent, supervisor, manager, director, executive or analyst.' })
  role!: string;

  @Field(() => ID, { nullable: true })
  managerId!: string | null;

  @Field(() => String, { nullable: true })
  site!: string | null;

  @Field(() => DateScalar)
  effectiveFrom!: IsoDate;

  @Field(() => DateScalar, { nullable: true, description: 'Last day (inclusive); null = open-ended.' })
  effectiveTo!: IsoDate | null;

  static from(a: AssignmentVersion): Assignment {
    return Object.assign(new Assignment(), {
      id: `${a.employeeId}@${a.effectiveFrom}`,
      employeeId: a.employeeId,
      teamId: a.orgUnitId,
      role: a.role,
      managerId: a.managerId,
      site: a.site,
      effectiveFrom: a.effectiveFrom,
      effectiveTo: a.effectiveTo,
    });
  }
}

@ObjectType({ description: 'A product, from the CRM.' })
export class Product {
  @Field(() => ID)
  sku!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  category!: string | null;

  static from(row: ProductRow): Product {
    return Object.assign(new Product(), row);
  }
}
