-- Monthly summary (crmkit: ds.summary().byMonth): per calendar month of the order date, distinct
-- customers with a purchase order, purchase orders, and net revenue. An order is dated by its
-- earliest line and its net amount is the sum of its lines; a purchase order has net amount >= 0, a
-- return order < 0. Revenue counts both.
WITH o AS (
  SELECT order_id, customer_id, min(order_date) AS d, sum(amount) AS net
  FROM orders GROUP BY order_id, customer_id
)
SELECT strftime(d, '%Y-%m') AS month,
       count(DISTINCT customer_id) FILTER (WHERE net >= 0) AS customers,
       count(*) FILTER (WHERE net >= 0) AS orders,
       sum(net) AS revenue
FROM o GROUP BY month ORDER BY month;
