import type { ChartOption } from '../components/Chart';
import { MetricResult } from '../api/types';
import { periodLabel } from '../metrics/dates';
import { formatValue } from '../metrics/format';

const CURRENT = '#1f5fbf';
const PREVIOUS = '#6b7280';

/** A metric over time, this window against the previous one (metricData compare: PREVIOUS_PERIOD). */
export function comparisonOption(result: MetricResult, metricIndex: number, grain: string, fontSize = 12): ChartOption {
  const m = result.metrics[metricIndex];
  const x = result.rows.map((r) => periodLabel(r.period, grain));
  const fmt = (v: unknown) => formatValue(typeof v === 'number' ? v : null, m.format);
  const compared = result.rows.some((r) => r.previousValues !== null);
  return {
    animation: false,
    textStyle: { fontSize },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    legend: { top: 0, data: compared ? ['This period', 'Previous period'] : ['This period'] },
    tooltip: { trigger: 'axis', valueFormatter: fmt },
    xAxis: { type: 'category', data: x, axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: fmt }, scale: m.format !== 'integer', minInterval: m.format === 'integer' ? 1 : 0 },
    series: [
      { name: 'This period', type: 'line', data: result.rows.map((r) => r.values[metricIndex]), color: CURRENT, showSymbol: false, lineStyle: { width: 3 } },
      ...(compared
        ? [
            {
              name: 'Previous period',
              type: 'line',
              data: result.rows.map((r) => r.previousValues?.[metricIndex] ?? null),
              color: PREVIOUS,
              showSymbol: false,
              lineStyle: { type: 'dashed', width: 2 },
            },
          ]
        : []),
    ],
  };
}

/** A small trend line with no axes (the KPI tiles' sparklines). */
export function sparklineOption(values: (number | null)[]): ChartOption {
  return {
    animation: false,
    grid: { left: 2, right: 2, top: 4, bottom: 4 },
    xAxis: { type: 'category', show: false, data: values.map((_, i) => i) },
    yAxis: { type: 'value', show: false, scale: true },
    series: [{ type: 'line', data: values, showSymbol: false, color: CURRENT, lineStyle: { width: 2 }, connectNulls: true }],
  };
}
