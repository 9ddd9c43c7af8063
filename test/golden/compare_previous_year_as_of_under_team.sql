-- golden case: compare_previous_year_as_of_under_team
-- query: {"metrics":["revenue","upsell_rate"],"dimensions":["PRODUCT","TEAM"],"grain":"QUARTER","from":"2026-01-01T00:00:00Z","to":"2026-07-01T00:00:00Z","attribution":"AS_OF","asOf":"2026-03-01","underTeam":"care","compare":"PREVIOUS_YEAR","orderBy":[{"field":"revenue","direction":"DESC"}],"limit":20}
-- parameters:
--   $1 = "quarter"
--   $2 = "UTC"
--   $3 = "booked"
--   $4 = "upsell"
--   $5 = "cross_sell"
--   $6 = "2026-01-01T00:00:00.000Z"
--   $7 = "2026-07-01T00:00:00.000Z"
--   $8 = "2026-03-01"
--   $9 = "care"
--   $10 = 12
--   $11 = 0
--   $12 = 21
-- Metrics: revenue (simple, version 5436a006457f5778), upsell_rate (ratio, version e8b5a6848ddd4248)
WITH
-- Source: raw facts of sales_order (table sales_order)
-- Time window: 2026-01-01T00:00:00.000Z <= ordered_at < 2026-07-01T00:00:00.000Z
sales_order_facts AS (
  SELECT (date_trunc($1::text, (f.ordered_at AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         f.sku AS product_sku,
         f.quantity * f.unit_price AS m0_v,
         f.status = $3::text AS m0_w,
         f.status = $3::text AND f.order_type IN ($4::text, $5::text) AS m1_w
    FROM sales_order f
   WHERE f.ordered_at >= $6::timestamptz AND f.ordered_at < $7::timestamptz
),
-- Attribution AS_OF 2026-03-01: the assignment and tree in force that day; team path from the org_unit_lineage closure
sales_order_attribution AS (
  SELECT a.employee_id,
         a.org_unit_id AS team_id,
         a.role,
         a.site,
         coalesce(l.path, org_unit_path(a.org_unit_id, $8::date)) AS path
    FROM assignment a
    LEFT JOIN org_unit_lineage l ON l.org_unit_id = a.org_unit_id AND l.valid @> $8::date
   WHERE a.employee_id IN (SELECT x.employee_id FROM sales_order_facts x) AND a.valid @> $8::date
),
-- Keep facts attributed inside team care's subtree
-- Aggregate sales_order by QUARTER in UTC, TEAM, PRODUCT: m0 = sum(quantity * unit_price) where booked; m1 = count(*) where booked AND upsell
sales_order_aggregate AS (
  SELECT f.period AS period,
         t.team_id AS team_id,
         f.product_sku AS product_sku,
         (sum(f.m0_v) FILTER (WHERE f.m0_w))::numeric AS m0,
         (count(*) FILTER (WHERE f.m1_w))::numeric AS m1
    FROM sales_order_facts f
    LEFT JOIN sales_order_attribution t ON t.employee_id = f.employee_id
   WHERE $9::text = ANY (t.path)
   GROUP BY f.period, t.team_id, f.product_sku
),
-- Source: raw facts of interaction (table interaction)
-- Time window: 2026-01-01T00:00:00.000Z <= initiated_at < 2026-07-01T00:00:00.000Z
interaction_facts AS (
  SELECT (date_trunc($1::text, (f.initiated_at AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         f.product_sku AS product_sku,
         f.connected_at IS NOT NULL AS m2_w
    FROM interaction f
   WHERE f.initiated_at >= $6::timestamptz AND f.initiated_at < $7::timestamptz
),
-- Attribution AS_OF 2026-03-01: the assignment and tree in force that day; team path from the org_unit_lineage closure
interaction_attribution AS (
  SELECT a.employee_id,
         a.org_unit_id AS team_id,
         a.role,
         a.site,
         coalesce(l.path, org_unit_path(a.org_unit_id, $8::date)) AS path
    FROM assignment a
    LEFT JOIN org_unit_lineage l ON l.org_unit_id = a.org_unit_id AND l.valid @> $8::date
   WHERE a.employee_id IN (SELECT x.employee_id FROM interaction_facts x) AND a.valid @> $8::date
),
-- Keep facts attributed inside team care's subtree
-- Aggregate interaction by QUARTER in UTC, TEAM, PRODUCT: m2 = count(*) where handled
interaction_aggregate AS (
  SELECT f.period AS period,
         t.team_id AS team_id,
         f.product_sku AS product_sku,
         (count(*) FILTER (WHERE f.m2_w))::numeric AS m2
    FROM interaction_facts f
    LEFT JOIN interaction_attribution t ON t.employee_id = f.employee_id
   WHERE $9::text = ANY (t.path)
   GROUP BY f.period, t.team_id, f.product_sku
),
-- Source: raw facts of sales_order (table sales_order)
-- Time window: 2026-01-01T00:00:00.000Z <= ordered_at < 2026-07-01T00:00:00.000Z, moved back 12 months (PREVIOUS_YEAR)
sales_order_prev_facts AS (
  SELECT ((((date_trunc($1::text, (f.ordered_at AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AT TIME ZONE $2::text) + make_interval(months => $10::int)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         f.sku AS product_sku,
         f.quantity * f.unit_price AS p0_v,
         f.status = $3::text AS p0_w,
         f.status = $3::text AND f.order_type IN ($4::text, $5::text) AS p1_w
    FROM sales_order f
   WHERE f.ordered_at >= ((($6::timestamptz AT TIME ZONE $2::text) - make_interval(months => $10::int)) AT TIME ZONE $2::text) AND f.ordered_at < ((($7::timestamptz AT TIME ZONE $2::text) - make_interval(months => $10::int)) AT TIME ZONE $2::text)
),
-- Attribution AS_OF 2026-03-01: the assignment and tree in force that day; team path from the org_unit_lineage closure
sales_order_prev_attribution AS (
  SELECT a.employee_id,
         a.org_unit_id AS team_id,
         a.role,
         a.site,
         coalesce(l.path, org_unit_path(a.org_unit_id, $8::date)) AS path
    FROM assignment a
    LEFT JOIN org_unit_lineage l ON l.org_unit_id = a.org_unit_id AND l.valid @> $8::date
   WHERE a.employee_id IN (SELECT x.employee_id FROM sales_order_prev_facts x) AND a.valid @> $8::date
),
-- Keep facts attributed inside team care's subtree
-- Aggregate sales_order by QUARTER in UTC, TEAM, PRODUCT: p0 = sum(quantity * unit_price) where booked; p1 = count(*) where booked AND upsell
sales_order_prev_aggregate AS (
  SELECT f.period AS period,
         t.team_id AS team_id,
         f.product_sku AS product_sku,
         (sum(f.p0_v) FILTER (WHERE f.p0_w))::numeric AS p0,
         (count(*) FILTER (WHERE f.p1_w))::numeric AS p1
    FROM sales_order_prev_facts f
    LEFT JOIN sales_order_prev_attribution t ON t.employee_id = f.employee_id
   WHERE $9::text = ANY (t.path)
   GROUP BY f.period, t.team_id, f.product_sku
),
-- Source: raw facts of interaction (table interaction)
-- Time window: 2026-01-01T00:00:00.000Z <= initiated_at < 2026-07-01T00:00:00.000Z, moved back 12 months (PREVIOUS_YEAR)
interaction_prev_facts AS (
  SELECT ((((date_trunc($1::text, (f.initiated_at AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AT TIME ZONE $2::text) + make_interval(months => $10::int)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         f.product_sku AS product_sku,
         f.connected_at IS NOT NULL AS p2_w
    FROM interaction f
   WHERE f.initiated_at >= ((($6::timestamptz AT TIME ZONE $2::text) - make_interval(months => $10::int)) AT TIME ZONE $2::text) AND f.initiated_at < ((($7::timestamptz AT TIME ZONE $2::text) - make_interval(months => $10::int)) AT TIME ZONE $2::text)
),
-- Attribution AS_OF 2026-03-01: the assignment and tree in force that day; team path from the org_unit_lineage closure
interaction_prev_attribution AS (
  SELECT a.employee_id,
         a.org_unit_id AS team_id,
         a.role,
         a.site,
         coalesce(l.path, org_unit_path(a.org_unit_id, $8::date)) AS path
    FROM assignment a
    LEFT JOIN org_unit_lineage l ON l.org_unit_id = a.org_unit_id AND l.valid @> $8::date
   WHERE a.employee_id IN (SELECT x.employee_id FROM interaction_prev_facts x) AND a.valid @> $8::date
),
-- Keep facts attributed inside team care's subtree
-- Aggregate interaction by QUARTER in UTC, TEAM, PRODUCT: p2 = count(*) where handled
interaction_prev_aggregate AS (
  SELECT f.period AS period,
         t.team_id AS team_id,
         f.product_sku AS product_sku,
         (count(*) FILTER (WHERE f.p2_w))::numeric AS p2
    FROM interaction_prev_facts f
    LEFT JOIN interaction_prev_attribution t ON t.employee_id = f.employee_id
   WHERE $9::text = ANY (t.path)
   GROUP BY f.period, t.team_id, f.product_sku
),
-- Combine sales_order + interaction + sales_order_prev + interaction_prev on period, TEAM, PRODUCT
branches AS (
  SELECT period,
         team_id,
         product_sku,
         m0,
         m1,
         NULL::numeric AS m2,
         NULL::numeric AS p0,
         NULL::numeric AS p1,
         NULL::numeric AS p2
    FROM sales_order_aggregate g
  UNION ALL
  SELECT period,
         team_id,
         product_sku,
         NULL::numeric AS m0,
         NULL::numeric AS m1,
         m2,
         NULL::numeric AS p0,
         NULL::numeric AS p1,
         NULL::numeric AS p2
    FROM interaction_aggregate g
  UNION ALL
  SELECT period,
         team_id,
         product_sku,
         NULL::numeric AS m0,
         NULL::numeric AS m1,
         NULL::numeric AS m2,
         p0,
         p1,
         NULL::numeric AS p2
    FROM sales_order_prev_aggregate g
  UNION ALL
  SELECT period,
         team_id,
         product_sku,
         NULL::numeric AS m0,
         NULL::numeric AS m1,
         NULL::numeric AS m2,
         NULL::numeric AS p0,
         NULL::numeric AS p1,
         p2
    FROM interaction_prev_aggregate g
),
-- One row per key: each measure comes from exactly one branch
combined AS (
  SELECT u.period,
         u.team_id,
         u.product_sku,
         max(u.m0) AS m0,
         max(u.m1) AS m1,
         max(u.m2) AS m2,
         max(u.p0) AS p0,
         max(u.p1) AS p1,
         max(u.p2) AS p2
    FROM branches u
   GROUP BY u.period, u.team_id, u.product_sku
)
SELECT c.period,
       c.team_id,
       c.product_sku,
       (coalesce(c.m0, $11::numeric))::float8 AS v0,
       (coalesce(c.m1, $11::numeric) / nullif(coalesce(c.m2, $11::numeric), $11::numeric))::float8 AS v1,
       (coalesce(c.p0, $11::numeric))::float8 AS p0,
       (coalesce(c.p1, $11::numeric) / nullif(coalesce(c.p2, $11::numeric), $11::numeric))::float8 AS p1
  FROM combined c
 ORDER BY v0 DESC NULLS LAST, period NULLS LAST, team_id NULLS LAST, product_sku NULLS LAST
 LIMIT $12::int
