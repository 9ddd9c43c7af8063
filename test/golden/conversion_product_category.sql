-- golden case: conversion_product_category
-- query: {"metrics":["conversion_rate","revenue_per_contact"],"dimensions":["PRODUCT_CATEGORY","ROLE"],"from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:00Z"}
-- parameters:
--   $1 = "Europe/London"
--   $2 = "booked"
--   $3 = "2026-01-01T00:00:00.000Z"
--   $4 = "2026-02-01T00:00:00.000Z"
--   $5 = 0
-- Metrics: conversion_rate (ratio, version 27f91470cb2f69f6), revenue_per_contact (derived, version e46e44d28fc03b23)
WITH
-- Source: raw facts of interaction (table interaction)
-- Time window: 2026-01-01T00:00:00.000Z <= initiated_at < 2026-02-01T00:00:00.000Z
interaction_facts AS (
  SELECT f.employee_id AS employee_id,
         ((f.initiated_at AT TIME ZONE $1::text))::date AS org_date,
         f.product_sku AS product_sku,
         f.connected_at IS NOT NULL AND EXISTS (SELECT * FROM sales_order o WHERE o.contact_id = f.contact_id AND o.status = $2::text) AS m0_w,
         f.connected_at IS NOT NULL AS m1_w
    FROM interaction f
   WHERE f.initiated_at >= $3::timestamptz AND f.initiated_at < $4::timestamptz
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
-- Aggregate interaction by ROLE, PRODUCT_CATEGORY: m0 = count(*) where handled AND converted; m1 = count(*) where handled
interaction_aggregate AS (
  SELECT t.role AS role,
         p.category AS product_category,
         (count(*) FILTER (WHERE f.m0_w))::numeric AS m0,
         (count(*) FILTER (WHERE f.m1_w))::numeric AS m1
    FROM interaction_facts f
    LEFT JOIN interaction_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
    LEFT JOIN product p ON p.sku = f.product_sku
   GROUP BY t.role, p.category
),
-- Source: raw facts of sales_order (table sales_order)
-- Time window: 2026-01-01T00:00:00.000Z <= ordered_at < 2026-02-01T00:00:00.000Z
sales_order_facts AS (
  SELECT f.employee_id AS employee_id,
         ((f.ordered_at AT TIME ZONE $1::text))::date AS org_date,
         f.sku AS product_sku,
         f.quantity * f.unit_price AS m2_v,
         f.status = $2::text AS m2_w
    FROM sales_order f
   WHERE f.ordered_at >= $3::timestamptz AND f.ordered_at < $4::timestamptz
),
-- Attribution AS_WAS: the assignment and tree in force on each fact's org-chart date (Europe/London), per distinct (employee, date)
sales_order_attribution AS (
  SELECT k.employee_id,
         k.org_date,
         a.org_unit_id AS team_id,
         a.role,
         a.site
    FROM (
      SELECT DISTINCT employee_id,
             org_date
        FROM sales_order_facts x
       WHERE employee_id IS NOT NULL
    ) k
    INNER JOIN assignment a ON a.employee_id = k.employee_id AND a.valid @> k.org_date
),
-- Aggregate sales_order by ROLE, PRODUCT_CATEGORY: m2 = sum(quantity * unit_price) where booked
sales_order_aggregate AS (
  SELECT t.role AS role,
         p.category AS product_category,
         (sum(f.m2_v) FILTER (WHERE f.m2_w))::numeric AS m2
    FROM sales_order_facts f
    LEFT JOIN sales_order_attribution t ON t.employee_id = f.employee_id AND t.org_date = f.org_date
    LEFT JOIN product p ON p.sku = f.product_sku
   GROUP BY t.role, p.category
),
-- Combine interaction + sales_order on ROLE, PRODUCT_CATEGORY
branches AS (
  SELECT role,
         product_category,
         m0,
         m1,
         NULL::numeric AS m2
    FROM interaction_aggregate g
  UNION ALL
  SELECT role,
         product_category,
         NULL::numeric AS m0,
         NULL::numeric AS m1,
         m2
    FROM sales_order_aggregate g
),
-- One row per key: each measure comes from exactly one branch
combined AS (
  SELECT u.role,
         u.product_category,
         max(u.m0) AS m0,
         max(u.m1) AS m1,
         max(u.m2) AS m2
    FROM branches u
   GROUP BY u.role, u.product_category
)
SELECT c.role,
       c.product_category,
       (coalesce(c.m0, $5::numeric) / nullif(coalesce(c.m1, $5::numeric), $5::numeric))::float8 AS v0,
       (coalesce(c.m2, $5::numeric) / nullif(coalesce(c.m1, $5::numeric), $5::numeric))::float8 AS v1
  FROM combined c
 ORDER BY role NULLS LAST, product_category NULLS LAST
