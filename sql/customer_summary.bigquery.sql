-- crmkit customer summary (BTYD definitions) — BigQuery Standard SQL. Same definitions as
-- customer_summary.duckdb.sql (the tested reference); differences: DATE_DIFF(end, start, DAY),
-- no FILTER clause (AVG(IF(...)) instead), a table path for `orders`.
DECLARE calibration_end DATE DEFAULT DATE '1997-09-30';   -- edit here
DECLARE unit_days FLOAT64 DEFAULT 7.0;

WITH order_totals AS (
    SELECT customer_id, order_id, DATE(MIN(order_date)) AS day, SUM(amount) AS net
    FROM `project.dataset.orders`
    GROUP BY customer_id, order_id
),
purchase_days AS (
    SELECT customer_id, day, SUM(net) AS amount
    FROM order_totals
    WHERE net >= 0 AND day <= calibration_end
    GROUP BY customer_id, day
),
numbered AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY day) AS n
    FROM purchase_days
)
SELECT
    customer_id,
    COUNT(*) - 1                                          AS frequency,
    DATE_DIFF(MAX(day), MIN(day), DAY) / unit_days        AS recency,
    DATE_DIFF(calibration_end, MIN(day), DAY) / unit_days AS T,
    IFNULL(AVG(IF(n > 1, amount, NULL)), 0)               AS monetary_value
FROM numbered
GROUP BY customer_id
ORDER BY customer_id;
