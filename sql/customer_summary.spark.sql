-- crmkit customer summary (BTYD definitions) — Spark SQL (tested on Spark local mode and through
-- sqlglot by tests/js/warehouse.test.mjs). Same definitions as
-- customer_summary.duckdb.sql (the tested reference); differences: datediff(end, start),
-- CASE instead of FILTER, literals in place of a params table.
WITH order_totals AS (
    SELECT customer_id, order_id, to_date(MIN(order_date)) AS day, SUM(amount) AS net
    FROM orders
    GROUP BY customer_id, order_id
),
purchase_days AS (
    SELECT customer_id, day, SUM(net) AS amount
    FROM order_totals
    WHERE net >= 0 AND day <= DATE '1997-09-30'          -- calibration_end: edit here
    GROUP BY customer_id, day
),
numbered AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY day) AS n
    FROM purchase_days
)
SELECT
    customer_id,
    COUNT(*) - 1                                                  AS frequency,
    datediff(MAX(day), MIN(day)) / CAST(7 AS DOUBLE)              AS recency,   -- 7 = weeks; 1 = days (a DOUBLE: 7.0 would be a DECIMAL, rounded to 6 places)
    datediff(DATE '1997-09-30', MIN(day)) / CAST(7 AS DOUBLE)     AS T,
    COALESCE(AVG(CASE WHEN n > 1 THEN amount END), 0)             AS monetary_value
FROM numbered
GROUP BY customer_id
ORDER BY customer_id;
