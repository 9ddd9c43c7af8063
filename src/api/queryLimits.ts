import { ApolloServerPlugin } from '@apollo/server';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { DocumentNode, getNullableType, GraphQLError, GraphQLSchema, isListType, validate } from 'graphql';
import { ComplexityEstimator, fieldExtensionsEstimator, getComplexity } from 'graphql-query-complexity';
import { LRUCache } from 'lru-cache';
import { LIMITS } from './limits';

function refused(code: 'QUERY_TOO_DEEP' | 'QUERY_TOO_COMPLEX', message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code, http: { status: 400 } } });
}

/** Each field costs 1; a list multiplies the cost of its selection by LIMITS.listFactor. */
const listEstimator: ComplexityEstimator = ({ field, childComplexity }) =>
  1 + (isListType(getNullableType(field.type)) ? LIMITS.listFactor : 1) * childComplexity;

/** The deepest field nesting of a document's operations, or null when within `max`. */
export function depthOver(schema: GraphQLSchema, document: DocumentNode, max: number): number | null {
  let found: number | null = null;
  validate(schema, document, [
    maxDepthRule({
      n: max,
      flattenFragments: true,
      // The standard introspection query is deeper than any data query needs to be;
      // its cost (every list multiplied) still counts against the cost limit.
      ignoreIntrospection: true,
      propagateOnRejection: false,
      onReject: [(_ctx, err) => (found = Number(/found (\d+)/.exec(err.message)?.[1] ?? max + 1))],
    }),
  ]);
  return found;
}

/** The estimated cost of the operation that will run (aliases, lists and metricData calls all count). */
export function queryCost(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined, variables: Record<string, unknown>): number {
  return getComplexity({
    schema,
    query: document,
    operationName,
    variables,
    estimators: [fieldExtensionsEstimator(), listEstimator],
  });
}

/**
 * Refuses, before anything executes, an operation nested deeper than
 * LIMITS.maxDepth or estimated to cost more than LIMITS.maxCost (HTTP 400,
 * QUERY_TOO_DEEP / QUERY_TOO_COMPLEX). A cyclic query (`children { parent {
 * children … } }`) or hundreds of metricData aliases are refused in the time it
 * takes to walk the document.
 */
export function queryLimitsPlugin<T extends object>(): ApolloServerPlugin<T> {
  // A document's depth depends on nothing else: Apollo hands the same parsed document
  // for the same query text (its document store), so it is walked once. (Its cost
  // depends on the variables, and is estimated per request.)
  const depths = new WeakMap<DocumentNode, number | null>();
  // Its cost, per document and variables: a wallboard sends the same request every few seconds.
  const costs = new WeakMap<DocumentNode, LRUCache<string, number>>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, schema, operationName, request }) {
          let depth = depths.get(document);
          if (depth === undefined) depths.set(document, (depth = depthOver(schema, document, LIMITS.maxDepth)));
          if (depth !== null) {
            throw refused('QUERY_TOO_DEEP', `the query nests fields ${depth} deep; the limit is ${LIMITS.maxDepth}. Ask for fewer levels (a cyclic selection such as children { parent { children … } } never ends)`);
          }
          let cost: number;
          try {
            const key = JSON.stringify([operationName ?? null, request.variables ?? {}]);
            let known = costs.get(document);
            if (!known) costs.set(document, (known = new LRUCache<string, number>({ max: 256 })));
            const c = known.get(key);
            cost = c ?? queryCost(schema, document, operationName ?? undefined, request.variables ?? {});
            if (c === undefined && key.length <= 4096) known.set(key, cost);
          } catch (e) {
            // Fragments that expand past graphql-query-complexity's node limit are refused here.
            if (/maximum allowed number of nodes/.test((e as Error).message)) throw refused('QUERY_TOO_COMPLEX', `the query is too large to estimate: ${(e as Error).message}`);
            // Invalid variables: execution refuses them (BAD_USER_INPUT) before it resolves anything.
            return;
          }
          if (cost > LIMITS.maxCost) {
            throw refused(
              'QUERY_TOO_COMPLEX',
              `the query's estimated cost is ${cost}; the limit is ${LIMITS.maxCost} (a field costs 1, a list multiplies its selection by ${LIMITS.listFactor}, each metricData costs ${LIMITS.metricDataCost}). Send fewer aliases or smaller selections, or split the request`,
            );
          }
        },
      };
    },
  };
}
