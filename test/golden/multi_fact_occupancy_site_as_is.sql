-- golden case: multi_fact_occupancy_site_as_is
-- query: {"metrics":["occupancy","aht","adherence"],"dimensions":["SITE"],"grain":"MONTH","from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:00Z","attribution":"AS_IS"}
-- parameters:
--   $1 = "month"
--   $2 = "UTC"
--   $3 = 0
--   $4 = "2026-01-01T00:00:00.000Z"
--   $5 = "2026-02-01T00:00:00.000Z"
-- Metrics: occupancy (ratio, version 072522691c54c4a4), aht (ratio, version 7d52a73ccc78a526), adherence (ratio, version 7fc9c8d59b5188fa)
WITH
-- Source: raw facts of interaction (table interaction)
-- Time window: 2026-01-01T00:00:00.000Z <= initiated_at < 2026-02-01T00:00:00.000Z
interaction_facts AS (
  SELECT (date_trunc($1::text, (f.initiated_at AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         coalesce(f.talk_seconds, $3::numeric) + coalesce(f.hold_seconds, $3::numeric) + coalesce(f.acw_seconds, $3::numeric) AS m0_v,
         f.connected_at IS NOT NULL AS m0_w,
         f.connected_at IS NOT NULL AS m2_w
    FROM interaction f
   WHERE f.initiated_at >= $4::timestamptz AND f.initiated_at < $5::timestamptz
),
-- Attribution AS_IS: each employee's latest assignment, today's tree (2026-04-15)
interaction_attribution AS (
  SELECT DISTINCT ON (a.employee_id) a.employee_id,
         a.org_unit_id AS team_id,
         a.role,
         a.site
    FROM assignment a
   WHERE a.employee_id IN (SELECT x.employee_id FROM interaction_facts x)
   ORDER BY a.employee_id NULLS LAST, lower(a.valid) DESC NULLS LAST
),
-- Aggregate interaction by MONTH in UTC, SITE: m0 = sum(coalesce(talk_seconds, 0) + coalesce(hold_seconds, 0) + coalesce(acw_seconds, 0)) where handled; m2 = count(*) where handled
interaction_aggregate AS (
  SELECT f.period AS period,
         t.site AS site,
         (sum(f.m0_v) FILTER (WHERE f.m0_w))::numeric AS m0,
         (count(*) FILTER (WHERE f.m2_w))::numeric AS m2
    FROM interaction_facts f
    LEFT JOIN interaction_attribution t ON t.employee_id = f.employee_id
   GROUP BY f.period, t.site
),
-- Source: raw facts of adherence_day (table adherence_day)
-- Time window: 2026-01-01T00:00:00.000Z <= start of date in UTC < 2026-02-01T00:00:00.000Z
adherence_day_facts AS (
  SELECT (date_trunc($1::text, (((f.date)::timestamp AT TIME ZONE $2::text) AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         f.staffed_seconds AS m1_v,
         f.adherent_seconds AS m3_v,
         f.scheduled_seconds AS m4_v
    FROM adherence_day f
   WHERE f.date >= (($4::timestamptz AT TIME ZONE $2::text))::date AND f.date <= (($5::timestamptz AT TIME ZONE $2::text))::date AND ((f.date)::timestamp AT TIME ZONE $2::text) >= $4::timestamptz AND ((f.date)::timestamp AT TIME ZONE $2::text) < $5::timestamptz
),
-- Attribution AS_IS: each employee's latest assignment, today's tree (2026-04-15)
adherence_day_attribution AS (
  SELECT DISTINCT ON (a.employee_id) a.employee_id,
         a.org_unit_id AS team_id,
         a.role,
         a.site
    FROM assignment a
   WHERE a.employee_id IN (SELECT x.employee_id FROM adherence_day_facts x)
   ORDER BY a.employee_id NULLS LAST, lower(a.valid) DESC NULLS LAST
),
-- Aggregate adherence_day by MONTH in UTC, SITE: m1 = sum(staffed_seconds); m3 = sum(adherent_seconds); m4 = sum(scheduled_seconds)
adherence_day_aggregate AS (
  SELECT f.period AS period,
         t.site AS site,
         (sum(f.m1_v))::numeric AS m1,
         (sum(f.m3_v))::numeric AS m3,
         (sum(f.m4_v))::numeric AS m4
    FROM adherence_day_facts f
    LEFT JOIN adherence_day_attribution t ON t.employee_id = f.employee_id
   GROUP BY f.period, t.site
),
-- Combine interaction + adherence_day on period, SITE
branches AS (
  SELECT period,
         site,
         m0,
         NULL::numeric AS m1,
         m2,
         NULL::numeric AS m3,
         NULL::numeric AS m4
    FROM interaction_aggregate g
  UNION ALL
  SELECT period,
         site,
         NULL::numeric AS m0,
         m1,
         NULL::numeric AS m2,
         m3,
         m4
    FROM adherence_day_aggregate g
),
-- One row per key: each measure comes from exactly one branch
combined AS (
  SELECT u.period,
         u.site,
         max(u.m0) AS m0,
         max(u.m1) AS m1,
         max(u.m2) AS m2,
         max(u.m3) AS m3,
         max(u.m4) AS m4
    FROM branches u
   GROUP BY u.period, u.site
)
SELECT c.period,
       c.site,
       (coalesce(c.m0, $3::numeric) / nullif(coalesce(c.m1, $3::numeric), $3::numeric))::float8 AS v0,
       (coalesce(c.m0, $3::numeric) / nullif(coalesce(c.m2, $3::numeric), $3::numeric))::float8 AS v1,
       (coalesce(c.m3, $3::numeric) / nullif(coalesce(c.m4, $3::numeric), $3::numeric))::float8 AS v2
  FROM combined c
 ORDER BY period NULLS LAST, site NULLS LAST
