import { useQuery } from '@apollo/client';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ACTIVE_GOALS, METRIC_DATA_PAIR, orgLevelsQuery } from '../api/queries';
import { ActiveGoal, MetricQueryInput, MetricResult } from '../api/types';
import { AttributionToggle } from '../components/AttributionToggle';
import { DownloadCsv } from '../components/DownloadCsv';
import { EmbedPanel } from '../components/EmbedPanel';
import { KpiTile } from '../components/KpiTile';
import { LazyChart } from '../components/LazyChart';
import { ErrorNote, Loading } from '../components/QueryState';
import { GrainSelect, RangeControls } from '../components/RangeControls';
import { SortableTable } from '../components/SortableTable';
import { metricColumns } from '../components/metricColumns';
import { useCatalog, zeroWhenEmpty } from '../components/useCatalog';
import { STATUS_TEXT, statusClass } from '../components/StatusChip';
import { useOrgTree } from '../components/useOrgTree';
import { useScorecards } from '../components/useScorecards';
import { usePageTitle } from '../components/usePageTitle';
import { carryParams, useViewParams, ViewParams } from '../components/useViewParams';
import { bucketStarts, fillBuckets } from '../metrics/buckets';
import { addDays, browserTimeZone, periodLabel, rangeWindow, todayLocal } from '../metrics/dates';
import { bucketLabel, statusByMetric } from '../metrics/scorecard';
import { formatValue } from '../metrics/format';
import { comparisonOption } from './chartOptions';
import { treeDepth, treeRows, visibleRows } from './orgTreeRows';

/** The KPIs an executive sees per level of the org tree. */
export const EXECUTIVE_METRICS = ['contacts_handled', 'aht', 'service_level', 'csat', 'fcr_rate'];

export function ExecutiveView() {
  usePageTitle('Executive view');
  const view = useViewParams('DAY');
  return (
    <>
      <h1>Executive view</h1>
      <div className="controls">
        <RangeControls view={view} />
        <AttributionToggle value={view.attribution} onChange={(attribution) => view.set({ attribution })} />
      </div>
      <OrgTreeSection view={view} />
      <TrendSection view={view} />
      <p>
        Definitions, owners and versions of every KPI: <Link to="/catalog">the metric catalog</Link>.
      </p>
    </>
  );
}

function OrgTreeSection({ view }: { view: ViewParams }) {
  const today = todayLocal();
  const tree = useOrgTree(today);
  const roots = useMemo(() => tree.roots ?? [], [tree.roots]);
  const depth = Math.max(1, treeDepth(roots));
  const levels = useQuery<Record<string, MetricResult | null>>(orgLevelsQuery(depth), {
    skip: !tree.roots,
    variables: { metrics: EXECUTIVE_METRICS, ...rangeWindow(view.range), timezone: browserTimeZone(), attribution: view.attribution },
  });
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const results = useMemo(() => Array.from({ length: depth }, (_, i) => levels.data?.[`l${i + 1}`] ?? null), [levels.data, depth]);
  const rows = useMemo(() => treeRows(roots, results, EXECUTIVE_METRICS.length), [roots, results]);
  const metrics = results[0]?.metrics ?? [];
  const status = useTeamGoalStatus(view);

  const toggle = (key: string) =>
    setCollapsed((c) => {
      const next = new Set(c);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  return (
    <section aria-labelledby="org-tree-h">
      <h2 id="org-tree-h">Org tree</h2>
      <p className="help">
        Today&apos;s tree, {today}. Each team&apos;s numbers are its facts rolled up to its level (
        {view.attribution === 'AS_WAS' ? 'in the tree as it stood at each fact’s time' : 'in today’s tree'}).
      </p>
      {status.size > 0 && (
        <p className="help">A coloured cell is a team&apos;s own goal for that KPI, judged in its latest goal period with data, as it was (AS_WAS); hover for the numbers.</p>
      )}
      {tree.error && <ErrorNote error={tree.error} />}
      {levels.error && <ErrorNote error={levels.error} />}
      {!tree.error && !levels.data && <Loading what="the org tree" />}
      {levels.data && (
        <div className="table-wrap" role="region" aria-label="Org tree with KPIs" tabIndex={0}>
          <table className="org-tree" data-attribution={levels.data.l1?.attribution}>
            <caption>KPIs per team, {view.range.from} to {view.range.to}</caption>
            <thead>
              <tr>
                <th scope="col">Team</th>
                {metrics.map((m) => (
                  <th key={m.name} scope="col" className="num">
                    {m.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {visibleRows(rows, collapsed).map((r) => (
                <tr key={r.key} data-team={r.teamId ?? 'unattributed'} data-depth={r.depth} className={r.kind}>
                  <th scope="row" style={{ paddingLeft: `${0.5 + (r.depth - 1) * 1.25}rem` }}>
                    {r.hasChildren ? (
                      <button type="button" className="twisty" aria-expanded={!collapsed.has(r.key)} onClick={() => toggle(r.key)}>
                        <span aria-hidden="true">{collapsed.has(r.key) ? '▸' : '▾'}</span>
                        <span className="visually-hidden">{collapsed.has(r.key) ? 'Expand' : 'Collapse'} {r.name}</span>
                      </button>
                    ) : (
                      <span className="twisty-space" aria-hidden="true" />
                    )}
                    <span className="visually-hidden">Level {r.depth}: </span>
                    {r.kind === 'team' ? <Link to={`/team/${encodeURIComponent(r.teamId!)}${carryParams(view)}`}>{r.name}</Link> : r.name}
                  </th>
                  {metrics.map((m, i) => {
                    const st = r.teamId ? status.get(r.teamId)?.get(m.name) : undefined;
                    return (
                      <td key={m.name} className={`num${st ? ` ${statusClass(st.status)}` : ''}`} data-metric={m.name} data-status={st?.status} title={st?.detail}>
                        <span className="value">{formatValue(r.values[i], m.format)}</span>
                        {st && <span className="cell-status">{STATUS_TEXT[st.status]}</span>}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {levels.data?.l1 && <DownloadCsv result={levels.data.l1} dimensions={['TEAM']} name={`kpis-top-level-${view.attribution}-${view.range.from}-${view.range.to}`} />}
    </section>
  );
}

/**
 * The goal status of the teams that have a goal of their own on an executive KPI:
 * their team scorecard's current period in the range. Cheap: one request for the
 * goals in force, then one scorecard per such team (most teams have none).
 */
function useTeamGoalStatus(view: ViewParams): Map<string, Map<string, { status: keyof typeof STATUS_TEXT; detail: string }>> {
  const goals = useQuery<{ goals: ActiveGoal[] }>(ACTIVE_GOALS, { variables: { activeOn: view.range.to } });
  const teams = useMemo(
    () => [...new Set((goals.data?.goals ?? []).filter((g) => g.scope.kind === 'team' && g.scope.teamId && EXECUTIVE_METRICS.includes(g.metric)).map((g) => g.scope.teamId!))].sort(),
    [goals.data],
  );
  const cards = useScorecards('teamId', teams, view.range.from, addDays(view.range.to, 1), !goals.data || teams.length === 0);
  return useMemo(() => {
    const out = new Map<string, Map<string, { status: keyof typeof STATUS_TEXT; detail: string }>>();
    for (const [team, card] of cards.cards ?? []) {
      const byMetric = new Map<string, { status: keyof typeof STATUS_TEXT; detail: string }>();
      for (const [metric, s] of statusByMetric(card, todayLocal())) {
        const m = card.metrics.find((x) => x.metric === metric)!;
        byMetric.set(metric, { status: s.status, detail: `Team goal, ${bucketLabel(s.bucket, m.grain)}: ${STATUS_TEXT[s.status].toLowerCase()} (${formatValue(s.bucket.actual, m.format)} against ${formatValue(s.bucket.target, m.format)})` });
      }
      out.set(team, byMetric);
    }
    return out;
  }, [cards.cards]);
}

function TrendSection({ view }: { view: ViewParams }) {
  const catalog = useCatalog();
  const metric = EXECUTIVE_METRICS.includes(view.get('metric') ?? '') ? view.get('metric')! : 'contacts_handled';
  const grain = (['DAY', 'WEEK', 'MONTH'] as const).find((g) => g === view.grain) ?? 'DAY';
  const base: Omit<MetricQueryInput, 'metrics'> = {
    ...rangeWindow(view.range),
    timezone: browserTimeZone(),
    attribution: view.attribution,
    compare: 'PREVIOUS_PERIOD',
  };
  const { data, error, loading } = useQuery<{ a: MetricResult | null; b: MetricResult | null }>(METRIC_DATA_PAIR, {
    variables: { a: { ...base, metrics: EXECUTIVE_METRICS }, b: { ...base, metrics: [metric], grain } },
  });
  const total = data?.a?.rows[0];
  const series = useMemo(
    () => (data?.b ? fillBuckets(data.b, bucketStarts(view.range, grain), zeroWhenEmpty(catalog, data.b.metrics)) : null),
    [data, view.range, grain, catalog],
  );
  const option = useMemo(() => (series ? comparisonOption(series, 0, grain) : null), [series, grain]);
  const label = series?.metrics[0]?.label ?? metric;

  return (
    <section aria-labelledby="trend-h">
      <h2 id="trend-h">Whole operation, against the previous period</h2>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="the totals" />}
      {data?.a && (
        <div className="kpis">
          {data.a.metrics.map((m, i) => (
            <KpiTile key={m.name} metric={m} value={total?.values[i] ?? null} previous={total?.previousValues?.[i] ?? null} direction={catalog.get(m.name)?.direction} />
          ))}
        </div>
      )}
      <div className="controls">
        <div>
          <label htmlFor="trend-metric">Metric</label>
          <select id="trend-metric" value={metric} onChange={(e) => view.set({ metric: e.target.value })}>
            {EXECUTIVE_METRICS.map((m, i) => (
              <option key={m} value={m}>
                {data?.a?.metrics[i]?.label ?? m}
              </option>
            ))}
          </select>
        </div>
        <GrainSelect view={view} grains={['DAY', 'WEEK', 'MONTH']} />
      </div>
      {series && option && (
        <>
          <LazyChart option={option} height={280} label={`${label} by ${grain.toLowerCase()}, this period and the previous period; the numbers are in the table below`} />
          <details>
            <summary>The numbers</summary>
            <SortableTable
              caption={`${label} by ${grain.toLowerCase()}`}
              rows={series.rows}
              rowKey={(r) => r.period ?? 'all'}
              columns={[{ key: 'period', label: 'Period', value: (r) => r.period, render: (r) => periodLabel(r.period, grain) }, ...metricColumns(series.metrics, catalog)]}
            />
          </details>
          <DownloadCsv result={series} dimensions={[]} name={`${metric}-by-${grain.toLowerCase()}-${view.range.from}-${view.range.to}`} />
          <EmbedPanel
            title={`${label} by ${grain.toLowerCase()}`}
            spec={{ chart: 'trend', metrics: [metric], range: view.range, days: null, grain, team: null, employee: null, attribution: view.attribution, compare: true, board: null }}
          />
        </>
      )}
    </section>
  );
}
