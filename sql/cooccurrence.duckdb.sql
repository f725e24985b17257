-- crmkit item co-occurrence (the input of recommend / similarItems / boughtTogether) — DuckDB
-- dialect. Tested by tests/js/warehouse.test.mjs against similarItems(…, { similarity:
-- 'cooccurrence' }) on the raw lines, every pair.
--
-- Input: `orders(order_id, customer_id, product_id, amount)` (see customers.duckdb.sql).
-- A basket is a customer's purchase orders together ('customer') or one purchase order ('order');
-- it holds the products of its lines with amount >= 0, each once (a purchase order: net >= 0).
-- Output: basket, item_a, item_b (item_a < item_b; item_a = item_b: baskets with the item) and
-- count, the baskets with both, kept when count >= min_support.
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
