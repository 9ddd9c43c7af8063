import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { badInput, employeeInScopeSql } from '../../actions';
import { act, actorOf } from '../actor';
import { ApiContext } from '../context';
import { DateTimeScalar } from '../scalars';

@ObjectType({ description: 'One change on record: who, what (before and after, as JSON text) and when.' })
export class AuditEntry {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => ID, { nullable: true, description: 'The employee who acted (null for a token without one).' })
  actorEmployeeId!: string | null;

  @Field()
  actorRole!: string;

  @Field()
  entity!: string;

  @Field(() => ID)
  entityId!: string;

  @Field({ description: 'create, update or delete.' })
  action!: string;

  @Field(() => String, { nullable: true, description: 'JSON.' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'JSON.' })
  after!: string | null;
}

/** The audit trail (issues 9 and 10): read within scope. */
@Resolver()
export class AuditResolver {
  @Query(() => [AuditEntry], {
    description:
      'The audit trail of one thing (entity such as goal, contest, payout_run, achievement; id as the entity reports it), oldest first. Changes about employees or teams outside your scope are left out; executives, analysts and admins see all.',
  })
  auditLog(
    @Ctx() ctx: ApiContext,
    @Arg('entity') entity: string,
    @Arg('id', () => ID) id: string,
    @Arg('limit', () => Int, { defaultValue: 200 }) limit = 200,
  ): Promise<AuditEntry[]> {
    return act(async () => {
      if (limit < 1 || limit > 1000) throw badInput('limit: 1 to 1000');
      const actor = await actorOf(ctx);
      const emp = employeeInScopeSql(actor.scope, 'l.subject_employee_id', 4);
      const team =
        actor.scope.kind === 'all'
          ? 'TRUE'
          : actor.scope.kind === 'subtree'
            ? `$${4 + emp.params.length} = ANY (org_unit_path(l.subject_team_id, $${5 + emp.params.length}::date))`
            : 'FALSE';
      const teamParams = actor.scope.kind === 'subtree' ? [actor.scope.teamId, actor.scope.asOf] : [];
      const open = actor.scope.kind === 'all' ? 'TRUE' : 'FALSE';
      const rows = await ctx.ds.query(
        `SELECT l.id::text, l.at, l.actor_employee_id, l.actor_role, l.entity, l.entity_id, l.action, l.before::text, l.after::text
           FROM audit_log l
          WHERE l.entity = $1 AND l.entity_id = $2
            AND (${open} OR (l.subject_employee_id IS NOT NULL AND ${emp.sql}) OR (l.subject_team_id IS NOT NULL AND ${team})
                 OR (l.subject_employee_id IS NULL AND l.subject_team_id IS NULL AND l.actor_employee_id = $${4 + emp.params.length + teamParams.length}))
          ORDER BY l.at, l.id LIMIT $3`,
        [entity, id, limit, ...emp.params, ...teamParams, actor.principal.employeeId],
      );
      return rows.map((r: Record<string, unknown>) =>
        Object.assign(new AuditEntry(), {
          id: r.id,
          at: r.at,
          actorEmployeeId: r.actor_employee_id ?? null,
          actorRole: r.actor_role,
          entity: r.entity,
          entityId: r.entity_id,
          action: r.action,
          before: r.before ?? null,
          after: r.after ?? null,
        }),
      );
    });
  }
}
