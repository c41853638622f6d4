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
