#!/usr/bin/env python3
"""funnel_pandas.py: the per-stage funnel table of crm-funnel, as an analyst
would write it with pandas (read_csv, sort, shift, groupby), for the bench.

usage: funnel_pandas.py STAGES DEALS HISTORY AS_OF OUT

One pipeline; every deal has a status.  Columns as crm-funnel's default
output: stage, position, reached, entered, converted, conversion,
lost_here, open, open_amount, weighted_amount, days_mean, days_median,
days_p90, stuck (the same definitions: see man/crm-funnel.1).
"""
import sys

import numpy as np
import pandas as pd


def money(c):
    return "%s%d.%02d" % ("-" if c < 0 else "", abs(c) // 100, abs(c) % 100)


def main():
    stages_f, deals_f, hist_f, as_of_s, out = sys.argv[1:6]
    as_of = pd.Timestamp(as_of_s, tz="UTC")
    st = pd.read_csv(stages_f, dtype={"name": str, "kind": str})
    st = st.sort_values("position").reset_index(drop=True)
    opn = st[st.kind == "open"].reset_index(drop=True)
    order = {n: i for i, n in enumerate(opn.name)}
    nopen = len(opn)
    d = pd.read_csv(deals_f, dtype=str, keep_default_na=False)
    h = pd.read_csv(hist_f, dtype=str, keep_default_na=False)

    d["cents"] = (d.amount.replace("", "0").astype(float) * 100).round().astype(np.int64)
    d["closed"] = pd.to_datetime(d.closed_at.replace("", None), utc=True)
    h["t"] = pd.to_datetime(h.entered_at, utc=True)
    h["seq"] = np.arange(len(h))
    h = h.sort_values(["deal", "t", "seq"], kind="mergesort")
    h["ord"] = h.stage.map(order)			# NaN for won/lost
    h["next_t"] = h.groupby("deal").t.shift(-1)
    dd = d.set_index("external_id")
    h["status"] = h.deal.map(dd.status)
    last = ~h.deal.duplicated(keep="last")
    end = h.next_t.copy()
    end[last & (h.status == "open")] = as_of
    closed_end = h.deal.map(dd.closed)
    m = last & (h.status != "open")
    end[m] = closed_end[m]
    h["days"] = (end - h.t).dt.total_seconds() / 86400.0
    hv = h[h.ord.notna() & h.days.notna() & (h.days >= 0)]
    per = hv.groupby(["stage", "deal"]).days.sum()
    stats = per.groupby(level=0).agg(["mean", "median", lambda x: x.quantile(0.9)])
    stats.columns = ["mean", "median", "p90"]

    rank = h[h.ord.notna()].groupby("deal").ord.max()
    dr = d.external_id.map(rank).fillna(-1)
    dr[d.status == "won"] = nopen
    entered = h.groupby("stage").deal.nunique()
    # lost deals: the open stage entered last before the loss
    lastopen = h[h.ord.notna()].groupby("deal").stage.last()
    lost_here = d[d.status == "lost"].external_id.map(lastopen).value_counts()
    cur = h.groupby("deal").stage.last()
    cur_t = h.groupby("deal").t.last()
    od = d[d.status == "open"].copy()
    od["cur"] = od.external_id.map(cur)
    od["cur_t"] = od.external_id.map(cur_t)
    prob = dict(zip(st.name, st.probability))
    sla = dict(zip(st.name, st.sla_days))
    od["w"] = [(c * int(prob[s]) + 50) // 100 for c, s in zip(od.cents, od.cur)]
    od["lim"] = od.cur.map(lambda s: sla[s] if sla[s] == sla[s] else 30.0)
    od["stuck"] = (as_of - od.cur_t).dt.total_seconds() / 86400.0 > od.lim
    g = od.groupby("cur")

    reached = {}
    for i, s in enumerate(opn.name):
        reached[s] = int((dr >= i).sum())
    won_n = int((d.status == "won").sum())
    lost_n = int((d.status == "lost").sum())
    rows = []
    for _, s in st.iterrows():
        n = s["name"]
        if s.kind == "open":
            i = order[n]
            conv = reached[opn.name[i + 1]] if i + 1 < nopen else won_n
            r = reached[n]
            ds = stats.loc[n] if n in stats.index else None
            rows.append([n, str(s.position), str(r), str(int(entered.get(n, 0))), str(conv),
                         "%.4f" % (conv / r) if r else "", str(int(lost_here.get(n, 0))),
                         str(int(g.size().get(n, 0))), money(int(g.cents.sum().get(n, 0))),
                         money(int(g.w.sum().get(n, 0))),
                         "%.2f" % ds["mean"] if ds is not None else "",
                         "%.2f" % ds["median"] if ds is not None else "",
                         "%.2f" % ds["p90"] if ds is not None else "",
                         str(int(g.stuck.sum().get(n, 0)))])
        else:
            r = won_n if s.kind == "won" else lost_n
            rows.append([n, str(s.position), str(r), str(int(entered.get(n, 0)))] + [""] * 10)
    with open(out, "w") as f:
        f.write("stage,position,reached,entered,converted,conversion,lost_here,open,"
                "open_amount,weighted_amount,days_mean,days_median,days_p90,stuck\n")
        for r in rows:
            f.write(",".join(r) + "\n")


if __name__ == "__main__":
    main()
