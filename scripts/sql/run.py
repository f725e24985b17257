"""Run one of crmkit's warehouse templates (sql/*.sql) on an order-line CSV and print the rows as JSON.

    .venv-sql/bin/python scripts/sql/run.py TEMPLATE ORDERS_CSV [--dialect duckdb|bigquery|spark]

The CSV is crmkit's order layout (order_id, customer_id, order_date, product_id, category,
quantity, amount, …); it becomes the view `orders` with `line_no` = the line's position in the
file (1 = first data row). A duckdb template runs as written in native DuckDB; a bigquery or spark
template is parsed by sqlglot in its own dialect, transpiled to DuckDB's and run there (the
BigQuery templates cannot run on BigQuery here; the Spark ones also run on Spark, in
scripts/sql/spark.py). Dates come out as YYYY-MM-DD, numbers as JSON numbers.
"""
import argparse
import datetime
import decimal
import json
import sys

import duckdb
import sqlglot


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("template")
    ap.add_argument("orders_csv")
    ap.add_argument("--dialect", default="duckdb", choices=["duckdb", "bigquery", "spark"])
    args = ap.parse_args()

    sql = open(args.template, encoding="utf-8").read().strip().rstrip(";")
    if args.dialect != "duckdb":
        statements = sqlglot.transpile(sql, read=args.dialect, write="duckdb", unsupported_level=sqlglot.ErrorLevel.RAISE)
        if len(statements) != 1:
            sys.exit(f"{args.template}: expected one statement, got {len(statements)}")
        sql = statements[0]

    con = duckdb.connect()
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    con.execute(
        """CREATE TABLE raw AS SELECT * FROM read_csv(?, header = true, auto_detect = false, columns = {
            'order_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'order_date': 'TIMESTAMP', 'product_id': 'VARCHAR',
            'product_name': 'VARCHAR', 'category': 'VARCHAR', 'quantity': 'DOUBLE', 'unit_price': 'DOUBLE',
            'amount': 'DOUBLE'})""",
        [args.orders_csv],
    )
    # read_csv keeps the file's order (preserve_insertion_order): row_number() is the line position.
    con.execute("CREATE VIEW orders AS SELECT *, ROW_NUMBER() OVER () AS line_no FROM raw")
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]

    def plain(v):
        if isinstance(v, (datetime.date, datetime.datetime)):
            return v.isoformat()[:10]
        if isinstance(v, decimal.Decimal):
            return float(v)
        return v

    json.dump({"columns": names, "rows": [[plain(v) for v in row] for row in cur.fetchall()]}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
