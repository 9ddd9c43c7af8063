import http from 'http';
import express, { ErrorRequestHandler } from 'express';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { GraphQLError } from 'graphql';
import pino, { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { aRole, AuthError, createVerifier, reachOf } from '../access';
import { Config, ConfigError } from '../config';
import { describeConnectionError } from '../db/database';
import { ApiContext, createContext, SharedResources } from './context';
import { apiReadSettings } from './requestSql';
import { createDataSource } from '../db/dataSource';
import { createResultCache, ResultCache } from '../query/cache';
import { RollupCatalogCache } from '../query';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { PoolLike, watchPool } from '../telemetry/prom';
import { mountMetrics } from './metricsRoute';
import { telemetryPlugin } from './telemetryPlugin';
import { LIMITS } from './limits';
import { embedTokenGuard } from './embedGuard';
import { mountExport } from './export';
import { maskErrors } from './maskErrors';
import { queryLimitsPlugin } from './queryLimits';
import { buildApiSchema } from './schema';
import { mountWebApp } from './webApp';
import { ChangeFeed } from '../realtime/changeFeed';
import { LiveHub } from '../realtime/live';
import { mountPush, PushOptions, pushOptionsFromEnv } from '../realtime/push';
import { attachWebSocket } from '../realtime/ws';
import { ResponseCache, responseCachePlugin } from './responseCache';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ServerOptions {
  port?: number;
  host?: string;
  /** Where server-side errors are logged (default: JSON lines on stderr). */
  logger?: Logger;
  /** "Now", for today's org-chart date and for actions (tests pin it). */
  clock?: () => Date;
  /** Extra routes mounted before /graphql (the demo's webhook receiver). */
  routes?: (app: express.Express) => void;
  /** Push ingest batching and limits (default: from the environment, src/realtime/push.ts). */
  push?: Partial<PushOptions>;
  /** The result cache to use (tests share or inspect one); default: made from the config, null = none. */
  resultCache?: ResultCache | null;
}

/** The pg pool under a TypeORM data source (for /metrics). */
const poolOf = (ds: DataSource) => (): PoolLike | undefined => (ds.isInitialized ? ((ds.driver as unknown as { master?: PoolLike }).master ?? undefined) : undefined);

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/** A service token may only push data for ingest: every GraphQL operation is refused. */
const serviceTokensReadNothing: ApolloServerPlugin<ApiContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue }) {
        if (reachOf(contextValue.principal.role) === 'none') {
          throw new GraphQLError(`${aRole(contextValue.principal.role)} token may only push data for ingest; it cannot query`, {
            extensions: { code: 'FORBIDDEN', http: { status: 403 } },
          });
        }
      },
    };
  },
};

/** body-parser's refusals (too large, bad JSON) as GraphQL-shaped JSON errors, never an HTML page or a stack. */
const bodyErrors: ErrorRequestHandler = (err, _req, res, next) => {
  const e = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (res.headersSent || typeof e.status !== 'number' || e.status < 400 || e.status >= 500) return next(err);
  const code = e.type === 'entity.too.large' ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
  const message =
    e.type === 'entity.too.large'
      ? `the request body is larger than ${LIMITS.maxBodyBytes} bytes`
      : e.type === 'entity.parse.failed'
        ? 'the request body is not valid JSON'
        : (e.expose && e.message) || 'bad request';
  res.status(e.status).json({ errors: [{ message, extensions: { code } }] });
};

/**
 * Serves `/graphql` (bearer token required, SPEC §7) and `/healthz` (open; reports
 * whether the database answers). Requests are refused early when too large, too
 * deep or too costly; errors are masked (src/api/maskErrors.ts).
 */
export async function startServer(ds: DataSource, config: Config, opts: ServerOptions = {}): Promise<RunningServer> {
  const app = express();
  // No ETag on responses: every GraphQL answer is a POST, never revalidated, and
  // hashing a thousand-row answer cost as much as sending it.
  app.set('etag', false);
  const httpServer = http.createServer(app);
  const verify = createVerifier(config);
  const log = opts.logger ?? pino({ name: 'switchboard', base: undefined }, pino.destination(2));
  const clock = opts.clock ?? (() => new Date());
  // Read-only operations go to the standby when one is configured (docs/scaling.md).
  // API reads on the primary get a pool of their own, its connections started with the
  // read settings (one round trip per statement, no SET/RESET); writes and ingest use `ds`.
  const sessionSettings = apiReadSettings(config.statementTimeoutMs);
  const primaryUrl = (ds.options as { url?: string }).url;
  // When the database does not answer at start-up, reads use `ds` (the server still
  // starts, and /healthz says the database is down).
  let apiDs = primaryUrl ? createDataSource({ url: primaryUrl, applicationName: 'switchboard-api', logger: ds.logger, sessionSettings }) : null;
  apiDs = await apiDs?.initialize().catch(() => null) ?? null;
  let readDs: DataSource | null = null;
  if (config.readDatabaseUrl) {
    readDs = createDataSource({ url: config.readDatabaseUrl, applicationName: 'switchboard-read', sessionSettings });
    try {
      await readDs.initialize();
    } catch (e) {
      await apiDs?.destroy();
      throw new ConfigError('SWITCHBOARD_READ_DATABASE_URL', `cannot connect to the read replica: ${describeConnectionError(config.readDatabaseUrl, e)}`);
    }
  }
  const resultCache = opts.resultCache !== undefined ? opts.resultCache : await createResultCache(config);
  const shared: SharedResources = { apiDs, readDs, resultCache, rollupCatalogs: new RollupCatalogCache() };
  const unwatch = [watchPool('primary', poolOf(ds)), ...(apiDs ? [watchPool('api', poolOf(apiDs))] : []), ...(readDs ? [watchPool('replica', poolOf(readDs))] : [])];
  // In front of the result cache, with the same bound (src/api/responseCache.ts).
  const responseCache = resultCache ? new ResponseCache((config.cacheMaxMb ?? 64) * 1024 * 1024) : null;
  const schema = buildApiSchema();
  // Live subscriptions: one LISTEN connection on the change feed, shared by every subscription.
  const feed = ChangeFeed.forDataSource(ds, log);
  const hub = new LiveHub(feed, log);
  const ws = attachWebSocket(httpServer, schema, ds, config, verify, hub, clock, log);
  const apollo = new ApolloServer<ApiContext>({
    schema,
    // No cache-control hints (nothing sets them): without that plugin Apollo does not
    // wrap every field resolver, a cost per field of every row of a metric result.
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginCacheControlDisabled(), telemetryPlugin, queryLimitsPlugin<ApiContext>(), serviceTokensReadNothing, embedTokenGuard, ...(responseCache ? [responseCachePlugin(responseCache)] : [])],
    // Every request is authenticated before it is parsed (the context below), so
    // introspection is open to authenticated callers only.
    introspection: true,
    parseOptions: { maxTokens: LIMITS.maxTokens },
    // A repeated answer's text is made once (src/api/responseCache.ts).
    ...(responseCache ? { stringifyResult: (v: Parameters<ResponseCache['stringify']>[0]) => responseCache.stringify(v) } : {}),
    includeStacktraceInErrorResponses: Boolean(process.env.SWITCHBOARD_DEBUG),
    formatError: maskErrors(log, config.statementTimeoutMs),
    logger: { debug: () => undefined, info: (m) => log.info(m), warn: (m) => log.warn(m), error: (m) => log.error(m) },
  });
  await apollo.start();

  app.get('/healthz', async (_req, res) => {
    try {
      await ds.query('SELECT 1');
      res.json({ status: 'ok', database: 'up' });
    } catch (e) {
      res.status(503).json({ status: 'unavailable', database: 'down', error: (e as Error).message.split('\n')[0] });
    }
  });

  mountMetrics(app, config.metricsToken); // GET /metrics (Prometheus)
  opts.routes?.(app);
  const push = mountPush(app, ds, config, verify, log, { ...pushOptionsFromEnv(), ...opts.push }); // POST /ingest/<connector>

  app.use(
    '/graphql',
    express.json({ limit: LIMITS.maxBodyBytes }),
    bodyErrors,
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const header = req.headers.authorization ?? '';
        const m = /^Bearer\s+(\S+)$/i.exec(header);
        if (!m) throw unauthenticated('missing bearer token: send Authorization: Bearer <token> (see `switchboard token`)');
        try {
          return createContext(ds, config, await verify(m[1]), clock, log, shared);
        } catch (e) {
          if (e instanceof AuthError) throw unauthenticated(e.message);
          throw e;
        }
      },
    }),
  );

  mountExport(app, apollo, async (t) => createContext(ds, config, await verify(t), clock(), log, shared), log); // GET /export/metricData.csv|json
  mountWebApp(app); // the web app at / (after the API routes, so they come first)
  await Promise.race([feed.start(), new Promise((r) => setTimeout(r, 5000).unref())]);
  const port = opts.port ?? config.port;
  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(port, opts.host, () => resolve());
    });
  } catch (e) {
    // Let go of everything started above, the change feed's connection first (the
    // caller may stop the database next, and a dropped feed would log a reconnect).
    hub.close();
    await ws.close().catch(() => undefined);
    await feed.close().catch(() => undefined);
    push.close();
    await apollo.stop().catch(() => undefined);
    for (const u of unwatch) u();
    if (opts.resultCache === undefined) await resultCache?.close();
    if (readDs?.isInitialized) await readDs.destroy();
    if (apiDs?.isInitialized) await apiDs.destroy();
    throw e;
  }
  const actual = (httpServer.address() as { port: number }).port;
  return {
    port: actual,
    url: `http://localhost:${actual}/graphql`,
    async close() {
      hub.close();
      await ws.close();
      await feed.close();
      await apollo.stop();
      for (const u of unwatch) u();
      // A cache passed in belongs to the caller.
      if (opts.resultCache === undefined) await resultCache?.close();
      if (readDs?.isInitialized) await readDs.destroy();
      if (apiDs?.isInitialized) await apiDs.destroy();
      push.close();
    },
  };
}
