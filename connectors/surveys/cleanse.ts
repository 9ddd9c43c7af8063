import { FieldReader, isoInstant, Rejection, SurveyResponseRecord } from '../sdk';

/**
 * A survey response. Its contact need not be known yet (late arrival): surveys are
 * attributed at query time through contact_id, so nothing here looks the contact up.
 */
export function cleanseSurvey(f: FieldReader): SurveyResponseRecord | Rejection {
  const id = f.text('response_id', { required: true });
  const contactId = f.text('contact_id');
  const at = f.instant('responded_at', { required: true });
  const csat = f.int('csat', { min: 1, max: 5 });
  const nps = f.int('nps', { min: 0, max: 10 });
  const comment = f.text('comment', { maxBytes: null }); // free text, not indexed
  return f.result(() => ({
    kind: 'survey_response' as const,
    response_id: id,
    contact_id: contactId,
    responded_at: isoInstant(at!),
    csat,
    nps,
    comment,
  }));
}
