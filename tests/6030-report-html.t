#!/bin/sh
# crm-report --html: one self-contained page (well-formed, no script,
# nothing fetched) whose title names the period and the store, with SVG
# charts, and whose every table equals crm-report -f csv of that report,
# cell for cell (parsed by tests/report_html.py with Python's html.parser);
# text from the store escaped; the page as an output file.
. "$(dirname "$0")/lib.sh"
R=$TOP/tests/data/report
cd "$T"
for e in stages deals contacts spend orders; do
	crm-import -q $e "$R/$e.csv" || echo "# import $e failed"
done
# An owner and a source with markup and quotes in their names.
printf '%s\n' 'external_id,title,stage,status,amount,owner,source,created_at,closed_at' \
    'D9,x,Won,won,250,"<b>Zoë</b> & ""Co"" O'"'"'Neil",<i>fair</i>,2024-03-04,2024-03-08' \
    >odd.csv
crm-import -q deals odd.csv || echo "# import odd.csv failed"
awk -F, 'NR == 1 || $3 < "2024-03"' "$R/orders.csv" >o1.csv
crm-rfm -q --save --as-of 2024-02-29 o1.csv >/dev/null
crm-rfm -q --save --as-of 2024-03-31 "$R/orders.csv" >/dev/null
M="--period month --at 2024-03-15"
ALL="managers sources forecast kpi funnel segments"
py=$(command -v python3)

expect_code 0 crm-report $M --target 1500 --html page.html $ALL
[ ! -s "$T/.out" ]
ok "--html: nothing on standard output" $?
[ "$(stat -c %a page.html)" = 600 ]
ok "the page is mode 0600" $?
mkdir csv
for k in $ALL; do
	crm-report -q $M --target 1500 -f csv $k >csv/$k.csv
done
check "page: well-formed, self-contained, tables = CSV, titled" \
    "$py" "$TOP/tests/report_html.py" page page.html csv \
    2024-03-01..2024-03-31 "$CRM_DB"
grep -q '&lt;b&gt;Zoë&lt;/b&gt; &amp; &quot;Co&quot; O&#39;Neil' page.html &&
! grep -q '<b>Zoë' page.html && ! grep -q '<i>fair' page.html
ok "names from the store escaped" $?
[ "$(grep -c '<svg class="chart"' page.html)" -ge 6 ]
ok "charts: managers 2, sources 2, forecast, funnel, segments" $?
grep -q 'Forecast by month' page.html && grep -q '<polyline' page.html
ok "forecast: bars and the target as a line" $?
grep -q '<div class="card"><div class="k">lead conversion</div><div class="v">25.0%</div>' page.html
ok "kpi: lead conversion 0.2500 shown as a figure" $?
! grep -qi 'nan\|inf<' page.html
ok "no NaN or inf on the page" $?

# --by owner: the tables as -f csv --by owner; the funnel chart sums the
# owners' funnels (Proposal reached by as many deals as without --by).
rm -rf by && mkdir by
for k in managers forecast funnel; do
	crm-report -q $M --by owner -f csv $k >by/$k.csv
done
crm-report -q $M --by owner --html by.html managers forecast funnel
check "--by owner: tables = CSV" \
    "$py" "$TOP/tests/report_html.py" page by.html by \
    2024-03-01..2024-03-31 "$CRM_DB"
n=$(awk -F, '$1 == "Proposal" { print $3 }' csv/funnel.csv)
[ -n "$n" ] && grep -q "<title>Proposal: $n</title>" by.html &&
grep -q 'Deals reaching each stage, all groups together' by.html
ok "--by owner: the funnel drawn for all owners together" $?

# One report; the page to standard output with -.
crm-report -q $M --html - kpi >kpi.html
mkdir one && cp csv/kpi.csv one/
check "--html -: the page on standard output" \
    "$py" "$TOP/tests/report_html.py" page kpi.html one \
    2024-03-01..2024-03-31 "$CRM_DB"
# A period without records: empty tables, no chart, still a page.
rm -rf none && mkdir none
for k in managers forecast; do
	crm-report -q --from 2030-01-01 --to 2030-01-31 -f csv $k >none/$k.csv
done
crm-report -q --from 2030-01-01 --to 2030-01-31 --html none.html \
    managers forecast
grep -q 'No records in the period' none.html &&
! grep -q '<svg' none.html
ok "no records: a page saying so, no empty chart" $?
check "no records: tables = CSV (headers only)" \
    "$py" "$TOP/tests/report_html.py" page none.html none \
    2030-01-01..2030-01-31 "$CRM_DB"
# An empty store.
CRM_DB=$T/empty.db crm-import -q stages "$R/stages.csv"
expect_code 0 crm-report -d "$T/empty.db" --html empty.html $ALL
grep -q '<table class="records" data-report="funnel"' empty.html
ok "an empty store: a page with every report" $?

# A page of the daily report alone is titled with its day, not a period.
crm-report -q --at 2024-03-11 --html day.html daily
grep -q '<title>CRM report 2024-03-11 ' day.html
ok "daily alone: the title names the day" $?

# The checker itself fails on a page whose number differs from the CSV.
sed 's/<td class="n">1000.00</<td class="n">1000.01</' page.html >bad.html
! cmp -s page.html bad.html &&
! "$py" "$TOP/tests/report_html.py" page bad.html csv \
    2024-03-01..2024-03-31 "$CRM_DB" 2>/dev/null
ok "a changed number is caught" $?

# The page is an output file: never the store, never half written.
expect_code 2 crm-report --html "$CRM_DB" kpi
grep_err "--html onto the store refused" "html"
cp page.html keep.html
expect_code 2 crm-report --html page.html nosuch
cmp -s page.html keep.html
ok "a usage error leaves the old page" $?
expect_code 5 crm-report --html "$T/no/such/dir/p.html" kpi
expect_code 2 crm-report --html
expect_code 2 crm-report --html p.html -o x.csv kpi
[ ! -e x.csv ] && [ ! -e p.html ]
ok "--html with -o: refused, nothing written" $?
done_testing
