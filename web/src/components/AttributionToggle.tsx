import { useId } from 'react';
import { Attribution } from '../api/types';

/** The one-line meaning of each attribution, as the toggle shows it (SPEC §4.3). */
export const ATTRIBUTION_HELP: Record<'AS_WAS' | 'AS_IS', { label: string; line: string }> = {
  AS_WAS: { label: 'As it was', line: 'Each contact counts for the team the agent was in at the time.' },
  AS_IS: { label: 'As it is', line: "Every contact counts for the agent's team today." },
};

export function AttributionToggle({ value, onChange }: { value: Attribution; onChange: (a: 'AS_WAS' | 'AS_IS') => void }) {
  const name = useId();
  return (
    <fieldset className="attribution">
      <legend>Org chart</legend>
      {(['AS_WAS', 'AS_IS'] as const).map((a) => (
        <label key={a} className={value === a ? 'selected' : undefined}>
          <input type="radio" name={name} value={a} checked={value === a} onChange={() => onChange(a)} />
          <span className="option">
            <strong>
              {ATTRIBUTION_HELP[a].label} <code>{a}</code>
            </strong>
            <span className="line">{ATTRIBUTION_HELP[a].line}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
