import { ApolloError } from '@apollo/client';

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

/** A failed query, in the server's words (GraphQL errors carry a message and a code, never a stack). */
export function ErrorNote({ error }: { error: ApolloError }) {
  const gql = error.graphQLErrors[0];
  const message = gql ? `${gql.message}${gql.extensions?.code ? ` (${String(gql.extensions.code)})` : ''}` : error.message;
  return (
    <p className="error" role="alert">
      Could not load: {message}
    </p>
  );
}
