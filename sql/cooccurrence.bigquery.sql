-- crmkit item co-occurrence — BigQuery dialect: the same query as cooccurrence.duckdb.sql (read its
-- header; it is standard SQL, written the same in the three dialects). Tested by
-- tests/js/warehouse.test.mjs through sqlglot → DuckDB (not on BigQuery). Replace `orders` with your table of order lines.
WITH params AS (
    SELECT 1 AS min_support   -- edit: drop rare pairs (crmkit's minSupport)
),
order_totals AS (
    SELECT customer_id, order_id, SUM(amount) AS net FROM orders GROUP BY customer_id, order_id
),
items AS (
    SELECT DISTINCT l.customer_id, l.order_id, l.product_id
    FROM orders l JOIN order_totals o ON o.customer_id = l.customer_id AND o.order_id = l.order_id
    WHERE o.net >= 0 AND l.product_id IS NOT NULL AND l.amount >= 0
),
baskets AS (
    SELECT 'order' AS basket, customer_id, order_id, product_id FROM items
    UNION ALL
    SELECT DISTINCT 'customer' AS basket, customer_id, '' AS order_id, product_id FROM items
)
SELECT a.basket, a.product_id AS item_a, b.product_id AS item_b, COUNT(*) AS count
FROM baskets a
JOIN baskets b ON b.basket = a.basket AND b.customer_id = a.customer_id AND b.order_id = a.order_id AND a.product_id <= b.product_id
GROUP BY a.basket, a.product_id, b.product_id
HAVING COUNT(*) >= (SELECT min_support FROM params)
ORDER BY a.basket, item_a, item_b;
