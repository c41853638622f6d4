#!/usr/bin/env python3
"""funnel_oracle.py: crm-funnel's definitions computed again with pandas, on
a pipeline in the shape of the public CRM Sales Opportunities data
(opportunity_id, sales_agent, deal_stage, engage_date, close_date,
close_value; stages Prospecting, Engaging open, Won, Lost).

usage: funnel_oracle.py summary|stages FILE

summary: per sales_agent (the --by owner column), the columns of
  `crm-funnel --summary`: deals, open, won, lost, win_rate = won/(won+lost)
  (4 places), won_amount, avg_won_amount (cents, half away from zero),
  cycle_days_mean/median = close_date - engage_date of won deals (days,
  median of type 7), velocity = open * avg_won_amount * win_rate /
  cycle_days_mean.
stages: stage, reached: every deal reached Prospecting; Engaging every deal
  past it (a lost deal with no history reached every open stage); Won and
  Lost their own.
"""
import sys

import pandas as pd


def cents(v):
    return int(round(float(v) * 100)) if v == v and v != "" else 0


def fmt_cents(n):
    s = "-" if n < 0 else ""
    n = abs(n)
    return "%s%d.%02d" % (s, n // 100, n % 100)


def avg_cents(total, n):
    q, r = divmod(abs(total), n)
    if 2 * r >= n:
        q += 1
    return q if total >= 0 else -q


def summary(df):
    df = df.copy()
    df["cents"] = df["close_value"].map(cents)
    df["engage"] = pd.to_datetime(df["engage_date"])
    df["close"] = pd.to_datetime(df["close_date"])
    print("owner,deals,open,won,lost,win_rate,won_amount,avg_won_amount,"
          "cycle_days_mean,cycle_days_median,velocity")
    for owner, g in sorted(df.groupby("sales_agent"), key=lambda x: x[0].encode()):
        st = g["deal_stage"]
        won = int((st == "Won").sum())
        lost = int((st == "Lost").sum())
        opn = int(st.isin(["Prospecting", "Engaging"]).sum())
        closed = won + lost
        wr = won / closed if closed else None
        w = g[st == "Won"]
        won_c = int(w["cents"].sum())
        cyc = (w["close"] - w["engage"]).dt.total_seconds() / 86400.0
        cyc = cyc.dropna()
        cmean = cyc.mean() if len(cyc) else None
        cmed = cyc.quantile(0.5, interpolation="linear") if len(cyc) else None
        avg = won_c / 100.0 / won if won else None
        vel = (opn * avg * wr / cmean) if (won and closed and cmean) else None
        row = [owner, str(len(g)), str(opn), str(won), str(lost),
               "%.4f" % wr if wr is not None else "",
               fmt_cents(won_c),
               fmt_cents(avg_cents(won_c, won)) if won else "",
               "%.2f" % cmean if cmean is not None else "",
               "%.2f" % cmed if cmed is not None else "",
               "%.2f" % vel if vel is not None else ""]
        print(",".join(row))


def stages(df):
    st = df["deal_stage"]
    n = len(df)
    print("stage,reached")
    print("Prospecting,%d" % n)
    print("Engaging,%d" % int((st != "Prospecting").sum()))
    print("Won,%d" % int((st == "Won").sum()))
    print("Lost,%d" % int((st == "Lost").sum()))


def main():
    what, path = sys.argv[1], sys.argv[2]
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    {"summary": summary, "stages": stages}[what](df)


if __name__ == "__main__":
    main()
