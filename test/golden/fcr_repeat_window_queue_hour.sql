-- golden case: fcr_repeat_window_queue_hour
-- query: {"metrics":["fcr_rate","transfer_rate"],"dimensions":["QUEUE"],"grain":"HOUR","from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:00Z","filters":[{"dimension":"QUEUE","values":["Billing"],"exclude":true}]}
-- parameters:
--   $1 = "hour"
--   $2 = "UTC"
--   $3 = "INBOUND"
--   $4 = 168
--   $5 = 3600
--   $6 = "2026-01-01T00:00:00.000Z"
--   $7 = "2026-02-01T00:00:00.000Z"
--   $8 = ["Billing"]
--   $9 = 0
-- Metrics: fcr_rate (ratio, version f656fbb0dea60612), transfer_rate (ratio, version 7737db464650eae8)
WITH
-- Source: raw facts of interaction (table interaction)
-- Time window: 2026-01-01T00:00:00.000Z <= initiated_at < 2026-02-01T00:00:00.000Z
-- Filter QUEUE not in (Billing)
interaction_facts AS (
  SELECT (date_trunc($1::text, (f.initiated_at AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.queue_name AS queue,
         f.connected_at IS NOT NULL AND NOT EXISTS (SELECT * FROM interaction o WHERE o.customer_address = f.customer_address AND o.initiation_method = $3::text AND o.initiated_at > f.initiated_at AND o.initiated_at <= f.initiated_at + make_interval(secs => ($4::numeric * $5::numeric)::float8)) AS m0_w,
         f.connected_at IS NOT NULL AS m1_w,
         f.connected_at IS NOT NULL AND f.transferred_at IS NOT NULL AS m2_w
    FROM interaction f
   WHERE f.initiated_at >= $6::timestamptz AND f.initiated_at < $7::timestamptz AND (f.queue_name IS NULL OR f.queue_name <> ALL ($8::text[]))
),
-- Aggregate interaction by HOUR in UTC, QUEUE: m0 = count(*) where handled AND NOT has_repeat; m1 = count(*) where handled; m2 = count(*) where handled AND transferred
interaction_aggregate AS (
  SELECT f.period AS period,
         f.queue AS queue,
         (count(*) FILTER (WHERE f.m0_w))::numeric AS m0,
         (count(*) FILTER (WHERE f.m1_w))::numeric AS m1,
         (count(*) FILTER (WHERE f.m2_w))::numeric AS m2
    FROM interaction_facts f
   GROUP BY f.period, f.queue
)
SELECT c.period,
       c.queue,
       (coalesce(c.m0, $9::numeric) / nullif(coalesce(c.m1, $9::numeric), $9::numeric))::float8 AS v0,
       (coalesce(c.m2, $9::numeric) / nullif(coalesce(c.m1, $9::numeric), $9::numeric))::float8 AS v1
  FROM interaction_aggregate c
 ORDER BY period NULLS LAST, queue NULLS LAST
