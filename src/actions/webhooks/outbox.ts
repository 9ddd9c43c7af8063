import { Sql } from '../../canonical';
import { AlertEvent, eventStatus } from '../alerts/types';

/** What a webhook can subscribe to. `ping` is sent only on request (pingWebhook). */
export const WEBHOOK_EVENT_TYPES = ['alert.opened', 'alert.acknowledged', 'alert.resolved'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number] | 'ping';

/** The JSON body of an alert delivery; the same text is signed and sent on every attempt. */
export function alertPayload(type: WebhookEventType, e: AlertEvent, occurredAt: Date): string {
  return JSON.stringify({
    type,
    occurredAt: occurredAt.toISOString(),
    event: {
      id: e.id,
      status: eventStatus(e),
      rule: { id: e.ruleId, name: e.ruleName, kind: e.ruleKind },
      metric: e.metric,
      scope: { kind: e.scopeKind, id: e.scopeKey },
      value: e.value,
      comparison: e.comparison,
      threshold: e.threshold,
      volume: e.volume,
      baseline: e.baseline,
      window: { from: e.windowFrom.toISOString(), to: e.windowTo.toISOString() },
      openedAt: e.openedAt.toISOString(),
      lastValue: e.lastValue,
      acknowledgedAt: e.acknowledgedAt?.toISOString() ?? null,
      acknowledgedBy: e.acknowledgedBy,
      resolvedAt: e.resolvedAt?.toISOString() ?? null,
      resolvedBy: e.resolvedBy,
      resolution: e.resolution,
      taskId: e.taskId,
    },
  });
}

export interface OutboxItem {
  type: WebhookEventType;
  alertEventId: string | null;
  body: string;
}

/**
 * Writes one delivery per item and subscribed, enabled webhook, in the caller's
 * transaction (the outbox): the change and its notifications commit together, and
 * the webhooks worker delivers them later. One statement however many items.
 */
export async function enqueueDeliveries(tx: Sql, items: OutboxItem[], now: Date, onlyWebhook: string | null = null): Promise<number> {
  if (!items.length) return 0;
  const rows = await tx.query(
    `INSERT INTO webhook_delivery (webhook_id, event_type, alert_event_id, body, attempt_limit, next_attempt_at, created_at)
     SELECT w.id, x.type, x.alert_event_id, x.body, w.max_attempts, $2, $2
       FROM jsonb_to_recordset($1::jsonb) AS x(type text, alert_event_id uuid, body text)
       JOIN webhook w ON w.enabled AND (x.type = ANY (w.event_types) OR w.id = $3::uuid)
      WHERE $3::uuid IS NULL OR w.id = $3::uuid
     RETURNING id`,
    [JSON.stringify(items.map((i) => ({ type: i.type, alert_event_id: i.alertEventId, body: i.body }))), now, onlyWebhook],
  );
  return rows.length;
}
