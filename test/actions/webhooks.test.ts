import crypto from 'crypto';
import { Actor, createAlertRule, createWebhook, deliverDueWebhooks, evaluateAlertRules, pingWebhook, redeliverWebhook, updateWebhook, verifySignature } from '../../src/actions';
import { loadManifestOrThrow } from '../../src/semantic';
import { startReceiver } from '../support/receiver';
import { useDatabase } from '../support/useDatabase';
import { contact, seedActionsOrg } from './fixture';

/**
 * Webhook delivery against a real local HTTP receiver (SPEC §6.3): the signature,
 * retries with exponential backoff after 500s and a timeout (on an injectable
 * clock: base 30 s, then 60 s, 120 s), the delivery log, dead-lettering after
 * maxAttempts, and alert evaluation that never waits on a receiver.
 */
const db = useDatabase('webhooks');
const manifest = loadManifestOrThrow();
const env = { manifest, orgTimezone: 'UTC', today: '2026-04-20' };
const admin: Actor = { principal: { role: 'admin', employeeId: null }, scope: { kind: 'all' }, today: '2026-04-20' };
const SECRET = 'whsec-test-0123456789abcdef';
let rx: Awaited<ReturnType<typeof startReceiver>>;

let now = new Date('2026-04-20T12:00:00Z');
const clock = () => now;
const later = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));

const attempts = (webhookId: string) =>
  db.ds.query(
    `SELECT a.attempt, a.started_at, a.outcome, a.response_code, a.latency_ms FROM webhook_attempt a JOIN webhook_delivery d ON d.id = a.delivery_id
      WHERE d.webhook_id = $1 ORDER BY a.attempt`,
    [webhookId],
  );
const delivery = async (webhookId: string) => (await db.ds.query(`SELECT * FROM webhook_delivery WHERE webhook_id = $1 ORDER BY created_at`, [webhookId]))[0];

beforeAll(async () => {
  await seedActionsOrg(db.ds);
  rx = await startReceiver();
});
afterAll(() => rx?.close());

describe('webhook delivery', () => {
  let hook: string;
  let ruleId: string;

  it('POSTs the event as JSON, signed with HMAC-SHA256 of the raw body, and retries 500s and a timeout with exponential backoff', async () => {
    hook = (await createWebhook(db.ds, admin, { name: 'ops', url: rx.url('/ops'), secret: SECRET, timeoutMs: 300, maxAttempts: 5 }, clock)).webhook.id;
    await contact(db.ds, 'a1', '2026-04-20T11:30:00Z', 700);
    ruleId = (
      await createAlertRule(db.ds, manifest, admin, { name: 'Slow a1', kind: 'threshold', metric: 'aht', scope: { kind: 'employee', ref: 'a1' }, comparison: '>', threshold: 600, window: { kind: 'last', amount: 1, unit: 'hour' } }, clock)
    ).id;
    const [ev] = await evaluateAlertRules(db.ds, env, now, [ruleId]);
    expect(ev.opened).toHaveLength(1);
    expect(rx.received).toHaveLength(0); // evaluation only writes the outbox

    rx.reply(500, 500, 'hang', 200);
    const t0 = now.getTime();
    expect(await deliverDueWebhooks(db.ds, { clock })).toEqual({ attempted: 1, delivered: 0, retrying: 1, dead: 0 });
    const first = rx.received[0];
    expect(first.path).toBe('/ops');
    expect(first.headers['content-type']).toBe('application/json');
    // The receiver's own check, by hand: sha256=<hex HMAC-SHA256 of the raw body with the secret>.
    const want = `sha256=${crypto.createHmac('sha256', SECRET).update(first.body).digest('hex')}`;
    expect(first.headers['x-switchboard-signature']).toBe(want);
    expect(verifySignature(SECRET, first.body, first.headers['x-switchboard-signature'] as string)).toBe(true);
    expect(verifySignature('another-secret-entirely', first.body, want)).toBe(false);
    const payload = JSON.parse(first.body.toString('utf8'));
    expect(payload).toMatchObject({
      type: 'alert.opened',
      occurredAt: '2026-04-20T12:00:00.000Z',
      event: { id: ev.opened[0].id, status: 'open', rule: { id: ruleId, name: 'Slow a1', kind: 'threshold' }, metric: 'aht', scope: { kind: 'employee', id: 'a1' }, value: 700, comparison: '>', threshold: 600, volume: 1 },
    });
    expect(first.headers['x-switchboard-event']).toBe('alert.opened');

    expect((await delivery(hook)).next_attempt_at).toEqual(new Date(t0 + 30_000));
    later(29);
    expect((await deliverDueWebhooks(db.ds, { clock })).attempted).toBe(0); // not due yet
    later(1); // +30 s: second attempt, 500 again; then wait 60 s
    expect(await deliverDueWebhooks(db.ds, { clock })).toMatchObject({ attempted: 1, retrying: 1 });
    expect((await delivery(hook)).next_attempt_at).toEqual(new Date(t0 + 90_000));
    later(60); // +90 s: the receiver hangs; the attempt times out after 300 ms; then wait 120 s
    expect(await deliverDueWebhooks(db.ds, { clock })).toMatchObject({ attempted: 1, retrying: 1 });
    expect((await delivery(hook)).next_attempt_at).toEqual(new Date(t0 + 210_000));
    later(120); // +210 s: 200
    expect(await deliverDueWebhooks(db.ds, { clock })).toMatchObject({ attempted: 1, delivered: 1 });

    const log = await attempts(hook);
    expect(log.map((a: { attempt: number; started_at: Date; outcome: string; response_code: number | null }) => [a.attempt, a.started_at.getTime() - t0, a.outcome, a.response_code])).toEqual([
      [1, 0, 'http_error', 500],
      [2, 30_000, 'http_error', 500],
      [3, 90_000, 'timeout', null],
      [4, 210_000, 'success', 200],
    ]);
    expect(log[2].latency_ms).toBeGreaterThanOrEqual(290);
    expect(await delivery(hook)).toMatchObject({ status: 'delivered', attempts: 4, delivered_at: now });
    // Every attempt sent the same bytes with the same signature.
    expect(rx.received).toHaveLength(4);
    expect(new Set(rx.received.map((r) => r.body.toString())).size).toBe(1);
    expect(rx.received.map((r) => r.headers['x-switchboard-attempt'])).toEqual(['1', '2', '3', '4']);
    expect(await deliverDueWebhooks(db.ds, { clock })).toMatchObject({ attempted: 0 });
  });

  it('dead-letters a delivery after maxAttempts, logs a refused connection, and redelivers on request', async () => {
    await updateWebhook(db.ds, admin, hook, { enabled: false }, clock);
    const dead = (await createWebhook(db.ds, admin, { name: 'flaky', url: rx.url('/flaky'), secret: SECRET, timeoutMs: 300, maxAttempts: 3 }, clock)).webhook.id;
    await pingWebhook(db.ds, admin, dead, clock);
    rx.reply(503, 500);
    const before = rx.received.length;
    await deliverDueWebhooks(db.ds, { clock });
    later(30);
    await deliverDueWebhooks(db.ds, { clock });
    // The third attempt finds nobody listening at all.
    await updateWebhook(db.ds, admin, dead, { url: 'http://127.0.0.1:9/closed' }, clock);
    later(60);
    expect(await deliverDueWebhooks(db.ds, { clock })).toEqual({ attempted: 1, delivered: 0, retrying: 0, dead: 1 });
    expect((await attempts(dead)).map((a: { outcome: string; response_code: number | null }) => [a.outcome, a.response_code])).toEqual([
      ['http_error', 503],
      ['http_error', 500],
      ['network_error', null],
    ]);
    const d = await delivery(dead);
    expect(d).toMatchObject({ status: 'dead', attempts: 3, event_type: 'ping' });
    expect(d.dead_at).toEqual(now);
    later(3600);
    expect((await deliverDueWebhooks(db.ds, { clock })).attempted).toBe(0); // a dead letter stays put
    expect(rx.received.length - before).toBe(2);

    await updateWebhook(db.ds, admin, dead, { url: rx.url('/flaky') }, clock);
    await redeliverWebhook(db.ds, admin, d.id, clock);
    expect(await deliverDueWebhooks(db.ds, { clock })).toMatchObject({ attempted: 1, delivered: 1 });
    expect(await delivery(dead)).toMatchObject({ status: 'delivered', attempts: 4 });
    expect(JSON.parse(rx.received[rx.received.length - 1].body.toString())).toMatchObject({ type: 'ping', webhook: { id: dead, name: 'flaky' } });
  });

  it('evaluation never waits on delivery: it commits new events while a receiver holds a request', async () => {
    const slow = (await createWebhook(db.ds, admin, { name: 'slow', url: rx.url('/slow'), secret: SECRET, timeoutMs: 60_000 }, clock)).webhook.id;
    await db.ds.query(`UPDATE webhook SET enabled = false WHERE id <> $1`, [slow]);
    await contact(db.ds, 'a3', now.toISOString(), 900);
    later(60);
    const r1 = await createAlertRule(db.ds, manifest, admin, { name: 'Slow a3', kind: 'threshold', metric: 'aht', scope: { kind: 'employee', ref: 'a3' }, comparison: '>', threshold: 600, window: { kind: 'last', amount: 1, unit: 'hour' } }, clock);
    expect((await evaluateAlertRules(db.ds, env, now, [r1.id]))[0].opened).toHaveLength(1);
    rx.reply('hold');
    const seen = rx.received.length;
    let settled = false;
    const delivering = deliverDueWebhooks(db.ds, { clock }).finally(() => (settled = true));
    while (rx.received.length === seen) await new Promise((r) => setTimeout(r, 10));
    expect(rx.received[rx.received.length - 1].path).toBe('/slow');

    // The receiver holds the request; evaluation goes on, commits, and queues the next delivery.
    await contact(db.ds, 'a5', now.toISOString(), 900);
    later(1);
    const r2 = await createAlertRule(db.ds, manifest, admin, { name: 'Slow a5', kind: 'threshold', metric: 'aht', scope: { kind: 'employee', ref: 'a5' }, comparison: '>', threshold: 600, window: { kind: 'last', amount: 1, unit: 'hour' } }, clock);
    const [ev] = await evaluateAlertRules(db.ds, env, now, [r2.id]);
    expect(ev.opened.map((e) => e.scopeKey)).toEqual(['a5']);
    expect(settled).toBe(false);
    const queued = await db.ds.query(`SELECT status FROM webhook_delivery WHERE alert_event_id = $1`, [ev.opened[0].id]);
    expect(queued).toEqual([{ status: 'pending' }]);

    rx.release();
    expect(await delivering).toMatchObject({ delivered: 2 }); // the held one, then the new one
    expect(settled).toBe(true);
  });
});
