import { AdherenceDayRecord, FieldReader, Rejection } from '../sdk';

export function cleanseAdherence(f: FieldReader): AdherenceDayRecord | Rejection {
  const agent = f.text('wfm_agent_id', { required: true });
  const date = f.date('date', { required: true });
  const scheduled = f.int('scheduled_seconds', { required: true, min: 0, max: 86400 });
  const adherent = f.int('adherent_seconds', { required: true, min: 0, max: 86400 });
  const staffed = f.int('staffed_seconds', { required: true, min: 0, max: 86400 });
  if (scheduled !== null && adherent !== null && adherent > scheduled) {
    f.fail('out_of_range', 'adherent_seconds', String(adherent), `is greater than scheduled_seconds ${scheduled}`);
  }
  return f.result(() => ({
    kind: 'adherence_day' as const,
    agent: { system: 'wfm' as const, field: 'wfm_agent_id', ref: agent, date: date! },
    wfm_agent_id: agent,
    date: date!,
    scheduled_seconds: scheduled!,
    adherent_seconds: adherent!,
    staffed_seconds: staffed!,
  }));
}
