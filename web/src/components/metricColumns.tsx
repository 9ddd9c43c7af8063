import { MetricRow, ResultMetric } from '../api/types';
import { formatChange, formatValue } from '../metrics/format';
import { Column } from './SortableTable';

/** Metric directions by name (from the catalog); higher-is-better is assumed when unknown. */
export type Directions = ReadonlyMap<string, string>;

/** One sortable column per metric of a result, formatted by its definition's format. */
export function metricColumns<R extends { values: MetricRow['values']; previousValues?: MetricRow['previousValues'] }>(
  metrics: readonly ResultMetric[],
  directions: Directions = new Map(),
): Column<R>[] {
  return metrics.map((m, i) => ({
    key: m.name,
    label: m.label,
    numeric: true,
    firstDirection: directions.get(m.name) === 'lower_is_better' ? 'asc' : 'desc',
    value: (r) => r.values[i],
    render: (r) => {
      const change = r.previousValues ? formatChange(r.values[i], r.previousValues[i]) : null;
      return (
        <>
          {formatValue(r.values[i], m.format)}
          {change && <span className="change"> ({change})</span>}
        </>
      );
    },
  }));
}
