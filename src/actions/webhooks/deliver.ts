import { performance } from 'perf_hooks';
import { DataSource } from 'typeorm';
import { Sql } from '../../canonical';
import { recordAudit } from '../audit';
import { Clock, systemClock } from '../clock';
import { badInput, notFound } from '../errors';
import { Actor, assertCenterWide } from '../permissions';
import { updateReturning } from '../workflow/audited';
import { SIGNATURE_HEADER, signBody } from './signature';

export interface DeliveryOptions {
  clock?: Clock;
  /** Deliveries claimed at a time. */
  batch?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Wait after the first failed attempt; it doubles after each further one (exponential backoff). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

export const DELIVERY_DEFAULTS = { batch: 50, concurrency: 4, backoffBaseMs: 30_000, backoffMaxMs: 3_600_000 };

export type AttemptOutcome = 'success' | 'http_error' | 'timeout' | 'network_error';

export interface DeliveryRun {
  attempted: number;
  delivered: number;
  retrying: number;
  dead: number;
}

/** Wait before attempt n + 1 after n failed ones: base × 2^(n − 1), capped. */
export const backoffMs = (failedAttempts: number, base: number, max: number) => Math.min(max, base * 2 ** (failedAttempts - 1));

interface Claimed {
  id: string;
  webhook_id: string;
  event_type: string;
  body: string;
  attempts: number;
  attempt_limit: number;
  url: string;
  secret: string;
  timeout_ms: number;
}

/**
 * Claims due deliveries (pending and due, or in flight past their claim, after a
 * worker died) in a short statement of its own, so no transaction stays open
 * while a receiver is called. SKIP LOCKED lets several workers share the outbox.
 */
async function claim(sql: Sql, now: Date, batch: number): Promise<Claimed[]> {
  return updateReturning<Claimed>(
    sql,
    `UPDATE webhook_delivery d SET status = 'in_flight', claimed_until = $1::timestamptz + make_interval(secs => (w.timeout_ms + 60000) / 1000.0)
       FROM webhook w
      WHERE w.id = d.webhook_id AND d.id IN (
        SELECT x.id FROM webhook_delivery x JOIN webhook xw ON xw.id = x.webhook_id AND xw.enabled
         WHERE (x.status = 'pending' AND x.next_attempt_at <= $1) OR (x.status = 'in_flight' AND x.claimed_until <= $1)
         ORDER BY x.next_attempt_at, x.id LIMIT $2 FOR UPDATE OF x SKIP LOCKED)
     RETURNING d.id, d.webhook_id, d.event_type, d.body, d.attempts, d.attempt_limit, w.url, w.secret, w.timeout_ms`,
    [now, batch],
  );
}

/** One POST: the raw body, signed; 2xx is success, anything else (redirects included) a failure. */
async function post(d: Claimed, attempt: number): Promise<{ outcome: AttemptOutcome; code: number | null; error: string | null; latencyMs: number }> {
  const t0 = performance.now();
  try {
    const res = await fetch(d.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Switchboard-Webhooks/1',
        [SIGNATURE_HEADER]: signBody(d.secret, d.body),
        'X-Switchboard-Event': d.event_type,
        'X-Switchboard-Delivery': d.id,
        'X-Switchboard-Webhook': d.webhook_id,
        'X-Switchboard-Attempt': String(attempt),
      },
      body: d.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(d.timeout_ms),
    });
    await res.arrayBuffer(); // the whole response, within the same timeout
    const latencyMs = Math.round(performance.now() - t0);
    return res.status >= 200 && res.status < 300
      ? { outcome: 'success', code: res.status, error: null, latencyMs }
      : { outcome: 'http_error', code: res.status, error: `HTTP ${res.status}`, latencyMs };
  } catch (e) {
    const latencyMs = Math.round(performance.now() - t0);
    const err = e as Error & { cause?: { code?: string; message?: string } };
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return { outcome: 'timeout', code: null, error: `no response within ${d.timeout_ms} ms`, latencyMs };
    return { outcome: 'network_error', code: null, error: err.cause?.code ?? err.cause?.message ?? err.message, latencyMs };
  }
}

/** Logs the attempt and moves the delivery on, in one statement: delivered, retried later, or dead. */
async function record(sql: Sql, d: Claimed, startedAt: Date, r: Awaited<ReturnType<typeof post>>, after: Date, o: Required<DeliveryOptions>): Promise<'delivered' | 'retrying' | 'dead'> {
  const attempt = d.attempts + 1;
  const state = r.outcome === 'success' ? 'delivered' : attempt >= d.attempt_limit ? 'dead' : 'retrying';
  const next = state === 'retrying' ? new Date(after.getTime() + backoffMs(attempt, o.backoffBaseMs, o.backoffMaxMs)) : after;
  await sql.query(
    `WITH a AS (
       INSERT INTO webhook_attempt (delivery_id, attempt, started_at, latency_ms, outcome, response_code, error) VALUES ($1, $2, $3, $4, $5, $6, $7)
     )
     UPDATE webhook_delivery SET attempts = $2, claimed_until = NULL, last_error = $7,
            status = CASE $8::text WHEN 'retrying' THEN 'pending' ELSE $8 END,
            next_attempt_at = $9, delivered_at = CASE WHEN $8 = 'delivered' THEN $10::timestamptz END, dead_at = CASE WHEN $8 = 'dead' THEN $10::timestamptz END
      WHERE id = $1`,
    [d.id, attempt, startedAt, r.latencyMs, r.outcome, r.code, r.error, state, next, after],
  );
  return state;
}

/**
 * The webhooks worker (`switchboard schedule`, job `webhooks`): delivers every due
 * delivery, `concurrency` at a time, until none is due. Each attempt is logged
 * (outcome, latency, response code); a failure is retried with exponential
 * backoff; after the webhook's maxAttempts the delivery is dead (dead letter)
 * until someone redelivers it. Runs apart from alert evaluation, which only
 * writes the outbox.
 */
export async function deliverDueWebhooks(ds: DataSource, opts: DeliveryOptions = {}): Promise<DeliveryRun> {
  const o: Required<DeliveryOptions> = { clock: systemClock, ...DELIVERY_DEFAULTS, ...opts };
  const run: DeliveryRun = { attempted: 0, delivered: 0, retrying: 0, dead: 0 };
  for (;;) {
    const due = await claim(ds, o.clock(), o.batch);
    if (!due.length) return run;
    const queue = [...due];
    const worker = async () => {
      for (let d = queue.shift(); d; d = queue.shift()) {
        const startedAt = o.clock();
        const r = await post(d, d.attempts + 1);
        const state = await record(ds, d, startedAt, r, o.clock(), o);
        run.attempted++;
        run[state]++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency, due.length) }, worker));
  }
}

/** Puts a dead (or pending) delivery back in the queue for another maxAttempts attempts, due now. Audited. */
export async function redeliverWebhook(ds: DataSource, actor: Actor, deliveryId: string, clock: Clock): Promise<void> {
  assertCenterWide(actor, 'redeliverWebhook');
  await ds.transaction(async (tx) => {
    const rows = /^[0-9a-f-]{36}$/i.test(deliveryId)
      ? await tx.query(`SELECT d.id, d.status, d.attempts, d.attempt_limit, d.next_attempt_at, w.max_attempts FROM webhook_delivery d JOIN webhook w ON w.id = d.webhook_id WHERE d.id = $1 FOR UPDATE OF d`, [deliveryId])
      : [];
    if (!rows.length) throw notFound(`no webhook delivery ${JSON.stringify(deliveryId)}`);
    const before = rows[0];
    if (before.status === 'delivered' || before.status === 'in_flight') throw badInput(`delivery ${deliveryId} is ${before.status.replace('_', ' ')}; only a dead or pending one can be redelivered`);
    const now = clock();
    const after = (
      await updateReturning(
        tx,
        `UPDATE webhook_delivery SET status = 'pending', attempt_limit = attempts + $2, next_attempt_at = $3, dead_at = NULL WHERE id = $1
         RETURNING id, status, attempts, attempt_limit, next_attempt_at`,
        [deliveryId, before.max_attempts, now],
      )
    )[0];
    await recordAudit(tx, actor, { entity: 'webhook_delivery', entityId: deliveryId, action: 'update', before, after });
  });
}
