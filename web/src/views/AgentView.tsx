import { useQuery } from '@apollo/client';
import { useMemo } from 'react';
import { Link, useParams } from 'react-router';
import { EMPLOYEE, ME, METRIC_DATA_BENCHMARKED, METRIC_DATA_PAIR, SCORECARD } from '../api/queries';
import { AssignmentRef, Benchmark, MeData, MetricQueryInput, MetricResult, MetricRow, Scorecard, TeamNode } from '../api/types';
import { DownloadCsv } from '../components/DownloadCsv';
import { EmbedPanel } from '../components/EmbedPanel';
import { KpiTile, TileBenchmark } from '../components/KpiTile';
import { ErrorNote, Loading } from '../components/QueryState';
import { RangeControls } from '../components/RangeControls';
import { Column, SortableTable } from '../components/SortableTable';
import { metricColumns } from '../components/metricColumns';
import { useCatalog, zeroWhenEmpty } from '../components/useCatalog';
import { usePageTitle } from '../components/usePageTitle';
import { carryParams, useViewParams } from '../components/useViewParams';
import { bucketStarts, fillBuckets } from '../metrics/buckets';
import { addDays, browserTimeZone, periodLabel, rangeWindow, startOfDay } from '../metrics/dates';
import { ContactsSection } from './agent/ContactsSection';
import { ContestsSection } from './agent/ContestsSection';
import { RankSection } from './agent/RankSection';
import { RecognitionSection } from './agent/RecognitionSection';
import { ScorecardSection } from './agent/ScorecardSection';
import { WorkSection } from './agent/WorkSection';

/** An agent's KPIs (the same set as a team's columns, so the drill reads the same). */
export const AGENT_METRICS = ['contacts_handled', 'aht', 'fcr_rate', 'transfer_rate', 'csat', 'qa_score', 'adherence'];

/** One employee's facts, whatever team they were in: the EMPLOYEE filter. */
function employeeQuery(employeeId: string, extra: Omit<MetricQueryInput, 'metrics' | 'from' | 'to'> & { from: string; to: string }): MetricQueryInput {
  return { metrics: AGENT_METRICS, dimensions: ['EMPLOYEE'], filters: [{ dimension: 'EMPLOYEE', values: [employeeId] }], timezone: browserTimeZone(), ...extra };
}

/** /me: the signed-in employee's own numbers. */
export function MyPerformance() {
  usePageTitle('My performance');
  const me = useQuery<MeData>(ME);
  if (me.error) return <ErrorNote error={me.error} />;
  if (!me.data) return <Loading what="you" />;
  const id = me.data.me.employeeId;
  if (!id) {
    return (
      <>
        <h1>My performance</h1>
        <p className="notice">
          Your token ({me.data.me.role}) names no employee, so there are no numbers of your own. Open an agent from a{' '}
          <Link to="/team">team page</Link>.
        </p>
      </>
    );
  }
  return <AgentPerformance employeeId={id} mine />;
}

/** /agent/:employeeId: drilled into from a team. */
export function AgentView() {
  const { employeeId = '' } = useParams();
  return <AgentPerformance employeeId={employeeId} mine={false} />;
}

function AgentPerformance({ employeeId, mine }: { employeeId: string; mine: boolean }) {
  const view = useViewParams();
  const catalog = useCatalog();
  const employee = useQuery<{ employee: { id: string; name: string; latestAssignment: (AssignmentRef & { team: TeamNode | null }) | null } | null }>(EMPLOYEE, {
    variables: { id: employeeId },
  });
  const name = employee.data?.employee?.name ?? employeeId;
  const title = mine ? 'My performance' : name;
  usePageTitle(title);
  const win = rangeWindow(view.range);
  const { data, error, loading } = useQuery<{ a: (MetricResult & { rows: (MetricRow & { benchmarks: Benchmark[] | null })[] }) | null; b: MetricResult | null }>(METRIC_DATA_BENCHMARKED, {
    variables: { query: { ...employeeQuery(employeeId, win), benchmarks: ['TEAM', 'CENTER'] }, days: employeeQuery(employeeId, { ...win, grain: 'DAY' }) },
  });
  // The scorecard's metrics come first on the board's list (the same query as the scorecard: one request).
  const card = useQuery<{ scorecard: Scorecard }>(SCORECARD, { variables: { employeeId: mine ? null : employeeId, from: view.range.from, to: addDays(view.range.to, 1) } });
  const boardMetrics = [...new Set([...(card.data?.scorecard.metrics.map((m) => m.metric) ?? []), ...AGENT_METRICS])];
  const total = data?.a?.rows[0];
  const days = data?.b;
  const trend = useMemo(() => (days ? fillBuckets(days, bucketStarts(view.range, 'DAY'), zeroWhenEmpty(catalog, days.metrics)) : null), [days, view.range, catalog]);
  const assignment = employee.data?.employee?.latestAssignment;
  const benchmarksOf = (i: number): TileBenchmark[] =>
    // A caller with no team today has no TEAM population (its values are null): only the center is shown.
    (total?.benchmarks ?? []).filter((b) => b.kind === 'CENTER' || b.teamId !== null).map((b) => ({ kind: b.kind, label: b.kind === 'CENTER' ? 'Center' : b.team ? `Team: ${b.team.name}` : 'Team', value: b.values[i] ?? null }));
  const dayColumn: Column<MetricRow> = {
    key: 'day',
    label: 'Day',
    value: (r) => r.period,
    render: (r) => {
      const day = periodLabel(r.period, 'DAY');
      return <Link to={`/agent/${encodeURIComponent(employeeId)}/day/${day}${carryParams(view)}`}>{day}</Link>;
    },
  };

  return (
    <>
      <h1>{title}</h1>
      <p className="help">
        {mine ? `${name} · ` : ''}
        {assignment && (
          <>
            {assignment.role}, team{' '}
            <Link to={`/team/${encodeURIComponent(assignment.teamId)}${carryParams(view)}`}>{assignment.team?.name ?? assignment.teamId}</Link>
          </>
        )}
      </p>
      <div className="controls">
        <RangeControls view={view} />
      </div>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="the numbers" />}
      {data?.a && (
        <section aria-labelledby="kpis-h">
          <h2 id="kpis-h">
            {view.range.from} to {view.range.to}
          </h2>
          <p className="help">Beside each number: the same KPI over {mine ? 'your' : 'the'} team today and over the whole center.</p>
          <div className="kpis">
            {data.a.metrics.map((m, i) => (
              <KpiTile
                key={m.name}
                metric={m}
                value={total?.values[i] ?? null}
                direction={catalog.get(m.name)?.direction}
                trend={trend?.rows.map((r) => r.values[i])}
                benchmarks={benchmarksOf(i)}
              />
            ))}
          </div>
          <EmbedPanel
            title={`${name}: KPIs`}
            spec={{ chart: 'kpi', metrics: AGENT_METRICS, range: view.range, days: null, grain: 'DAY', team: null, employee: employeeId, attribution: 'AS_WAS', compare: false, board: null }}
          />
        </section>
      )}
      <ScorecardSection employeeId={employeeId} range={view.range} mine={mine} />
      {(card.data || card.error) && employee.data && (
        <RankSection employeeId={employeeId} teamId={assignment?.teamId ?? null} mine={mine} range={view.range} metrics={boardMetrics} catalog={catalog} />
      )}
      <RecognitionSection employeeId={employeeId} mine={mine} />
      <ContestsSection employeeId={employeeId} mine={mine} catalog={catalog} />
      <WorkSection employeeId={employeeId} mine={mine} catalog={catalog} />
      {days && (
        <section aria-labelledby="days-h">
          <h2 id="days-h">Day by day</h2>
          <SortableTable caption={`${name}, per day`} rows={days.rows} rowKey={(r) => r.period ?? 'all'} columns={[dayColumn, ...metricColumns(days.metrics, catalog)]} />
          <DownloadCsv result={days} dimensions={['EMPLOYEE']} name={`agent-${employeeId}-by-day-${view.range.from}-${view.range.to}`} />
        </section>
      )}
    </>
  );
}

/** /agent/:employeeId/day/:date: the hours of one day. */
export function AgentDay() {
  const { employeeId = '', date = '' } = useParams();
  const view = useViewParams();
  const catalog = useCatalog();
  const employee = useQuery<{ employee: { id: string; name: string } | null }>(EMPLOYEE, { variables: { id: employeeId } });
  const name = employee.data?.employee?.name ?? employeeId;
  usePageTitle(`${name}, ${date}`);
  const { data, error, loading } = useQuery<{ a: MetricResult | null; b: MetricResult | null }>(METRIC_DATA_PAIR, {
    variables: {
      a: employeeQuery(employeeId, { from: startOfDay(date), to: startOfDay(addDays(date, 1)) }),
      b: employeeQuery(employeeId, { from: startOfDay(date), to: startOfDay(addDays(date, 1)), grain: 'HOUR' }),
    },
  });
  const hours = data?.b;
  const hourColumn: Column<MetricRow> = { key: 'hour', label: 'Hour', value: (r) => r.period, render: (r) => periodLabel(r.period, 'HOUR').slice(11) };
  return (
    <>
      <h1>
        {name}, {date}
      </h1>
      <p>
        <Link to={`/agent/${encodeURIComponent(employeeId)}${carryParams(view)}`}>Back to {name}&apos;s days</Link>
      </p>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="the day" />}
      {data?.a && (
        <div className="kpis">
          {data.a.metrics.map((m, i) => (
            <KpiTile key={m.name} metric={m} value={data.a!.rows[0]?.values[i] ?? null} direction={catalog.get(m.name)?.direction} />
          ))}
        </div>
      )}
      {hours && (
        <>
          <SortableTable caption={`${name} on ${date}, per hour`} rows={hours.rows} rowKey={(r) => r.period ?? 'all'} columns={[hourColumn, ...metricColumns(hours.metrics, catalog)]} />
          <DownloadCsv result={hours} dimensions={['EMPLOYEE']} name={`agent-${employeeId}-${date}-by-hour`} />
        </>
      )}
      <ContactsSection employeeId={employeeId} from={startOfDay(date)} to={startOfDay(addDays(date, 1))} label={`${name} on ${date}`} />
    </>
  );
}
