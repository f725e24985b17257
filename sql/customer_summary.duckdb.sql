-- crmkit customer summary (BTYD definitions) — DuckDB dialect. Tested: tests/js/sql_summary.test.mjs
-- runs this file in DuckDB-WASM and compares every customer with crmkit's own summary.
--
-- Input: a table or view `orders(order_id, customer_id, order_date, amount)`, one row per order
-- line (order_date DATE or TIMESTAMP). Output: customer_id, frequency, recency, T, monetary_value,
-- ready for `Clv.fromSummary()` (save as CSV) or lifetimes.
--   * an order is dated by its earliest line; its amount is the sum of its lines;
--   * purchases = orders with amount >= 0 dated on or before calibration_end; returns are ignored;
--   * purchases on one calendar day merge into one;
--   * frequency = purchase days - 1; recency = first -> last purchase day; T = first purchase day ->
--     calibration_end; monetary_value = mean amount of the repeat purchase days (0 if none);
--   * durations in days / unit_days (7 = weeks, fractional, as in Fader, Hardie & Lee 2005).
-- Without an order id, use the order timestamp as order_id (one order per customer and time).
WITH params AS (
    SELECT DATE '1997-09-30' AS calibration_end, 7.0 AS unit_days      -- edit here
),
order_totals AS (
    SELECT customer_id, order_id, CAST(MIN(order_date) AS DATE) AS day, SUM(amount) AS net
    FROM orders
    GROUP BY customer_id, order_id
),
purchase_days AS (
    SELECT o.customer_id, o.day, SUM(o.net) AS amount
    FROM order_totals o, params p
    WHERE o.net >= 0 AND o.day <= p.calibration_end
    GROUP BY o.customer_id, o.day
),
numbered AS (
    SELECT *, ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY day) AS n
    FROM purchase_days
)
SELECT
    customer_id,
    COUNT(*) - 1                                                              AS frequency,
    DATE_DIFF('day', MIN(day), MAX(day)) / ANY_VALUE(p.unit_days)             AS recency,
    DATE_DIFF('day', MIN(day), ANY_VALUE(p.calibration_end)) / ANY_VALUE(p.unit_days) AS "T",
    COALESCE(AVG(amount) FILTER (WHERE n > 1), 0)                             AS monetary_value
FROM numbered, params p
GROUP BY customer_id
ORDER BY customer_id;
