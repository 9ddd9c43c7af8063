import { useQuery } from '@apollo/client';
import { useId, useState } from 'react';
import { LEADERBOARD } from '../../api/queries';
import { LeaderboardData } from '../../api/types';
import { BoardTable } from '../../components/BoardTable';
import { ErrorNote, Loading } from '../../components/QueryState';
import { Catalog } from '../../components/useCatalog';
import { boardName, useTeamName } from '../../components/useTeamName';
import { DayRange, rangeWindow } from '../../metrics/dates';

/**
 * Where the agent stands on their board (SPEC §6.2): their own team's board or the
 * center's, for a metric of their choosing. Peers are anonymous where the board is
 * private (SPEC §7); the caller's row says "You".
 */
export function RankSection(props: { employeeId: string; teamId: string | null; mine: boolean; range: DayRange; metrics: string[]; catalog: Catalog }) {
  const { employeeId, teamId, mine, range, metrics, catalog } = props;
  const [metric, setMetric] = useState<string | null>(null);
  const [center, setCenter] = useState(!teamId);
  const chosen = metric ?? metrics[0];
  const teamName = useTeamName(teamId);
  const ids = useId();
  const { data, error, loading } = useQuery<{ leaderboard: LeaderboardData }>(LEADERBOARD, {
    variables: { metric: chosen, ...rangeWindow(range), board: center || !teamId ? { center: true } : { teamId } },
  });
  const lb = data?.leaderboard;
  const def = catalog.get(chosen);
  const format = def?.format ?? 'decimal';
  const mineEntry = lb ? (mine ? lb.me : [...lb.entries, ...lb.notQualified].find((e) => e.employeeId === employeeId) ?? null) : null;
  const where = boardName(center || !teamId, teamName);
  const who = mine ? 'You are' : 'This agent is';

  return (
    <section aria-labelledby="rank-h" className="rank">
      <h2 id="rank-h">Rank</h2>
      <div className="controls">
        <div>
          <label htmlFor={`${ids}-metric`}>Ranked by</label>
          <select id={`${ids}-metric`} value={chosen} onChange={(e) => setMetric(e.target.value)}>
            {metrics.map((m) => (
              <option key={m} value={m}>
                {catalog.get(m)?.label ?? m}
              </option>
            ))}
          </select>
        </div>
        {teamId && (
          <div>
            <label htmlFor={`${ids}-board`}>Board</label>
            <select id={`${ids}-board`} value={center ? 'center' : 'team'} onChange={(e) => setCenter(e.target.value === 'center')}>
              <option value="team">{teamName}</option>
              <option value="center">The whole center</option>
            </select>
          </div>
        )}
      </div>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="the board" />}
      {lb && (
        <>
          <p className="rank-line" data-rank={mineEntry?.rank ?? ''}>
            {mineEntry?.rank
              ? (
                  <>
                    {who} <strong>#{mineEntry.rank}</strong> of {lb.qualifiedCount} on {where}
                  </>
                )
              : mineEntry
                ? `${who} on ${where}, not qualified yet (below the minimum volume).`
                : `${who} not on ${where} in this range.`}{' '}
            <span className="help">
              {lb.board.public ? 'A public board: names are shown.' : 'A private board: other people are anonymous.'}{' '}
              {def?.direction === 'lower_is_better' ? 'Lower is better.' : 'Higher is better.'}
            </span>
          </p>
          <BoardTable caption={`${def?.label ?? chosen} on ${where}, ${range.from} to ${range.to}`} entries={lb.entries} format={format} volumeLabel={catalog.get(lb.volumeMetric)?.label ?? lb.volumeMetric} highlight={mine ? null : employeeId} />
          {lb.notQualified.length > 0 && (
            <details>
              <summary>Not qualified ({lb.notQualified.length})</summary>
              <BoardTable caption="Below the minimum volume or without a value" entries={lb.notQualified} format={format} volumeLabel={catalog.get(lb.volumeMetric)?.label ?? lb.volumeMetric} highlight={mine ? null : employeeId} />
            </details>
          )}
        </>
      )}
    </section>
  );
}
