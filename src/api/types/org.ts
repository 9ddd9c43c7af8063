import { Field, ID, Int, ObjectType } from 'type-graphql';
import { AssignmentVersion, IsoDate, TeamNode } from '../../canonical';
import { EmployeeRow, ProductRow } from '../loaders';
import { DateScalar } from '../scalars';

@ObjectType({ description: 'A team (org unit) as it stands in the tree on `asOf`.' })
export class Team {
  @Field(() => ID)
  id!: string;

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
    return Object.assign(new Team(), { ...node, asOf, depth });
  }
}

@ObjectType({ description: 'A person, from HR. The canonical id is the HR employee_id.' })
export class Employee {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'First and last name.' })
  name!: string;

  @Field()
  firstName!: string;

  @Field()
  lastName!: string;

  @Field(() => String, { nullable: true })
  email!: string | null;

  /** The date `assignment` defaults to when reached through a dated parent (a team's members). */
  asOf?: IsoDate;

  static from(row: EmployeeRow, asOf?: IsoDate): Employee {
    return Object.assign(new Employee(), { ...row, name: `${row.firstName} ${row.lastName}`, asOf });
  }
}

@ObjectType({ description: "One effective-dated version of an employee's assignment: team, role, manager, site." })
export class Assignment {
  @Field(() => ID, { description: 'The employee this assignment belongs to.' })
  employeeId!: string;

  @Field(() => ID)
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
