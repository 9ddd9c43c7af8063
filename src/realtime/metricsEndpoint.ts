import express from 'express';
import { register } from 'prom-client';

/**
 * GET /metrics: prom-client's default registry in the Prometheus text format (the
 * real-time metrics of src/realtime/metrics.ts and whatever else registers there).
 */
export function mountMetricsEndpoint(app: express.Express): void {
  app.get('/metrics', async (_req, res) => {
    res.setHeader('content-type', register.contentType);
    res.send(await register.metrics());
  });
}
