"""Turn a registry-shipped grocery data file into a basket CSV for next-basket evaluation.

    python3 convert.py completejourney TRANSACTIONS.parquet OUT.csv   # needs pandas + pyarrow
    python3 convert.py instacart      DF_SAMPLE.csv        OUT.csv   # standard library only

Output: one row per (customer, order, product), sorted by customer, order position, order id,
product, with the header

    completejourney: customer_id,order_id,order_date,product_id
                     (order_date = transaction_timestamp as 'YYYY-MM-DD HH:MM:SS')
    instacart:       customer_id,order_id,order_number,product_id
                     (order_number = the user's 1-based order sequence; Instacart has no dates)

completejourney: household_id -> customer_id, basket_id -> order_id; lines with quantity <= 0
(8,869 zero-quantity, zero-value lines in 0.1.0) are dropped as no purchase. A product bought
twice in one basket is one row (0.1.0 has no such duplicates).
"""
import csv
import sys


def write_rows(rows, header, out):
    """rows: (customer_id, order_id, order_key, product_id) strings, ids numeric."""
    rows = sorted(set(rows), key=lambda r: (int(r[0]), r[2], int(r[1]), int(r[3])))
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for c, o, k, p in rows:
            w.writerow((c, o, k.lstrip("0") if header[2] == "order_number" else k, p))
    print(f"{out.removesuffix('.tmp')}: {len(rows)} rows, {len({r[0] for r in rows})} customers, "
          f"{len({r[1] for r in rows})} orders, {len({r[3] for r in rows})} products",
          file=sys.stderr)


def completejourney(src, out):
    import pandas as pd

    t = pd.read_parquet(src, columns=["household_id", "basket_id", "product_id", "quantity",
                                      "transaction_timestamp"])
    t = t[t["quantity"] > 0]
    stamp = t["transaction_timestamp"].dt.strftime("%Y-%m-%d %H:%M:%S")
    rows = zip(t["household_id"].astype(str), t["basket_id"].astype(str), stamp,
               t["product_id"].astype(str))
    write_rows(rows, ["customer_id", "order_id", "order_date", "product_id"], out)


def instacart(src, out):
    with open(src, newline="", encoding="utf-8") as f:
        # order_number zero-padded here so the text sort key orders it numerically
        rows = [(r["user_id"], r["order_id"], f"{int(r['order_number']):04d}", r["product_id"])
                for r in csv.DictReader(f)]
    write_rows(rows, ["customer_id", "order_id", "order_number", "product_id"], out)


if __name__ == "__main__":
    kind, src, out = sys.argv[1:4]
    {"completejourney": completejourney, "instacart": instacart}[kind](src, out)
