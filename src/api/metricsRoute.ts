import { timingSafeEqual } from 'crypto';
import express from 'express';
import { register } from '../telemetry/prom';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * `GET /metrics`: prom-client's default registry in the Prometheus text format
 * (every module registers there: cache, latency, ingest, pools, live updates).
 * With SWITCHBOARD_METRICS_TOKEN it needs `Authorization: Bearer <that token>`;
 * without, it answers loopback clients only (a scraper on the same host or pod),
 * so that nothing about the load leaks to the network by default.
 */
export function mountMetrics(app: express.Express, token: string | undefined): void {
  app.get('/metrics', async (req, res) => {
    if (token) {
      const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
      if (!m || !sameText(m[1], token)) {
        res.status(401).type('text/plain').send('/metrics needs Authorization: Bearer <SWITCHBOARD_METRICS_TOKEN>\n');
        return;
      }
    } else if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) {
      res.status(403).type('text/plain').send('/metrics answers loopback clients only; set SWITCHBOARD_METRICS_TOKEN to scrape it over the network\n');
      return;
    }
    try {
      res.type(register.contentType).send(await register.metrics());
    } catch (e) {
      res.status(500).type('text/plain').send(`metrics failed: ${(e as Error).message}\n`);
    }
  });
}
