import { useQuery, useSubscription } from '@apollo/client';
import { useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { LEADERBOARD, METRIC_DATA_PAIR } from '../api/queries';
import { LeaderboardData, MetricQueryInput, MetricResult, MetricRow } from '../api/types';
import { entryName } from '../components/BoardTable';
import { useCatalog } from '../components/useCatalog';
import { boardName, useTeamName } from '../components/useTeamName';
import { ErrorNote, Loading } from '../components/QueryState';
import { usePageTitle } from '../components/usePageTitle';
import { addDays, browserTimeZone, startOfDay, todayLocal } from '../metrics/dates';
import { formatValue } from '../metrics/format';
import { useAuth } from '../auth/AuthContext';
import { createLiveClient, METRIC_DATA_LIVE, QUEUE_INTRADAY_LIVE, QueueIntradayRow } from './WallboardLive';

/** Today's queue KPIs, in the order the wallboard shows them. */
export const WALLBOARD_METRICS = ['service_level', 'asa', 'contacts_offered', 'contacts_handled', 'contacts_abandoned'];

/**
 * The numbers are pushed live (metricDataLive and queueIntradayLive over graphql-ws,
 * within seconds of an ingest); as a safety net the board also re-asks metricData
 * every 30 s, or every `?refresh=<seconds>` (at least 5).
 */
export function refreshMs(param: string | null): number {
  const s = Number(param);
  return Number.isFinite(s) && s >= 5 ? Math.round(s * 1000) : 30_000;
}

function useClock(): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/** A full-screen TV view, readable across a room: one card per queue, one big number per KPI. */
export function Wallboard() {
  usePageTitle('Wallboard');
  const now = useClock();
  const [params] = useSearchParams();
  const every = refreshMs(params.get('refresh'));
  const today = todayLocal(now);
  const base: Omit<MetricQueryInput, 'dimensions'> = {
    metrics: WALLBOARD_METRICS,
    from: startOfDay(today),
    to: startOfDay(addDays(today, 1)),
    timezone: browserTimeZone(),
  };
  const { data, error, loading, refetch } = useQuery<{ a: MetricResult | null; b: MetricResult | null }>(METRIC_DATA_PAIR, {
    variables: { a: { ...base, dimensions: ['QUEUE'], orderBy: [{ field: 'QUEUE', direction: 'ASC' }] }, b: base },
    fetchPolicy: 'network-only',
  });
  const [updated, setUpdated] = useState<Date | null>(null);
  useEffect(() => {
    if (data && !updated) setUpdated(new Date());
  }, [data, updated]);
  useEffect(() => {
    const t = setInterval(() => {
      refetch()
        .then(() => setUpdated(new Date()))
        .catch(() => {}); // the error is shown from the query state; the next tick tries again
    }, every);
    return () => clearInterval(t);
  }, [refetch, every]);

  // Live: the same two results, pushed over one WebSocket, and the queues' waiting contacts.
  const { token } = useAuth();
  const live = useMemo(() => createLiveClient(() => token), [token]);
  useEffect(() => () => live.dispose(), [live]);
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const offs = [live.ws.on('connected', () => setConnected(true)), live.ws.on('closed', () => setConnected(false))];
    return () => offs.forEach((off) => off());
  }, [live]);
  // The newest of the two sources wins: a push after the last poll, or a poll after the last push.
  const [a, setA] = useState<MetricResult | null>(null);
  const [b, setB] = useState<MetricResult | null>(null);
  useEffect(() => {
    if (data) {
      setA(data.a);
      setB(data.b);
    }
  }, [data]);
  const pushed = (set: (r: MetricResult) => void) => ({ data: d }: { data: { data?: { metricDataLive: MetricResult } | null } }) => {
    if (d.data) set(d.data.metricDataLive);
    setUpdated(new Date());
  };
  useSubscription<{ metricDataLive: MetricResult }>(METRIC_DATA_LIVE, {
    client: live.client,
    variables: { q: { ...base, dimensions: ['QUEUE'], orderBy: [{ field: 'QUEUE', direction: 'ASC' }] } },
    onData: pushed(setA),
  });
  useSubscription<{ metricDataLive: MetricResult }>(METRIC_DATA_LIVE, { client: live.client, variables: { q: base }, onData: pushed(setB) });
  const liveQ = useSubscription<{ queueIntradayLive: QueueIntradayRow[] }>(QUEUE_INTRADAY_LIVE, { client: live.client, onData: () => setUpdated(new Date()) });
  const intraday = new Map((liveQ.data?.queueIntradayLive ?? []).map((q) => [q.queue, q]));
  const queues = (a?.rows ?? []).filter((r) => r.queue !== null);
  const metrics = a?.metrics ?? [];
  const waitingAll = [...intraday.values()].reduce((n, q) => n + q.waiting, 0);
  const oldestAll = [...intraday.values()].map((q) => q.oldestWaitingSince).filter((x): x is string => x !== null).sort()[0] ?? null;

  return (
    <main id="main" className="wallboard" tabIndex={-1}>
      <header className="wb-header">
        <h1>Today&apos;s queues</h1>
        <p className="wb-clock">
          <time dateTime={now.toISOString()}>{now.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })}</time>
        </p>
        <nav aria-label="Wallboard">
          <button type="button" className="secondary" onClick={() => void document.documentElement.requestFullscreen?.().catch(() => {})}>
            Full screen
          </button>
          <Link to="/">Leave the wallboard</Link>
        </nav>
      </header>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="today's queues" />}
      {b?.rows[0] && <QueueCard title="All queues" row={b.rows[0]} metrics={metrics} total waiting={liveQ.data ? { waiting: waitingAll, since: oldestAll } : null} now={now} />}
      <div className="wb-grid">
        {queues.map((q) => {
          const w = intraday.get(q.queue!);
          return <QueueCard key={q.queue} title={q.queue!} row={q} metrics={metrics} waiting={liveQ.data ? { waiting: w?.waiting ?? 0, since: w?.oldestWaitingSince ?? null } : null} now={now} />;
        })}
      </div>
      {(a || data) && queues.length === 0 && <p className="wb-empty">No contacts yet today.</p>}
      <p className="wb-foot" role="status" data-live={connected ? 'on' : 'off'}>
        {updated
          ? `Updated ${updated.toLocaleTimeString('en-GB')}; ${connected ? 'live (pushed within seconds)' : `reconnecting; refreshes every ${every / 1000} s`}.`
          : ''}
      </p>
      <WallboardLeaderboard from={base.from} to={base.to} every={every} board={params.get('board')} metric={params.get('rank') ?? 'contacts_handled'} />
    </main>
  );
}

/**
 * Today's leaderboard beside the queues: the center board, or `?board=<teamId>`, by
 * `?rank=<metric>` (default contacts handled). Names show only where the caller may
 * see them (SPEC §7); a private board shows peers as anonymous.
 */
function WallboardLeaderboard({ from, to, every, board, metric }: { from: string; to: string; every: number; board: string | null; metric: string }) {
  const catalog = useCatalog();
  const team = useTeamName(board);
  const { data, error } = useQuery<{ leaderboard: LeaderboardData }>(LEADERBOARD, {
    variables: { metric, from, to, board: board ? { teamId: board } : { center: true }, limit: 10 },
    fetchPolicy: 'network-only',
    pollInterval: every,
  });
  const lb = data?.leaderboard;
  const def = catalog.get(metric);
  return (
    <section className="wb-card wb-board" aria-labelledby="wb-board-h" data-board={board ?? 'center'}>
      <h2 id="wb-board-h">
        Leaders today: {def?.label ?? metric} <span className="wb-board-where">({boardName(!board, team)})</span>
      </h2>
      {error && <ErrorNote error={error} />}
      {lb && lb.entries.length === 0 && <p className="wb-empty">Nobody on the board yet today.</p>}
      {lb && lb.entries.length > 0 && (
        <ol className="wb-leaders">
          {lb.entries.map((e, i) => (
            <li key={`${e.employeeId ?? 'anon'}-${i}`} data-rank={e.rank ?? ''} className={e.anonymous ? 'anonymous' : undefined}>
              <span className="wb-rank">{e.rank}</span>
              <span className="wb-name">{entryName(e)}</span>
              <span className="wb-value">{formatValue(e.value, def?.format ?? 'decimal')}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

interface Waiting {
  waiting: number;
  /** When the longest-waiting contact was queued. */
  since: string | null;
}

function QueueCard({
  title,
  row,
  metrics,
  total = false,
  waiting,
  now,
}: {
  title: string;
  row: MetricRow;
  metrics: MetricResult['metrics'];
  total?: boolean;
  waiting: Waiting | null;
  now: Date;
}) {
  const longest = waiting?.since ? Math.max(0, Math.round((now.getTime() - Date.parse(waiting.since)) / 1000)) : null;
  return (
    <section className={`wb-card${total ? ' wb-total' : ''}`} aria-label={title} data-queue={total ? 'all' : title}>
      <h2>{title}</h2>
      <dl>
        {metrics.map((m, i) => (
          <div key={m.name} data-metric={m.name}>
            <dt>{m.label}</dt>
            <dd>{formatValue(row.values[i], m.format)}</dd>
          </div>
        ))}
        {waiting && (
          <>
            <div data-metric="waiting">
              <dt>Waiting now</dt>
              <dd>{formatValue(waiting.waiting, 'integer')}</dd>
            </div>
            <div data-metric="longest_wait">
              <dt>Longest wait</dt>
              <dd>{formatValue(longest, 'duration')}</dd>
            </div>
          </>
        )}
      </dl>
    </section>
  );
}
