-- golden case: derived_nps_employee_week
-- query: {"metrics":["nps","csat"],"dimensions":["EMPLOYEE"],"grain":"WEEK","from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:00Z","timezone":"Asia/Kolkata"}
-- parameters:
--   $1 = "week"
--   $2 = "Asia/Kolkata"
--   $3 = 9
--   $4 = 6
--   $5 = "2026-01-01T00:00:00.000Z"
--   $6 = "2026-02-01T00:00:00.000Z"
--   $7 = 100
--   $8 = 0
-- Metrics: nps (derived, version 89e64426ecd5cdef), csat (simple, version 1bdd1b672ae16892)
WITH
-- Source: raw facts of survey_response (table survey_response)
-- Time window: 2026-01-01T00:00:00.000Z <= responded_at < 2026-02-01T00:00:00.000Z
survey_response_facts AS (
  SELECT (date_trunc($1::text, (f.responded_at AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         j.employee_id AS employee_id,
         f.nps >= $3::numeric AS m0_w,
         f.nps <= $4::numeric AS m1_w,
         f.nps IS NOT NULL AS m2_w,
         f.csat AS m3_v
    FROM survey_response f
    LEFT JOIN interaction j ON j.contact_id = f.contact_id
   WHERE f.responded_at >= $5::timestamptz AND f.responded_at < $6::timestamptz
),
-- Aggregate survey_response by WEEK in Asia/Kolkata, EMPLOYEE: m0 = count(*) where nps >= 9; m1 = count(*) where nps <= 6; m2 = count(*) where nps IS NOT NULL; m3 = avg(csat)
survey_response_aggregate AS (
  SELECT f.period AS period,
         f.employee_id AS employee_id,
         (count(*) FILTER (WHERE f.m0_w))::numeric AS m0,
         (count(*) FILTER (WHERE f.m1_w))::numeric AS m1,
         (count(*) FILTER (WHERE f.m2_w))::numeric AS m2,
         (avg(f.m3_v))::numeric AS m3
    FROM survey_response_facts f
   GROUP BY f.period, f.employee_id
)
SELECT c.period,
       c.employee_id,
       ($7::numeric * (coalesce(c.m0, $8::numeric) - coalesce(c.m1, $8::numeric)) / nullif(coalesce(c.m2, $8::numeric), $8::numeric))::float8 AS v0,
       (c.m3)::float8 AS v1
  FROM survey_response_aggregate c
 ORDER BY period NULLS LAST, employee_id NULLS LAST
