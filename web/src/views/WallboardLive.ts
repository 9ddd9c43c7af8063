import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache, NormalizedCacheObject, split } from '@apollo/client';
import { setContext } from '@apollo/client/link/context';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import { createClient, Client } from 'graphql-ws';
import { typePolicies } from '../api/typePolicies';

/** The wallboard's live documents: one root field per subscription (GraphQL's rule). */
const LIVE_RESULT = gql`
  fragment LiveMetricResult on MetricResult {
    rowCount
    truncated
    timezone
    attribution
    metrics {
      name
      label
      unit
      format
      version
    }
    rows {
      period
      queue
      values
    }
  }
`;

export const METRIC_DATA_LIVE = gql`
  subscription WallboardMetricDataLive($q: MetricQueryInput!) {
    metricDataLive(query: $q) {
      ...LiveMetricResult
    }
  }
  ${LIVE_RESULT}
`;

export const QUEUE_INTRADAY_LIVE = gql`
  subscription WallboardQueueIntradayLive {
    queueIntradayLive {
      queue
      timezone
      date
      offered
      handled
      abandoned
      waiting
      serviceLevel
      asa
      longestWaitSeconds
      oldestWaitingSince
      asOf
    }
  }
`;

export interface QueueIntradayRow {
  queue: string;
  timezone: string;
  date: string;
  offered: number;
  handled: number;
  abandoned: number;
  waiting: number;
  serviceLevel: number | null;
  asa: number | null;
  longestWaitSeconds: number | null;
  oldestWaitingSince: string | null;
  asOf: string;
}

/** `ws://host/graphql` (or wss:// under https) of the page's own server. */
export function liveUrl(loc: { protocol: string; host: string } = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/graphql`;
}

/**
 * The wallboard's own Apollo client: queries over HTTP, subscriptions over one
 * graphql-ws WebSocket (a split link), both with the signed-in token. The socket
 * reconnects on its own (a TV stays on for days), and is closed with `dispose()`.
 */
export function createLiveClient(getToken: () => string | null, url = liveUrl()): { client: ApolloClient<NormalizedCacheObject>; ws: Client; dispose(): void } {
  const ws = createClient({
    url,
    connectionParams: () => {
      const t = getToken();
      return t ? { authorization: `Bearer ${t}` } : {};
    },
    lazy: true,
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
  });
  const auth = setContext((_, { headers }) => {
    const t = getToken();
    return { headers: { ...headers, ...(t ? { authorization: `Bearer ${t}` } : {}) } };
  });
  const link = split(
    ({ query }) => {
      const d = getMainDefinition(query);
      return d.kind === 'OperationDefinition' && d.operation === 'subscription';
    },
    new GraphQLWsLink(ws),
    ApolloLink.from([auth, new HttpLink({ uri: '/graphql' })]),
  );
  const client = new ApolloClient({ link, cache: new InMemoryCache({ typePolicies }) });
  return {
    client,
    ws,
    dispose() {
      client.stop();
      void ws.dispose();
    },
  };
}
