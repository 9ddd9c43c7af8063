import { useQuery } from '@apollo/client';
import { SCORECARD } from '../../api/queries';
import { Scorecard, ScorecardMetric } from '../../api/types';
import { LazyChart } from '../../components/LazyChart';
import { ErrorNote, Loading } from '../../components/QueryState';
import { StatusChip } from '../../components/StatusChip';
import { addDays, DayRange, todayLocal } from '../../metrics/dates';
import { formatValue } from '../../metrics/format';
import { bucketLabel, currentBucket } from '../../metrics/scorecard';
import { sparklineOption } from '../chartOptions';

const percent = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(0)}%`);

/**
 * The scorecard (SPEC §6.1): per goal metric, the current bucket's actual against its
 * goal, attainment and status, and a sparkline of the actual over the buckets of the
 * range; the weighted total score below.
 */
export function ScorecardSection({ employeeId, range, mine }: { employeeId: string; range: DayRange; mine: boolean }) {
  const { data, error, loading } = useQuery<{ scorecard: Scorecard }>(SCORECARD, {
    variables: { employeeId: mine ? null : employeeId, from: range.from, to: addDays(range.to, 1) },
  });
  const today = todayLocal();
  const card = data?.scorecard;
  // The total of the latest period with a score (as for each metric: see currentBucket).
  const started = card?.totals.filter((t) => t.periodStart <= today) ?? [];
  const total = started.filter((t) => t.score !== null).at(-1) ?? started.at(-1) ?? card?.totals[0];
  return (
    <section aria-labelledby="scorecard-h" className="scorecard">
      <h2 id="scorecard-h">Scorecard</h2>
      {error && <ErrorNote error={error} />}
      {loading && !data && <Loading what="the scorecard" />}
      {card && card.metrics.length === 0 && <p className="help">No goal applies in this range.</p>}
      {card && card.metrics.length > 0 && (
        <div className="table-wrap" role="region" aria-label="Scorecard" tabIndex={0}>
          <table>
            <caption>Each goal metric in its latest goal period with data; the trend shows every period of the range</caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col">Period</th>
                <th scope="col" className="num">Actual</th>
                <th scope="col" className="num">Goal</th>
                <th scope="col" className="num">Attainment</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">Score</th>
                <th scope="col">Trend</th>
              </tr>
            </thead>
            <tbody>
              {card.metrics.map((m) => (
                <ScorecardRow key={m.metric} m={m} today={today} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total && card && card.metrics.length > 0 && (
        <p className="score-total" data-total={total.score ?? ''}>
          Total score, {bucketLabel(total, total.grain)}: <strong>{total.score === null ? '–' : total.score.toFixed(0)}</strong>
          <span className="help"> (weighted over the {total.metricsScored} metric{total.metricsScored === 1 ? '' : 's'} with a value)</span>
        </p>
      )}
    </section>
  );
}

function ScorecardRow({ m, today }: { m: ScorecardMetric; today: string }) {
  const b = currentBucket(m, today);
  if (!b) return null;
  const series = m.buckets.map((x) => x.actual);
  return (
    <tr data-metric={m.metric} data-status={b.status}>
      <th scope="row">{m.label}</th>
      <td>{bucketLabel(b, m.grain)}</td>
      <td className="num" data-field="actual">{formatValue(b.actual, m.format)}</td>
      <td className="num" data-field="target">{formatValue(b.target, m.format)}</td>
      <td className="num" data-field="attainment">{percent(b.attainment)}</td>
      <td>{b.target === null ? <span className="help">No goal then</span> : <StatusChip status={b.status} />}</td>
      <td className="num">{b.score === null ? '–' : b.score.toFixed(0)}</td>
      <td className="spark-cell">
        {series.length > 1 ? (
          <LazyChart
            option={sparklineOption(series)}
            height={32}
            label={`${m.label} by ${m.grain.toLowerCase()}: ${m.buckets.map((x) => `${bucketLabel(x, m.grain)} ${formatValue(x.actual, m.format)} (${x.status.toLowerCase().replace('_', ' ')})`).join(', ')}`}
          />
        ) : (
          <span className="help">one period</span>
        )}
      </td>
    </tr>
  );
}
