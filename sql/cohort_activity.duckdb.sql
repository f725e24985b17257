-- crmkit cohort activity (the input of cohorts(), monthly) — DuckDB dialect. Tested by
-- tests/js/warehouse.test.mjs against ds.cohorts() on the raw lines, every cell.
--
-- Input: `orders(order_id, customer_id, order_date, amount, line_no)` (see customers.duckdb.sql).
-- Output, one row per customer and month with an order on or after the customer's first purchase:
--   cohort   the month of the first purchase (an order with net >= 0; first by time, then line)
--   month    the month of the orders; period = months from cohort to month
--   orders   purchase orders (net >= 0) in the month; revenue: net amount of all its orders
-- A return before the first purchase belongs to no cohort and is left out, as in crmkit.
WITH order_totals AS (
    SELECT customer_id, order_id, MIN(order_date) AS ordered_at, MIN(line_no) AS first_line, SUM(amount) AS net
    FROM orders GROUP BY customer_id, order_id
),
ranked AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY ordered_at, first_line) AS seq FROM order_totals
),
firsts AS (
    SELECT customer_id, MIN(seq) AS first_seq FROM ranked WHERE net >= 0 GROUP BY customer_id
),
active AS (
    SELECT r.customer_id, DATE_TRUNC('month', r.ordered_at) AS month, r.net, f.first_seq, r.seq
    FROM ranked r JOIN firsts f ON f.customer_id = r.customer_id
    WHERE r.seq >= f.first_seq
),
cohorts AS (
    SELECT customer_id, month AS cohort FROM active WHERE seq = first_seq
)
SELECT a.customer_id,
       CAST(c.cohort AS DATE) AS cohort,
       CAST(a.month AS DATE) AS month,
       DATE_DIFF('month', c.cohort, a.month) AS period,
       CAST(SUM(CASE WHEN a.net >= 0 THEN 1 ELSE 0 END) AS BIGINT) AS orders,
       SUM(a.net) AS revenue
FROM active a JOIN cohorts c ON c.customer_id = a.customer_id
GROUP BY a.customer_id, c.cohort, a.month
ORDER BY a.customer_id, month;
