#!/bin/sh
# Escalation of stuck deals (and overdue activities): every working morning,
# the open deals that stayed in their stage longer than its sla_days, the
# deals past their expected close date, and the activities past due, one
# file each in a dated directory, and one mail to the sales lead when any
# were found.
#
#   usage: stuck-deals.sh [-d db] [-t address] [outdir]
#
# From cron, Monday to Friday at 08:00:
#   0 8 * * 1-5  cd /srv/crm && sh examples/stuck-deals.sh -d crm.db -t sales-lead@example.com escalation
#
# Without -t (or without a mail command) the summary goes to standard
# output only.  Exit status: 0 nothing to chase, 1 something was found (and
# mailed), 2 usage, 3 or more: a command failed (see its message).
set -u
db=${CRM_DB:-crm.db}
to=
usage() { echo "usage: stuck-deals.sh [-d db] [-t address] [outdir]" >&2; exit 2; }
while [ $# -gt 0 ]; do
	case $1 in
	-d) [ $# -ge 2 ] || usage; db=$2; shift 2 ;;
	-t) [ $# -ge 2 ] || usage; to=$2; shift 2 ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -le 1 ] || usage
[ -f "$db" ] || { echo "stuck-deals.sh: no store '$db'" >&2; exit 4; }
out=${1:-escalation}/$(date +%Y-%m-%d)
mkdir -p "$out" || exit 5

found=0
run() {	# name command...: the records into $out/name.csv; 1 when any
	name=$1
	shift
	"$@" >"$out/$name.csv"
	rc=$?
	[ $rc -le 1 ] || { echo "stuck-deals.sh: $name failed (exit $rc)" >&2; exit $rc; }
	n=$(($(wc -l <"$out/$name.csv") - 1))
	[ "$n" -gt 0 ] && found=1
	printf '%-10s %5d  %s\n' "$name" "$n" "$out/$name.csv"
}

{
	echo "Deals to chase, $(date +%Y-%m-%d):"
	run stuck crm-funnel -q --db "$db" -f csv --stuck
	run slipped crm-funnel -q --db "$db" -f csv --slipped
	# Activities past due that nobody marked done (the store may have none).
	run overdue crm-export -q --db "$db" -f csv activities \
	    --where "(done_at IS NULL OR done_at = '') AND due_at < strftime('%Y-%m-%dT%H:%M:%S', 'now')"
	echo
	echo "Stuck deals per owner:"
	# owner is the third column: how many each owner has
	tail -n +2 "$out/stuck.csv" | cut -d, -f3 | sort | uniq -c | sort -rn
} >"$out/summary.txt"
cat "$out/summary.txt"

if [ $found = 1 ] && [ -n "$to" ] && command -v mail >/dev/null; then
	mail -s "CRM: deals to chase, $(date +%Y-%m-%d)" "$to" <"$out/summary.txt" ||
	    exit 5
fi
exit $found
