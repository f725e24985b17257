"""Run Spark SQL templates (sql/*.spark.sql) on Apache Spark in local mode and print their rows as JSON,
in the format of scripts/sql/run.py, one session for them all.

    .venv-sql/bin/python scripts/sql/spark.py ORDERS_CSV TEMPLATE [TEMPLATE ...]

prints {"<template path>": {"columns": [...], "rows": [...]}, ...}.

The CSV (crmkit's order layout) is read here with Python's csv module so that `line_no` is exactly
the line's position in the file, then handed to Spark as the view `orders`. Needs Java 17+
(Debian's OpenJDK; scripts/setup.sh --spark installs it) and PySpark in .venv-sql.
"""
import csv
import datetime
import decimal
import json
import sys

from pyspark.sql import SparkSession
from pyspark.sql.types import DoubleType, LongType, StringType, StructField, StructType, TimestampType

SCHEMA = StructType([
    StructField("order_id", StringType()), StructField("customer_id", StringType()),
    StructField("order_date", TimestampType()), StructField("product_id", StringType()),
    StructField("product_name", StringType()), StructField("category", StringType()),
    StructField("quantity", DoubleType()), StructField("unit_price", DoubleType()),
    StructField("amount", DoubleType()), StructField("line_no", LongType()),
])


def rows(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        for n, r in enumerate(csv.DictReader(f), start=1):
            num = lambda k: float(r[k]) if r.get(k) not in (None, "") else None
            yield (r["order_id"] or None, r["customer_id"] or None, datetime.datetime.fromisoformat(r["order_date"]),
                   r.get("product_id") or None, r.get("product_name") or None, r.get("category") or None,
                   num("quantity"), num("unit_price"), num("amount"), n)


def plain(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return v.isoformat()[:10]
    if isinstance(v, decimal.Decimal):
        return float(v)
    return v


def main():
    orders_csv, templates = sys.argv[1], sys.argv[2:]
    spark = (SparkSession.builder.master("local[2]").appName("crmkit-templates")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
             .config("spark.sql.session.timeZone", "UTC").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        spark.createDataFrame(list(rows(orders_csv)), SCHEMA).createOrReplaceTempView("orders")
        out = {}
        for template in templates:
            df = spark.sql(open(template, encoding="utf-8").read().strip().rstrip(";"))
            out[template] = {"columns": df.columns, "rows": [[plain(v) for v in r] for r in df.collect()]}
    finally:
        spark.stop()
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
