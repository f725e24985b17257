-- crmkit cohort activity (monthly) — BigQuery dialect. The same columns and rules as
-- cohort_activity.duckdb.sql (read its header). Tested by tests/js/warehouse.test.mjs through
-- sqlglot → DuckDB (not on BigQuery). Replace `orders` with your table of order lines.
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
    SELECT r.customer_id, DATE_TRUNC(DATE(r.ordered_at), MONTH) AS month, r.net, f.first_seq, r.seq
    FROM ranked AS r JOIN firsts AS f ON f.customer_id = r.customer_id
    WHERE r.seq >= f.first_seq
),
cohorts AS (
    SELECT customer_id, month AS cohort FROM active WHERE seq = first_seq
)
SELECT a.customer_id,
       c.cohort,
       a.month,
       DATE_DIFF(a.month, c.cohort, MONTH) AS period,
       COUNTIF(a.net >= 0) AS orders,
       SUM(a.net) AS revenue
FROM active AS a JOIN cohorts AS c ON c.customer_id = a.customer_id
GROUP BY a.customer_id, c.cohort, a.month
ORDER BY a.customer_id, a.month;
