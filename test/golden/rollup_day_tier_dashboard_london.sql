-- golden case: rollup_day_tier_dashboard_london
-- query: {"metrics":["contacts_handled","aht","service_level","abandon_rate","fcr_rate"],"dimensions":["TEAM"],"grain":"DAY","from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:00Z","timezone":"Europe/London"}
-- parameters:
--   $1 = "2026-01-01T00:00:00.000Z"
--   $2 = "Europe/London"
--   $3 = "2026-02-01T00:00:00.000Z"
--   $4 = 0
-- Metrics: contacts_handled (simple, version 36ee2a6cb9feea84), aht (ratio, version 7d52a73ccc78a526), service_level (ratio, version 5e2c2bff4b9216ae), abandon_rate (ratio, version 869449958d38d9c2), fcr_rate (ratio, version f656fbb0dea60612)
WITH
-- Source: rollup of interaction (table rollup_interaction_day_europe_london): every measure is additive and the window is whole days in Europe/London at DAY grain without product, channel or queue: the day tier
-- Time window: 2026-01-01T00:00:00.000Z <= start of the local day of initiated_at in Europe/London < 2026-02-01T00:00:00.000Z
interaction_facts AS (
  SELECT f.day AS period_local,
         f.employee_id AS employee_id,
         f.day AS org_date,
         f.c_ffc08605028cd5d4 AS m0_v,
         f.c_87739032e5d8251f AS m1_v,
         f.c_4514234bb3138153 AS m2_v,
         f.c_9a65693b31ad4a89 AS m3_v,
         f.c_ecb1f0a78afc26d7 AS m4_v,
         f.c_d92aa54e3e8fe135 AS m5_v,
         f.c_7ea2dcc31deb181b AS m6_v
    FROM rollup_interaction_day_europe_london f
   WHERE f.day >= (($1::timestamptz AT TIME ZONE $2::text))::date AND f.day < (($3::timestamptz AT TIME ZONE $2::text))::date
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), joined to each day-tier row (one per employee and date)
-- Aggregate interaction by DAY in Europe/London, TEAM: m0 = count(*) where handled; m1 = sum(coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0) + coalesce(acw_seconds, 0)) where handled; m2 = count(*) where handled AND queue_seconds <= ${service_level_seconds}; m3 = count(*) where handled OR abandoned; m4 = count(*) where abandoned; m5 = count(*) where handled OR abandoned; m6 = count(*) where handled AND NOT has_repeat
interaction_aggregate AS (
  SELECT ((f.period_local)::timestamp AT TIME ZONE $2::text) AS period,
         t.team_id AS team_id,
         (sum(f.m0_v))::numeric AS m0,
         (sum(f.m1_v))::numeric AS m1,
         (sum(f.m2_v))::numeric AS m2,
         (sum(f.m3_v))::numeric AS m3,
         (sum(f.m4_v))::numeric AS m4,
         (sum(f.m5_v))::numeric AS m5,
         (sum(f.m6_v))::numeric AS m6
    FROM interaction_facts f
    LEFT JOIN (
      SELECT a.employee_id,
             a.valid,
             a.org_unit_id AS team_id,
             a.role,
             a.site
        FROM assignment a
    ) t ON t.employee_id = f.employee_id AND t.valid @> f.org_date
   GROUP BY f.period_local, t.team_id
)
SELECT c.period,
       c.team_id,
       (coalesce(c.m0, $4::numeric))::float8 AS v0,
       (coalesce(c.m1, $4::numeric) / nullif(coalesce(c.m0, $4::numeric), $4::numeric))::float8 AS v1,
       (coalesce(c.m2, $4::numeric) / nullif(coalesce(c.m3, $4::numeric), $4::numeric))::float8 AS v2,
       (coalesce(c.m4, $4::numeric) / nullif(coalesce(c.m5, $4::numeric), $4::numeric))::float8 AS v3,
       (coalesce(c.m6, $4::numeric) / nullif(coalesce(c.m0, $4::numeric), $4::numeric))::float8 AS v4
  FROM interaction_aggregate c
 ORDER BY period NULLS LAST, team_id NULLS LAST
