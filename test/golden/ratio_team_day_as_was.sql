-- golden case: ratio_team_day_as_was
-- query: {"metrics":["aht","service_level"],"dimensions":["TEAM"],"grain":"DAY","from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:00Z","timezone":"America/New_York","attribution":"AS_WAS","teamLevel":2,"filters":[{"dimension":"CHANNEL","values":["VOICE"]}]}
-- parameters:
--   $1 = "day"
--   $2 = "America/New_York"
--   $3 = "Europe/London"
--   $4 = 0
--   $5 = 20
--   $6 = 5
--   $7 = "2026-01-01T00:00:00.000Z"
--   $8 = "2026-02-01T00:00:00.000Z"
--   $9 = ["VOICE"]
--   $10 = 2
-- Metrics: aht (ratio, version 7d52a73ccc78a526), service_level (ratio, version 5e2c2bff4b9216ae)
WITH
-- Source: raw facts of interaction (table interaction)
-- Time window: 2026-01-01T00:00:00.000Z <= initiated_at < 2026-02-01T00:00:00.000Z
-- Filter CHANNEL in (VOICE)
interaction_facts AS (
  SELECT (date_trunc($1::text, (f.initiated_at AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         ((f.initiated_at AT TIME ZONE $3::text))::date AS org_date,
         f.channel AS channel,
         coalesce(f.talk_seconds, $4::numeric) + coalesce(f.hold_seconds, $4::numeric) + coalesce(f.acw_seconds, $4::numeric) AS m0_v,
         f.connected_at IS NOT NULL AS m0_w,
         f.connected_at IS NOT NULL AS m1_w,
         f.connected_at IS NOT NULL AND f.queue_seconds <= $5::numeric AS m2_w,
         f.connected_at IS NOT NULL OR f.enqueued_at IS NOT NULL AND f.connected_at IS NULL AND f.queue_seconds > $6::numeric AS m3_w
    FROM interaction f
   WHERE f.initiated_at >= $7::timestamptz AND f.initiated_at < $8::timestamptz AND f.channel = ANY ($9::text[])
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), per distinct (employee, date); team path from the org_unit_lineage closure
interaction_attribution AS (
  SELECT k.employee_id,
         k.org_date,
         a.org_unit_id AS team_id,
         a.role,
         a.site,
         coalesce(l.path, org_unit_path(a.org_unit_id, k.org_date)) AS path
    FROM (
      SELECT DISTINCT employee_id,
             org_date
        FROM interaction_facts x
       WHERE employee_id IS NOT NULL
    ) k
    INNER JOIN assignment a ON a.employee_id = k.employee_id AND a.valid @> k.org_date
    LEFT JOIN org_unit_lineage l ON l.org_unit_id = a.org_unit_id AND l.valid @> k.org_date
),
-- Aggregate interaction by DAY in America/New_York, TEAM, (teams at level 2): m0 = sum(coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0) + coalesce(acw_seconds, 0)) where handled; m1 = count(*) where handled; m2 = count(*) where handled AND queue_seconds <= ${service_level_seconds}; m3 = count(*) where handled OR abandoned
interaction_aggregate AS (
  SELECT f.period AS period,
         coalesce((t.path)[least($10::int, cardinality(t.path))], t.team_id) AS team_id,
         (sum(f.m0_v) FILTER (WHERE f.m0_w))::numeric AS m0,
         (count(*) FILTER (WHERE f.m1_w))::numeric AS m1,
         (count(*) FILTER (WHERE f.m2_w))::numeric AS m2,
         (count(*) FILTER (WHERE f.m3_w))::numeric AS m3
    FROM interaction_facts f
    LEFT JOIN interaction_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   GROUP BY f.period, coalesce((t.path)[least($10::int, cardinality(t.path))], t.team_id)
)
SELECT c.period,
       c.team_id,
       (coalesce(c.m0, $4::numeric) / nullif(coalesce(c.m1, $4::numeric), $4::numeric))::float8 AS v0,
       (coalesce(c.m2, $4::numeric) / nullif(coalesce(c.m3, $4::numeric), $4::numeric))::float8 AS v1
  FROM interaction_aggregate c
 ORDER BY period NULLS LAST, team_id NULLS LAST
