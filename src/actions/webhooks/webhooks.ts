import { DataSource } from 'typeorm';
import { Sql } from '../../canonical';
import { recordAudit } from '../audit';
import { Clock } from '../clock';
import { badInput, notFound } from '../errors';
import { Actor, assertCenterWide } from '../permissions';
import { updateReturning } from '../workflow/audited';
import { actorName } from '../workflow/subjects';
import { enqueueDeliveries, WEBHOOK_EVENT_TYPES, WebhookEventType } from './outbox';
import { newWebhookSecret } from './signature';

export interface Webhook {
  id: string;
  name: string;
  url: string;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  maxAttempts: number;
  timeoutMs: number;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookInput {
  name?: string | null;
  url?: string | null;
  /** Default: a random 32-byte secret, returned once. */
  secret?: string | null;
  eventTypes?: string[] | null;
  enabled?: boolean | null;
  maxAttempts?: number | null;
  timeoutMs?: number | null;
}

export const WEBHOOK_DEFAULTS = { maxAttempts: 8, timeoutMs: 10_000 };

// The secret is never part of what is read back or audited.
const COLUMNS = `id, name, url, event_types, enabled, max_attempts, timeout_ms, created_by, created_at, updated_at`;

/* eslint-disable-next-line @typescript-eslint/no-explicit-any */
const toWebhook = (r: any): Webhook => ({
  id: r.id,
  name: r.name,
  url: r.url,
  eventTypes: r.event_types,
  enabled: r.enabled,
  maxAttempts: r.max_attempts,
  timeoutMs: r.timeout_ms,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function checkUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw badInput(`url: not a URL: ${JSON.stringify(url)}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw badInput(`url: must be http:// or https:// (got ${u.protocol})`);
  return u.toString();
}

function checked(input: WebhookInput, base: Webhook | null): { name: string; url: string; eventTypes: string[]; enabled: boolean; maxAttempts: number; timeoutMs: number } {
  const name = (input.name ?? base?.name ?? '').trim();
  if (!name || name.length > 200) throw badInput('name: give a name of 1 to 200 characters');
  const url = input.url ?? base?.url;
  if (!url) throw badInput('url: give the receiver URL');
  const eventTypes = input.eventTypes ?? base?.eventTypes ?? [...WEBHOOK_EVENT_TYPES];
  const unknown = eventTypes.filter((t) => !(WEBHOOK_EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length || !eventTypes.length) throw badInput(`eventTypes: some of ${WEBHOOK_EVENT_TYPES.join(', ')} (got ${JSON.stringify(eventTypes)})`);
  const maxAttempts = input.maxAttempts ?? base?.maxAttempts ?? WEBHOOK_DEFAULTS.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 50) throw badInput(`maxAttempts: 1 to 50 (got ${maxAttempts})`);
  const timeoutMs = input.timeoutMs ?? base?.timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 50 || timeoutMs > 120_000) throw badInput(`timeoutMs: 50 to 120000 (got ${timeoutMs})`);
  return { name, url: checkUrl(url), eventTypes: [...new Set(eventTypes)], enabled: input.enabled ?? base?.enabled ?? true, maxAttempts, timeoutMs };
}

function checkSecret(secret: string | null | undefined): string {
  const s = secret ?? newWebhookSecret();
  if (s.length < 16) throw badInput('secret: at least 16 characters');
  return s;
}

async function nameFree(sql: Sql, name: string, except: string | null): Promise<void> {
  const rows = await sql.query(`SELECT 1 FROM webhook WHERE name = $1 AND id IS DISTINCT FROM $2::uuid`, [name, except]);
  if (rows.length) throw badInput(`name: a webhook named ${JSON.stringify(name)} exists already`);
}

/** Registers a receiver (executives and admins: it receives events about the whole center). The secret is returned once. Audited. */
export async function createWebhook(ds: DataSource, actor: Actor, input: WebhookInput, clock: Clock): Promise<{ webhook: Webhook; secret: string }> {
  assertCenterWide(actor, 'createWebhook');
  const v = checked(input, null);
  const secret = checkSecret(input.secret);
  return ds.transaction(async (tx) => {
    await nameFree(tx, v.name, null);
    const now = clock();
    const rows = await tx.query(
      `INSERT INTO webhook (name, url, secret, event_types, enabled, max_attempts, timeout_ms, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING ${COLUMNS}`,
      [v.name, v.url, secret, v.eventTypes, v.enabled, v.maxAttempts, v.timeoutMs, actorName(actor), now],
    );
    const webhook = toWebhook(rows[0]);
    await recordAudit(tx, actor, { entity: 'webhook', entityId: webhook.id, action: 'create', before: null, after: webhook });
    return { webhook, secret };
  });
}

async function requireWebhook(sql: Sql, id: string): Promise<Webhook> {
  const rows = /^[0-9a-f-]{36}$/i.test(id) ? await sql.query(`SELECT ${COLUMNS} FROM webhook WHERE id = $1 FOR UPDATE`, [id]) : [];
  if (!rows.length) throw notFound(`no webhook ${JSON.stringify(id)}`);
  return toWebhook(rows[0]);
}

/** Changes a webhook; a new secret replaces the old one at once (the audit records that it changed, not its value). */
export async function updateWebhook(ds: DataSource, actor: Actor, id: string, input: WebhookInput, clock: Clock): Promise<Webhook> {
  assertCenterWide(actor, 'updateWebhook');
  return ds.transaction(async (tx) => {
    const before = await requireWebhook(tx, id);
    const v = checked(input, before);
    await nameFree(tx, v.name, id);
    const secret = input.secret === undefined || input.secret === null ? null : checkSecret(input.secret);
    const rows = await updateReturning(
      tx,
      `UPDATE webhook SET name = $2, url = $3, event_types = $4, enabled = $5, max_attempts = $6, timeout_ms = $7, secret = coalesce($8, secret), updated_at = $9
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, v.name, v.url, v.eventTypes, v.enabled, v.maxAttempts, v.timeoutMs, secret, clock()],
    );
    const after = toWebhook(rows[0]);
    await recordAudit(tx, actor, { entity: 'webhook', entityId: id, action: 'update', before, after: { ...after, secretChanged: secret !== null } });
    return after;
  });
}

/** Removes a webhook with its deliveries and their log. Audited. */
export async function deleteWebhook(ds: DataSource, actor: Actor, id: string): Promise<boolean> {
  assertCenterWide(actor, 'deleteWebhook');
  return ds.transaction(async (tx) => {
    const before = await requireWebhook(tx, id);
    await tx.query(`DELETE FROM webhook WHERE id = $1`, [id]);
    await recordAudit(tx, actor, { entity: 'webhook', entityId: id, action: 'delete', before, after: null });
    return true;
  });
}

export async function listWebhooks(sql: Sql, actor: Actor): Promise<Webhook[]> {
  if (actor.scope.kind !== 'all') assertCenterWide(actor, 'webhooks');
  return (await sql.query(`SELECT ${COLUMNS} FROM webhook ORDER BY name`)).map(toWebhook);
}

/** Queues a `ping` delivery to one webhook, so a new receiver can be checked end to end. */
export async function pingWebhook(ds: DataSource, actor: Actor, id: string, clock: Clock): Promise<string> {
  assertCenterWide(actor, 'pingWebhook');
  return ds.transaction(async (tx) => {
    const w = await requireWebhook(tx, id);
    if (!w.enabled) throw badInput(`webhook ${w.name} is disabled: enable it first`);
    const now = clock();
    await enqueueDeliveries(tx, [{ type: 'ping', alertEventId: null, body: JSON.stringify({ type: 'ping', occurredAt: now.toISOString(), webhook: { id: w.id, name: w.name } }) }], now, id);
    const [d] = await tx.query(`SELECT id, webhook_id, event_type, status, next_attempt_at FROM webhook_delivery WHERE webhook_id = $1 AND event_type = 'ping' ORDER BY created_at DESC, id LIMIT 1`, [id]);
    await recordAudit(tx, actor, { entity: 'webhook_delivery', entityId: d.id, action: 'create', before: null, after: d });
    return d.id;
  });
}
