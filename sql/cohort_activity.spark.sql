-- crmkit cohort activity (monthly) — Spark SQL dialect. The same columns and rules as
-- cohort_activity.duckdb.sql (read its header). Tested by tests/js/warehouse.test.mjs on Spark in
-- local mode and through sqlglot. Register your order lines as the view `orders`.
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
    SELECT r.customer_id, CAST(date_trunc('MONTH', r.ordered_at) AS DATE) AS month, r.net, f.first_seq, r.seq
    FROM ranked r JOIN firsts f ON f.customer_id = r.customer_id
    WHERE r.seq >= f.first_seq
),
cohorts AS (
    SELECT customer_id, month AS cohort FROM active WHERE seq = first_seq
)
SELECT a.customer_id,
       c.cohort,
       a.month,
       (year(a.month) * 12 + month(a.month)) - (year(c.cohort) * 12 + month(c.cohort)) AS period,
       CAST(SUM(CASE WHEN a.net >= 0 THEN 1 ELSE 0 END) AS BIGINT) AS orders,
       SUM(a.net) AS revenue
FROM active a JOIN cohorts c ON c.customer_id = a.customer_id
GROUP BY a.customer_id, c.cohort, a.month
ORDER BY a.customer_id, a.month;
