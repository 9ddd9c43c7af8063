import http from 'http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import { GraphQLError } from 'graphql';
import { DataSource } from 'typeorm';
import { AuthError, createVerifier } from '../access';
import { Config } from '../config';
import { ApiContext, createContext } from './context';
import { buildApiSchema } from './schema';
import { mountWebApp } from './webApp';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
}

/**
 * Serves `/graphql` (bearer token required, SPEC §7) and `/healthz` (open; reports
 * whether the database answers).
 */
export async function startServer(ds: DataSource, config: Config, opts: { port?: number; host?: string } = {}): Promise<RunningServer> {
  const app = express();
  const httpServer = http.createServer(app);
  const verify = createVerifier(config);
  const apollo = new ApolloServer<ApiContext>({
    schema: buildApiSchema(),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
    introspection: true,
    // Clients get the message and extensions.code, never a server stack trace.
    includeStacktraceInErrorResponses: Boolean(process.env.SWITCHBOARD_DEBUG),
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

  app.use(
    '/graphql',
    express.json({ limit: '1mb' }),
    expressMiddleware(apollo, {
      context: async ({ req }) => {
        const header = req.headers.authorization ?? '';
        const m = /^Bearer\s+(\S+)$/i.exec(header);
        if (!m) throw unauthenticated('missing bearer token: send Authorization: Bearer <token> (see `switchboard token`)');
        try {
          return createContext(ds, config, await verify(m[1]));
        } catch (e) {
          if (e instanceof AuthError) throw unauthenticated(e.message);
          throw e;
        }
      },
    }),
  );

  mountWebApp(app); // the web app at / (after the API routes, so they come first)
  const port = opts.port ?? config.port;
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, opts.host, () => resolve());
  });
  const actual = (httpServer.address() as { port: number }).port;
  return {
    port: actual,
    url: `http://localhost:${actual}/graphql`,
    async close() {
      await apollo.stop();
    },
  };
}
