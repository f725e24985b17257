-- Item co-occurrence top-10 by customer ("bought both, ever": the basket of crmkit's recommend()
-- and similarItems() default, basket: 'customer'): for every product, the 10 products bought by the
-- most customers who also bought it. Baskets as crmkit builds them: the distinct products of a
-- customer's purchase orders (net amount >= 0), from lines with a product and an amount >= 0.
-- crmkit: ds.similarItems(id, 10, { similarity: 'cooccurrence', basket: 'customer' }) per item
-- (`together`). Ties: lower product_id first here, lower item index in crmkit (compared tie-aware).
-- Output: item, other, together (customers who bought both), rank 1 … 10.
WITH o AS (
  SELECT order_id FROM orders GROUP BY order_id HAVING sum(amount) >= 0
),
l AS (
  SELECT DISTINCT customer_id, product_id FROM orders SEMI JOIN o USING (order_id)
  WHERE product_id IS NOT NULL AND product_id <> '' AND amount >= 0
),
pairs AS (
  SELECT a.product_id AS item, b.product_id AS other, count(*) AS together
  FROM l a JOIN l b ON a.customer_id = b.customer_id AND a.product_id <> b.product_id
  GROUP BY a.product_id, b.product_id
)
SELECT item, other, together, rank
FROM (SELECT *, row_number() OVER (PARTITION BY item ORDER BY together DESC, other) AS rank FROM pairs)
WHERE rank <= 10
ORDER BY item, rank;
