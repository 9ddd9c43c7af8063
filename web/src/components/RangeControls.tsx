import { useId } from 'react';
import { Grain } from '../api/types';
import { isIsoDate } from '../metrics/dates';
import { ViewParams } from './useViewParams';

const GRAIN_LABELS: Partial<Record<Grain, string>> = { HOUR: 'Hour', DAY: 'Day', WEEK: 'Week', MONTH: 'Month' };

/** From/to days (both inclusive) and, where the view has a time axis, the grain. */
export function RangeControls({ view, grains }: { view: ViewParams; grains?: Grain[] }) {
  const id = useId();
  return (
    <div className="range-controls">
      <div>
        <label htmlFor={`${id}-from`}>From</label>
        <input
          id={`${id}-from`}
          type="date"
          value={view.range.from}
          max={view.range.to}
          onChange={(e) => isIsoDate(e.target.value) && view.set({ from: e.target.value })}
        />
      </div>
      <div>
        <label htmlFor={`${id}-to`}>To (inclusive)</label>
        <input
          id={`${id}-to`}
          type="date"
          value={view.range.to}
          min={view.range.from}
          onChange={(e) => isIsoDate(e.target.value) && view.set({ to: e.target.value })}
        />
      </div>
      {grains && <GrainSelect view={view} grains={grains} />}
    </div>
  );
}

/** The time axis of a view: hour, day, week or month buckets. */
export function GrainSelect({ view, grains }: { view: ViewParams; grains: Grain[] }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={`${id}-grain`}>By</label>
      <select id={`${id}-grain`} value={grains.includes(view.grain) ? view.grain : grains[0]} onChange={(e) => view.set({ grain: e.target.value as Grain })}>
        {grains.map((g) => (
          <option key={g} value={g}>
            {GRAIN_LABELS[g] ?? g}
          </option>
        ))}
      </select>
    </div>
  );
}
