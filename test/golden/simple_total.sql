-- golden case: simple_total
-- query: {"metrics":["contacts_handled"],"from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:00Z"}
-- parameters:
--   $1 = "2026-01-01T00:00:00.000Z"
--   $2 = "2026-02-01T00:00:00.000Z"
--   $3 = 0
-- Metrics: contacts_handled (simple, version 36ee2a6cb9feea84)
WITH
-- Source: raw facts of interaction (table interaction)
-- Time window: 2026-01-01T00:00:00.000Z <= initiated_at < 2026-02-01T00:00:00.000Z
interaction_facts AS (
  SELECT f.connected_at IS NOT NULL AS m0_w
    FROM interaction f
   WHERE f.initiated_at >= $1::timestamptz AND f.initiated_at < $2::timestamptz
),
-- Aggregate interaction by nothing (one total): m0 = count(*) where handled
interaction_aggregate AS (
  SELECT (count(*) FILTER (WHERE f.m0_w))::numeric AS m0
    FROM interaction_facts f
)
SELECT (coalesce(c.m0, $3::numeric))::float8 AS v0
  FROM interaction_aggregate c
