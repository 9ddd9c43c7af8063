import { ApolloError, useApolloClient } from '@apollo/client';
import { useEffect, useState } from 'react';
import { ORG_CHART, ORG_SUBTREES_PER_REQUEST, orgSubtreesQuery } from '../api/queries';
import { frontierOf, graft } from '../api/orgTree';
import { TeamTree } from '../api/types';

/** Deeper than any org chart: a guard against a server that keeps answering `more`. */
const MAX_ROUNDS = 8;

export interface OrgTreeState {
  roots: TeamTree[] | null;
  error: ApolloError | null;
}

/**
 * The whole org chart on a date, read a few levels per request (the cost limit
 * forbids a deep tree in one: see ORG_CHUNK_LEVELS), then the subtrees below the
 * deepest teams read, in batches, until every branch has ended.
 */
export function useOrgTree(asOf: string): OrgTreeState {
  const client = useApolloClient();
  const [state, setState] = useState<OrgTreeState & { asOf: string | null }>({ roots: null, error: null, asOf: null });
  useEffect(() => {
    let live = true;
    (async () => {
      const first = await client.query<{ orgChart: TeamTree[] }>({ query: ORG_CHART, variables: { asOf } });
      let roots = first.data.orgChart;
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const frontier = frontierOf(roots);
        if (!frontier.length) break;
        const subtrees = new Map<string, TeamTree>();
        for (let i = 0; i < frontier.length; i += ORG_SUBTREES_PER_REQUEST) {
          const batch = frontier.slice(i, i + ORG_SUBTREES_PER_REQUEST);
          const variables: Record<string, string> = { asOf };
          batch.forEach((t, j) => (variables[`id${j}`] = t.teamId));
          const { data } = await client.query<Record<string, TeamTree | null>>({ query: orgSubtreesQuery(batch.length), variables });
          batch.forEach((t, j) => {
            const sub = data[`t${j}`];
            if (sub) subtrees.set(t.teamId, sub);
          });
        }
        roots = graft(roots, subtrees);
      }
      if (live) setState({ roots, error: null, asOf });
    })().catch((e: unknown) => {
      if (live) setState({ roots: null, error: e instanceof ApolloError ? e : new ApolloError({ errorMessage: String(e) }), asOf });
    });
    return () => {
      live = false;
    };
  }, [client, asOf]);
  return state.asOf === asOf ? state : { roots: null, error: null };
}
