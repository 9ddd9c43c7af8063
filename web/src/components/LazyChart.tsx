import { lazy, Suspense } from 'react';
import type { ChartProps } from './Chart';

const Chart = lazy(() => import('./Chart'));

/** ECharts is the largest dependency: it is fetched with the first chart, not with the app. */
export function LazyChart(props: ChartProps) {
  return (
    <Suspense fallback={<div className="chart chart-loading" style={{ height: props.height }} aria-hidden="true" />}>
      <Chart {...props} />
    </Suspense>
  );
}
