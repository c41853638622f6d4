#!/bin/sh
# eval_f1.sh [-f] FILE TRUTH [CLUSTER]: pairwise precision, recall and F1 of
# the CLUSTER column (default "cluster") of crm-dedupe's CSV output against
# the TRUTH column.  -f: TRUTH is a FEBRL rec_id ("rec-12-dup-0" and
# "rec-12-org" are one entity).  Pairs are counted from the contingency table
# of (cluster, truth), never materialised.  Prints "P R F1 tp predicted true".
febrl=0
[ "${1:-}" = -f ] && { febrl=1; shift; }
[ $# -ge 2 ] || { echo "usage: eval_f1.sh [-f] file truth [cluster]" >&2; exit 2; }
exec awk -v truth="$2" -v pred="${3:-cluster}" -v febrl=$febrl '
function split_csv(line, out,    n, i, c, f, q) {
	n = 0; f = ""; q = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (q) {
			if (c == "\"") {
				if (substr(line, i + 1, 1) == "\"") { f = f "\""; i++ }
				else q = 0
			} else f = f c
		} else if (c == "\"") q = 1
		else if (c == ",") { out[++n] = f; f = "" }
		else f = f c
	}
	out[++n] = f
	return n
}
function trim(s) { gsub(/^[ \t\r]+|[ \t\r]+$/, "", s); return s }
function c2(n) { return n * (n - 1) / 2 }
NR == 1 {
	n = split_csv($0, h)
	for (i = 1; i <= n; i++) { k = trim(h[i]); if (k == truth) tc = i; if (k == pred) pc = i }
	if (!tc || !pc) { print "eval_f1: no column " (tc ? pred : truth) > "/dev/stderr"; exit 2 }
	next
}
{
	split_csv($0, v)
	t = trim(v[tc]); p = trim(v[pc])
	if (febrl) sub(/-(org|dup-[0-9]+)$/, "", t)
	cell[p SUBSEP t]++; np[p]++; nt[t]++
}
END {
	if (!tc || !pc) exit 2
	for (k in cell) tp += c2(cell[k])
	for (k in np) pp += c2(np[k])
	for (k in nt) tt += c2(nt[k])
	P = pp ? tp / pp : 1; R = tt ? tp / tt : 1
	F = P + R ? 2 * P * R / (P + R) : 0
	printf "%.4f %.4f %.4f %d %d %d\n", P, R, F, tp, pp, tt
}' "$1"
