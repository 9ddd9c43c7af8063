-- golden case: rollup_raw_window_finer_than_slots
-- query: {"metrics":["aht","orders"],"dimensions":["EMPLOYEE"],"from":"2026-01-05T10:07:00Z","to":"2026-01-05T12:00:00Z"}
-- parameters:
--   $1 = 0
--   $2 = "2026-01-05T10:07:00.000Z"
--   $3 = "2026-01-05T12:00:00.000Z"
--   $4 = "booked"
-- Metrics: aht (ratio, version 7d52a73ccc78a526), orders (simple, version 16241fffff9ac7ce)
WITH
-- Source: raw facts of interaction (table interaction): the window bound 2026-01-05T10:07:00.000Z is finer than the rollup's 15-minute slots
-- Time window: 2026-01-05T10:07:00.000Z <= initiated_at < 2026-01-05T12:00:00.000Z
interaction_facts AS (
  SELECT f.employee_id AS employee_id,
         coalesce(f.talk_seconds, $1::numeric) + coalesce(f.hold_seconds, $1::numeric) + coalesce(f.acw_seconds, $1::numeric) AS m0_v,
         f.connected_at IS NOT NULL AS m0_w,
         f.connected_at IS NOT NULL AS m1_w
    FROM interaction f
   WHERE f.initiated_at >= $2::timestamptz AND f.initiated_at < $3::timestamptz
),
-- Aggregate interaction by EMPLOYEE: m0 = sum(coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0) + coalesce(acw_seconds, 0)) where handled; m1 = count(*) where handled
interaction_aggregate AS (
  SELECT f.employee_id AS employee_id,
         (sum(f.m0_v) FILTER (WHERE f.m0_w))::numeric AS m0,
         (count(*) FILTER (WHERE f.m1_w))::numeric AS m1
    FROM interaction_facts f
   GROUP BY f.employee_id
),
-- Source: raw facts of sales_order (table sales_order): the window bound 2026-01-05T10:07:00.000Z is finer than the rollup's 15-minute slots
-- Time window: 2026-01-05T10:07:00.000Z <= ordered_at < 2026-01-05T12:00:00.000Z
sales_order_facts AS (
  SELECT f.employee_id AS employee_id,
         f.status = $4::text AS m2_w
    FROM sales_order f
   WHERE f.ordered_at >= $2::timestamptz AND f.ordered_at < $3::timestamptz
),
-- Aggregate sales_order by EMPLOYEE: m2 = count(*) where booked
sales_order_aggregate AS (
  SELECT f.employee_id AS employee_id,
         (count(*) FILTER (WHERE f.m2_w))::numeric AS m2
    FROM sales_order_facts f
   GROUP BY f.employee_id
),
-- Combine interaction + sales_order on EMPLOYEE
branches AS (
  SELECT employee_id,
         m0,
         m1,
         NULL::numeric AS m2
    FROM interaction_aggregate g
  UNION ALL
  SELECT employee_id,
         NULL::numeric AS m0,
         NULL::numeric AS m1,
         m2
    FROM sales_order_aggregate g
),
-- One row per key: each measure comes from exactly one branch
combined AS (
  SELECT u.employee_id,
         max(u.m0) AS m0,
         max(u.m1) AS m1,
         max(u.m2) AS m2
    FROM branches u
   GROUP BY u.employee_id
)
SELECT c.employee_id,
       (coalesce(c.m0, $1::numeric) / nullif(coalesce(c.m1, $1::numeric), $1::numeric))::float8 AS v0,
       (coalesce(c.m2, $1::numeric))::float8 AS v1
  FROM combined c
 ORDER BY employee_id NULLS LAST
