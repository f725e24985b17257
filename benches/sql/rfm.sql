-- RFM as crmkit's ds.rfm() computes it by default (README "Segments: RFM and deciles"):
-- - an order = the lines of one order id, dated by its earliest line (its calendar day), with net
--   amount = the sum of its lines; a purchase = an order with net amount >= 0;
-- - asOf = the day after the last order date; every order is before it;
-- - R = days from the last purchase to asOf, F = purchase orders, M = net spend (returns included);
--   customers without a purchase are not scored (R NULL, scores 0, segment 'none');
-- - quantile scores, 5 bins: edges = the quantiles 0, .2, …, 1 of the scored customers (linear
--   interpolation, as numpy), duplicates dropped; v scores 1 + #(inner edges < v)
--   (pandas.qcut(..., duplicates='drop') + 1); R is reversed (levels + 1 - bin);
-- - segments: scores rescaled to 1–5 when ties left fewer levels (1 + round((s-1)·4/(levels-1))),
--   FM = ceil((F + M) / 2), then crmkit's default R × FM map.
-- One row per customer: customer_id, recency, frequency, monetary, r_score, f_score, m_score, segment.
WITH o AS (
  SELECT order_id, customer_id, CAST(min(order_date) AS DATE) AS day, sum(amount) AS net
  FROM orders GROUP BY order_id, customer_id
),
as_of AS (SELECT max(day) + 1 AS as_of FROM o),
c AS (
  SELECT customer_id,
         (SELECT as_of FROM as_of) - max(day) FILTER (WHERE net >= 0) AS recency,
         count(*) FILTER (WHERE net >= 0) AS frequency,
         sum(net) AS monetary
  FROM o GROUP BY customer_id
),
edges AS (
  SELECT list_sort(list_distinct(quantile_cont(recency, [0, 0.2, 0.4, 0.6, 0.8, 1]))) AS er,
         list_sort(list_distinct(quantile_cont(frequency, [0, 0.2, 0.4, 0.6, 0.8, 1]))) AS ef,
         list_sort(list_distinct(quantile_cont(monetary, [0, 0.2, 0.4, 0.6, 0.8, 1]))) AS em
  FROM c WHERE frequency > 0
),
scored AS (
  SELECT c.*,
         greatest(len(er) - 1, 1) AS lr, greatest(len(ef) - 1, 1) AS lf, greatest(len(em) - 1, 1) AS lm,
         1 + len(list_filter(er[2:len(er) - 1], e -> e < recency)) AS br,
         1 + len(list_filter(ef[2:len(ef) - 1], e -> e < frequency)) AS f_score,
         1 + len(list_filter(em[2:len(em) - 1], e -> e < monetary)) AS m_score
  FROM c, edges WHERE frequency > 0
),
five AS (
  SELECT *, lr + 1 - br AS r_score,
         CASE WHEN lr = 5 OR lr < 2 THEN lr + 1 - br ELSE 1 + CAST(round((lr - br) * 4.0 / (lr - 1)) AS INTEGER) END AS r5,
         CASE WHEN lf = 5 OR lf < 2 THEN f_score ELSE 1 + CAST(round((f_score - 1) * 4.0 / (lf - 1)) AS INTEGER) END AS f5,
         CASE WHEN lm = 5 OR lm < 2 THEN m_score ELSE 1 + CAST(round((m_score - 1) * 4.0 / (lm - 1)) AS INTEGER) END AS m5
  FROM scored
),
seg AS (
  SELECT customer_id, recency, frequency, monetary, r_score, f_score, m_score,
         CASE
           WHEN r5 = 5 AND fm >= 4 THEN 'champions'
           WHEN r5 BETWEEN 3 AND 4 AND fm >= 4 THEN 'loyal'
           WHEN r5 >= 4 AND fm = 3 THEN 'active'
           WHEN r5 = 5 AND fm <= 2 THEN 'new'
           WHEN r5 = 4 AND fm <= 2 THEN 'promising'
           WHEN r5 = 3 AND fm <= 3 THEN 'needs_attention'
           WHEN r5 = 2 AND fm >= 3 THEN 'at_risk'
           WHEN r5 = 2 AND fm <= 2 THEN 'almost_lost'
           WHEN r5 = 1 AND fm >= 4 THEN 'previously_loyal'
           WHEN r5 = 1 AND fm <= 3 THEN 'dormant'
           ELSE 'other'
         END AS segment
  FROM (SELECT *, CAST(ceil((f5 + m5) / 2) AS INTEGER) AS fm FROM five)
)
SELECT * FROM seg
UNION ALL
SELECT customer_id, NULL, 0, monetary, 0, 0, 0, 'none' FROM c WHERE frequency = 0;
