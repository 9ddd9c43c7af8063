import { GraphQLError } from 'graphql';
import { IsoDate, isIsoDate } from '../canonical';

/**
 * Team identities. A `Team` object is a team as it stands on one date (its
 * parent, depth and version depend on the date), so its GraphQL `id` is
 * `<teamId>@<YYYY-MM-DD>`: a client cache then never mixes two versions of the
 * org chart. Every argument that takes a team accepts that form or the plain id.
 */
export function teamObjectId(teamId: string, asOf: IsoDate): string {
  return `${teamId}@${asOf}`;
}

/** `care@2026-03-01` → { teamId: 'care', asOf: '2026-03-01' }; a plain id has no date. */
export function parseTeamRef(ref: string): { teamId: string; asOf: IsoDate | null } {
  const at = ref.lastIndexOf('@');
  if (at > 0) {
    const date = ref.slice(at + 1);
    if (isIsoDate(date)) return { teamId: ref.slice(0, at), asOf: date };
  }
  return { teamId: ref, asOf: null };
}

/** The plain team id of either form (where the date comes from elsewhere, such as the query's attribution). */
export function plainTeamId(ref: string): string {
  return parseTeamRef(ref).teamId;
}

/** The date to show a team on: `asOf`, else the id's own date, else `fallback`; the two given dates must agree. */
export function teamDate(ref: { asOf: IsoDate | null }, asOf: IsoDate | null | undefined, fallback: IsoDate): IsoDate {
  if (asOf && ref.asOf && asOf !== ref.asOf) {
    throw new GraphQLError(`the team id names ${ref.asOf} but asOf is ${asOf}: give one date`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return asOf ?? ref.asOf ?? fallback;
}
