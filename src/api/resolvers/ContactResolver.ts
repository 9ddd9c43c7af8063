import { GraphQLError } from 'graphql';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { AccessError } from '../../access';
import { employeeInScopeSql } from '../../actions/permissions';
import { loadManifestOrThrow } from '../../semantic';
import { ApiContext } from '../context';
import { boundedLimit, CONTACTS_MAX_DAYS, LIMITS, LIST_LIMITS } from '../limits';
import { DateTimeScalar } from '../scalars';
import { Contact, ContactConnection } from '../types/contact';

const badInput = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** A page position: the last contact's time (microseconds, as PostgreSQL keeps it) and id. */
interface Cursor {
  at: string;
  id: string;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at, c.id]), 'utf8').toString('base64url');
}

export function decodeCursor(s: string): Cursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
  } catch {
    v = null;
  }
  if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || typeof v[1] !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v[0])) {
    throw badInput(`after: ${JSON.stringify(s.slice(0, 60))} is not a cursor of contacts (pass pageInfo.endCursor of the previous page)`);
  }
  return { at: v[0], id: v[1] };
}

/* eslint-disable-next-line @typescript-eslint/no-explicit-any */
const toContact = (r: any): Contact =>
  Object.assign(new Contact(), {
    contactId: r.contact_id,
    channel: r.channel,
    initiationMethod: r.initiation_method,
    initiatedAt: r.initiated_at,
    disconnectedAt: r.disconnected_at,
    queue: r.queue_name,
    queueSeconds: r.queue_seconds,
    connectedAt: r.connected_at,
    handled: r.connected_at !== null,
    talkSeconds: r.talk_seconds,
    holdSeconds: r.hold_seconds,
    acwSeconds: r.acw_seconds,
    handleSeconds: r.connected_at === null ? null : (r.talk_seconds ?? 0) + (r.hold_seconds ?? 0) + (r.acw_seconds ?? 0),
    transferred: r.transferred_at !== null,
    repeated: r.repeated,
    productSku: r.product_sku,
    csat: r.csat,
  });

/**
 * The contacts behind a number (issue 13's drill: team → agent → day → contacts).
 * Scoped in SQL by the same rule as metricData (SPEC §7, src/actions/permissions.ts):
 * an agent reads their own contacts, a people manager those of the people in their
 * subtree today, executives, analysts and admins anyone's. Embed tokens cannot ask
 * (src/api/embedGuard.ts: a contact list is no chart).
 */
@Resolver(() => ContactConnection)
export class ContactResolver {
  @Query(() => ContactConnection, {
    description: `One employee's contacts that started in [from, to), in time order, a page at a time (first, after). Within your scope (SPEC §7): anyone else is FORBIDDEN. At most ${CONTACTS_MAX_DAYS} days per request.`,
    // A scan of the facts like metricData, plus each contact of the page.
    complexity: ({ args, childComplexity }) => LIMITS.metricDataCost + Math.ceil((Number(args.first) || LIST_LIMITS.contacts.default) / LIMITS.listFactor) * childComplexity,
  })
  async contacts(
    @Ctx() ctx: ApiContext,
    @Arg('employeeId', () => ID) employeeId: string,
    @Arg('from', () => DateTimeScalar) from: Date,
    @Arg('to', () => DateTimeScalar, { description: 'Exclusive.' }) to: Date,
    @Arg('first', () => Int, { defaultValue: LIST_LIMITS.contacts.default, description: `Page size (default ${LIST_LIMITS.contacts.default}, max ${LIST_LIMITS.contacts.max}).` }) first: number,
    @Arg('after', () => String, { nullable: true, description: 'The endCursor of the previous page.' }) after?: string | null,
  ): Promise<ContactConnection> {
    boundedLimit('first', first, LIST_LIMITS.contacts.max, 1);
    if (!(from.getTime() < to.getTime())) throw badInput(`from (${from.toISOString()}) must be before to (${to.toISOString()})`);
    if (to.getTime() - from.getTime() > CONTACTS_MAX_DAYS * 86400000) throw badInput(`from … to spans more than ${CONTACTS_MAX_DAYS} days: ask for a shorter window`);
    const cursor = after ? decodeCursor(after) : null;
    const scope = await ctx.scope();
    if (!(await ctx.canSee(employeeId))) throw new AccessError(`employee ${employeeId} is outside your scope`);
    const hours = Number(loadManifestOrThrow().facts.get('interaction')?.parameters.get('repeat_window_hours') ?? 168);
    // $1 employee, $2 from, $3 to, then the scope's own parameters; the cursor and page size last.
    const inScope = employeeInScopeSql(scope, 'i.employee_id', 4);
    const base = [employeeId, from, to, ...inScope.params];
    const where = `i.employee_id = $1 AND i.initiated_at >= $2 AND i.initiated_at < $3 AND ${inScope.sql}`;
    const n = base.length;
    const rows = await ctx.sql.query(
      `SELECT i.contact_id, i.channel, i.initiation_method, i.initiated_at, i.disconnected_at, i.queue_name, i.queue_seconds, i.connected_at,
              i.talk_seconds, i.hold_seconds, i.acw_seconds, i.transferred_at, i.product_sku,
              to_char(i.initiated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS at_key,
              EXISTS (SELECT 1 FROM interaction r
                       WHERE r.customer_address = i.customer_address AND r.initiation_method = 'INBOUND'
                         AND r.initiated_at > i.initiated_at AND r.initiated_at <= i.initiated_at + $${n + 4}::float8 * interval '1 hour') AS repeated,
              (SELECT s.csat FROM survey_response s WHERE s.contact_id = i.contact_id AND s.csat IS NOT NULL
                ORDER BY s.responded_at DESC, s.response_id DESC LIMIT 1) AS csat
         FROM interaction i
        WHERE ${where} AND ($${n + 1}::timestamptz IS NULL OR (i.initiated_at, i.contact_id) > ($${n + 1}::timestamptz, $${n + 2}::text))
        ORDER BY i.initiated_at, i.contact_id
        LIMIT $${n + 3}`,
      [...base, cursor?.at ?? null, cursor?.id ?? null, first + 1, hours],
    );
    const page = rows.slice(0, first);
    const last = page[page.length - 1];
    return Object.assign(new ContactConnection(), {
      nodes: page.map(toContact),
      pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor({ at: last.at_key, id: last.contact_id }) : null },
      count: async () => Number((await ctx.sql.query(`SELECT count(*)::int AS n FROM interaction i WHERE ${where}`, base))[0].n),
    });
  }

  @FieldResolver(() => Int, { description: 'Contacts in the whole window (every page).' })
  totalCount(@Root() c: ContactConnection): Promise<number> {
    return c.count();
  }
}
