"""The warehouse step in native DuckDB: load an order-line CSV, then run each template of sql/.

    .venv-sql/bin/python scripts/sql/bench.py ORDERS_CSV

Prints JSON: {"load": seconds, "lines": n, "templates": {name: {"seconds": s, "rows": n}}}. The
load is read_csv into a table with line_no (as scripts/sql/run.py does); each template's time is
one run with its result materialised (CREATE TABLE … AS).
"""
import json
import os
import sys
import time

import duckdb

TEMPLATES = ["customers", "products", "cohort_activity", "cooccurrence"]
ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def main():
    csv = sys.argv[1]
    con = duckdb.connect()
    con.execute("SET autoinstall_known_extensions = false")
    con.execute("SET autoload_known_extensions = false")
    t0 = time.perf_counter()
    con.execute(
        """CREATE TABLE orders AS SELECT *, ROW_NUMBER() OVER () AS line_no FROM read_csv(?, header = true, auto_detect = false, columns = {
            'order_id': 'VARCHAR', 'customer_id': 'VARCHAR', 'order_date': 'TIMESTAMP', 'product_id': 'VARCHAR',
            'product_name': 'VARCHAR', 'category': 'VARCHAR', 'quantity': 'DOUBLE', 'unit_price': 'DOUBLE',
            'amount': 'DOUBLE'})""",
        [csv],
    )
    out = {"load": time.perf_counter() - t0, "lines": con.execute("SELECT COUNT(*) FROM orders").fetchone()[0], "templates": {}}
    for name in TEMPLATES:
        sql = open(os.path.join(ROOT, "sql", f"{name}.duckdb.sql"), encoding="utf-8").read().strip().rstrip(";")
        t0 = time.perf_counter()
        con.execute(f"CREATE TABLE result_{name} AS {sql}")
        seconds = time.perf_counter() - t0
        rows = con.execute(f"SELECT COUNT(*) FROM result_{name}").fetchone()[0]
        out["templates"][name] = {"seconds": seconds, "rows": rows}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
