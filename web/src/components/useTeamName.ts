import { useQuery } from '@apollo/client';
import { TEAM } from '../api/queries';
import { TeamNode } from '../api/types';
import { todayLocal } from '../metrics/dates';

/** A team's name today (from the cache after the first ask); the id while loading. */
export function useTeamName(teamId: string | null | undefined): string | null {
  const { data } = useQuery<{ team: TeamNode | null }>(TEAM, { variables: { id: teamId, asOf: todayLocal() }, skip: !teamId, fetchPolicy: 'cache-first' });
  if (!teamId) return null;
  return data?.team?.name ?? teamId;
}

/** How a board is named: "Team Two's board" or "the center board". */
export function boardName(center: boolean, teamName: string | null): string {
  return center ? 'the center board' : `${teamName}'s board`;
}
