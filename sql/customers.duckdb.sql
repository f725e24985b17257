-- crmkit per-customer summary — DuckDB dialect (tested: tests/js/warehouse.test.mjs runs it in
-- native DuckDB and DuckDB-WASM and compares every customer with crmkit on the raw lines).
--
-- Input: a table or view `orders(order_id, customer_id, order_date, product_id, category, amount,
-- line_no)`, one row per order line as crmkit reads it (product lines; order_date DATE or
-- TIMESTAMP; line_no = the line's position in the export, to break ties as crmkit does).
-- Output, one row per customer with an order before as_of:
--   purchases        orders with a net amount >= 0 (an order = its lines summed; dated by its earliest line)
--   monetary         net amount of all orders, returns subtracted (RFM's M, deciles)
--   first_purchase, last_purchase   days of the first / last purchase order
--   recency          as_of - last_purchase, in days (RFM's R)
--   x, t_x, t        BTYD at calibration_end = as_of - 1: repeat purchase days, first -> last
--                    purchase day, first purchase day -> calibration_end (days)
--   m                mean net amount of the repeat purchase days (0 without any)
--   first_product, first_category   入口商品: the largest line of the first purchase order (ties:
--                    the earlier line)
--   first_line       the customer's first line in the export: crmkit numbers customers in this order
--                    (it breaks ties, e.g. between customers of equal spend at a decile's edge)
-- as_of defaults to crmkit's: the day after the last order date.
WITH params AS (
    SELECT COALESCE(NULL::DATE, (SELECT MAX(CAST(order_date AS DATE)) FROM orders) + 1) AS as_of   -- edit NULL
),
lines AS (
    SELECT l.*, CAST(l.order_date AS DATE) AS line_day FROM orders l
),
order_totals AS (
    SELECT customer_id, order_id, MIN(line_day) AS day, SUM(amount) AS net, MIN(line_no) AS first_line
    FROM lines
    GROUP BY customer_id, order_id
),
in_window AS (
    SELECT o.* FROM order_totals o, params p WHERE o.day < p.as_of
),
purchase_days AS (
    SELECT customer_id, day, SUM(net) AS amount,
           ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY day) AS n
    FROM in_window
    WHERE net >= 0
    GROUP BY customer_id, day
),
btyd AS (
    SELECT customer_id,
           COUNT(*) - 1 AS x,
           DATE_DIFF('day', MIN(day), MAX(day)) AS t_x,
           COALESCE(AVG(amount) FILTER (WHERE n > 1), 0) AS m
    FROM purchase_days
    GROUP BY customer_id
),
first_orders AS (
    SELECT customer_id, order_id,
           ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY day, first_line) AS k
    FROM in_window
    WHERE net >= 0
),
entry AS (
    SELECT l.customer_id, l.product_id, l.category,
           ROW_NUMBER() OVER (PARTITION BY l.customer_id ORDER BY l.amount DESC, l.line_no) AS k
    FROM lines l
    JOIN first_orders f ON f.customer_id = l.customer_id AND f.order_id = l.order_id AND f.k = 1
),
appearance AS (
    SELECT customer_id, MIN(line_no) AS first_line FROM lines GROUP BY customer_id
),
marketing AS (
    SELECT customer_id,
           COUNT(*) FILTER (WHERE net >= 0) AS purchases,
           SUM(net) AS monetary,
           MIN(day) FILTER (WHERE net >= 0) AS first_purchase,
           MAX(day) FILTER (WHERE net >= 0) AS last_purchase
    FROM in_window
    GROUP BY customer_id
)
SELECT
    mk.customer_id,
    mk.purchases,
    mk.monetary,
    mk.first_purchase,
    mk.last_purchase,
    DATE_DIFF('day', mk.last_purchase, p.as_of)             AS recency,
    b.x,
    b.t_x,
    DATE_DIFF('day', mk.first_purchase, p.as_of - 1)        AS t,
    b.m,
    e.product_id                                            AS first_product,
    e.category                                              AS first_category,
    a.first_line
FROM marketing mk
CROSS JOIN params p
LEFT JOIN btyd b ON b.customer_id = mk.customer_id
LEFT JOIN entry e ON e.customer_id = mk.customer_id AND e.k = 1
JOIN appearance a ON a.customer_id = mk.customer_id
ORDER BY mk.customer_id;
