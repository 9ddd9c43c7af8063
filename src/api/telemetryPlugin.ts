import { ApolloServerPlugin } from '@apollo/server';
import { Kind } from 'graphql';
import { requestDuration } from '../telemetry/prom';
import { ApiContext } from './context';

/**
 * Times every GraphQL operation (switchboard_graphql_request_duration_seconds),
 * labelled by type and first root field (bounded by the schema, never the client's
 * operation name), and sends the reads of read-only operations (queries) to the
 * read replica when one is configured: mutations, and everything that happens
 * before the operation is known, stay on the primary.
 */
export const telemetryPlugin: ApolloServerPlugin<ApiContext> = {
  async requestDidStart() {
    const start = performance.now();
    let type = 'unknown';
    let field = 'unknown';
    return {
      async didResolveOperation({ operation, contextValue }) {
        if (!operation) return;
        type = operation.operation;
        const first = operation.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
        if (first && first.kind === Kind.FIELD) field = first.name.value;
        if (operation.operation === 'query') contextValue.readFromReplica();
      },
      async willSendResponse({ response }) {
        const errors = response.body.kind === 'single' ? response.body.singleResult.errors : undefined;
        requestDuration.observe({ type, field, outcome: errors?.length ? 'error' : 'ok' }, (performance.now() - start) / 1000);
      },
    };
  },
};
