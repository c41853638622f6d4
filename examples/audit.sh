#!/bin/sh
# The quarterly data-quality audit of the store: export every entity, check
# it with crm-validate against the builtin rules (or RULES_DIR/<entity>.json),
# and keep the violations and a JSON summary per entity in a dated directory;
# then the stage rules of the deals' history (crm-funnel --check), and the
# whole audit on one page (crm-report quality: quality.csv).
#
#   usage: audit.sh [-d db] [outdir]
#
# From cron, on the first day of each quarter at 06:00:
#   0 6 1 1,4,7,10 *  cd /srv/crm && sh examples/audit.sh -d crm.db audits
#
# Exit status: 0 clean, 1 violations of severity error were found, 2 usage,
# 3 or more: an export or a check failed (see its message).
set -u
db=${CRM_DB:-crm.db}
if [ "${1:-}" = "-d" ]; then
	[ $# -ge 2 ] || { echo "usage: audit.sh [-d db] [outdir]" >&2; exit 2; }
	db=$2
	shift 2
fi
[ $# -le 1 ] || { echo "usage: audit.sh [-d db] [outdir]" >&2; exit 2; }
out=${1:-audit}/$(date +%Y-%m-%d)
[ -f "$db" ] || { echo "audit.sh: no store '$db'" >&2; exit 4; }
mkdir -p "$out" || exit 5

status=0
printf '%-10s %9s %9s %9s %9s  %s\n' entity records clean errors warnings report
for e in contacts companies deals; do
	rules=
	if [ -n "${RULES_DIR:-}" ] && [ -f "$RULES_DIR/$e.json" ]; then
		rules="-r $RULES_DIR/$e.json"
	fi
	# Foreign keys (a deal's company and contact) are checked against the store.
	crm-export -q --db "$db" "$e" |
	    crm-validate -q $rules --db "$db" "$e" --summary "$out/$e.json" \
	    > "$out/$e-violations.csv"
	rc=$?
	if [ $rc -gt 1 ]; then
		echo "audit.sh: checking $e failed (exit $rc)" >&2
		status=$rc
		continue
	fi
	[ $rc -eq 1 ] && [ $status -eq 0 ] && status=1
	# The summary in one line: records, clean, errors, warnings.
	sed -n 's/^    "\(records\|cleanRecords\|errors\|warnings\)": \([0-9]*\),*$/\2/p' \
	    "$out/$e.json" | tr '\n' ' ' |
	    { read -r rec clean err warn; printf '%-10s %9s %9s %9s %9s  %s\n' \
	    "$e" "$rec" "$clean" "$err" "$warn" "$out/$e-violations.csv"; }
done
# The rules of moving between stages (skipped required stages, moves back,
# fields a stage requires), in the same report columns.
crm-funnel -q --db "$db" -f csv --check > "$out/funnel-violations.csv"
rc=$?
if [ $rc -gt 1 ]; then
	echo "audit.sh: checking the funnel failed (exit $rc)" >&2
	status=$rc
else
	[ $rc -eq 1 ] && [ $status -eq 0 ] && status=1
	awk -F, 'NR > 1 { n++; if ($10 == "error") e++; else w++ }
	    END { printf "%-10s %9s %9s %9d %9d  %s\n", "funnel", "", "", e, w, f }' \
	    f="$out/funnel-violations.csv" "$out/funnel-violations.csv"
fi
# The audit on one page (crm-report quality): completeness and validity
# per field by the same rules, duplicate clusters, and the rejects of the
# imports of the quarter just ended.
qrules=
[ -n "${RULES_DIR:-}" ] && qrules="--rules $RULES_DIR"
lastday=$(date -d "$(date +%Y-%m-%d) -1 day" +%Y-%m-%d 2>/dev/null || date +%Y-%m-%d)
crm-report -q --db "$db" $qrules --period quarter --at "$lastday" -f csv \
    -o "$out/quality.csv" quality
rc=$?
if [ $rc -gt 1 ]; then
	echo "audit.sh: the quality report failed (exit $rc)" >&2
	status=$rc
else
	echo "one page: $out/quality.csv"
fi
exit $status
