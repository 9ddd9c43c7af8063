import { GoalStatus } from '../api/types';

/** How a goal status reads: never colour alone (the text says it too). */
export const STATUS_TEXT: Record<GoalStatus, string> = {
  ON_TRACK: 'On track',
  AT_RISK: 'At risk',
  OFF_TRACK: 'Off track',
  NO_DATA: 'No data',
};

/** The CSS class of a status (a background on table cells, a chip elsewhere). */
export const statusClass = (s: GoalStatus) => `status-${s.toLowerCase().replace('_', '-')}`;

export function StatusChip({ status, title }: { status: GoalStatus; title?: string }) {
  return (
    <span className={`status-chip ${statusClass(status)}`} data-status={status} title={title}>
      {STATUS_TEXT[status]}
    </span>
  );
}
