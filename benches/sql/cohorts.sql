-- Monthly acquisition cohorts as crmkit's ds.cohorts() computes them by default
-- (period 'month', metric 'customers', mode 'period'):
-- - an order = the lines of one order id, dated by its earliest line, net amount = the sum of its
--   lines; a purchase = an order with net amount >= 0;
-- - a customer's cohort = the calendar month of the first purchase; cell (cohort, k) = customers of
--   the cohort with at least one purchase in month cohort + k.
-- Output: only the non-empty cells (cohort 'YYYY-MM', k, customers); crmkit's matrix also holds
-- the zeros, and NaN for months after the last order date.
WITH o AS (
  SELECT order_id, customer_id, min(order_date) AS d, sum(amount) AS net
  FROM orders GROUP BY order_id, customer_id
),
p AS (
  SELECT DISTINCT customer_id, year(d) * 12 + month(d) - 1 AS m FROM o WHERE net >= 0
),
f AS (SELECT customer_id, min(m) AS cohort FROM p GROUP BY customer_id)
SELECT printf('%04d-%02d', cohort // 12, cohort % 12 + 1) AS cohort, m - cohort AS k, count(*) AS customers
FROM p JOIN f USING (customer_id)
GROUP BY cohort, k
ORDER BY cohort, k;
