#!/bin/sh
# man-synonyms.sh: the header synonyms, as crm-import --list-synonyms prints
# them on standard input, as the mdoc list that crm-import(1) shows between
# its "synonyms begin" and "synonyms end" marks (make man-synonyms writes
# it there; tests/0011-synonyms.t checks that it is up to date).
awk -F '\t' '
{
	key = $1 "\t" $2
	if (!(key in lab)) { keys[++n] = key; lab[key] = "" }
	l = $3
	if (l ~ /^[.\047]/) l = "\\&" l
	lab[key] = lab[key] == "" ? l : lab[key] "; " l
}
END {
	print ".Bl -tag -width Ds"
	for (i = 1; i <= n; i++) {
		split(keys[i], k, "\t")
		if (k[1] == "*")
			print ".It Cm " k[2]
		else
			print ".It Cm " k[2] " Pq " k[1] " only"
		print lab[keys[i]]
	}
	print ".El"
}'
