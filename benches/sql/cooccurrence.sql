-- Item co-occurrence top-10 by order (併売): for every product, the 10 products that share the most
-- purchase orders with it, among pairs in at least 2 orders (boughtTogether's default minSupport).
-- crmkit: ds.boughtTogether({ minSupport: 2, k: 4294967295 }) returns every such pair with its order
-- count (`orders`); the bench picks the top 10 per antecedent in JS.
-- As crmkit builds its order baskets: purchase orders (net amount >= 0) only; in them, the distinct
-- products of lines with a product and an amount >= 0. Ties: lower product_id first (crmkit breaks
-- them by its item index instead; the bench compares tie-aware).
-- Output: item, other, together (orders containing both), rank 1 … 10.
WITH o AS (
  SELECT order_id FROM orders GROUP BY order_id HAVING sum(amount) >= 0
),
l AS (
  SELECT DISTINCT order_id, product_id FROM orders SEMI JOIN o USING (order_id)
  WHERE product_id IS NOT NULL AND product_id <> '' AND amount >= 0
),
pairs AS (
  SELECT a.product_id AS item, b.product_id AS other, count(*) AS together
  FROM l a JOIN l b ON a.order_id = b.order_id AND a.product_id <> b.product_id
  GROUP BY a.product_id, b.product_id
  HAVING count(*) >= 2
)
SELECT item, other, together, rank
FROM (SELECT *, row_number() OVER (PARTITION BY item ORDER BY together DESC, other) AS rank FROM pairs)
WHERE rank <= 10
ORDER BY item, rank;
