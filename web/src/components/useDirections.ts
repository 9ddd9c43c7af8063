import { useQuery } from '@apollo/client';
import { useMemo } from 'react';
import { METRIC_CATALOG } from '../api/queries';
import { MetricDefinition } from '../api/types';
import { Directions } from './metricColumns';

/** Each metric's direction (higher or lower is better), from the catalog. */
export function useDirections(): Directions {
  const { data } = useQuery<{ metrics: MetricDefinition[] }>(METRIC_CATALOG, { fetchPolicy: 'cache-first' });
  return useMemo(() => new Map((data?.metrics ?? []).map((m) => [m.name, m.direction])), [data]);
}
