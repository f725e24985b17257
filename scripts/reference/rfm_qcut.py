"""Independent reference for crmkit's RFM quantile scores, computed with pandas.

Reads an order CSV (order_id, customer_id, order_date, amount), computes marketing RFM as of a
date with plain pandas group-bys (orders dated before as_of; purchase = order with net amount
>= 0; M = net of all orders incl. returns; R = days from the last purchase's calendar date to
as_of), scores each axis with `pd.qcut(x, 5, labels=False, duplicates='drop') + 1` (recency
reversed) and writes customer_id,R,F,M,r,f,m.

    python3 scripts/reference/rfm_qcut.py ORDERS.csv AS_OF OUT.csv

The committed output (tests/fixtures/reference/rfm_qcut_800.csv) was produced with pandas
3.x / numpy 2.x from tests/fixtures/synthetic_800.csv (crmkit synth --customers 800 --seed 11,
reduced to four columns) and AS_OF 2025-07-01.
"""
import sys

import pandas as pd

path, as_of_text, out = sys.argv[1:4]
as_of = pd.Timestamp(as_of_text)
df = pd.read_csv(path, dtype={"order_id": str, "customer_id": str}, encoding="utf-8-sig")
df["order_date"] = pd.to_datetime(df["order_date"]).dt.normalize()
df = df[df["order_date"] < as_of]
orders = df.groupby(["customer_id", "order_id"], as_index=False).agg(day=("order_date", "min"), net=("amount", "sum"))
purchases = orders[orders["net"] >= 0]
F = purchases.groupby("customer_id").size()
last = purchases.groupby("customer_id")["day"].max()
M = orders.groupby("customer_id")["net"].sum().loc[F.index]
R = (as_of - last).dt.days.loc[F.index]


def qcut_score(x):
    bins = pd.qcut(x, 5, labels=False, duplicates="drop")
    return bins + 1, int(bins.max()) + 1


r_bin, r_levels = qcut_score(R)
f_score, _ = qcut_score(F)
m_score, _ = qcut_score(M)
r_score = r_levels + 1 - r_bin
table = pd.DataFrame({"R": R, "F": F, "M": M, "r": r_score, "f": f_score, "m": m_score})
table.index.name = "customer_id"
table.sort_index().to_csv(out)
print(f"{len(table)} customers; distinct scores r={sorted(table.r.unique())} f={sorted(table.f.unique())} m={sorted(table.m.unique())}")
