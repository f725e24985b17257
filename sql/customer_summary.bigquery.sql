-- crmkit customer summary (BTYD definitions) — BigQuery Standard SQL. Same definitions as
-- customer_summary.duckdb.sql; differences: DATE_DIFF(end, start, DAY), no FILTER clause
-- (AVG(IF(...)) instead). Replace `orders` with your table (`project.dataset.order_lines`).
-- Tested by tests/js/warehouse.test.mjs through sqlglot → DuckDB (not on BigQuery itself).
WITH params AS (
    SELECT DATE '1997-09-30' AS calibration_end, 7.0 AS unit_days      -- edit here
),
order_totals AS (
    SELECT customer_id, order_id, DATE(MIN(order_date)) AS day, SUM(amount) AS net
    FROM orders
    GROUP BY customer_id, order_id
),
purchase_days AS (
    SELECT o.customer_id, o.day, SUM(o.net) AS amount
    FROM order_totals AS o CROSS JOIN params AS p
    WHERE o.net >= 0 AND o.day <= p.calibration_end
    GROUP BY o.customer_id, o.day
),
numbered AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY day) AS n
    FROM purchase_days
)
SELECT
    customer_id,
    COUNT(*) - 1                                                            AS frequency,
    DATE_DIFF(MAX(day), MIN(day), DAY) / ANY_VALUE(p.unit_days)             AS recency,
    DATE_DIFF(ANY_VALUE(p.calibration_end), MIN(day), DAY) / ANY_VALUE(p.unit_days) AS T,
    IFNULL(AVG(IF(n > 1, amount, NULL)), 0)                                 AS monetary_value
FROM numbered CROSS JOIN params AS p
GROUP BY customer_id
ORDER BY customer_id;
