-- golden case: rollup_kolkata_hour_under_team_compare
-- query: {"metrics":["conversion_rate","qa_score","adherence","upsell_rate"],"dimensions":["TEAM"],"grain":"HOUR","from":"2026-01-05T18:30:00Z","to":"2026-01-06T18:30:00Z","timezone":"Asia/Kolkata","teamLevel":2,"underTeam":"care","compare":"PREVIOUS_PERIOD"}
-- parameters:
--   $1 = "hour"
--   $2 = "Asia/Kolkata"
--   $3 = "Europe/London"
--   $4 = "2026-01-05T18:30:00.000Z"
--   $5 = "2026-01-06T18:30:00.000Z"
--   $6 = 2
--   $7 = "care"
--   $8 = 0
--   $9 = 1
-- Metrics: conversion_rate (ratio, version 27f91470cb2f69f6), qa_score (simple, version 8a55ed6dba3421b7), adherence (ratio, version 7fc9c8d59b5188fa), upsell_rate (ratio, version e8b5a6848ddd4248)
WITH
-- Source: rollup of interaction (table rollup_interaction): every measure is additive and every boundary falls on a 15-minute slot (day tiers: UTC: the query's zone is not UTC; Europe/London: the query's zone is not Europe/London)
-- Time window: 2026-01-05T18:30:00.000Z <= slot (15 minutes of initiated_at) < 2026-01-06T18:30:00.000Z
interaction_facts AS (
  SELECT (date_trunc($1::text, (f.slot AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         ((f.slot AT TIME ZONE $3::text))::date AS org_date,
         f.c_852ee79e0811ae5e AS m0_v,
         f.c_ffc08605028cd5d4 AS m1_v
    FROM rollup_interaction f
   WHERE f.slot >= $4::timestamptz AND f.slot < $5::timestamptz
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
-- Keep facts attributed inside team care's subtree
-- Aggregate interaction by HOUR in Asia/Kolkata, TEAM, (teams at level 2): m0 = count(*) where handled AND converted; m1 = count(*) where handled
interaction_aggregate AS (
  SELECT f.period AS period,
         coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id) AS team_id,
         (sum(f.m0_v))::numeric AS m0,
         (sum(f.m1_v))::numeric AS m1
    FROM interaction_facts f
    LEFT JOIN interaction_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   WHERE $7::text = ANY (t.path)
   GROUP BY f.period, coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id)
),
-- Source: rollup of quality_evaluation (table rollup_quality_evaluation): every measure is additive and every boundary falls on a 15-minute slot (day tiers: UTC: the query's zone is not UTC; Europe/London: the query's zone is not Europe/London)
-- Time window: 2026-01-05T18:30:00.000Z <= slot (15 minutes of evaluated_at) < 2026-01-06T18:30:00.000Z
quality_evaluation_facts AS (
  SELECT (date_trunc($1::text, (f.slot AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         ((f.slot AT TIME ZONE $3::text))::date AS org_date,
         f.c_a8a7d7177b90fac9 AS m2_s,
         f.c_24e75d235bf45ab1 AS m2_n
    FROM rollup_quality_evaluation f
   WHERE f.slot >= $4::timestamptz AND f.slot < $5::timestamptz
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), per distinct (employee, date); team path from the org_unit_lineage closure
quality_evaluation_attribution AS (
  SELECT k.employee_id,
         k.org_date,
         a.org_unit_id AS team_id,
         a.role,
         a.site,
         coalesce(l.path, org_unit_path(a.org_unit_id, k.org_date)) AS path
    FROM (
      SELECT DISTINCT employee_id,
             org_date
        FROM quality_evaluation_facts x
       WHERE employee_id IS NOT NULL
    ) k
    INNER JOIN assignment a ON a.employee_id = k.employee_id AND a.valid @> k.org_date
    LEFT JOIN org_unit_lineage l ON l.org_unit_id = a.org_unit_id AND l.valid @> k.org_date
),
-- Keep facts attributed inside team care's subtree
-- Aggregate quality_evaluation by HOUR in Asia/Kolkata, TEAM, (teams at level 2): m2 = avg(CASE WHEN auto_fail THEN 0 ELSE 100 * score / max_score END)
quality_evaluation_aggregate AS (
  SELECT f.period AS period,
         coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id) AS team_id,
         ((sum(f.m2_s))::numeric / nullif((sum(f.m2_n))::numeric, $8::numeric))::numeric AS m2
    FROM quality_evaluation_facts f
    LEFT JOIN quality_evaluation_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   WHERE $7::text = ANY (t.path)
   GROUP BY f.period, coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id)
),
-- Source: rollup of adherence_day (table rollup_adherence_day): every measure is additive and every boundary falls on a day
-- Time window: 2026-01-05T18:30:00.000Z <= start of date in Asia/Kolkata < 2026-01-06T18:30:00.000Z
adherence_day_facts AS (
  SELECT (date_trunc($1::text, (((f.date)::timestamp AT TIME ZONE $2::text) AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         f.date AS org_date,
         f.c_e27f0210ab905e44 AS m3_v,
         f.c_3d0b0f72e880191c AS m4_v
    FROM rollup_adherence_day f
   WHERE f.date >= (($4::timestamptz AT TIME ZONE $2::text))::date AND f.date <= (($5::timestamptz AT TIME ZONE $2::text))::date AND ((f.date)::timestamp AT TIME ZONE $2::text) >= $4::timestamptz AND ((f.date)::timestamp AT TIME ZONE $2::text) < $5::timestamptz
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), per distinct (employee, date); team path from the org_unit_lineage closure
adherence_day_attribution AS (
  SELECT k.employee_id,
         k.org_date,
         a.org_unit_id AS team_id,
         a.role,
         a.site,
         coalesce(l.path, org_unit_path(a.org_unit_id, k.org_date)) AS path
    FROM (
      SELECT DISTINCT employee_id,
             org_date
        FROM adherence_day_facts x
       WHERE employee_id IS NOT NULL
    ) k
    INNER JOIN assignment a ON a.employee_id = k.employee_id AND a.valid @> k.org_date
    LEFT JOIN org_unit_lineage l ON l.org_unit_id = a.org_unit_id AND l.valid @> k.org_date
),
-- Keep facts attributed inside team care's subtree
-- Aggregate adherence_day by HOUR in Asia/Kolkata, TEAM, (teams at level 2): m3 = sum(adherent_seconds); m4 = sum(scheduled_seconds)
adherence_day_aggregate AS (
  SELECT f.period AS period,
         coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id) AS team_id,
         (sum(f.m3_v))::numeric AS m3,
         (sum(f.m4_v))::numeric AS m4
    FROM adherence_day_facts f
    LEFT JOIN adherence_day_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   WHERE $7::text = ANY (t.path)
   GROUP BY f.period, coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id)
),
-- Source: rollup of sales_order (table rollup_sales_order): every measure is additive and every boundary falls on a 15-minute slot (day tiers: UTC: the query's zone is not UTC; Europe/London: the query's zone is not Europe/London)
-- Time window: 2026-01-05T18:30:00.000Z <= slot (15 minutes of ordered_at) < 2026-01-06T18:30:00.000Z
sales_order_facts AS (
  SELECT (date_trunc($1::text, (f.slot AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         ((f.slot AT TIME ZONE $3::text))::date AS org_date,
         f.c_b560ef64c15ee46e AS m5_v
    FROM rollup_sales_order f
   WHERE f.slot >= $4::timestamptz AND f.slot < $5::timestamptz
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), per distinct (employee, date); team path from the org_unit_lineage closure
sales_order_attribution AS (
  SELECT k.employee_id,
         k.org_date,
         a.org_unit_id AS team_id,
         a.role,
         a.site,
         coalesce(l.path, org_unit_path(a.org_unit_id, k.org_date)) AS path
    FROM (
      SELECT DISTINCT employee_id,
             org_date
        FROM sales_order_facts x
       WHERE employee_id IS NOT NULL
    ) k
    INNER JOIN assignment a ON a.employee_id = k.employee_id AND a.valid @> k.org_date
    LEFT JOIN org_unit_lineage l ON l.org_unit_id = a.org_unit_id AND l.valid @> k.org_date
),
-- Keep facts attributed inside team care's subtree
-- Aggregate sales_order by HOUR in Asia/Kolkata, TEAM, (teams at level 2): m5 = count(*) where booked AND upsell
sales_order_aggregate AS (
  SELECT f.period AS period,
         coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id) AS team_id,
         (sum(f.m5_v))::numeric AS m5
    FROM sales_order_facts f
    LEFT JOIN sales_order_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   WHERE $7::text = ANY (t.path)
   GROUP BY f.period, coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id)
),
-- Source: rollup of interaction (table rollup_interaction): every measure is additive and every boundary falls on a 15-minute slot (day tiers: UTC: the query's zone is not UTC; Europe/London: the query's zone is not Europe/London)
-- Time window: 2026-01-05T18:30:00.000Z <= slot (15 minutes of initiated_at) < 2026-01-06T18:30:00.000Z, moved back 1 days (PREVIOUS_PERIOD)
interaction_prev_facts AS (
  SELECT ((((date_trunc($1::text, (f.slot AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AT TIME ZONE $2::text) + make_interval(days => $9::int)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         ((f.slot AT TIME ZONE $3::text))::date AS org_date,
         f.c_852ee79e0811ae5e AS p0_v,
         f.c_ffc08605028cd5d4 AS p1_v
    FROM rollup_interaction f
   WHERE f.slot >= ((($4::timestamptz AT TIME ZONE $2::text) - make_interval(days => $9::int)) AT TIME ZONE $2::text) AND f.slot < ((($5::timestamptz AT TIME ZONE $2::text) - make_interval(days => $9::int)) AT TIME ZONE $2::text)
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), per distinct (employee, date); team path from the org_unit_lineage closure
interaction_prev_attribution AS (
  SELECT k.employee_id,
         k.org_date,
         a.org_unit_id AS team_id,
         a.role,
         a.site,
         coalesce(l.path, org_unit_path(a.org_unit_id, k.org_date)) AS path
    FROM (
      SELECT DISTINCT employee_id,
             org_date
        FROM interaction_prev_facts x
       WHERE employee_id IS NOT NULL
    ) k
    INNER JOIN assignment a ON a.employee_id = k.employee_id AND a.valid @> k.org_date
    LEFT JOIN org_unit_lineage l ON l.org_unit_id = a.org_unit_id AND l.valid @> k.org_date
),
-- Keep facts attributed inside team care's subtree
-- Aggregate interaction by HOUR in Asia/Kolkata, TEAM, (teams at level 2): p0 = count(*) where handled AND converted; p1 = count(*) where handled
interaction_prev_aggregate AS (
  SELECT f.period AS period,
         coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id) AS team_id,
         (sum(f.p0_v))::numeric AS p0,
         (sum(f.p1_v))::numeric AS p1
    FROM interaction_prev_facts f
    LEFT JOIN interaction_prev_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   WHERE $7::text = ANY (t.path)
   GROUP BY f.period, coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id)
),
-- Source: rollup of quality_evaluation (table rollup_quality_evaluation): every measure is additive and every boundary falls on a 15-minute slot (day tiers: UTC: the query's zone is not UTC; Europe/London: the query's zone is not Europe/London)
-- Time window: 2026-01-05T18:30:00.000Z <= slot (15 minutes of evaluated_at) < 2026-01-06T18:30:00.000Z, moved back 1 days (PREVIOUS_PERIOD)
quality_evaluation_prev_facts AS (
  SELECT ((((date_trunc($1::text, (f.slot AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AT TIME ZONE $2::text) + make_interval(days => $9::int)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         ((f.slot AT TIME ZONE $3::text))::date AS org_date,
         f.c_a8a7d7177b90fac9 AS p2_s,
         f.c_24e75d235bf45ab1 AS p2_n
    FROM rollup_quality_evaluation f
   WHERE f.slot >= ((($4::timestamptz AT TIME ZONE $2::text) - make_interval(days => $9::int)) AT TIME ZONE $2::text) AND f.slot < ((($5::timestamptz AT TIME ZONE $2::text) - make_interval(days => $9::int)) AT TIME ZONE $2::text)
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), per distinct (employee, date); team path from the org_unit_lineage closure
quality_evaluation_prev_attribution AS (
  SELECT k.employee_id,
         k.org_date,
         a.org_unit_id AS team_id,
         a.role,
         a.site,
         coalesce(l.path, org_unit_path(a.org_unit_id, k.org_date)) AS path
    FROM (
      SELECT DISTINCT employee_id,
             org_date
        FROM quality_evaluation_prev_facts x
       WHERE employee_id IS NOT NULL
    ) k
    INNER JOIN assignment a ON a.employee_id = k.employee_id AND a.valid @> k.org_date
    LEFT JOIN org_unit_lineage l ON l.org_unit_id = a.org_unit_id AND l.valid @> k.org_date
),
-- Keep facts attributed inside team care's subtree
-- Aggregate quality_evaluation by HOUR in Asia/Kolkata, TEAM, (teams at level 2): p2 = avg(CASE WHEN auto_fail THEN 0 ELSE 100 * score / max_score END)
quality_evaluation_prev_aggregate AS (
  SELECT f.period AS period,
         coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id) AS team_id,
         ((sum(f.p2_s))::numeric / nullif((sum(f.p2_n))::numeric, $8::numeric))::numeric AS p2
    FROM quality_evaluation_prev_facts f
    LEFT JOIN quality_evaluation_prev_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   WHERE $7::text = ANY (t.path)
   GROUP BY f.period, coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id)
),
-- Source: rollup of adherence_day (table rollup_adherence_day): every measure is additive and every boundary falls on a day
-- Time window: 2026-01-05T18:30:00.000Z <= start of date in Asia/Kolkata < 2026-01-06T18:30:00.000Z, moved back 1 days (PREVIOUS_PERIOD)
adherence_day_prev_facts AS (
  SELECT ((((date_trunc($1::text, (((f.date)::timestamp AT TIME ZONE $2::text) AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AT TIME ZONE $2::text) + make_interval(days => $9::int)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         f.date AS org_date,
         f.c_e27f0210ab905e44 AS p3_v,
         f.c_3d0b0f72e880191c AS p4_v
    FROM rollup_adherence_day f
   WHERE f.date >= ((((($4::timestamptz AT TIME ZONE $2::text) - make_interval(days => $9::int)) AT TIME ZONE $2::text) AT TIME ZONE $2::text))::date AND f.date <= ((((($5::timestamptz AT TIME ZONE $2::text) - make_interval(days => $9::int)) AT TIME ZONE $2::text) AT TIME ZONE $2::text))::date AND ((f.date)::timestamp AT TIME ZONE $2::text) >= ((($4::timestamptz AT TIME ZONE $2::text) - make_interval(days => $9::int)) AT TIME ZONE $2::text) AND ((f.date)::timestamp AT TIME ZONE $2::text) < ((($5::timestamptz AT TIME ZONE $2::text) - make_interval(days => $9::int)) AT TIME ZONE $2::text)
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), per distinct (employee, date); team path from the org_unit_lineage closure
adherence_day_prev_attribution AS (
  SELECT k.employee_id,
         k.org_date,
         a.org_unit_id AS team_id,
         a.role,
         a.site,
         coalesce(l.path, org_unit_path(a.org_unit_id, k.org_date)) AS path
    FROM (
      SELECT DISTINCT employee_id,
             org_date
        FROM adherence_day_prev_facts x
       WHERE employee_id IS NOT NULL
    ) k
    INNER JOIN assignment a ON a.employee_id = k.employee_id AND a.valid @> k.org_date
    LEFT JOIN org_unit_lineage l ON l.org_unit_id = a.org_unit_id AND l.valid @> k.org_date
),
-- Keep facts attributed inside team care's subtree
-- Aggregate adherence_day by HOUR in Asia/Kolkata, TEAM, (teams at level 2): p3 = sum(adherent_seconds); p4 = sum(scheduled_seconds)
adherence_day_prev_aggregate AS (
  SELECT f.period AS period,
         coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id) AS team_id,
         (sum(f.p3_v))::numeric AS p3,
         (sum(f.p4_v))::numeric AS p4
    FROM adherence_day_prev_facts f
    LEFT JOIN adherence_day_prev_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   WHERE $7::text = ANY (t.path)
   GROUP BY f.period, coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id)
),
-- Source: rollup of sales_order (table rollup_sales_order): every measure is additive and every boundary falls on a 15-minute slot (day tiers: UTC: the query's zone is not UTC; Europe/London: the query's zone is not Europe/London)
-- Time window: 2026-01-05T18:30:00.000Z <= slot (15 minutes of ordered_at) < 2026-01-06T18:30:00.000Z, moved back 1 days (PREVIOUS_PERIOD)
sales_order_prev_facts AS (
  SELECT ((((date_trunc($1::text, (f.slot AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AT TIME ZONE $2::text) + make_interval(days => $9::int)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         ((f.slot AT TIME ZONE $3::text))::date AS org_date,
         f.c_b560ef64c15ee46e AS p5_v
    FROM rollup_sales_order f
   WHERE f.slot >= ((($4::timestamptz AT TIME ZONE $2::text) - make_interval(days => $9::int)) AT TIME ZONE $2::text) AND f.slot < ((($5::timestamptz AT TIME ZONE $2::text) - make_interval(days => $9::int)) AT TIME ZONE $2::text)
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), per distinct (employee, date); team path from the org_unit_lineage closure
sales_order_prev_attribution AS (
  SELECT k.employee_id,
         k.org_date,
         a.org_unit_id AS team_id,
         a.role,
         a.site,
         coalesce(l.path, org_unit_path(a.org_unit_id, k.org_date)) AS path
    FROM (
      SELECT DISTINCT employee_id,
             org_date
        FROM sales_order_prev_facts x
       WHERE employee_id IS NOT NULL
    ) k
    INNER JOIN assignment a ON a.employee_id = k.employee_id AND a.valid @> k.org_date
    LEFT JOIN org_unit_lineage l ON l.org_unit_id = a.org_unit_id AND l.valid @> k.org_date
),
-- Keep facts attributed inside team care's subtree
-- Aggregate sales_order by HOUR in Asia/Kolkata, TEAM, (teams at level 2): p5 = count(*) where booked AND upsell
sales_order_prev_aggregate AS (
  SELECT f.period AS period,
         coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id) AS team_id,
         (sum(f.p5_v))::numeric AS p5
    FROM sales_order_prev_facts f
    LEFT JOIN sales_order_prev_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   WHERE $7::text = ANY (t.path)
   GROUP BY f.period, coalesce((t.path)[least($6::int, cardinality(t.path))], t.team_id)
),
-- Combine interaction + quality_evaluation + adherence_day + sales_order + interaction_prev + quality_evaluation_prev + adherence_day_prev + sales_order_prev on period, TEAM
branches AS (
  SELECT period,
         team_id,
         m0,
         m1,
         NULL::numeric AS m2,
         NULL::numeric AS m3,
         NULL::numeric AS m4,
         NULL::numeric AS m5,
         NULL::numeric AS p0,
         NULL::numeric AS p1,
         NULL::numeric AS p2,
         NULL::numeric AS p3,
         NULL::numeric AS p4,
         NULL::numeric AS p5
    FROM interaction_aggregate g
  UNION ALL
  SELECT period,
         team_id,
         NULL::numeric AS m0,
         NULL::numeric AS m1,
         m2,
         NULL::numeric AS m3,
         NULL::numeric AS m4,
         NULL::numeric AS m5,
         NULL::numeric AS p0,
         NULL::numeric AS p1,
         NULL::numeric AS p2,
         NULL::numeric AS p3,
         NULL::numeric AS p4,
         NULL::numeric AS p5
    FROM quality_evaluation_aggregate g
  UNION ALL
  SELECT period,
         team_id,
         NULL::numeric AS m0,
         NULL::numeric AS m1,
         NULL::numeric AS m2,
         m3,
         m4,
         NULL::numeric AS m5,
         NULL::numeric AS p0,
         NULL::numeric AS p1,
         NULL::numeric AS p2,
         NULL::numeric AS p3,
         NULL::numeric AS p4,
         NULL::numeric AS p5
    FROM adherence_day_aggregate g
  UNION ALL
  SELECT period,
         team_id,
         NULL::numeric AS m0,
         NULL::numeric AS m1,
         NULL::numeric AS m2,
         NULL::numeric AS m3,
         NULL::numeric AS m4,
         m5,
         NULL::numeric AS p0,
         NULL::numeric AS p1,
         NULL::numeric AS p2,
         NULL::numeric AS p3,
         NULL::numeric AS p4,
         NULL::numeric AS p5
    FROM sales_order_aggregate g
  UNION ALL
  SELECT period,
         team_id,
         NULL::numeric AS m0,
         NULL::numeric AS m1,
         NULL::numeric AS m2,
         NULL::numeric AS m3,
         NULL::numeric AS m4,
         NULL::numeric AS m5,
         p0,
         p1,
         NULL::numeric AS p2,
         NULL::numeric AS p3,
         NULL::numeric AS p4,
         NULL::numeric AS p5
    FROM interaction_prev_aggregate g
  UNION ALL
  SELECT period,
         team_id,
         NULL::numeric AS m0,
         NULL::numeric AS m1,
         NULL::numeric AS m2,
         NULL::numeric AS m3,
         NULL::numeric AS m4,
         NULL::numeric AS m5,
         NULL::numeric AS p0,
         NULL::numeric AS p1,
         p2,
         NULL::numeric AS p3,
         NULL::numeric AS p4,
         NULL::numeric AS p5
    FROM quality_evaluation_prev_aggregate g
  UNION ALL
  SELECT period,
         team_id,
         NULL::numeric AS m0,
         NULL::numeric AS m1,
         NULL::numeric AS m2,
         NULL::numeric AS m3,
         NULL::numeric AS m4,
         NULL::numeric AS m5,
         NULL::numeric AS p0,
         NULL::numeric AS p1,
         NULL::numeric AS p2,
         p3,
         p4,
         NULL::numeric AS p5
    FROM adherence_day_prev_aggregate g
  UNION ALL
  SELECT period,
         team_id,
         NULL::numeric AS m0,
         NULL::numeric AS m1,
         NULL::numeric AS m2,
         NULL::numeric AS m3,
         NULL::numeric AS m4,
         NULL::numeric AS m5,
         NULL::numeric AS p0,
         NULL::numeric AS p1,
         NULL::numeric AS p2,
         NULL::numeric AS p3,
         NULL::numeric AS p4,
         p5
    FROM sales_order_prev_aggregate g
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
         max(u.m5) AS m5,
         max(u.p0) AS p0,
         max(u.p1) AS p1,
         max(u.p2) AS p2,
         max(u.p3) AS p3,
         max(u.p4) AS p4,
         max(u.p5) AS p5
    FROM branches u
   GROUP BY u.period, u.team_id
)
SELECT c.period,
       c.team_id,
       (coalesce(c.m0, $8::numeric) / nullif(coalesce(c.m1, $8::numeric), $8::numeric))::float8 AS v0,
       (c.m2)::float8 AS v1,
       (coalesce(c.m3, $8::numeric) / nullif(coalesce(c.m4, $8::numeric), $8::numeric))::float8 AS v2,
       (coalesce(c.m5, $8::numeric) / nullif(coalesce(c.m1, $8::numeric), $8::numeric))::float8 AS v3,
       (coalesce(c.p0, $8::numeric) / nullif(coalesce(c.p1, $8::numeric), $8::numeric))::float8 AS p0,
       (c.p2)::float8 AS p1,
       (coalesce(c.p3, $8::numeric) / nullif(coalesce(c.p4, $8::numeric), $8::numeric))::float8 AS p2,
       (coalesce(c.p5, $8::numeric) / nullif(coalesce(c.p1, $8::numeric), $8::numeric))::float8 AS p3
  FROM combined c
 ORDER BY period NULLS LAST, team_id NULLS LAST
