import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, NormalizedCacheObject, ServerError } from '@apollo/client';
import { setContext } from '@apollo/client/link/context';
import { onError } from '@apollo/client/link/error';
import { typePolicies } from './typePolicies';

export interface ClientOptions {
  /** The token to send, read on every request (so a new sign-in needs no new client). */
  getToken: () => string | null;
  /** Called when the server refuses the token (HTTP 401 or UNAUTHENTICATED), with its reason. */
  onUnauthenticated: (reason: string) => void;
  uri?: string;
  fetch?: typeof fetch;
}

/** The server's own words for a refused token, else a generic one. */
export function refusalReason(error: { networkError?: unknown; graphQLErrors?: readonly { message: string; extensions?: Record<string, unknown> }[] }): string | null {
  const gqlAuth = error.graphQLErrors?.find((e) => e.extensions?.code === 'UNAUTHENTICATED');
  if (gqlAuth) return gqlAuth.message;
  const net = error.networkError as Partial<ServerError> | undefined;
  if (net && net.statusCode === 401) {
    const body = net.result as { errors?: { message?: string }[] } | undefined;
    return (typeof body === 'object' && body?.errors?.[0]?.message) || 'the server refused the token';
  }
  return null;
}

export function createClient(opts: ClientOptions): ApolloClient<NormalizedCacheObject> {
  const auth = setContext((_, { headers }) => {
    const token = opts.getToken();
    return { headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } };
  });
  const refused = onError((error) => {
    const reason = refusalReason(error);
    if (reason) opts.onUnauthenticated(reason);
  });
  return new ApolloClient({
    link: ApolloLink.from([refused, auth, new HttpLink({ uri: opts.uri ?? '/graphql', fetch: opts.fetch })]),
    cache: new InMemoryCache({ typePolicies }),
    defaultOptions: { watchQuery: { fetchPolicy: 'cache-and-network', nextFetchPolicy: 'cache-first' } },
  });
}
