import { Dimension, MetricResult } from '../api/types';
import { downloadText, metricResultToCsv } from '../metrics/csv';

/** Saves the result on screen as CSV (made in the browser from the same data). */
export function DownloadCsv({ result, dimensions, name }: { result: MetricResult; dimensions: readonly Dimension[]; name: string }) {
  const filename = `${name.replace(/[^a-z0-9_-]+/gi, '-').replace(/^-|-$/g, '')}.csv`;
  return (
    <button type="button" className="secondary csv" onClick={() => downloadText(filename, metricResultToCsv(result, dimensions))}>
      Download CSV<span className="visually-hidden"> of {name}</span>
    </button>
  );
}
