import { GraphQLScalarType, Kind } from 'graphql';
import { DateResolver, DateTimeResolver } from 'graphql-scalars';

const toIsoDate = (d: unknown): string => {
  if (d instanceof Date) return d.toISOString().slice(0, 10);
  return String(d);
};

/**
 * `Date`: a calendar date `YYYY-MM-DD` (graphql-scalars' validation), kept as a
 * string inside Switchboard so no time zone can shift it.
 */
export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  description: 'A calendar date, such as 2026-03-01 (RFC 3339 full-date).',
  specifiedByURL: DateResolver.specifiedByURL ?? undefined,
  serialize: (v) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : toIsoDate(DateResolver.serialize(v))),
  parseValue: (v) => toIsoDate(DateResolver.parseValue(v)),
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) return toIsoDate(DateResolver.parseLiteral(ast, {}));
    return toIsoDate(DateResolver.parseLiteral(ast, {}));
  },
});

/** `DateTime`: an instant, RFC 3339 with offset (graphql-scalars). */
export const DateTimeScalar = DateTimeResolver;
