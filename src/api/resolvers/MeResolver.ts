import { Ctx, Field, FieldResolver, ID, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ApiContext } from '../context';
import { Employee } from '../types/org';
import { employeeFor } from './OrgResolver';

@ObjectType({ description: 'The caller, as the bearer token says.' })
export class Me {
  @Field({ description: 'agent, supervisor, manager, director, executive, analyst or admin (a service token reads nothing).' })
  role!: string;

  @Field(() => ID, { nullable: true })
  employeeId!: string | null;
}

@Resolver(() => Me)
export class MeResolver {
  @Query(() => Me, { description: 'Who the bearer token says the caller is.' })
  me(@Ctx() ctx: ApiContext): Me {
    return Object.assign(new Me(), { role: ctx.principal.role, employeeId: ctx.principal.employeeId });
  }

  @FieldResolver(() => Employee, { nullable: true })
  async employee(@Root() me: Me, @Ctx() ctx: ApiContext): Promise<Employee | null> {
    if (!me.employeeId) return null;
    const row = await ctx.loaders.employee.load(me.employeeId);
    return row ? employeeFor(ctx, row) : null;
  }
}
