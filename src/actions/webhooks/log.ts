import { Sql } from '../../canonical';
import { badInput } from '../errors';
import { Actor, assertCenterWide } from '../permissions';
import { AttemptOutcome } from './deliver';

export interface WebhookAttempt {
  attempt: number;
  startedAt: Date;
  latencyMs: number;
  outcome: AttemptOutcome;
  responseCode: number | null;
  error: string | null;
}

export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventType: string;
  alertEventId: string | null;
  /** The exact JSON text signed and sent. */
  body: string;
  status: 'pending' | 'in_flight' | 'delivered' | 'dead';
  attempts: number;
  attemptLimit: number;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
  deadAt: Date | null;
  lastError: string | null;
  log: WebhookAttempt[];
}

export const DELIVERY_STATUSES = ['pending', 'in_flight', 'delivered', 'dead'] as const;

/**
 * The delivery log, newest first, each delivery with every attempt (outcome,
 * latency, response code). For center-wide readers: deliveries carry events
 * about the whole center.
 */
export async function listDeliveries(
  sql: Sql,
  actor: Actor,
  f: { webhookId?: string | null; status?: string | null; alertEventId?: string | null; limit?: number },
): Promise<WebhookDelivery[]> {
  if (actor.scope.kind !== 'all') assertCenterWide(actor, 'webhookDeliveries');
  if (f.status && !(DELIVERY_STATUSES as readonly string[]).includes(f.status)) throw badInput(`status: one of ${DELIVERY_STATUSES.join(', ')}`);
  for (const [k, v] of [['webhookId', f.webhookId], ['alertEventId', f.alertEventId]] as const) if (v && !/^[0-9a-f-]{36}$/i.test(v)) throw badInput(`${k}: not an id: ${JSON.stringify(v)}`);
  const rows = await sql.query(
    `SELECT d.*, coalesce((SELECT json_agg(json_build_object('attempt', a.attempt, 'startedAt', a.started_at, 'latencyMs', a.latency_ms, 'outcome', a.outcome,
                                                           'responseCode', a.response_code, 'error', a.error) ORDER BY a.attempt)
                            FROM webhook_attempt a WHERE a.delivery_id = d.id), '[]') AS log
       FROM webhook_delivery d
      WHERE ($1::uuid IS NULL OR d.webhook_id = $1) AND ($2::text IS NULL OR d.status = $2) AND ($3::uuid IS NULL OR d.alert_event_id = $3)
      ORDER BY d.created_at DESC, d.id LIMIT $4`,
    [f.webhookId ?? null, f.status ?? null, f.alertEventId ?? null, f.limit ?? 100],
  );
  /* eslint-disable-next-line @typescript-eslint/no-explicit-any */
  return rows.map((r: any) => ({
    id: r.id,
    webhookId: r.webhook_id,
    eventType: r.event_type,
    alertEventId: r.alert_event_id,
    body: r.body,
    status: r.status,
    attempts: r.attempts,
    attemptLimit: r.attempt_limit,
    nextAttemptAt: r.next_attempt_at,
    createdAt: r.created_at,
    deliveredAt: r.delivered_at,
    deadAt: r.dead_at,
    lastError: r.last_error,
    /* eslint-disable-next-line @typescript-eslint/no-explicit-any */
    log: r.log.map((a: any) => ({ ...a, startedAt: new Date(a.startedAt) })),
  }));
}
