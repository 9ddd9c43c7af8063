import { useQuery } from '@apollo/client';
import { useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { LEADERBOARD, METRIC_DATA } from '../api/queries';
import { LeaderboardData, MetricResult } from '../api/types';
import { useAuth } from '../auth/AuthContext';
import { BoardTable } from '../components/BoardTable';
import { KpiTile } from '../components/KpiTile';
import { LazyChart } from '../components/LazyChart';
import { ErrorNote, Loading } from '../components/QueryState';
import { SortableTable } from '../components/SortableTable';
import { metricColumns } from '../components/metricColumns';
import { useCatalog, zeroWhenEmpty } from '../components/useCatalog';
import { usePageTitle } from '../components/usePageTitle';
import { boardName, useTeamName } from '../components/useTeamName';
import { EmbedSpec, embedQuery, parseEmbedSpec } from '../embed/embedSpec';
import { bucketStarts, fillBuckets } from '../metrics/buckets';
import { browserTimeZone, periodLabel, rangeWindow } from '../metrics/dates';
import { comparisonOption } from './chartOptions';

/**
 * /embed/<chart>?…#token=<embed token>: one chart and nothing else, for an iframe in
 * another app (or /embed.js). No navigation, no sign-in page: without a token, or with
 * one the server refuses, the frame says so.
 */
export function EmbedView() {
  const { chart = '' } = useParams();
  const [params] = useSearchParams();
  const { token, notice } = useAuth();
  const spec = useMemo(() => parseEmbedSpec(chart, params), [chart, params]);
  usePageTitle('Embedded chart');
  return (
    <main id="main" className="embed" tabIndex={-1}>
      {!token ? (
        <p className="notice" role="alert">
          {notice ?? 'This embedded chart has no token: its address needs #token=<an embed token> (createEmbedToken).'}
        </p>
      ) : typeof spec === 'string' ? (
        <p className="error" role="alert">
          This chart&apos;s address is wrong: {spec}
        </p>
      ) : spec.chart === 'leaderboard' ? (
        <EmbeddedBoard spec={spec} />
      ) : (
        <EmbeddedMetrics spec={spec} />
      )}
      <p className="embed-foot">Switchboard</p>
    </main>
  );
}

function EmbeddedMetrics({ spec }: { spec: EmbedSpec }) {
  const catalog = useCatalog();
  const { data, error, loading } = useQuery<{ metricData: MetricResult | null }>(METRIC_DATA, { variables: { query: embedQuery(spec, browserTimeZone()) } });
  const result = data?.metricData;
  const series = useMemo(
    () => (result && spec.chart === 'trend' ? fillBuckets(result, bucketStarts(spec.range, spec.grain), zeroWhenEmpty(catalog, result.metrics)) : null),
    [result, spec, catalog],
  );
  const label = result?.metrics[0]?.label ?? spec.metrics[0];
  const team = useTeamName(spec.team);
  return (
    <section aria-labelledby="embed-h">
      <h1 id="embed-h" className="embed-title">
        {spec.chart === 'kpi' ? 'KPIs' : label}
        {team ? ` of ${team}` : ''}, {spec.range.from} to {spec.range.to}
      </h1>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="the chart" />}
      {result && spec.chart === 'kpi' && (
        <div className="kpis">
          {result.metrics.map((m, i) => (
            <KpiTile key={m.name} metric={m} value={result.rows[0]?.values[i] ?? null} previous={spec.compare ? (result.rows[0]?.previousValues?.[i] ?? null) : undefined} direction={catalog.get(m.name)?.direction} />
          ))}
        </div>
      )}
      {series && (
        <>
          <LazyChart option={comparisonOption(series, 0, spec.grain)} height={240} label={`${label} by ${spec.grain.toLowerCase()}${spec.compare ? ', against the previous period' : ''}; the numbers are in the table below`} />
          <details>
            <summary>The numbers</summary>
            <SortableTable
              caption={`${label} by ${spec.grain.toLowerCase()}`}
              rows={series.rows}
              rowKey={(r) => r.period ?? 'all'}
              columns={[{ key: 'period', label: 'Period', value: (r) => r.period, render: (r) => periodLabel(r.period, spec.grain) }, ...metricColumns(series.metrics, catalog)]}
            />
          </details>
        </>
      )}
    </section>
  );
}

function EmbeddedBoard({ spec }: { spec: EmbedSpec }) {
  const catalog = useCatalog();
  const team = useTeamName(spec.board);
  const metric = spec.metrics[0];
  const { data, error, loading } = useQuery<{ leaderboard: LeaderboardData }>(LEADERBOARD, {
    variables: { metric, ...rangeWindow(spec.range), board: spec.board ? { teamId: spec.board } : { center: true }, limit: 20 },
  });
  const def = catalog.get(metric);
  const where = boardName(!spec.board, team);
  return (
    <section aria-labelledby="embed-h">
      <h1 id="embed-h" className="embed-title">
        {def?.label ?? metric} on {where}, {spec.range.from} to {spec.range.to}
      </h1>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="the board" />}
      {data && (
        <BoardTable
          caption={data.leaderboard.board.public ? 'A public board' : 'A private board: other people are anonymous'}
          entries={data.leaderboard.entries}
          format={def?.format ?? 'decimal'}
          volumeLabel={catalog.get(data.leaderboard.volumeMetric)?.label ?? data.leaderboard.volumeMetric}
        />
      )}
    </section>
  );
}
