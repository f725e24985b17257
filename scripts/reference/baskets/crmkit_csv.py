"""Order CSVs for crmkit from the basket files that fetch.sh writes (standard library only).

  python3 crmkit_csv.py DIR      reads DIR/completejourney_baskets.csv and DIR/raw/instacart_df_sample.csv,
                                 writes DIR/completejourney_orders.csv and DIR/instacart_orders.csv

Columns: customer_id, order_id, order_date, product_id, amount. The amount is 1 per line: the
evaluation counts purchases, not money. Instacart has no dates: each user's orders are placed at
day 0, then + days_since_prior_order (its own column) from 2017-01-01, at order_hour_of_day; the
last user of the 150,000-row sample may be cut off mid-order, so that user is left out.
"""
import csv
import datetime
import os
import sys

d = sys.argv[1]

with open(os.path.join(d, 'completejourney_baskets.csv'), newline='') as f, open(os.path.join(d, 'completejourney_orders.csv'), 'w', newline='') as out:
    w = csv.writer(out)
    w.writerow(['customer_id', 'order_id', 'order_date', 'product_id', 'amount'])
    for row in csv.DictReader(f):
        w.writerow([row['customer_id'], row['order_id'], row['order_date'], row['product_id'], 1])

rows = list(csv.DictReader(open(os.path.join(d, 'raw', 'instacart_df_sample.csv'), newline='')))
last_user = rows[-1]['user_id']
orders = {}
for r in rows:
    if r['user_id'] == last_user:
        continue
    orders.setdefault((r['user_id'], int(r['order_number'])), (r['order_id'], r['days_since_prior_order'], int(r['order_hour_of_day']), []))[3].append(r['product_id'])
start = datetime.datetime(2017, 1, 1)
day = {}
with open(os.path.join(d, 'instacart_orders.csv'), 'w', newline='') as out:
    w = csv.writer(out)
    w.writerow(['customer_id', 'order_id', 'order_date', 'product_id', 'amount'])
    for (user, number) in sorted(orders, key=lambda k: (int(k[0]), k[1])):
        order_id, gap, hour, products = orders[(user, number)]
        day[user] = 0 if number == 1 or gap == '' else day[user] + int(float(gap))
        stamp = (start + datetime.timedelta(days=day[user], hours=hour)).strftime('%Y-%m-%d %H:%M:%S')
        for p in products:
            w.writerow([user, order_id, stamp, p, 1])
