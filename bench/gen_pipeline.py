#!/usr/bin/env python3
"""gen_pipeline.py: deterministic sales pipelines for crm-funnel's tests and bench.

usage: python3 bench/gen_pipeline.py maven --out FILE [--seed S]
       python3 bench/gen_pipeline.py history --deals N --out DIR [--seed S]

maven: one CSV in the shape of the public "CRM Sales Opportunities" pipeline
  (Maven Analytics, 8,800 deals): opportunity_id, sales_agent, product,
  account, deal_stage, engage_date, close_date, close_value, with its
  Prospecting -> Engaging -> Won / Lost stages and its published stage counts
  (Won 4238, Lost 2473, Engaging 1589, Prospecting 500; win rate 63.15 %),
  35 agents, dates from 2016-10-20 to 2017-12-31.  Prospecting deals have no
  dates, Engaging ones an engage date, closed ones both and a close value
  (0 for a lost deal).  Unlike the original, about one close value in five
  has cents, so that sums are checked to the cent.  The rows themselves are
  made up: the original's licence is not stated, so it is not copied.

history: DIR/stages.csv, DIR/deals.csv (external_id, title, owner, source,
  stage, status, amount, created_at, expected_close, closed_at) and
  DIR/history.csv (deal, stage, entered_at): N deals through a seven-stage
  pipeline with about four stage entries per deal (re-entries, skipped
  stages, losses at every stage), each deal's entries in time order and the
  deals interleaved by time, as a CRM's log has them.

The same arguments always write the same bytes.  Python 3 standard library only.
"""

import argparse
import datetime as dt
import os
import random
import sys

AGENTS = [
    "Anna Ivanova", "Boris Petrov", "Vera Sokolova", "Gleb Orlov", "Daria Kuznetsova",
    "Egor Morozov", "Zoya Volkova", "Ilya Lebedev", "Kira Novikova", "Lev Pavlov",
    "Maria Fedorova", "Nikita Romanov", "Olga Egorova", "Pavel Kozlov", "Raisa Stepanova",
    "Sergey Nikolaev", "Tatiana Orlova", "Ulyana Andreeva", "Fedor Makarov", "Khristina Zakharova",
    "Cecily Lampkin", "Darcel Schlecht", "Elease Gluck", "Garret Kinder", "Hayden Neloms",
    "James Ascencio", "Kami Bicknell", "Lajuana Vencill", "Markita Hansen", "Niesha Huffines",
    "Reed Clapper", "Rosie Papadopoulos", "Versie Hillebrand", "Wilburn Farren", "Zane Levy",
]
PRODUCTS = [("GTX Basic", 550), ("GTX Pro", 4821), ("MG Special", 55),
            ("MG Advanced", 3393), ("GTX Plus Basic", 1096),
            ("GTX Plus Pro", 5482), ("GTK 500", 26768)]
COUNTS = [("Won", 4238), ("Lost", 2473), ("Engaging", 1589), ("Prospecting", 500)]


def maven(out, seed):
    rnd = random.Random(seed)
    stages = [s for s, n in COUNTS for _ in range(n)]
    rnd.shuffle(stages)
    first = dt.date(2016, 10, 20)
    last = dt.date(2017, 12, 31)
    span = (dt.date(2017, 12, 27) - first).days
    with open(out, "w", newline="") as f:
        f.write("opportunity_id,sales_agent,product,account,deal_stage,"
                "engage_date,close_date,close_value\n")
        for i, st in enumerate(stages):
            # agents sell at different rates: a skewed choice
            agent = AGENTS[min(int(rnd.expovariate(1 / 12)), len(AGENTS) - 1)]
            prod, price = PRODUCTS[rnd.randrange(len(PRODUCTS))]
            account = "Account %03d" % rnd.randrange(85)
            oid = "%08X" % rnd.getrandbits(32)
            engage = close = value = ""
            if st != "Prospecting":
                e = first + dt.timedelta(days=rnd.randrange(span))
                engage = e.isoformat()
                if st in ("Won", "Lost"):
                    c = min(e + dt.timedelta(days=1 + int(rnd.expovariate(1 / 45))), last)
                    close = c.isoformat()
                    if st == "Won":
                        v = price * rnd.uniform(0.85, 1.1)
                        value = ("%.2f" % v) if rnd.random() < 0.2 else "%d" % round(v)
                    else:
                        value = "0"
            f.write("%s,%s,%s,%s,%s,%s,%s,%s\n" % (oid + "-%d" % i, agent, prod, account,
                                                 st, engage, close, value))


HSTAGES = [("Lead", 10, "open", 3), ("Qualified", 20, "open", 7),
           ("Demo", 40, "open", 10), ("Proposal", 60, "open", 14),
           ("Negotiation", 80, "open", 14), ("Won", 100, "won", None),
           ("Lost", 0, "lost", None)]


def history(n, outdir, seed):
    rnd = random.Random(seed)
    os.makedirs(outdir, exist_ok=True)
    with open(os.path.join(outdir, "stages.csv"), "w") as f:
        f.write("pipeline,name,position,probability,kind,sla_days\n")
        for i, (name, p, kind, sla) in enumerate(HSTAGES):
            f.write("Sales,%s,%d,%d,%s,%s\n" % (name, i + 1, p, kind, "" if sla is None else sla))
    t0 = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc).timestamp()
    as_of = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc).timestamp()
    deals = open(os.path.join(outdir, "deals.csv"), "w")
    deals.write("external_id,title,owner,source,stage,status,amount,created_at,"
                "expected_close,closed_at\n")
    entries = []
    sources = ["web", "referral", "cold call", "partner", "event"]
    iso = lambda t: dt.datetime.fromtimestamp(int(t), dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    for i in range(n):
        did = "D%07d" % i
        created = t0 + rnd.random() * (as_of - t0 - 86400 * 20)
        t = created
        pos = 0
        seq = [(0, t)]
        status = "open"
        # walk: forward (sometimes two steps), back, or close
        while True:
            t += rnd.expovariate(1 / (86400 * 6))
            if t >= as_of:
                break
            r = rnd.random()
            if r < 0.2:
                seq.append((6, t)); status = "lost"; break
            if pos == 4 and r < 0.6:
                seq.append((5, t)); status = "won"; break
            if r < 0.22 and pos > 0:
                pos -= 1
            elif r < 0.30 and pos < 3:
                pos += 2
            elif pos < 4:
                pos += 1
            seq.append((pos, t))
        cur = seq[-1][0]
        amount = "%d.%02d" % (rnd.randrange(100, 50000), rnd.randrange(100))
        exp = iso(created + 86400 * rnd.randrange(20, 120))
        closed = iso(seq[-1][1]) if status != "open" else ""
        deals.write("%s,Deal %d,%s,%s,%s,%s,%s,%s,%s,%s\n" % (
            did, i, AGENTS[rnd.randrange(len(AGENTS))], sources[rnd.randrange(5)],
            HSTAGES[cur][0], status, amount, iso(created), exp, closed))
        for s, at in seq:
            entries.append((int(at), i, HSTAGES[s][0]))
    deals.close()
    entries.sort()
    with open(os.path.join(outdir, "history.csv"), "w") as f:
        f.write("deal,stage,entered_at\n")
        for at, i, s in entries:
            f.write("D%07d,%s,%s\n" % (i, s, iso(at)))
    print("gen_pipeline: %d deals, %d history rows" % (n, len(entries)), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["maven", "history"])
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--deals", type=int, default=1000)
    a = ap.parse_args()
    if a.what == "maven":
        maven(a.out, a.seed)
    else:
        history(a.deals, a.out, a.seed)


if __name__ == "__main__":
    main()
