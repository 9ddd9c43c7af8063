import { FieldReader, instantText, InteractionRecord, Rejection } from '../sdk';
import { CleanseContext } from '../sdk';

export const CHANNELS = ['VOICE', 'CHAT', 'TASK'] as const;

/** InitiationMethod values Amazon Connect documents for contact records. */
export const INITIATION_METHODS = [
  'INBOUND', 'OUTBOUND', 'TRANSFER', 'QUEUE_TRANSFER', 'CALLBACK', 'API', 'DISCONNECT', 'MONITOR',
  'EXTERNAL_OUTBOUND', 'WEBRTC_API', 'AGENT_REPLY', 'FLOW', 'CAMPAIGN_PREVIEW',
] as const;

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `A.B` paths of a contact record; a missing or null parent gives undefined. */
const paths = new Map<string, string[]>();
function at(root: Json, path: string): unknown {
  let keys = paths.get(path);
  if (!keys) paths.set(path, (keys = path.split('.')));
  let v: unknown = root;
  for (const k of keys) {
    if (!isObject(v)) return undefined;
    v = v[k];
  }
  return v;
}

/**
 * An Amazon Connect contact record (CTR) -> an interaction. `Agent` null means the
 * contact never reached an agent; `Queue` null that it was never queued.
 */
export function cleanseContactRecord(raw: unknown, ctx: CleanseContext): InteractionRecord | Rejection {
  const rec: Json = isObject(raw) ? raw : {};
  const f = new FieldReader(ctx, (p) => at(rec, p));
  if (!isObject(raw)) {
    f.fail('malformed', null, null, 'is not a JSON object');
    return f.result(() => null as never);
  }
  for (const obj of ['Agent', 'Queue', 'CustomerEndpoint', 'Attributes']) {
    const v = rec[obj];
    if (v !== undefined && v !== null && !isObject(v)) f.fail('malformed', obj, JSON.stringify(v), 'must be an object or null');
  }
  const contactId = f.text('ContactId', { required: true });
  const channel = f.oneOf('Channel', CHANNELS, { required: true, caseInsensitive: 'upper' });
  const method = f.oneOf('InitiationMethod', INITIATION_METHODS, { caseInsensitive: 'upper' });
  const initiated = f.instant('InitiationTimestamp', { required: true });
  const disconnected = f.instant('DisconnectTimestamp');
  const lastUpdate = f.instant('LastUpdateTimestamp', { required: true });
  const queued = isObject(rec.Queue);
  const queueName = queued ? f.text('Queue.Name') : null;
  const enqueued = queued ? f.instant('Queue.EnqueueTimestamp') : null;
  const queueSeconds = queued ? f.int('Queue.Duration', { min: 0 }) : null;
  const agent = isObject(rec.Agent);
  const username = agent ? f.text('Agent.Username', { required: true }) : null;
  const connected = agent ? f.instant('Agent.ConnectedToAgentTimestamp') : null;
  const talk = agent ? f.int('Agent.AgentInteractionDuration', { min: 0 }) : null;
  const hold = agent ? f.int('Agent.CustomerHoldDuration', { min: 0 }) : null;
  const acw = agent ? f.int('Agent.AfterContactWorkDuration', { min: 0 }) : null;
  const transferred = f.instant('TransferCompletedTimestamp');
  const address = f.text('CustomerEndpoint.Address');
  const sku = f.text('Attributes.product_sku');
  if (initiated !== null && disconnected !== null && !isNaN(initiated) && !isNaN(disconnected) && disconnected < initiated) {
    f.fail('out_of_range', 'DisconnectTimestamp', f.raw('DisconnectTimestamp'), `is before InitiationTimestamp ${f.raw('InitiationTimestamp')}`);
  }
  const iso = (field: string, t: number | null) => (t === null ? null : instantText(f.raw(field), t));
  return f.result(() => ({
    kind: 'interaction' as const,
    agent: username ? { system: 'acd' as const, field: 'Agent.Username', ref: username, at: initiated! } : null,
    contact_id: contactId,
    channel: channel!,
    initiation_method: method,
    initiated_at: iso('InitiationTimestamp', initiated)!,
    disconnected_at: iso('DisconnectTimestamp', disconnected),
    queue_name: queueName,
    enqueued_at: iso('Queue.EnqueueTimestamp', enqueued),
    queue_seconds: queueSeconds,
    agent_username: username,
    connected_at: iso('Agent.ConnectedToAgentTimestamp', connected),
    talk_seconds: talk,
    hold_seconds: hold,
    acw_seconds: acw,
    transferred_at: iso('TransferCompletedTimestamp', transferred),
    customer_address: address,
    product_sku: sku,
    last_update_at: iso('LastUpdateTimestamp', lastUpdate)!,
  }));
}
