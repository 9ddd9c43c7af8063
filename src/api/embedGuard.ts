import { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind } from 'graphql';
import { ApiContext } from './context';

/**
 * What an embed token may read: the data charts are made of. Anything else (the
 * ingest ledger, the audit trail, payouts, and whatever later issues add) needs the
 * person's own token, so a token pasted into another app cannot reach beyond its
 * charts, and a new query is closed to embed tokens until someone opens it here.
 */
export const EMBED_QUERY_FIELDS: ReadonlySet<string> = new Set([
  'metricData',
  'metrics',
  'metric',
  'me',
  'orgChart',
  'team',
  'employee',
  'leaderboard',
  'scorecard',
  'goals',
  'appliedGoals',
  'contests',
  'contest',
  'badges',
  'rewards',
  'achievements',
  'points',
  'queueIntraday',
  'metricDataLive',
  'queueIntradayLive',
  '__typename',
  '__schema',
  '__type',
]);

const forbidden = (message: string) => new GraphQLError(message, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });

/**
 * An embed token reads; it never writes (src/access/embed.ts). Every mutation it
 * sends is refused before anything runs, whatever the mutation would check itself
 * (a chart in another app cannot set a goal, redeem points or mint another token),
 * and so is every query field outside EMBED_QUERY_FIELDS.
 */
export const embedTokenGuard: ApolloServerPlugin<ApiContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ contextValue, operation }) {
        if (!contextValue.principal.embed || !operation) return;
        if (operation.operation === 'mutation') throw forbidden('an embed token is read-only: mutations need the token of the person themselves');
        for (const s of operation.selectionSet.selections) {
          if (s.kind === Kind.FIELD && !EMBED_QUERY_FIELDS.has(s.name.value)) {
            throw forbidden(`an embed token reads chart data only (${[...EMBED_QUERY_FIELDS].filter((f) => !f.startsWith('__')).join(', ')}): ${s.name.value} needs the person's own token`);
          }
        }
      },
    };
  },
};
