import { Connector, InteractionRecord, readJsonObjects } from '../sdk';
import { cleanseContactRecord } from './cleanse';

/**
 * Amazon Connect contact trace records in any framing: JSON Lines, Firehose's
 * back-to-back objects, one pretty-printed object, or a JSON array.
 */
export const amazonConnectCtr: Connector<unknown, InteractionRecord> = {
  name: 'amazon-connect-ctr',
  description: 'Amazon Connect contact trace records (JSON Lines, Firehose, single object or array)',
  produces: 'interaction',
  read: (source) => readJsonObjects(source.path, { maxRecordBytes: source.maxRecordBytes }),
  cleanse: cleanseContactRecord,
  key: (r) => r.contact_id,
};
