import http from 'http';
import { GraphQLError, GraphQLSchema, Kind, parse, validate, DocumentNode, OperationDefinitionNode } from 'graphql';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { WebSocketServer } from 'ws';
import type { useServer as UseServer } from 'graphql-ws/dist/use/ws.cjs';
import { aRole, AuthError, Principal, reachOf, TokenVerifier } from '../access';
import { Config } from '../config';
import { createContext } from '../api/context';
import { EMBED_QUERY_FIELDS } from '../api/embedGuard';
import { LIMITS } from '../api/limits';
import { maskErrors } from '../api/maskErrors';
import { depthOver, queryCost } from '../api/queryLimits';
import { LiveHub } from './live';
import { openSockets } from './metrics';

// graphql-ws publishes its ws adapter as a package export only (the compiler's node10 resolution cannot see it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { useServer } = require('graphql-ws/use/ws') as { useServer: typeof UseServer };

/** The WebSocket subprotocol of graphql-ws. */
export const GRAPHQL_WS_PROTOCOL = 'graphql-transport-ws';

function tokenOf(params: Record<string, unknown> | undefined, req: http.IncomingMessage): string | null {
  const auth = params?.authorization ?? params?.Authorization;
  if (typeof auth === 'string') return /^Bearer\s+(\S+)$/i.exec(auth)?.[1] ?? null;
  if (typeof params?.token === 'string' && params.token) return params.token;
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? null;
}

const err = (message: string, code: string) => new GraphQLError(message, { extensions: { code } });

/**
 * GraphQL subscriptions (and queries) over WebSocket at /graphql, on the HTTP
 * server's port, with graphql-ws (subprotocol graphql-transport-ws). The token comes
 * in the connection_init payload (`{ authorization: "Bearer <token>" }`) or the
 * upgrade request's Authorization header, and is checked like an HTTP request's:
 * a bad one closes the socket with 4401, a service token with 4403. Every operation
 * gets the same limits (depth, cost, tokens), scope and error masking as over HTTP.
 */
export function attachWebSocket(
  httpServer: http.Server,
  schema: GraphQLSchema,
  ds: DataSource,
  config: Config,
  verify: TokenVerifier,
  hub: LiveHub,
  clock: () => Date,
  log: Logger,
): { close(): Promise<void> } {
  // noServer: the HTTP server's own errors (a port in use at listen) stay the HTTP
  // server's, instead of being re-emitted by ws and logged by graphql-ws as its own.
  const wss = new WebSocketServer({ noServer: true });
  const onUpgrade = (req: http.IncomingMessage, socket: import('stream').Duplex, head: Buffer) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname !== '/graphql') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  };
  httpServer.on('upgrade', onUpgrade);
  const principals = new WeakMap<object, Principal>();
  const mask = maskErrors(log, config.statementTimeoutMs);
  wss.on('connection', (socket) => {
    openSockets.inc();
    socket.once('close', () => openSockets.dec());
  });
  const disposable = useServer(
    {
      schema,
      onConnect: async (ctx) => {
        const t = tokenOf(ctx.connectionParams as Record<string, unknown> | undefined, ctx.extra.request);
        const refuse = (code: number, why: string) => {
          ctx.extra.socket.close(code, why.slice(0, 120));
          return false;
        };
        if (!t) return refuse(4401, 'missing token: send connectionParams { authorization: "Bearer <token>" }');
        let p: Principal;
        try {
          p = await verify(t);
        } catch (e) {
          if (e instanceof AuthError) return refuse(4401, e.message);
          throw e;
        }
        if (reachOf(p.role) === 'none') return refuse(4403, `${aRole(p.role)} token may only push data for ingest`);
        principals.set(ctx.extra.socket, p);
        return true;
      },
      onSubscribe: (ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: LIMITS.maxTokens });
        } catch (e) {
          return [err(`the query cannot be parsed: ${(e as Error).message}`, 'GRAPHQL_PARSE_FAILED')];
        }
        const errors = validate(schema, document);
        if (errors.length) return errors.map((e) => err(e.message, 'GRAPHQL_VALIDATION_FAILED'));
        const depth = depthOver(schema, document, LIMITS.maxDepth);
        if (depth !== null) return [err(`the query nests fields ${depth} deep; the limit is ${LIMITS.maxDepth}`, 'QUERY_TOO_DEEP')];
        try {
          const cost = queryCost(schema, document, payload.operationName ?? undefined, payload.variables ?? {});
          if (cost > LIMITS.maxCost) return [err(`the query's estimated cost is ${cost}; the limit is ${LIMITS.maxCost}`, 'QUERY_TOO_COMPLEX')];
        } catch {
          // invalid variables: execution refuses them
        }
        const p = principals.get(ctx.extra.socket);
        if (!p) return [err('not authenticated', 'UNAUTHENTICATED')];
        const op = document.definitions.find(
          (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!payload.operationName || d.name?.value === payload.operationName),
        );
        if (op?.operation === 'mutation') return [err('mutations are served over HTTP POST /graphql only', 'FORBIDDEN')];
        if (p.embed && op) {
          for (const s of op.selectionSet.selections) {
            if (s.kind === Kind.FIELD && !EMBED_QUERY_FIELDS.has(s.name.value)) return [err(`an embed token reads chart data only: ${s.name.value} needs the person's own token`, 'FORBIDDEN')];
          }
        }
        return undefined;
      },
      context: (ctx) => {
        const p = principals.get(ctx.extra.socket)!;
        return Object.assign(createContext(ds, config, p, clock, log), { live: hub });
      },
      onNext: (_ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return undefined;
        return { ...result, errors: result.errors.map((e) => mask(e.toJSON(), e)) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => mask(e.toJSON(), e)),
    },
    wss,
  );
  return {
    async close() {
      httpServer.off('upgrade', onUpgrade);
      await disposable.dispose();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
