# bench/lib.sh: shared by the bench steps (sourced; not a step itself).

# timed N CMD...: run CMD under GNU time, its stdout in $W/out.N and stderr
# in $W/err.N, and print "wall|rss_kb|user|sys|exit|" (no newline).
timed() {
	_n=$1
	shift
	/usr/bin/time -v -o "$W/time.$_n" "$@" > "$W/out.$_n" 2> "$W/err.$_n"
	awk -F': ' '
		/Elapsed \(wall clock\)/ {
			n = split($2, p, ":"); w = 0
			for (i = 1; i <= n; i++) w = w * 60 + p[i]
		}
		/Maximum resident set size/ { rss = $2 }
		/User time/ { u = $2 }
		/System time/ { s = $2 }
		/Exit status/ { x = $2 }
		END { printf "%.2f|%d|%.2f|%.2f|%s|", w, rss, u, s, x }
	' "$W/time.$_n"
}

# ratio A B: A/B as "1.23x", or n/a when either is missing or B is 0.
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "n/a"; else printf "%.2fx", a / b }'
}

# verdict COND A [B]: "met" when the awk condition COND on a and b holds,
# "**not met**" when not, n/a when a figure is missing.
verdict() {
	_c=$1 _a=$2 _b=${3-}
	if [ -z "$_a" ] || { [ $# -ge 3 ] && [ -z "$_b" ]; }; then echo "n/a"; return; fi
	awk -v a="$_a" -v b="$_b" "BEGIN { if ($_c) print \"met\"; else print \"**not met**\" }"
}

# crate LABEL: rows per CPU second (user + system) of the row labelled LABEL
# in $RES, whose lines are label|rows|wall|rss_kb|user|sys|...: what the
# wall rate would be on an idle machine.
crate() { awk -F'|' -v l="$1" '$1 == l && $5 + $6 > 0 { printf "%.0f", $2 / ($5 + $6) }' "$RES"; }
