import { useId } from 'react';
import { Grain } from '../api/types';
import { isIsoDate } from '../metrics/dates';
import { ViewParams } from './useViewParams';

const GRAIN_LABELS: Partial<Record<Grain, string>> = { HOUR: 'Hour', DAY: 'Day', WEEK: 'Week', MONTH: 'Month' };

/** From/to days (both inclusive) and, where the view has a time axis, the grain. */
export function RangeControls({ view, grains }: { view: ViewParams; grains?: Grain[] }) {
  return (
    <div className="range-controls">
      <DayInput label="From" value={view.range.from} bounds={{ max: view.range.to }} onPick={(from) => view.set({ from })} />
      <DayInput label="To (inclusive)" value={view.range.to} bounds={{ min: view.range.from }} onPick={(to) => view.set({ to })} />
      {grains && <GrainSelect view={view} grains={grains} />}
    </div>
  );
}

function DayInput(props: { label: string; value: string; bounds: { min?: string; max?: string }; onPick: (day: string) => void }) {
  const id = useId();
  return (
    <div>
      <label htmlFor={id}>{props.label}</label>
      <input id={id} type="date" value={props.value} {...props.bounds} onChange={(e) => isIsoDate(e.target.value) && props.onPick(e.target.value)} />
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
