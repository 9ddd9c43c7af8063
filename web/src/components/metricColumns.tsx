import { GoalStatus, MetricRow, ResultMetric } from '../api/types';
import { formatChange, formatValue } from '../metrics/format';
import { Column } from './SortableTable';
import { STATUS_TEXT, statusClass } from './StatusChip';
import { Catalog } from './useCatalog';

/** A cell's goal status and what it was judged on ("April 2026: 250 s against 380 s"). */
export interface CellStatus {
  status: GoalStatus;
  detail: string;
}

/** One sortable column per metric of a result, formatted by its definition's format. */
export function metricColumns<R extends { values: MetricRow['values']; previousValues?: MetricRow['previousValues'] }>(
  metrics: readonly ResultMetric[],
  catalog: Catalog = new Map(),
  statusOf?: (r: R, metric: string) => CellStatus | undefined,
): Column<R>[] {
  return metrics.map((m, i) => ({
    key: m.name,
    label: m.label,
    numeric: true,
    firstDirection: catalog.get(m.name)?.direction === 'lower_is_better' ? 'asc' : 'desc', // best first
    value: (r) => r.values[i],
    render: (r) => {
      const change = r.previousValues ? formatChange(r.values[i], r.previousValues[i]) : null;
      const s = statusOf?.(r, m.name);
      return (
        <>
          <span className="value">{formatValue(r.values[i], m.format)}</span>
          {change && <span className="change"> ({change})</span>}
          {s && <span className="cell-status">{STATUS_TEXT[s.status]}</span>}
        </>
      );
    },
    cellProps: statusOf
      ? (r) => {
          const s = statusOf(r, m.name);
          return s ? { className: statusClass(s.status), title: s.detail, 'data-status': s.status } : undefined;
        }
      : undefined,
  }));
}
