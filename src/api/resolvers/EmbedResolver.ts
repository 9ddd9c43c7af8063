import { GraphQLError } from 'graphql';
import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Resolver } from 'type-graphql';
import { assertCanNarrowTo, EMBED_TTL, embedTtl, mintEmbedToken, resolveJwtSecret } from '../../access';
import { ApiContext } from '../context';
import { DateTimeScalar } from '../scalars';
import { plainTeamId } from '../teamRef';

@ObjectType({ description: 'A short-lived, read-only token for a chart embedded in another app (an iframe, a script tag, a spreadsheet).' })
export class EmbedToken {
  @Field({ description: 'The JWT: send it as a bearer token, put it in an embed URL\'s fragment (#token=…), or as access_token on /export URLs.' })
  token!: string;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;

  @Field(() => ID, { nullable: true, description: 'The team whose subtree (who is in it today) the token is narrowed to; null = your whole scope.' })
  teamId!: string | null;

  @Field({ description: 'Your role: the token is you, seeing no more than you do.' })
  role!: string;

  @Field(() => ID, { nullable: true })
  employeeId!: string | null;
}

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Embed tokens (issue 13): the caller's own identity, read-only, narrower or equal scope, short-lived. */
@Resolver()
export class EmbedResolver {
  @Mutation(() => EmbedToken, {
    description: `Mints an embed token for yourself: read-only (every mutation refused), at most your own scope, narrowed to a team's subtree when you name one, living ttlSeconds (default ${EMBED_TTL.defaultSeconds}, at most ${EMBED_TTL.maxSeconds}).`,
  })
  async createEmbedToken(
    @Ctx() ctx: ApiContext,
    @Arg('ttlSeconds', () => Int, { nullable: true }) ttlSeconds?: number | null,
    @Arg('teamId', () => ID, { nullable: true, description: 'A team in your part of the org chart (plain or versioned id).' }) teamId?: string | null,
  ): Promise<EmbedToken> {
    let ttl: number;
    try {
      ttl = embedTtl(ttlSeconds);
    } catch (e) {
      throw badInput((e as Error).message);
    }
    if (ctx.config.jwksUrl) {
      throw new GraphQLError('embed tokens are signed with the server\'s own secret: with SWITCHBOARD_JWKS_URL, ask your identity provider for a short-lived token instead', {
        extensions: { code: 'BAD_REQUEST' },
      });
    }
    const team = teamId ? plainTeamId(teamId) : null;
    if (team && !(await ctx.org.teamAsOf(team, ctx.today))) throw badInput(`teamId: no team ${JSON.stringify(team)} in today's org chart`);
    if (team) await assertCanNarrowTo(ctx.sql, ctx.principal, await ctx.scope(), team, ctx.today);
    const { token, expiresAt } = await mintEmbedToken(resolveJwtSecret(ctx.config), ctx.principal, {
      ttlSeconds: ttl,
      teamId: team,
      issuer: ctx.config.jwtIssuer,
      audience: ctx.config.jwtAudience,
    });
    ctx.log?.info({ embedToken: { sub: ctx.principal.employeeId, role: ctx.principal.role, teamId: team, expiresAt } }, 'embed token minted');
    return Object.assign(new EmbedToken(), { token, expiresAt, teamId: team, role: ctx.principal.role, employeeId: ctx.principal.employeeId });
  }
}
