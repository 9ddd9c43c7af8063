import { Counter, Gauge, Histogram, register } from 'prom-client';

/**
 * The real-time path's Prometheus metrics, in prom-client's default registry (served
 * at /metrics). Registered once per process: a second server in the same process
 * (tests) shares them.
 */
function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/** Seconds from a run's change notification (delivered on commit) to a subscription push it caused. */
export const eventToVisible = once(
  'switchboard_event_to_visible_seconds',
  () =>
    new Histogram({
      name: 'switchboard_event_to_visible_seconds',
      help: 'Seconds from an ingest commit (its change notification) to the subscription push that shows it',
      labelNames: ['subscription'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10],
    }),
);

/** Open GraphQL subscriptions, by field. */
export const openSubscriptions = once(
  'switchboard_subscriptions_open',
  () => new Gauge({ name: 'switchboard_subscriptions_open', help: 'Open GraphQL subscriptions', labelNames: ['subscription'] as const }),
);

/** Shared evaluations (one per normalized query and scope). */
export const liveGroups = once(
  'switchboard_subscription_groups',
  () => new Gauge({ name: 'switchboard_subscription_groups', help: 'Shared subscription evaluations (distinct query and scope)', labelNames: ['subscription'] as const }),
);

/** Open WebSocket connections. */
export const openSockets = once('switchboard_websocket_connections', () => new Gauge({ name: 'switchboard_websocket_connections', help: 'Open graphql-ws WebSocket connections' }));

/** Results pushed to subscribers. */
export const pushes = once(
  'switchboard_subscription_pushes_total',
  () => new Counter({ name: 'switchboard_subscription_pushes_total', help: 'Results pushed to subscribers', labelNames: ['subscription'] as const }),
);

/** Push ingest requests, by connector and HTTP status. */
export const pushRequests = once(
  'switchboard_push_requests_total',
  () => new Counter({ name: 'switchboard_push_requests_total', help: 'POST /ingest/<connector> requests', labelNames: ['connector', 'status'] as const }),
);

/** Push ingest records, by outcome. */
export const pushRecords = once(
  'switchboard_push_records_total',
  () => new Counter({ name: 'switchboard_push_records_total', help: 'Records pushed to /ingest, by outcome', labelNames: ['connector', 'outcome'] as const }),
);

/** Micro-batch runs of push ingest. */
export const pushBatches = once(
  'switchboard_push_batches_total',
  () => new Counter({ name: 'switchboard_push_batches_total', help: 'Runs made from batched push requests', labelNames: ['connector'] as const }),
);

/** Change notifications received from PostgreSQL. */
export const changeEvents = once(
  'switchboard_change_events_total',
  () => new Counter({ name: 'switchboard_change_events_total', help: 'Change notifications received (switchboard_data)', labelNames: ['kind'] as const }),
);

/** How long one shared evaluation takes (one metricData or queueIntraday read). */
export const evaluationSeconds = once(
  'switchboard_live_evaluation_seconds',
  () =>
    new Histogram({
      name: 'switchboard_live_evaluation_seconds',
      help: 'Seconds one shared subscription evaluation takes',
      labelNames: ['subscription'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    }),
);
