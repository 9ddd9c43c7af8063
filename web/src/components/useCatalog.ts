import { useQuery } from '@apollo/client';
import { useMemo } from 'react';
import { METRIC_CATALOG } from '../api/queries';
import { MetricDefinition } from '../api/types';

/** What the views need to know of a metric's definition beyond its result: which way is better, and its type. */
export type Catalog = ReadonlyMap<string, Pick<MetricDefinition, 'direction' | 'type' | 'format'> & Partial<Pick<MetricDefinition, 'label'>>>;

/** The metric catalog by name (asked once, then from the cache). */
export function useCatalog(): Catalog {
  const { data } = useQuery<{ metrics: MetricDefinition[] }>(METRIC_CATALOG, { fetchPolicy: 'cache-first' });
  return useMemo(() => new Map((data?.metrics ?? []).map((m) => [m.name, m])), [data]);
}

/**
 * Whether an empty bucket of each metric is 0 rather than undefined: simple counts and
 * sums are 0 over no facts, ratios and averages are null (SPEC §4.2). The catalog does
 * not say which aggregate a simple metric uses; counts and sums are the ones formatted
 * as integers or money (an average is a decimal).
 */
export function zeroWhenEmpty(catalog: Catalog, metrics: readonly { name: string }[]): boolean[] {
  return metrics.map((m) => {
    const d = catalog.get(m.name);
    return d?.type === 'simple' && (d.format === 'integer' || d.format === 'currency');
  });
}
