#!/usr/bin/env python3
"""crm-report managers, computed with pandas from the same definitions
(man/crm-report.1, FORMULAS), for tests/6010-report-oracle.t.

usage: report_oracle.py pipeline.csv [FROM TO]   (TO included; ISO dates)
The pipeline is bench/gen_pipeline.py's "maven" shape: opportunity_id,
sales_agent, deal_stage (Won, Lost, others open), engage_date, close_date,
close_value.  Prints the managers report as CSV.
"""
import sys

import pandas as pd


def main():
    df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
    owner = df["sales_agent"].where(df["sales_agent"] != "", "(none)")
    status = df["deal_stage"].map({"Won": "won", "Lost": "lost"}).fillna("open")
    created = pd.to_datetime(df["engage_date"].replace("", None))
    closed = pd.to_datetime(df["close_date"].replace("", None))
    amount = pd.to_numeric(df["close_value"].replace("", None))
    if len(sys.argv) > 3:
        lo = pd.Timestamp(sys.argv[2])
        hi = pd.Timestamp(sys.argv[3]) + pd.Timedelta(days=1)
        c_in = created.notna() & (created >= lo) & (created < hi)
        x_in = closed.notna() & (closed >= lo) & (closed < hi)
    else:
        c_in = pd.Series(True, index=df.index)
        x_in = pd.Series(True, index=df.index)
    x_in = x_in & status.isin(["won", "lost"])
    won = x_in & (status == "won")
    t = pd.DataFrame({
        "owner": owner,
        "deals": c_in.astype(int),
        "open": (c_in & (status == "open")).astype(int),
        "won": won.astype(int),
        "lost": (x_in & (status == "lost")).astype(int),
        "rev": amount.where(won),
        "nrev": (won & amount.notna()).astype(int),
        "days": ((closed - created).dt.total_seconds() / 86400).where(
            won & created.notna() & closed.notna()),
    })[c_in | x_in]
    g = t.groupby("owner", sort=False).agg(
        deals=("deals", "sum"), open=("open", "sum"), won=("won", "sum"),
        lost=("lost", "sum"), rev=("rev", "sum"), nrev=("nrev", "sum"),
        days=("days", "mean"))
    print("owner,deals,open,closed,won,lost,win_rate,revenue,avg_check,"
          "avg_days_to_close")
    for o in sorted(g.index, key=lambda s: s.encode()):
        r = g.loc[o]
        closed_n = int(r.won + r.lost)
        wr = "%.4f" % (r.won / closed_n) if closed_n else ""
        ac = "%.2f" % (r.rev / r.nrev) if r.nrev else ""
        dd = "" if pd.isna(r.days) else "%.2f" % r.days
        print("%s,%d,%d,%d,%d,%d,%s,%.2f,%s,%s" % (
            o, r.deals, r.open, closed_n, r.won, r.lost, wr, r.rev, ac, dd))


if __name__ == "__main__":
    main()
