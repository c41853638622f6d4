#!/usr/bin/env python3
"""The checks of crm-validate's builtin contacts rules, done with pandas.

The peer for bench/30-validate.sh: what an analyst would write instead of
crm-validate.  It reads the CSV, checks the same things (required company
and lead source, a name, a phone or an email; phones that normalise to
+7 (XXX) XXX-XX-XX or E.164; the CRM email rule; 6-digit postal codes;
lead sources from the fixed list with synonyms and any case; dates in ISO,
dd.mm.yyyy or as Excel serials, not in the future and not before 1990;
unique external ids; maximum lengths) vectorised, and writes one violation
per line (line, column, field, code, value) to stdout as CSV.

usage: validate_pandas.py FILE > violations.csv
"""
import sys

import pandas as pd

SOURCES = ["Сайт", "Реклама", "Рекомендация", "Холодный звонок", "Входящий звонок",
           "Выставка", "Соцсети", "Email-рассылка", "Партнёр", "Другое"]
SYNONYMS = {
    "website": "Сайт", "site": "Сайт", "web": "Сайт", "веб-сайт": "Сайт", "лендинг": "Сайт",
    "ads": "Реклама", "advertising": "Реклама", "контекстная реклама": "Реклама",
    "яндекс.директ": "Реклама", "директ": "Реклама", "google ads": "Реклама", "таргет": "Реклама",
    "referral": "Рекомендация", "recommendation": "Рекомендация", "сарафан": "Рекомендация",
    "cold call": "Холодный звонок", "inbound call": "Входящий звонок", "звонок": "Входящий звонок",
    "exhibition": "Выставка", "expo": "Выставка", "trade show": "Выставка",
    "social": "Соцсети", "social media": "Соцсети", "социальные сети": "Соцсети",
    "email": "Email-рассылка", "e-mail": "Email-рассылка", "newsletter": "Email-рассылка",
    "рассылка": "Email-рассылка", "partner": "Партнёр", "партнер": "Партнёр", "other": "Другое",
}
KNOWN = {s.casefold() for s in SOURCES} | {k.casefold() for k in SYNONYMS}
MISSING = ["", "-", "—", "н/д", "N/A", "n/a", "#N/A", "null", "NULL"]
EMAIL = (r"^(?=.{1,254}$)(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
         r"(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@"
         r"(?:[A-Za-z0-9\u0400-\u04ff](?:[A-Za-z0-9\u0400-\u04ff-]*[A-Za-z0-9\u0400-\u04ff])?\.)+"
         r"(?:[A-Za-z\u0400-\u04ff]{2,}|xn--[A-Za-z0-9-]+)$")


def main():
    df = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
    n = len(df)
    line = pd.Series(range(2, n + 2), index=df.index)
    cols = {c: i + 1 for i, c in enumerate(df.columns)}
    out = []

    def report(mask, field, code):
        if field not in df.columns:
            return
        hit = df.loc[mask, field]
        out.append(pd.DataFrame({"line": line[mask], "column": cols[field],
                                 "field": field, "code": code, "value": hit}))

    def col(name):
        return df[name].str.strip() if name in df.columns else pd.Series("", index=df.index)

    present = {c: ~col(c).isin(MISSING) for c in df.columns}

    for f in ("company", "source"):
        if f in df.columns:
            report(~present[f], f, "required")
    for f, m in (("external_id", 64), ("last_name", 100), ("first_name", 100),
                 ("middle_name", 100), ("company", 255), ("city", 100), ("email", 254)):
        if f in df.columns:
            report(present[f] & (df[f].str.len() > m), f, "max-length")

    if "external_id" in df.columns:
        report(present["external_id"] & df["external_id"].duplicated(keep="first"),
               "external_id", "unique-error")

    if "phone" in df.columns:
        # Several numbers in one cell: the first one counts, as in crm-validate.
        p = df["phone"].str.split(r"[,;]", n=1, regex=True).str[0].str.strip()
        main_part = p.str.replace(r"\s*(?:доб\.?|доп\.?|ext\.?|x|#)\s*\d+$", "", regex=True)
        digits = main_part.str.replace(r"[\s()\-.]", "", regex=True)
        ok_plus = digits.str.fullmatch(r"\+\d{8,15}")
        ok_ru = digits.str.fullmatch(r"[78]?[3489]\d{9}")
        bad = present["phone"] & ~(ok_plus | ok_ru)
        report(bad, "phone", "phone-invalid")

    if "email" in df.columns:
        e = df["email"].str.strip()
        e = e.str.replace(r"^mailto:", "", regex=True)
        e = e.str.replace(r"^.*<([^<>]*)>$", r"\1", regex=True)
        report(present["email"] & ~e.str.match(EMAIL), "email", "email-invalid")

    if "postal_code" in df.columns:
        report(present["postal_code"] & ~col("postal_code").str.fullmatch(r"\d{6}"),
               "postal_code", "postal-code-invalid")

    if "source" in df.columns:
        s = col("source").str.casefold()
        report(present["source"] & ~s.isin(KNOWN), "source", "enum-error")

    for f in ("created_at", "birthday"):
        if f not in df.columns:
            continue
        v = col(f)
        iso = pd.to_datetime(v.where(v.str.match(r"^\d{4}-\d{2}-\d{2}")).str[:10],
                             format="%Y-%m-%d", errors="coerce")
        dmy = pd.to_datetime(v.where(v.str.match(r"^\d{2}\.\d{2}\.\d{4}(?: \d{2}:\d{2})?$"))
                             .str[:10], format="%d.%m.%Y", errors="coerce")
        num = pd.to_numeric(v.where(v.str.fullmatch(r"\d{2,7}")), errors="coerce")
        serial = pd.to_datetime("1899-12-30") + pd.to_timedelta(
            num.where((num >= 61) & (num < 2958466)), unit="D")
        d = iso.fillna(dmy).fillna(serial)
        report(present[f] & d.isna(), f, "type-error")
        report(d.notna() & (d > pd.Timestamp.now()), f, "maximum")
        report(d.notna() & (d < pd.Timestamp("1990-01-01")), f, "minimum")

    name = present.get("last_name", False) | present.get("first_name", False)
    reach = present.get("phone", False) | present.get("email", False)
    for mask, field in ((~name, "last_name"), (~reach, "phone")):
        if isinstance(mask, pd.Series):
            out.append(pd.DataFrame({"line": line[mask], "column": "", "field": field,
                                     "code": "rule-violation", "value": ""}))

    res = pd.concat(out) if out else pd.DataFrame(
        columns=["line", "column", "field", "code", "value"])
    res = res.sort_values("line", kind="stable")
    res.to_csv(sys.stdout, index=False)
    print(f"validate_pandas: {n} records, {len(res)} violations", file=sys.stderr)


if __name__ == "__main__":
    main()
