import express from 'express';
import { DataSource } from 'typeorm';
import { verifySignature } from '../actions';
import { DEMO_RECEIVER_PATH } from './loop';

/**
 * The demo's webhook receiver, mounted by `switchboard start` beside /graphql: it
 * checks each delivery's X-Switchboard-Signature against the secret of the
 * webhook named in X-Switchboard-Webhook (401 when it does not match, so it
 * accepts nothing unsigned), logs what arrived, and answers 204. The delivery
 * log (`webhookDeliveries`) shows the same attempts from the sender's side.
 */
export function demoReceiver(ds: DataSource, log: (line: string) => void): (app: express.Express) => void {
  return (app) => {
    app.post(DEMO_RECEIVER_PATH, express.raw({ type: () => true, limit: '1mb' }), async (req, res) => {
      const id = req.header('x-switchboard-webhook') ?? '';
      const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const rows = /^[0-9a-f-]{36}$/i.test(id) ? await ds.query(`SELECT secret FROM webhook WHERE id = $1`, [id]) : [];
      if (!rows.length || !verifySignature(rows[0].secret, body, req.header('x-switchboard-signature'))) {
        res.status(401).json({ error: 'signature does not match' });
        return;
      }
      try {
        const p = JSON.parse(body.toString('utf8'));
        const e = p.event;
        const value = typeof e?.value === 'number' ? Number(e.value.toFixed(3)) : e?.value;
        log(`demo receiver: ${p.type}${e ? ` "${e.rule.name}": ${e.metric} = ${value} for ${e.scope.kind} ${e.scope.id}` : ''} (signature verified)`);
      } catch {
        log('demo receiver: a signed delivery that is not JSON');
      }
      res.status(204).end();
    });
  };
}
