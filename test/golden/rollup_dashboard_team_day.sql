-- golden case: rollup_dashboard_team_day
-- query: {"metrics":["contacts_handled","aht","service_level","fcr_rate","csat"],"dimensions":["TEAM"],"grain":"DAY","from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:00Z","timezone":"America/New_York"}
-- parameters:
--   $1 = "day"
--   $2 = "America/New_York"
--   $3 = "Europe/London"
--   $4 = "2026-01-01T00:00:00.000Z"
--   $5 = "2026-02-01T00:00:00.000Z"
--   $6 = 0
-- Metrics: contacts_handled (simple, version 36ee2a6cb9feea84), aht (ratio, version 7d52a73ccc78a526), service_level (ratio, version 5e2c2bff4b9216ae), fcr_rate (ratio, version f656fbb0dea60612), csat (simple, version 1bdd1b672ae16892)
WITH
-- Source: rollup of interaction (table rollup_interaction): every measure is additive and every boundary falls on a 15-minute slot (day tiers: UTC: the query's zone is not UTC; Europe/London: the query's zone is not Europe/London)
-- Time window: 2026-01-01T00:00:00.000Z <= slot (15 minutes of initiated_at) < 2026-02-01T00:00:00.000Z
interaction_facts AS (
  SELECT (date_trunc($1::text, (f.slot AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         ((f.slot AT TIME ZONE $3::text))::date AS org_date,
         f.c_ffc08605028cd5d4 AS m0_v,
         f.c_87739032e5d8251f AS m1_v,
         f.c_4514234bb3138153 AS m2_v,
         f.c_9a65693b31ad4a89 AS m3_v,
         f.c_7ea2dcc31deb181b AS m4_v
    FROM rollup_interaction f
   WHERE f.slot >= $4::timestamptz AND f.slot < $5::timestamptz
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), per distinct (employee, date)
interaction_attribution AS (
  SELECT k.employee_id,
         k.org_date,
         a.org_unit_id AS team_id,
         a.role,
         a.site
    FROM (
      SELECT DISTINCT employee_id,
             org_date
        FROM interaction_facts x
       WHERE employee_id IS NOT NULL
    ) k
    INNER JOIN assignment a ON a.employee_id = k.employee_id AND a.valid @> k.org_date
),
-- Aggregate interaction by DAY in America/New_York, TEAM: m0 = count(*) where handled; m1 = sum(coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0) + coalesce(acw_seconds, 0)) where handled; m2 = count(*) where handled AND queue_seconds <= ${service_level_seconds}; m3 = count(*) where handled OR abandoned; m4 = count(*) where handled AND NOT has_repeat
interaction_aggregate AS (
  SELECT f.period AS period,
         t.team_id AS team_id,
         (sum(f.m0_v))::numeric AS m0,
         (sum(f.m1_v))::numeric AS m1,
         (sum(f.m2_v))::numeric AS m2,
         (sum(f.m3_v))::numeric AS m3,
         (sum(f.m4_v))::numeric AS m4
    FROM interaction_facts f
    LEFT JOIN interaction_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   GROUP BY f.period, t.team_id
),
-- Source: rollup of survey_response (table rollup_survey_response): every measure is additive and every boundary falls on a 15-minute slot (day tiers: UTC: the query's zone is not UTC; Europe/London: the query's zone is not Europe/London)
-- Time window: 2026-01-01T00:00:00.000Z <= slot (15 minutes of responded_at) < 2026-02-01T00:00:00.000Z
survey_response_facts AS (
  SELECT (date_trunc($1::text, (f.slot AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         ((f.slot AT TIME ZONE $3::text))::date AS org_date,
         f.c_52b48c68a7438f52 AS m5_s,
         f.c_576a12d8141df215 AS m5_n
    FROM rollup_survey_response f
   WHERE f.slot >= $4::timestamptz AND f.slot < $5::timestamptz
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), per distinct (employee, date)
survey_response_attribution AS (
  SELECT k.employee_id,
         k.org_date,
         a.org_unit_id AS team_id,
         a.role,
         a.site
    FROM (
      SELECT DISTINCT employee_id,
             org_date
        FROM survey_response_facts x
       WHERE employee_id IS NOT NULL
    ) k
    INNER JOIN assignment a ON a.employee_id = k.employee_id AND a.valid @> k.org_date
),
-- Aggregate survey_response by DAY in America/New_York, TEAM: m5 = avg(csat)
survey_response_aggregate AS (
  SELECT f.period AS period,
         t.team_id AS team_id,
         ((sum(f.m5_s))::numeric / nullif((sum(f.m5_n))::numeric, $6::numeric))::numeric AS m5
    FROM survey_response_facts f
    LEFT JOIN survey_response_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   GROUP BY f.period, t.team_id
),
-- Combine interaction + survey_response on period, TEAM
branches AS (
  SELECT period,
         team_id,
         m0,
         m1,
         m2,
         m3,
         m4,
         NULL::numeric AS m5
    FROM interaction_aggregate g
  UNION ALL
  SELECT period,
         team_id,
         NULL::numeric AS m0,
         NULL::numeric AS m1,
         NULL::numeric AS m2,
         NULL::numeric AS m3,
         NULL::numeric AS m4,
         m5
    FROM survey_response_aggregate g
),
-- One row per key: each measure comes from exactly one branch
combined AS (
  SELECT u.period,
         u.team_id,
         max(u.m0) AS m0,
         max(u.m1) AS m1,
         max(u.m2) AS m2,
         max(u.m3) AS m3,
         max(u.m4) AS m4,
         max(u.m5) AS m5
    FROM branches u
   GROUP BY u.period, u.team_id
)
SELECT c.period,
       c.team_id,
       (coalesce(c.m0, $6::numeric))::float8 AS v0,
       (coalesce(c.m1, $6::numeric) / nullif(coalesce(c.m0, $6::numeric), $6::numeric))::float8 AS v1,
       (coalesce(c.m2, $6::numeric) / nullif(coalesce(c.m3, $6::numeric), $6::numeric))::float8 AS v2,
       (coalesce(c.m4, $6::numeric) / nullif(coalesce(c.m0, $6::numeric), $6::numeric))::float8 AS v3,
       (c.m5)::float8 AS v4
  FROM combined c
 ORDER BY period NULLS LAST, team_id NULLS LAST
