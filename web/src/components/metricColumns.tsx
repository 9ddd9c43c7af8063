import { MetricRow, ResultMetric } from '../api/types';
import { formatChange, formatValue } from '../metrics/format';
import { Column } from './SortableTable';
import { Catalog } from './useCatalog';

/** One sortable column per metric of a result, formatted by its definition's format. */
export function metricColumns<R extends { values: MetricRow['values']; previousValues?: MetricRow['previousValues'] }>(
  metrics: readonly ResultMetric[],
  catalog: Catalog = new Map(),
): Column<R>[] {
  return metrics.map((m, i) => ({
    key: m.name,
    label: m.label,
    numeric: true,
    firstDirection: catalog.get(m.name)?.direction === 'lower_is_better' ? 'asc' : 'desc', // best first
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
