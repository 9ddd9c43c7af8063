import { ApolloError, useApolloClient } from '@apollo/client';
import { useEffect, useState } from 'react';
import { SCORECARDS_PER_REQUEST, scorecardsQuery } from '../api/queries';
import { Scorecard } from '../api/types';

export interface ScorecardsState {
  cards: ReadonlyMap<string, Scorecard> | null;
  error: ApolloError | null;
}

/**
 * The scorecards of many employees (or teams) over one window, SCORECARDS_PER_REQUEST
 * to a request: each is priced like a metricData call, so a whole team in one request
 * would be over the server's cost limit.
 */
export function useScorecards(of: 'employeeId' | 'teamId', ids: readonly string[], from: string, to: string, skip = false): ScorecardsState {
  const client = useApolloClient();
  const key = `${of}|${from}|${to}|${ids.join(',')}`;
  const [state, setState] = useState<ScorecardsState & { key: string | null }>({ cards: null, error: null, key: null });
  useEffect(() => {
    if (skip) return;
    let live = true;
    (async () => {
      const cards = new Map<string, Scorecard>();
      for (let i = 0; i < ids.length; i += SCORECARDS_PER_REQUEST) {
        const batch = ids.slice(i, i + SCORECARDS_PER_REQUEST);
        const variables: Record<string, string> = { from, to };
        batch.forEach((id, j) => (variables[`s${j}`] = id));
        const { data } = await client.query<Record<string, Scorecard>>({ query: scorecardsQuery(batch.length, of), variables });
        batch.forEach((id, j) => cards.set(id, data[`s${j}`]));
      }
      if (live) setState({ cards, error: null, key });
    })().catch((e: unknown) => {
      if (live) setState({ cards: null, error: e instanceof ApolloError ? e : new ApolloError({ errorMessage: String(e) }), key });
    });
    return () => {
      live = false;
    };
    // `key` stands for of, ids, from and to (a new array of the same ids is the same ask).
  }, [client, key, skip]);
  return state.key === key ? state : { cards: null, error: null };
}
