#!/bin/sh
# The weekly sales report, and on the first Monday of a month the monthly
# forecast: last week's funnel beside the week before, managers, lead
# sources and KPIs of last week, as one text file and one HTML page with
# charts in a dated directory (and CSV files beside them); mailed with
# sendmail when -t is given and sendmail is there (the page, with the
# text for mail readers that show no HTML).
#
#   usage: weekly-report.sh [-d db] [-t address] [outdir]
#
# From cron, Mondays at 07:00:
#   0 7 * * 1  cd /srv/crm && sh examples/weekly-report.sh -d crm.db -t sales@example.com reports
#
# Exit status: 0 done, 2 usage, 3 or more: a command failed (see its message).
set -u
db=${CRM_DB:-crm.db}
to=
usage() { echo "usage: weekly-report.sh [-d db] [-t address] [outdir]" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	-d) [ $# -ge 2 ] || usage; db=$2; shift 2 ;;
	-t) [ $# -ge 2 ] || usage; to=$2; shift 2 ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -le 1 ] || usage
[ -f "$db" ] || { echo "weekly-report.sh: no store '$db'" >&2; exit 4; }
today=$(date +%Y-%m-%d)
lastweek=$(date -d "$today -7 days" +%Y-%m-%d 2>/dev/null || date +%Y-%m-%d)
out=${1:-reports}/$today
mkdir -p "$out" || exit 5

W="--db $db --period week --at $lastweek"
ok() { [ "$1" -le 1 ] || exit "$1"; }	# 1: records named on stderr
crm-report -q $W -f table --compare funnel managers sources kpi \
    >"$out/weekly.txt"
ok $?
crm-report -q $W --compare --html "$out/weekly.html" funnel managers sources kpi
ok $?
for r in managers sources kpi; do
	crm-report -q $W -f csv -o "$out/$r.csv" $r
	ok $?
done
# The first Monday of the month: the forecast by month of expected close.
if [ "$(date +%d)" -le 7 ]; then
	crm-report -q --db "$db" -f csv -o "$out/forecast.csv" forecast
	ok $?
fi
echo "weekly report: $out/weekly.txt, $out/weekly.html"
if [ -n "$to" ] && command -v sendmail >/dev/null; then
	{
		b="crm-weekly-$today-$$"
		printf 'To: %s\nSubject: Weekly sales report %s\n' "$to" "$today"
		printf 'MIME-Version: 1.0\n'
		printf 'Content-Type: multipart/alternative; boundary="%s"\n\n' "$b"
		printf -- '--%s\nContent-Type: text/plain; charset=UTF-8\n\n' "$b"
		cat "$out/weekly.txt"
		printf -- '\n--%s\nContent-Type: text/html; charset=UTF-8\n\n' "$b"
		cat "$out/weekly.html"
		printf -- '\n--%s--\n' "$b"
	} | sendmail -t || exit 5
fi
exit 0
