import fs from 'fs';
import os from 'os';
import path from 'path';
import { Actor, createAlertRule, createWebhook, verifySignature } from '../../src/actions';
import { loadManifestOrThrow } from '../../src/semantic';
import { startCli } from '../support/cli';
import { startReceiver } from '../support/receiver';
import { useDatabase } from '../support/useDatabase';
import { contact, seedActionsOrg } from './fixture';

/**
 * `switchboard schedule --once` runs the alerts job (evaluating every enabled
 * rule) and then the webhooks job (delivering the outbox) as separate jobs: the
 * event opened by the first reaches a local receiver through the second.
 */
const db = useDatabase('schedulejobs');
const admin: Actor = { principal: { role: 'admin', employeeId: null }, scope: { kind: 'all' }, today: '2026-01-01' };

it('evaluates the alert rules and delivers their events, job by job', async () => {
  const rx = await startReceiver();
  try {
    await seedActionsOrg(db.ds);
    const clock = () => new Date();
    await contact(db.ds, 'a1', new Date(Date.now() - 10 * 60_000).toISOString(), 900);
    await createAlertRule(db.ds, loadManifestOrThrow(), admin, { name: 'a1 long calls', kind: 'threshold', metric: 'aht', scope: { kind: 'employee', ref: 'a1' }, comparison: '>', threshold: 600, window: { kind: 'last', amount: 60, unit: 'minute' } }, clock);
    const { secret } = await createWebhook(db.ds, admin, { name: 'rx', url: rx.url('/rx') }, clock);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-schedule-jobs-'));
    const file = path.join(dir, 'schedule.yaml');
    fs.writeFileSync(file, 'jobs:\n  - { name: alerts, job: alerts, cron: "* * * * *" }\n  - { name: webhooks, job: webhooks, cron: "*/15 * * * * *" }\n');
    const cli = startCli(['schedule', '--once', '--config', file], { DATABASE_URL: db.url }, /"job":"webhooks"/);
    await cli.started;
    expect(await cli.exited).toBe(0);
    const lines = cli.output().out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.find((l) => l.job === 'alerts')).toMatchObject({ msg: 'job done', rules: 1, opened: 1, resolved: 0, failed: 0 });
    expect(lines.find((l) => l.job === 'webhooks')).toMatchObject({ msg: 'job done', attempted: 1, delivered: 1 });
    expect(rx.received).toHaveLength(1);
    expect(verifySignature(secret, rx.received[0].body, rx.received[0].headers['x-switchboard-signature'] as string)).toBe(true);
    expect(JSON.parse(rx.received[0].body.toString())).toMatchObject({ type: 'alert.opened', event: { scope: { id: 'a1' }, value: 900 } });
    fs.rmSync(dir, { recursive: true, force: true });
  } finally {
    await rx.close();
  }
});
