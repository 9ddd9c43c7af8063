import { useQuery } from '@apollo/client';
import { useMemo } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { METRIC_DATA, ME, TEAM } from '../api/queries';
import { MeData, MetricResult, MetricRow, Scorecard, TeamNode, TeamTree } from '../api/types';
import { AttributionToggle } from '../components/AttributionToggle';
import { DownloadCsv } from '../components/DownloadCsv';
import { EmbedPanel } from '../components/EmbedPanel';
import { ErrorNote, Loading } from '../components/QueryState';
import { RangeControls } from '../components/RangeControls';
import { Column, SortableTable } from '../components/SortableTable';
import { STATUS_TEXT, StatusChip } from '../components/StatusChip';
import { CellStatus, metricColumns } from '../components/metricColumns';
import { useScorecards } from '../components/useScorecards';
import { useCatalog } from '../components/useCatalog';
import { useOrgTree } from '../components/useOrgTree';
import { usePageTitle } from '../components/usePageTitle';
import { carryParams, useViewParams } from '../components/useViewParams';
import { addDays, browserTimeZone, rangeWindow, todayLocal } from '../metrics/dates';
import { formatValue } from '../metrics/format';
import { bucketLabel, statusByMetric } from '../metrics/scorecard';
import { AlertsSection } from './workflow/AlertsSection';
import { CoachingList } from './workflow/CoachingList';
import { TasksSection } from './workflow/TasksSection';

/** The columns of the team at a glance. */
export const TEAM_METRICS = ['contacts_handled', 'aht', 'fcr_rate', 'transfer_rate', 'csat', 'qa_score', 'adherence'];

/** /team: the caller's own team (their current assignment), else a list to pick from. */
export function MyTeam() {
  usePageTitle('Team');
  const view = useViewParams();
  const me = useQuery<MeData>(ME);
  const teamId = me.data?.me.employee?.latestAssignment?.teamId;
  if (me.error) return <ErrorNote error={me.error} />;
  if (!me.data) return <Loading what="your team" />;
  if (teamId) return <Navigate to={`/team/${encodeURIComponent(teamId)}${carryParams(view)}`} replace />;
  return <TeamPicker />;
}

function TeamPicker() {
  const tree = useOrgTree(todayLocal());
  const flat: TeamTree[] = [];
  const walk = (t: TeamTree) => {
    flat.push(t);
    t.children?.forEach(walk);
  };
  tree.roots?.forEach(walk);
  return (
    <>
      <h1>Teams</h1>
      <p>Your token names no team of its own: pick one.</p>
      {tree.error && <ErrorNote error={tree.error} />}
      <ul className="team-list">
        {flat.map((t) => (
          <li key={t.id} style={{ marginLeft: `${(t.depth - 1) * 1.25}rem` }}>
            <Link to={`/team/${encodeURIComponent(t.teamId)}`}>{t.name}</Link>
          </li>
        ))}
      </ul>
    </>
  );
}

/**
 * The team at a glance: a row per agent, a column per KPI, each cell coloured by the
 * agent's goal status for that KPI (their scorecard's current period in the range),
 * sortable; an agent's name drills into their days.
 */
export function TeamView() {
  const { teamId = '' } = useParams();
  const view = useViewParams();
  const catalog = useCatalog();
  const team = useQuery<{ team: (TeamNode & { parent: TeamNode | null }) | null }>(TEAM, { variables: { id: teamId, asOf: todayLocal() } });
  const dimensions = ['EMPLOYEE'] as const;
  const { data, error, loading } = useQuery<{ metricData: MetricResult | null }>(METRIC_DATA, {
    variables: {
      query: {
        metrics: TEAM_METRICS,
        dimensions,
        underTeam: teamId,
        ...rangeWindow(view.range),
        timezone: browserTimeZone(),
        attribution: view.attribution,
        orderBy: [{ field: 'EMPLOYEE', direction: 'ASC' }],
      },
    },
  });
  const name = team.data?.team?.name ?? teamId;
  usePageTitle(`Team ${name}`);
  const result = data?.metricData;
  const ids = useMemo(() => (result?.rows ?? []).flatMap((r) => (r.employeeId ? [r.employeeId] : [])), [result]);
  const scorecards = useScorecards('employeeId', ids, view.range.from, addDays(view.range.to, 1), !result);
  const today = todayLocal();
  const statuses = useMemo(() => {
    const out = new Map<string, ReturnType<typeof statusByMetric>>();
    for (const [id, card] of scorecards.cards ?? []) out.set(id, statusByMetric(card, today));
    return out;
  }, [scorecards.cards, today]);
  const periods = [...new Set([...statuses.values()].flatMap((m) => [...m.entries()].map(([metric, s]) => bucketLabel(s.bucket, grainOf(scorecards.cards, metric)))))];
  const statusOf = (r: MetricRow, metric: string): CellStatus | undefined => {
    const s = r.employeeId ? statuses.get(r.employeeId)?.get(metric) : undefined;
    if (!s) return undefined;
    const fmt = result?.metrics.find((m) => m.name === metric)?.format ?? 'decimal';
    return { status: s.status, detail: `${STATUS_TEXT[s.status]} in ${bucketLabel(s.bucket, grainOf(scorecards.cards, metric))}: ${formatValue(s.bucket.actual, fmt)} against a goal of ${formatValue(s.bucket.target, fmt)}` };
  };
  const agentColumn: Column<MetricRow> = {
    key: 'agent',
    label: 'Agent',
    value: (r) => r.employee?.name ?? r.employeeId,
    render: (r) =>
      r.employeeId ? <Link to={`/agent/${encodeURIComponent(r.employeeId)}${carryParams(view)}`}>{r.employee?.name ?? r.employeeId}</Link> : 'Unattributed',
  };

  return (
    <>
      <h1>Team {name}</h1>
      {team.data?.team?.parent && <p className="help">Part of {team.data.team.parent.name}.</p>}
      {team.data && !team.data.team && <p className="notice">No team {teamId} in today&apos;s org chart.</p>}
      <div className="controls">
        <RangeControls view={view} />
        <AttributionToggle value={view.attribution} onChange={(attribution) => view.set({ attribution })} />
      </div>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="the team" />}
      {result && (
        <>
          <div className="legend" aria-label="Colours">
            <span>
              Colours: each agent&apos;s goal status{periods.length ? ` in ${periods.join(', ')}` : ''} (the latest goal period in the range with data).
            </span>
            {(['ON_TRACK', 'AT_RISK', 'OFF_TRACK', 'NO_DATA'] as const).map((st) => (
              <StatusChip key={st} status={st} />
            ))}
            <span>No colour: no goal for that KPI.</span>
          </div>
          {scorecards.error && <ErrorNote error={scorecards.error} />}
          <SortableTable
            caption={`${name}: one row per agent, ${view.range.from} to ${view.range.to}`}
            rows={result.rows}
            rowKey={(r) => r.employeeId ?? 'unattributed'}
            columns={[agentColumn, ...metricColumns(result.metrics, catalog, statusOf)]}
          />
          <DownloadCsv result={result} dimensions={dimensions} name={`team-${teamId}-${view.attribution}-${view.range.from}-${view.range.to}`} />
          <EmbedPanel
            title={`${name}: KPIs`}
            team={{ id: teamId, name }}
            spec={{ chart: 'kpi', metrics: TEAM_METRICS, range: view.range, days: null, grain: 'DAY', team: teamId, employee: null, attribution: view.attribution, compare: false, board: null }}
          />
        </>
      )}
      <AlertsSection catalog={catalog} search={carryParams(view)} />
      <div className="two-col">
        <TasksSection catalog={catalog} title="Open tasks" search={carryParams(view)} />
        <CoachingList catalog={catalog} title="Coaching, before and after" showEmployee />
      </div>
    </>
  );
}

/** The grain a metric's goal is judged in (the same for every agent of a team, as a rule). */
function grainOf(cards: ReadonlyMap<string, Scorecard> | null, metric: string): string {
  for (const c of cards?.values() ?? []) {
    const m = c.metrics.find((x) => x.metric === metric);
    if (m) return m.grain;
  }
  return 'MONTH';
}
