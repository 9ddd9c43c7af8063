import { ResultMetric } from '../api/types';
import { formatChange, formatValue } from '../metrics/format';
import { sparklineOption } from '../views/chartOptions';
import { LazyChart } from './LazyChart';

/** Whether a change is an improvement, given the metric's direction. */
function judged(current: number | null, previous: number | null, direction: string | undefined): 'better' | 'worse' | null {
  if (current === null || previous === null || current === previous || !direction) return null;
  const up = current > previous;
  return up === (direction !== 'lower_is_better') ? 'better' : 'worse';
}

/** A benchmark beside a value: the same metric over the team or the whole center (SPEC §7). */
export interface TileBenchmark {
  kind: string;
  label: string;
  value: number | null;
}

export function KpiTile(props: { metric: ResultMetric; value: number | null; previous?: number | null; direction?: string; trend?: (number | null)[]; benchmarks?: TileBenchmark[] }) {
  const { metric, value, previous = null, direction, trend, benchmarks } = props;
  const change = formatChange(value, previous);
  const verdict = judged(value, previous, direction);
  return (
    <div className="kpi" data-metric={metric.name}>
      <div className="kpi-label">{metric.label}</div>
      <div className="kpi-value">{formatValue(value, metric.format)}</div>
      {change && (
        <div className={`kpi-change ${verdict ?? ''}`}>
          {change} vs previous period ({formatValue(previous, metric.format)})
          {verdict && <span className="visually-hidden">, {verdict}</span>}
        </div>
      )}
      {benchmarks && benchmarks.length > 0 && (
        <dl className="kpi-bench">
          {benchmarks.map((b) => (
            <div key={b.kind} data-benchmark={b.kind}>
              <dt>{b.label}</dt>
              <dd>{formatValue(b.value, metric.format)}</dd>
            </div>
          ))}
        </dl>
      )}
      {trend && trend.length > 1 && <LazyChart option={sparklineOption(trend)} label={`${metric.label} trend, one point per day`} height={40} />}
    </div>
  );
}
