-- golden case: access_scope_subtree_survey
-- query: {"metrics":["csat_top2"],"dimensions":["TEAM"],"grain":"MONTH","from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:00Z"}
-- parameters:
--   $1 = "month"
--   $2 = "UTC"
--   $3 = "Europe/London"
--   $4 = 4
--   $5 = "2026-01-01T00:00:00.000Z"
--   $6 = "2026-02-01T00:00:00.000Z"
--   $7 = "2026-04-15"
--   $8 = "care"
--   $9 = 0
-- Metrics: csat_top2 (ratio, version 089cfc46cd914f59)
WITH
-- Source: raw facts of survey_response (table survey_response)
-- Time window: 2026-01-01T00:00:00.000Z <= responded_at < 2026-02-01T00:00:00.000Z
-- Access scope: facts of employees assigned on 2026-04-15 inside team care's subtree
survey_response_facts AS (
  SELECT (date_trunc($1::text, (f.responded_at AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         j.employee_id AS employee_id,
         ((f.responded_at AT TIME ZONE $3::text))::date AS org_date,
         f.csat >= $4::numeric AS m0_w,
         f.csat IS NOT NULL AS m1_w
    FROM survey_response f
    LEFT JOIN interaction j ON j.contact_id = f.contact_id
   WHERE f.responded_at >= $5::timestamptz AND f.responded_at < $6::timestamptz AND j.employee_id IN (SELECT s.employee_id FROM assignment s LEFT JOIN org_unit_lineage sl ON sl.org_unit_id = s.org_unit_id AND sl.valid @> $7::date WHERE s.valid @> $7::date AND $8::text = ANY (coalesce(sl.path, org_unit_path(s.org_unit_id, $7::date))))
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
-- Aggregate survey_response by MONTH in UTC, TEAM: m0 = count(*) where csat >= 4; m1 = count(*) where csat IS NOT NULL
survey_response_aggregate AS (
  SELECT f.period AS period,
         t.team_id AS team_id,
         (count(*) FILTER (WHERE f.m0_w))::numeric AS m0,
         (count(*) FILTER (WHERE f.m1_w))::numeric AS m1
    FROM survey_response_facts f
    LEFT JOIN survey_response_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
   GROUP BY f.period, t.team_id
)
SELECT c.period,
       c.team_id,
       (coalesce(c.m0, $9::numeric) / nullif(coalesce(c.m1, $9::numeric), $9::numeric))::float8 AS v0
  FROM survey_response_aggregate c
 ORDER BY period NULLS LAST, team_id NULLS LAST
