"""Independent reference for crmkit's monthly cohort matrix, computed with pandas.

Reads an order CSV (order_id, customer_id, order_date, amount). Orders are summed per order id;
purchases are orders with net amount >= 0. Cohort = calendar month of a customer's first purchase;
k = months since then. For every observed cell (cohort month + k <= the month of the last order
date) it writes:
  customers  = customers of the cohort with >= 1 purchase in month cohort + k
  cum_rev_pc = net revenue (returns included) of the cohort in months cohort .. cohort + k,
               divided by the cohort size

    python3 scripts/reference/cohort_pandas.py ORDERS.csv OUT.csv

The committed output (tests/fixtures/reference/cohort_monthly_800.csv) was produced with pandas
3.x from tests/fixtures/synthetic_800.csv.
"""
import sys

import pandas as pd

path, out = sys.argv[1:3]
df = pd.read_csv(path, dtype={"order_id": str, "customer_id": str}, encoding="utf-8-sig")
df["order_date"] = pd.to_datetime(df["order_date"])
orders = df.groupby(["customer_id", "order_id"], as_index=False).agg(day=("order_date", "min"), net=("amount", "sum"))
orders["month"] = orders["day"].dt.year * 12 + orders["day"].dt.month - 1
purchases = orders[orders["net"] >= 0]
cohort = purchases.groupby("customer_id")["month"].min().rename("cohort")
orders = orders.join(cohort, on="customer_id").dropna(subset=["cohort"])
orders["cohort"] = orders["cohort"].astype(int)
orders["k"] = orders["month"] - orders["cohort"]
last_month = int(orders["month"].max())
sizes = cohort.value_counts()

active = orders[orders["net"] >= 0].groupby(["cohort", "k"])["customer_id"].nunique()
revenue = orders.groupby(["cohort", "k"])["net"].sum()
rows = []
for c in range(int(cohort.min()), int(cohort.max()) + 1):
    size = int(sizes.get(c, 0))
    running = 0.0
    for k in range(0, last_month - c + 1):
        running += float(revenue.get((c, k), 0.0))
        rows.append({
            "cohort": f"{c // 12:04d}-{c % 12 + 1:02d}",
            "k": k,
            "size": size,
            "customers": int(active.get((c, k), 0)),
            "cum_rev_pc": running / size if size else float("nan"),
        })
pd.DataFrame(rows).to_csv(out, index=False)
print(f"{len(rows)} observed cells, {int(sizes.sum())} customers in {cohort.nunique()} cohorts")
