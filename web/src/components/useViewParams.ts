import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Attribution, Grain } from '../api/types';
import { DayRange, rangeFromParams } from '../metrics/dates';

const GRAINS: Grain[] = ['HOUR', 'DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];

export interface ViewParams {
  range: DayRange;
  attribution: 'AS_WAS' | 'AS_IS';
  grain: Grain;
  set(patch: Partial<{ from: string; to: string; attribution: Attribution; grain: Grain; metric: string }>): void;
  get(name: string): string | null;
}

/**
 * A view's range, attribution and grain live in the URL (?from=&to=&attribution=&grain=),
 * so a view can be bookmarked, shared and drilled into with the same window.
 */
export function useViewParams(defaultGrain: Grain = 'DAY'): ViewParams {
  const [params, setParams] = useSearchParams();
  const range = useMemo(() => rangeFromParams(params), [params]);
  const attribution = params.get('attribution') === 'AS_IS' ? 'AS_IS' : 'AS_WAS';
  const g = params.get('grain') as Grain | null;
  const grain = g && GRAINS.includes(g) ? g : defaultGrain;
  const set = useCallback<ViewParams['set']>(
    (patch) =>
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) if (v) next.set(k, v);
          return next;
        },
        { replace: true },
      ),
    [setParams],
  );
  return { range, attribution, grain, set, get: (n) => params.get(n) };
}

/** The search string that carries a view's window to a drilled-into view. */
export function carryParams(p: ViewParams): string {
  return `?${new URLSearchParams({ from: p.range.from, to: p.range.to, attribution: p.attribution }).toString()}`;
}
