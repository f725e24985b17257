-- Ingest: the order CSV (registered with DuckDB as 'orders.csv') into a table, with the explicit
-- schema of the benchmark files: no sniffing; the date as TIMESTAMP; quantity, unit_price and
-- amount as DOUBLE (crmkit keeps f64); ids and names as text. With header = true and
-- auto_detect = false the header line (and a UTF-8 BOM on it) is skipped, not read.
CREATE TABLE orders AS
SELECT *
FROM read_csv('orders.csv',
  header = true, auto_detect = false, delim = ',', quote = '"', escape = '"',
  columns = {
    'order_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'order_date': 'TIMESTAMP',
    'product_id': 'VARCHAR', 'product_name': 'VARCHAR', 'category': 'VARCHAR',
    'quantity': 'DOUBLE', 'unit_price': 'DOUBLE', 'amount': 'DOUBLE'
  });
