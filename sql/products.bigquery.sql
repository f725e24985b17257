-- crmkit product stats — BigQuery dialect. The same columns and rules as products.duckdb.sql (read
-- its header). Tested by tests/js/warehouse.test.mjs through sqlglot → DuckDB (not on BigQuery).
-- Replace `orders` with your table of order lines.
WITH order_totals AS (
    SELECT customer_id, order_id, SUM(amount) AS net FROM orders GROUP BY customer_id, order_id
),
item_lines AS (
    SELECT product_id, SUM(amount) AS revenue, SUM(COALESCE(quantity, 1)) AS units
    FROM orders WHERE product_id IS NOT NULL GROUP BY product_id
),
item_orders AS (
    SELECT DISTINCT l.product_id, l.customer_id, l.order_id
    FROM orders AS l JOIN order_totals AS o ON o.customer_id = l.customer_id AND o.order_id = l.order_id
    WHERE o.net >= 0 AND l.product_id IS NOT NULL
),
per_customer AS (
    SELECT product_id, customer_id, COUNT(*) AS n FROM item_orders GROUP BY product_id, customer_id
),
buyers AS (
    SELECT product_id, CAST(SUM(n) AS INT64) AS orders, COUNT(*) AS buyers, COUNTIF(n >= 2) AS repeat_buyers
    FROM per_customer GROUP BY product_id
),
names AS (
    SELECT product_id, product_name, ROW_NUMBER() OVER (PARTITION BY product_id ORDER BY line_no) AS k
    FROM orders WHERE product_id IS NOT NULL
)
SELECT i.product_id, n.product_name, i.revenue, i.units,
       COALESCE(b.orders, 0) AS orders, COALESCE(b.buyers, 0) AS buyers, COALESCE(b.repeat_buyers, 0) AS repeat_buyers
FROM item_lines AS i
LEFT JOIN buyers AS b ON b.product_id = i.product_id
LEFT JOIN names AS n ON n.product_id = i.product_id AND n.k = 1
ORDER BY i.revenue DESC, i.product_id;
