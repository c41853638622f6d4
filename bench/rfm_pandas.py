#!/usr/bin/env python3
"""The pandas peer of `crm-rfm --method ntile --segments rfgrid`: what the
tutorials do (groupby, then qcut on rank(method="first") per measure, then
the R x F grid), on the same orders CSV (customer, order_date, amount,
status).  Writes one row per customer as CSV to the output path.

usage: rfm_pandas.py ORDERS.csv OUT.csv [AS_OF]
"""
import sys

import pandas as pd

EXCLUDE = {"cancelled", "canceled", "refunded", "returned"}
GRID = [  # (name, R lo, R hi, F lo, F hi): first match wins, as rfgrid
    ("hibernating", 1, 2, 1, 2), ("at_risk", 1, 2, 3, 4),
    ("cant_loose", 1, 2, 5, 5), ("about_to_sleep", 3, 3, 1, 2),
    ("need_attention", 3, 3, 3, 3), ("loyal_customers", 3, 4, 4, 5),
    ("promising", 4, 4, 1, 1), ("new_customers", 5, 5, 1, 1),
    ("potential_loyalists", 4, 5, 2, 3), ("champions", 5, 5, 4, 5),
]


def main():
    src, out = sys.argv[1], sys.argv[2]
    df = pd.read_csv(src, dtype={"customer": str, "status": str})
    df = df[~df["status"].str.lower().isin(EXCLUDE)]
    df["order_date"] = pd.to_datetime(df["order_date"], format="%Y-%m-%d")
    as_of = (pd.Timestamp(sys.argv[3]) if len(sys.argv) > 3
             else df["order_date"].max() + pd.Timedelta(days=1))
    g = df.groupby("customer").agg(first_order=("order_date", "min"),
                                   last_order=("order_date", "max"),
                                   frequency=("order_date", "size"),
                                   monetary=("amount", "sum"))
    g["recency_days"] = (as_of - g["last_order"]).dt.days
    g["avg_check"] = (g["monetary"] / g["frequency"]).round(2)
    g["r_score"] = pd.qcut(g["recency_days"].rank(method="first"), 5,
                           labels=[5, 4, 3, 2, 1]).astype(int)
    g["f_score"] = pd.qcut(g["frequency"].rank(method="first"), 5,
                           labels=[1, 2, 3, 4, 5]).astype(int)
    g["m_score"] = pd.qcut(g["monetary"].rank(method="first"), 5,
                           labels=[1, 2, 3, 4, 5]).astype(int)
    g["rfm_score"] = g["r_score"] * 100 + g["f_score"] * 10 + g["m_score"]
    seg = pd.Series("Others", index=g.index)
    done = pd.Series(False, index=g.index)
    for name, rlo, rhi, flo, fhi in GRID:
        hit = (~done & g["r_score"].between(rlo, rhi)
               & g["f_score"].between(flo, fhi))
        seg[hit] = name
        done |= hit
    g["segment"] = seg
    g["first_order"] = g["first_order"].dt.strftime("%Y-%m-%d")
    g["last_order"] = g["last_order"].dt.strftime("%Y-%m-%d")
    g.reset_index()[["customer", "first_order", "last_order", "recency_days",
                     "frequency", "monetary", "avg_check", "r_score",
                     "f_score", "m_score", "rfm_score", "segment"]].to_csv(
        out, index=False)


if __name__ == "__main__":
    main()
