import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { Logger } from 'pino';
import { AccessError } from '../access';
import { MetricQueryError } from '../query';
import { LIMITS } from './limits';
import { STATEMENT_TIMEOUT_CODE } from './requestSql';

const pgCode = (e: unknown): string | undefined => {
  const x = e as { code?: unknown; driverError?: { code?: unknown } };
  const code = x?.driverError?.code ?? x?.code;
  return typeof code === 'string' ? code : undefined;
};

/**
 * Apollo's formatError: every error a client sees carries `extensions.code`
 * and says what to do, and none carries SQL, a driver message or a stack.
 * Errors Switchboard raised on purpose (GraphQLErrors with a code, access and
 * query-input errors) keep their message; a statement cancelled by
 * statement_timeout is QUERY_TIMEOUT; a PostgreSQL data exception (class 22,
 * from a value the caller sent) is BAD_USER_INPUT; anything else is logged with its stack
 * and becomes INTERNAL_SERVER_ERROR with a generic message.
 */
export function maskErrors(log: Logger, statementTimeoutMs: number) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    const where = { locations: formatted.locations, path: formatted.path };
    const stacktrace = formatted.extensions?.stacktrace ? { stacktrace: formatted.extensions.stacktrace } : {};
    if (original instanceof AccessError) return { message: original.message, ...where, extensions: { code: 'FORBIDDEN', ...stacktrace } };
    if (original instanceof MetricQueryError) return { message: original.message, ...where, extensions: { code: 'BAD_USER_INPUT', ...stacktrace } };
    const pg = pgCode(original);
    if (pg === STATEMENT_TIMEOUT_CODE) {
      return {
        message: `the query ran longer than the server allows (${statementTimeoutMs} ms, SWITCHBOARD_STATEMENT_TIMEOUT_MS): narrow the time range, the dimensions or the grain`,
        ...where,
        extensions: { code: 'QUERY_TIMEOUT', ...stacktrace },
      };
    }
    if (pg?.startsWith('22')) {
      // PostgreSQL's data exceptions come from values the caller sent (a NUL character in
      // an id, say); the driver's first line names the problem, never the SQL.
      const why = String((original as Error).message ?? '').split('\n')[0];
      return { message: `a value in the request cannot be used: ${why}`, ...where, extensions: { code: 'BAD_USER_INPUT', ...stacktrace } };
    }
    const code = formatted.extensions?.code;
    if (code === 'GRAPHQL_PARSE_FAILED' && /contains more tha[nt] \d+ tokens/.test(formatted.message) /* graphql-js writes "more that" */) {
      return {
        message: `the query has more than ${LIMITS.maxTokens} tokens and was not parsed further: send fewer aliases or smaller selections, or split the request`,
        ...where,
        extensions: { code: 'QUERY_TOO_COMPLEX', ...stacktrace },
      };
    }
    if (original instanceof GraphQLError && typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') return formatted;
    log.error({ err: original, path: formatted.path }, 'unexpected error in a GraphQL request');
    return { message: 'internal server error (the server log has the details)', ...where, extensions: { code: 'INTERNAL_SERVER_ERROR', ...stacktrace } };
  };
}
