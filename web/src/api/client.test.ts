import { gql } from '@apollo/client';
import { createClient, refusalReason } from './client';

const ME = gql`query { me { role } }`;

/** A server that answers every request with one response. */
function answering(status: number, body: unknown) {
  const seen: { authorization?: string }[] = [];
  const fetchFn = (async (_url: string, init: { headers: Record<string, string> }) => {
    seen.push({ authorization: init.headers.authorization });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as unknown as typeof fetch;
  return { fetchFn, seen };
}

describe('the Apollo client', () => {
  it('sends the current token as a bearer token', async () => {
    const { fetchFn, seen } = answering(200, { data: { me: { __typename: 'Me', role: 'agent' } } });
    let token: string | null = 'tok-1';
    const client = createClient({ getToken: () => token, onUnauthenticated: () => {}, uri: 'http://x/graphql', fetch: fetchFn });
    await client.query({ query: ME, fetchPolicy: 'network-only' });
    token = 'tok-2';
    await client.query({ query: ME, fetchPolicy: 'network-only' });
    expect(seen).toEqual([{ authorization: 'Bearer tok-1' }, { authorization: 'Bearer tok-2' }]);
  });

  it('a 401 from the server reports its reason (back to sign-in)', async () => {
    const { fetchFn } = answering(401, { errors: [{ message: 'invalid token: "exp" claim timestamp check failed', extensions: { code: 'UNAUTHENTICATED' } }] });
    const reasons: string[] = [];
    const client = createClient({ getToken: () => 'old', onUnauthenticated: (r) => reasons.push(r), uri: 'http://x/graphql', fetch: fetchFn });
    await expect(client.query({ query: ME })).rejects.toThrow();
    expect(reasons).toEqual(['invalid token: "exp" claim timestamp check failed']);
  });

  it('other errors are not a sign-out', () => {
    expect(refusalReason({ graphQLErrors: [{ message: 'unknown metric', extensions: { code: 'BAD_USER_INPUT' } }] })).toBeNull();
    expect(refusalReason({ networkError: Object.assign(new Error('x'), { statusCode: 500 }) })).toBeNull();
    expect(refusalReason({ networkError: Object.assign(new Error('x'), { statusCode: 401, result: 'not json' }) })).toBe('the server refused the token');
  });
});
