-- crmkit per-customer summary — BigQuery dialect. The same columns and rules as
-- customers.duckdb.sql (read its header). Tested by tests/js/warehouse.test.mjs: parsed by sqlglot as
-- BigQuery, transpiled to DuckDB and run there against crmkit (not on BigQuery itself).
-- Replace `orders` with your table (`project.dataset.order_lines`), with the columns order_id,
-- customer_id, order_date (DATE, DATETIME or TIMESTAMP), product_id, category, amount and line_no.
WITH params AS (
    SELECT COALESCE(CAST(NULL AS DATE), DATE_ADD((SELECT MAX(CAST(order_date AS DATE)) FROM orders), INTERVAL 1 DAY)) AS as_of  -- edit NULL
),
lines AS (
    SELECT l.*, CAST(l.order_date AS DATE) AS line_day FROM orders AS l
),
order_totals AS (
    SELECT customer_id, order_id, MIN(line_day) AS day, SUM(amount) AS net, MIN(line_no) AS first_line
    FROM lines
    GROUP BY customer_id, order_id
),
in_window AS (
    SELECT o.* FROM order_totals AS o CROSS JOIN params AS p WHERE o.day < p.as_of
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
           DATE_DIFF(MAX(day), MIN(day), DAY) AS t_x,
           COALESCE(AVG(IF(n > 1, amount, NULL)), 0) AS m
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
    FROM lines AS l
    JOIN first_orders AS f ON f.customer_id = l.customer_id AND f.order_id = l.order_id AND f.k = 1
),
appearance AS (
    SELECT customer_id, MIN(line_no) AS first_line FROM lines GROUP BY customer_id
),
marketing AS (
    SELECT customer_id,
           COUNTIF(net >= 0) AS purchases,
           SUM(net) AS monetary,
           MIN(IF(net >= 0, day, NULL)) AS first_purchase,
           MAX(IF(net >= 0, day, NULL)) AS last_purchase
    FROM in_window
    GROUP BY customer_id
)
SELECT
    mk.customer_id,
    mk.purchases,
    mk.monetary,
    mk.first_purchase,
    mk.last_purchase,
    DATE_DIFF(p.as_of, mk.last_purchase, DAY)                           AS recency,
    b.x,
    b.t_x,
    DATE_DIFF(DATE_SUB(p.as_of, INTERVAL 1 DAY), mk.first_purchase, DAY) AS t,
    b.m,
    e.product_id                                                        AS first_product,
    e.category                                                          AS first_category,
    a.first_line
FROM marketing AS mk
CROSS JOIN params AS p
LEFT JOIN btyd AS b ON b.customer_id = mk.customer_id
LEFT JOIN entry AS e ON e.customer_id = mk.customer_id AND e.k = 1
JOIN appearance AS a ON a.customer_id = mk.customer_id
ORDER BY mk.customer_id;
