import { useQuery } from '@apollo/client';
import { CONTESTS } from '../../api/queries';
import { Contest } from '../../api/types';
import { BoardTable } from '../../components/BoardTable';
import { ErrorNote, Loading } from '../../components/QueryState';
import { Catalog } from '../../components/useCatalog';
import { boardName, useTeamName } from '../../components/useTeamName';

const STATUS: Record<Contest['status'], string> = { SCHEDULED: 'Starts soon', RUNNING: 'Running', ENDED: 'Ended, results coming', FROZEN: 'Final' };
const day = (iso: string) => iso.slice(0, 10);

/** The contests on the boards the caller may see, with the standing (live while running, frozen once over). */
export function ContestsSection({ employeeId, mine, catalog }: { employeeId: string; mine: boolean; catalog: Catalog }) {
  const { data, error, loading } = useQuery<{ contests: Contest[] }>(CONTESTS);
  return (
    <section aria-labelledby="contests-h">
      <h2 id="contests-h">Contests</h2>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="contests" />}
      {data && data.contests.length === 0 && <p className="help">No contests on your boards.</p>}
      <div className="contests">
        {data?.contests.map((c) => <ContestCard key={c.id} c={c} employeeId={employeeId} mine={mine} catalog={catalog} />)}
      </div>
    </section>
  );
}

function ContestCard({ c, employeeId, mine, catalog }: { c: Contest; employeeId: string; mine: boolean; catalog: Catalog }) {
  const team = useTeamName(c.board.teamId);
  const def = catalog.get(c.metric);
  const me = c.standings.find((s) => (mine ? s.isMe : s.employeeId === employeeId));
  const last = new Date(Date.parse(c.endsAt) - 1).toISOString();
  return (
    <article className="card contest" data-contest={c.id} aria-labelledby={`contest-${c.id}`}>
      <h3 id={`contest-${c.id}`}>
        {c.name} <span className={`contest-status ${c.status.toLowerCase()}`}>{STATUS[c.status]}</span>
      </h3>
      <p className="help">
        {def?.label ?? c.metric} on {boardName(c.board.center, team)}, {day(c.startsAt)} to {day(last)}
        {c.prizes.length > 0 && ` · prizes: ${c.prizes.map((p) => `#${p.rank} ${p.label}${p.points ? ` (${p.points} points)` : ''}`).join(', ')}`}
      </p>
      <p className="contest-me" data-rank={me?.rank ?? ''}>
        {me ? (
          <>
            {mine ? 'You' : 'This agent'}: {me.rank ? <strong>#{me.rank}</strong> : 'not qualified yet'}
            {me.prize && <> · {me.prize.label}</>}
          </>
        ) : (
          `${mine ? 'You are' : 'This agent is'} not in this contest's standing.`
        )}
      </p>
      <BoardTable caption={`${c.name}: standing`} entries={c.standings} format={def?.format ?? 'decimal'} highlight={mine ? null : employeeId} prizes />
    </article>
  );
}
