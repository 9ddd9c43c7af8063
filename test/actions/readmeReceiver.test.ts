import { spawn } from 'child_process';
import fs from 'fs';
import path from 'path';
import { Actor, createWebhook, deliverDueWebhooks, listDeliveries, pingWebhook } from '../../src/actions';
import { freePort } from '../support/ports';
import { useDatabase } from '../support/useDatabase';

/** The webhook receiver README.md shows, run as written, against real deliveries. */
const db = useDatabase('readmerx');
const admin: Actor = { principal: { role: 'admin', employeeId: null }, scope: { kind: 'all' }, today: '2026-01-01' };
const clock = () => new Date('2026-01-01T12:00:00Z');

function readmeSnippet(): string {
  const readme = fs.readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');
  const m = /```js\n([\s\S]*?X-Switchboard-Signature[\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README.md has no js receiver snippet');
  return m[1];
}

it('accepts a signed delivery (204) and refuses one signed with another secret (401)', async () => {
  const port = await freePort();
  const secret = 'readme-receiver-secret-123';
  const child = spawn(process.execPath, ['-e', readmeSnippet()], { cwd: path.resolve(__dirname, '../..'), env: { ...process.env, PORT: String(port), SWITCHBOARD_WEBHOOK_SECRET: secret } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  try {
    for (let i = 0; i < 100; i++) {
      if (await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const good = (await createWebhook(db.ds, admin, { name: 'good', url: `http://127.0.0.1:${port}/switchboard`, secret, maxAttempts: 1 }, clock)).webhook.id;
    const bad = (await createWebhook(db.ds, admin, { name: 'bad', url: `http://127.0.0.1:${port}/switchboard`, secret: 'some-other-secret-456', maxAttempts: 1 }, clock)).webhook.id;
    await pingWebhook(db.ds, admin, good, clock);
    await pingWebhook(db.ds, admin, bad, clock);
    await deliverDueWebhooks(db.ds, { clock });
    const log = async (id: string) => (await listDeliveries(db.ds, admin, { webhookId: id }))[0].log.map((a) => [a.outcome, a.responseCode]);
    expect(await log(good)).toEqual([['success', 204]]);
    expect(await log(bad)).toEqual([['http_error', 401]]);
    expect(out).toMatch(/^ping/m);
  } finally {
    child.kill();
  }
});
