#!/bin/sh
# crm-dedupe quality on public data: pairwise F1 (tests/eval_f1.sh) of the
# stream output's cluster column against the truth.  FEBRL 1, 2, 3 within
# one file, 4a+4b across two files: F1 >= 0.999; Splink's fake_1000: >= 0.96
# (0.924 before the phonetic blocking passes and the date levels).  The
# auto band's pairs (--pairs): precision >= 0.99.
. "$(dirname "$0")/lib.sh"
D=$DATA/dedupe
EVAL=$TOP/tests/eval_f1.sh

at_least() {	# name min file truth [-f]
	_r=$(sh "$EVAL" ${5:-} "$3" "$4") || { ok "$1: evaluation ran" 1; return; }
	echo "# $1: P R F1 tp predicted true = $_r"
	_f=$(echo "$_r" | cut -d' ' -f3)
	ok "$1: F1 $_f >= $2" "$(awk -v f="$_f" -v m="$2" 'BEGIN { print (f >= m) ? 0 : 1 }')"
}

# auto_precision name pairs.csv truth.csv: the share of auto pairs whose two
# ids (first column of truth.csv) have one truth (second column) >= 0.99;
# without truth.csv the ids are FEBRL rec_ids.
auto_precision() {
	_r=$(awk -F, -v tf="${3:-}" 'BEGIN { if (tf != "") while ((getline l < tf) > 0) { split(l, a, ","); t[a[1]] = a[2] } }
	function ent(id) { if (tf != "") return t[id]; sub(/-(org|dup-[0-9]+)$/, "", id); return id }
	FNR > 1 && $4 == "auto" { n++; if (ent($1) == ent($2)) k++ }
	END { printf "%.4f %d %d\n", n ? k / n : 0, k, n }' "$2")
	echo "# $1: auto precision, true, auto pairs = $_r"
	ok "$1: auto-band precision >= 0.99" "$(echo "$_r" | awk '{ print ($1 >= 0.99 && $3 > 0) ? 0 : 1 }')"
}

for n in 1 2 3; do
	crm-dedupe -q contacts "$D/febrl_dataset$n.csv" >"$T/f$n.csv"
	ok "febrl$n: exit 1 (duplicates found)" "$( [ $? -eq 1 ]; echo $?)"
	at_least "febrl$n" 0.999 "$T/f$n.csv" rec_id -f
	crm-dedupe -q --pairs contacts "$D/febrl_dataset$n.csv" >"$T/fp$n.csv"
	auto_precision "febrl$n" "$T/fp$n.csv"
done

crm-dedupe -q --link contacts "$D/febrl_dataset4a.csv" "$D/febrl_dataset4b.csv" >"$T/f4.csv"
at_least "febrl4a+4b (--link)" 0.999 "$T/f4.csv" rec_id -f
crm-dedupe -q contacts "$D/febrl_dataset4a.csv" "$D/febrl_dataset4b.csv" >"$T/f4d.csv"
at_least "febrl4a+4b (one pool)" 0.999 "$T/f4d.csv" rec_id -f

# fake_1000's truth column is called cluster: rename it so ours is the only one.
sed '1s/,cluster$/,truth/' "$D/fake_1000.csv" >"$T/fake.csv"
crm-dedupe -q contacts "$T/fake.csv" >"$T/fake.out"
at_least "fake_1000" 0.96 "$T/fake.out" truth
crm-dedupe -q --pairs contacts "$T/fake.csv" >"$T/fake.pairs"
awk -F, 'NR > 1 { print $1 "," $NF }' "$T/fake.csv" >"$T/fake.truth"
auto_precision "fake_1000" "$T/fake.pairs" "$T/fake.truth"

# Byte-identical output for the same input.
crm-dedupe -q contacts "$D/febrl_dataset3.csv" >"$T/f3b.csv"
cmp -s "$T/f3.csv" "$T/f3b.csv"
ok "febrl3: the same output twice" $?
crm-dedupe -q --pairs contacts "$D/febrl_dataset3.csv" >"$T/p1.csv"
crm-dedupe -q --pairs contacts "$D/febrl_dataset3.csv" >"$T/p2.csv"
cmp -s "$T/p1.csv" "$T/p2.csv"
ok "febrl3: the same pairs twice" $?
done_testing
