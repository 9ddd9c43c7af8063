import { AdherenceDayRecord, csvConnector } from '../sdk';
import { cleanseAdherence } from './cleanse';

export const COLUMNS = ['wfm_agent_id', 'date', 'scheduled_seconds', 'adherent_seconds', 'staffed_seconds'] as const;

/** Workforce-management adherence, one row per agent and day. */
export const wfmAdherence = csvConnector<AdherenceDayRecord>({
  name: 'wfm-adherence',
  description: 'WFM schedule adherence per agent and day',
  columns: COLUMNS,
  produces: 'adherence_day',
  key: (r) => `${r.wfm_agent_id}@${r.date}`,
  cleanse: (f) => cleanseAdherence(f),
});
