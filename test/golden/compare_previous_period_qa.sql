-- golden case: compare_previous_period_qa
-- query: {"metrics":["qa_score"],"dimensions":["TEAM"],"grain":"WEEK","from":"2026-01-05T00:00:00Z","to":"2026-01-19T00:00:00Z","compare":"PREVIOUS_PERIOD"}
-- parameters:
--   $1 = "week"
--   $2 = "UTC"
--   $3 = "Europe/London"
--   $4 = 0
--   $5 = 100
--   $6 = "2026-01-05T00:00:00.000Z"
--   $7 = "2026-01-19T00:00:00.000Z"
--   $8 = 14
-- Metrics: qa_score (simple, version 8a55ed6dba3421b7)
WITH
-- Source: raw facts of quality_evaluation (table quality_evaluation)
-- Time window: 2026-01-05T00:00:00.000Z <= evaluated_at < 2026-01-19T00:00:00.000Z
quality_evaluation_facts AS (
  SELECT (date_trunc($1::text, (f.evaluated_at AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         ((f.evaluated_at AT TIME ZONE $3::text))::date AS org_date,
         CASE WHEN f.auto_fail THEN $4::numeric ELSE $5::numeric * f.score / f.max_score END AS m0_v
    FROM quality_evaluation f
   WHERE f.evaluated_at >= $6::timestamptz AND f.evaluated_at < $7::timestamptz
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), per distinct (employee, date)
quality_evaluation_attribution AS (
  SELECT k.employee_id,
         k.org_date,
         a.org_unit_id AS team_id,
         a.role,
         a.site
    FROM (
      SELECT DISTINCT employee_id,
             org_date
        FROM quality_evaluation_facts x
       WHERE employee_id IS NOT NULL
    ) k
    INNER JOIN assignment a ON a.employee_id = k.employee_id AND a.valid @> k.org_date
),
-- Aggregate quality_evaluation by WEEK in UTC, TEAM: m0 = avg(CASE WHEN auto_fail THEN 0 ELSE 100 * score / max_score END)
quality_evaluation_aggregate AS (
  SELECT f.period AS period,
         t.team_id AS team_id,
         (avg(f.m0_v))::numeric AS m0
    FROM quality_evaluation_facts f
    LEFT JOIN quality_evaluation_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   GROUP BY f.period, t.team_id
),
-- Source: raw facts of quality_evaluation (table quality_evaluation)
-- Time window: 2026-01-05T00:00:00.000Z <= evaluated_at < 2026-01-19T00:00:00.000Z, moved back 14 days (PREVIOUS_PERIOD)
quality_evaluation_prev_facts AS (
  SELECT ((((date_trunc($1::text, (f.evaluated_at AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AT TIME ZONE $2::text) + make_interval(days => $8::int)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         ((f.evaluated_at AT TIME ZONE $3::text))::date AS org_date,
         CASE WHEN f.auto_fail THEN $4::numeric ELSE $5::numeric * f.score / f.max_score END AS p0_v
    FROM quality_evaluation f
   WHERE f.evaluated_at >= ((($6::timestamptz AT TIME ZONE $2::text) - make_interval(days => $8::int)) AT TIME ZONE $2::text) AND f.evaluated_at < ((($7::timestamptz AT TIME ZONE $2::text) - make_interval(days => $8::int)) AT TIME ZONE $2::text)
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), per distinct (employee, date)
quality_evaluation_prev_attribution AS (
  SELECT k.employee_id,
         k.org_date,
         a.org_unit_id AS team_id,
         a.role,
         a.site
    FROM (
      SELECT DISTINCT employee_id,
             org_date
        FROM quality_evaluation_prev_facts x
       WHERE employee_id IS NOT NULL
    ) k
    INNER JOIN assignment a ON a.employee_id = k.employee_id AND a.valid @> k.org_date
),
-- Aggregate quality_evaluation by WEEK in UTC, TEAM: p0 = avg(CASE WHEN auto_fail THEN 0 ELSE 100 * score / max_score END)
quality_evaluation_prev_aggregate AS (
  SELECT f.period AS period,
         t.team_id AS team_id,
         (avg(f.p0_v))::numeric AS p0
    FROM quality_evaluation_prev_facts f
    LEFT JOIN quality_evaluation_prev_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   GROUP BY f.period, t.team_id
),
-- Combine quality_evaluation + quality_evaluation_prev on period, TEAM
branches AS (
  SELECT period,
         team_id,
         m0,
         NULL::numeric AS p0
    FROM quality_evaluation_aggregate g
  UNION ALL
  SELECT period,
         team_id,
         NULL::numeric AS m0,
         p0
    FROM quality_evaluation_prev_aggregate g
),
-- One row per key: each measure comes from exactly one branch
combined AS (
  SELECT u.period,
         u.team_id,
         max(u.m0) AS m0,
         max(u.p0) AS p0
    FROM branches u
   GROUP BY u.period, u.team_id
)
SELECT c.period,
       c.team_id,
       (c.m0)::float8 AS v0,
       (c.p0)::float8 AS p0
  FROM combined c
 ORDER BY period NULLS LAST, team_id NULLS LAST
