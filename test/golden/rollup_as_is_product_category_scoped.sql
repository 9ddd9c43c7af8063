-- golden case: rollup_as_is_product_category_scoped
-- query: {"metrics":["revenue","conversion_rate"],"dimensions":["PRODUCT_CATEGORY"],"grain":"MONTH","from":"2026-01-01T00:00:00Z","to":"2026-02-01T00:00:00Z","attribution":"AS_IS"}
-- parameters:
--   $1 = "month"
--   $2 = "UTC"
--   $3 = "2026-01-01T00:00:00.000Z"
--   $4 = "2026-02-01T00:00:00.000Z"
--   $5 = ["E1","E2"]
--   $6 = 0
-- Metrics: revenue (simple, version 5436a006457f5778), conversion_rate (ratio, version 27f91470cb2f69f6)
WITH
-- Source: rollup of sales_order (table rollup_sales_order): every measure is additive and every boundary falls on a 15-minute slot (day tiers: UTC: PRODUCT_CATEGORY is not kept per day; Europe/London: the query's zone is not Europe/London)
-- Time window: 2026-01-01T00:00:00.000Z <= slot (15 minutes of ordered_at) < 2026-02-01T00:00:00.000Z
-- Access scope: facts of the 2 employees assigned on 2026-04-15 inside team care's subtree
sales_order_facts AS (
  SELECT (date_trunc($1::text, (f.slot AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         f.sku AS product_sku,
         f.c_d2d04e2b500c74f1 AS m0_v
    FROM rollup_sales_order f
   WHERE f.slot >= $3::timestamptz AND f.slot < $4::timestamptz AND f.employee_id = ANY ($5::text[])
),
-- Aggregate sales_order by MONTH in UTC, PRODUCT_CATEGORY: m0 = sum(quantity * unit_price) where booked
sales_order_aggregate AS (
  SELECT f.period AS period,
         p.category AS product_category,
         (sum(f.m0_v))::numeric AS m0
    FROM sales_order_facts f
    LEFT JOIN product p ON p.sku = f.product_sku
   GROUP BY f.period, p.category
),
-- Source: rollup of interaction (table rollup_interaction): every measure is additive and every boundary falls on a 15-minute slot (day tiers: UTC: PRODUCT_CATEGORY is not kept per day; Europe/London: the query's zone is not Europe/London)
-- Time window: 2026-01-01T00:00:00.000Z <= slot (15 minutes of initiated_at) < 2026-02-01T00:00:00.000Z
-- Access scope: facts of the 2 employees assigned on 2026-04-15 inside team care's subtree
interaction_facts AS (
  SELECT (date_trunc($1::text, (f.slot AT TIME ZONE $2::text)) AT TIME ZONE $2::text) AS period,
         f.employee_id AS employee_id,
         f.product_sku AS product_sku,
         f.c_852ee79e0811ae5e AS m1_v,
         f.c_ffc08605028cd5d4 AS m2_v
    FROM rollup_interaction f
   WHERE f.slot >= $3::timestamptz AND f.slot < $4::timestamptz AND f.employee_id = ANY ($5::text[])
),
-- Aggregate interaction by MONTH in UTC, PRODUCT_CATEGORY: m1 = count(*) where handled AND converted; m2 = count(*) where handled
interaction_aggregate AS (
  SELECT f.period AS period,
         p.category AS product_category,
         (sum(f.m1_v))::numeric AS m1,
         (sum(f.m2_v))::numeric AS m2
    FROM interaction_facts f
    LEFT JOIN product p ON p.sku = f.product_sku
   GROUP BY f.period, p.category
),
-- Combine sales_order + interaction on period, PRODUCT_CATEGORY
branches AS (
  SELECT period,
         product_category,
         m0,
         NULL::numeric AS m1,
         NULL::numeric AS m2
    FROM sales_order_aggregate g
  UNION ALL
  SELECT period,
         product_category,
         NULL::numeric AS m0,
         m1,
         m2
    FROM interaction_aggregate g
),
-- One row per key: each measure comes from exactly one branch
combined AS (
  SELECT u.period,
         u.product_category,
         max(u.m0) AS m0,
         max(u.m1) AS m1,
         max(u.m2) AS m2
    FROM branches u
   GROUP BY u.period, u.product_category
)
SELECT c.period,
       c.product_category,
       (coalesce(c.m0, $6::numeric))::float8 AS v0,
       (coalesce(c.m1, $6::numeric) / nullif(coalesce(c.m2, $6::numeric), $6::numeric))::float8 AS v1
  FROM combined c
 ORDER BY period NULLS LAST, product_category NULLS LAST
