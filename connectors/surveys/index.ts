import { csvConnector, SurveyResponseRecord } from '../sdk';
import { cleanseSurvey } from './cleanse';

export const COLUMNS = ['response_id', 'contact_id', 'responded_at', 'csat', 'nps', 'comment'] as const;

/** Post-contact surveys (CSAT 1-5, NPS 0-10), linked to contacts by contact_id. */
export const surveys = csvConnector<SurveyResponseRecord>({
  name: 'surveys',
  description: 'Survey responses (csat 1-5, nps 0-10), attributed through contact_id',
  columns: COLUMNS,
  produces: 'survey_response',
  key: (r) => r.response_id,
  cleanse: (f) => cleanseSurvey(f),
});
