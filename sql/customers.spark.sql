-- crmkit per-customer summary — Spark SQL dialect. The same columns and rules as
-- customers.duckdb.sql (read its header). Tested by tests/js/warehouse.test.mjs: parsed by sqlglot as
-- Spark SQL, transpiled to DuckDB and run there against crmkit.
-- Register your order lines as the view `orders` (order_id, customer_id, order_date, product_id,
-- category, amount, line_no), e.g. df.createOrReplaceTempView("orders"), then spark.sql(this file).
WITH params AS (
    SELECT COALESCE(CAST(NULL AS DATE), date_add((SELECT MAX(CAST(order_date AS DATE)) FROM orders), 1)) AS as_of  -- edit NULL
),
lines AS (
    SELECT l.*, CAST(l.order_date AS DATE) AS line_day FROM orders l
),
order_totals AS (
    SELECT customer_id, order_id, MIN(line_day) AS day, SUM(amount) AS net, MIN(line_no) AS first_line
    FROM lines
    GROUP BY customer_id, order_id
),
in_window AS (
    SELECT o.* FROM order_totals o CROSS JOIN params p WHERE o.day < p.as_of
),
purchase_days AS (
    SELECT customer_id, day, SUM(net) AS amount,
           ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY day) AS n
    FROM in_window
    WHERE net >= 0
    GROUP BY customer_id, day
),
btyd AS (
    SELECT customer_id,
           COUNT(*) - 1 AS x,
           datediff(MAX(day), MIN(day)) AS t_x,
           COALESCE(AVG(CASE WHEN n > 1 THEN amount END), 0) AS m
    FROM purchase_days
    GROUP BY customer_id
),
first_orders AS (
    SELECT customer_id, order_id,
           ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY day, first_line) AS k
    FROM in_window
    WHERE net >= 0
),
entry AS (
    SELECT l.customer_id, l.product_id, l.category,
           ROW_NUMBER() OVER (PARTITION BY l.customer_id ORDER BY l.amount DESC, l.line_no) AS k
    FROM lines l
    JOIN first_orders f ON f.customer_id = l.customer_id AND f.order_id = l.order_id AND f.k = 1
),
appearance AS (
    SELECT customer_id, MIN(line_no) AS first_line FROM lines GROUP BY customer_id
),
marketing AS (
    SELECT customer_id,
           SUM(CASE WHEN net >= 0 THEN 1 ELSE 0 END) AS purchases,
           SUM(net) AS monetary,
           MIN(CASE WHEN net >= 0 THEN day END) AS first_purchase,
           MAX(CASE WHEN net >= 0 THEN day END) AS last_purchase
    FROM in_window
    GROUP BY customer_id
)
SELECT
    mk.customer_id,
    mk.purchases,
    mk.monetary,
    mk.first_purchase,
    mk.last_purchase,
    datediff(p.as_of, mk.last_purchase)              AS recency,
    b.x,
    b.t_x,
    datediff(date_sub(p.as_of, 1), mk.first_purchase) AS t,
    b.m,
    e.product_id                                     AS first_product,
    e.category                                       AS first_category,
    a.first_line
FROM marketing mk
CROSS JOIN params p
LEFT JOIN btyd b ON b.customer_id = mk.customer_id
LEFT JOIN entry e ON e.customer_id = mk.customer_id AND e.k = 1
JOIN appearance a ON a.customer_id = mk.customer_id
ORDER BY mk.customer_id;
