#!/bin/sh
# bench/run.sh [NN ...]: what `make bench` runs.
#
# Generates the benchmark data once into $BENCH_DIR (bench/gen.py; kept and
# reused while the generator and the sizes stay the same), runs every
# bench/NN-*.sh in order (or only the steps NN given) with BENCH_DIR and the
# sizes in the environment, then joins bench/out/NN-*.md into bench/RESULTS.md
# under a header that describes the machine and the tool versions.
#
# Environment: BENCH_DIR (bench/out/data), BENCH_ROWS (1000000 contacts),
# BENCH_EXCEL_ROWS (100000, the CP1251 Excel variant), BENCH_ORDERS
# (1000000), BENCH_SEED (42), BENCH_RESULTS (bench/RESULTS.md).
# The programs are taken from PATH (`make bench` puts the fresh build first).
set -u
cd "$(dirname "$0")/.." || exit 5
OUT=bench/out
BENCH_DIR=${BENCH_DIR:-$OUT/data}
BENCH_ROWS=${BENCH_ROWS:-1000000}
BENCH_EXCEL_ROWS=${BENCH_EXCEL_ROWS:-100000}
BENCH_ORDERS=${BENCH_ORDERS:-1000000}
BENCH_SEED=${BENCH_SEED:-42}
RESULTS=${BENCH_RESULTS:-bench/RESULTS.md}
export BENCH_DIR BENCH_ROWS BENCH_EXCEL_ROWS BENCH_ORDERS BENCH_SEED
mkdir -p "$OUT" "$BENCH_DIR" || exit 5
# run by hand after `make`: use the binaries built here unless PATH has some
if ! command -v crm-import >/dev/null 2>&1 && [ -x ./crm-import ]; then
	PATH=$(pwd):$PATH
	export PATH
fi

say() { printf 'bench: %s\n' "$*" >&2; }

# one run at a time: the steps share $BENCH_DIR and bench/out
LOCK=$OUT/.lock
if ! mkdir "$LOCK" 2>/dev/null; then
	pid=$(cat "$LOCK/pid" 2>/dev/null)
	if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
		say "another bench run (pid $pid) is using $OUT; try again when it is done"
		exit 1
	fi
	say "removing the stale lock of pid ${pid:-?}"
	rm -rf "$LOCK" && mkdir "$LOCK" || exit 5
fi
echo $$ > "$LOCK/pid"
trap 'rm -rf "$LOCK"' EXIT
trap 'exit 130' INT TERM

# ---- data
stamp="gen $(cksum < bench/gen.py | cut -d' ' -f1) rows $BENCH_ROWS excel $BENCH_EXCEL_ROWS orders $BENCH_ORDERS seed $BENCH_SEED"
if [ "$(cat "$BENCH_DIR/.stamp" 2>/dev/null)" != "$stamp" ]; then
	rm -f "$BENCH_DIR/.stamp"
	say "generating $BENCH_ROWS contacts and $BENCH_ORDERS orders into $BENCH_DIR"
	t0=$(date +%s)
	python3 bench/gen.py --rows "$BENCH_ROWS" --seed "$BENCH_SEED" \
	    --orders "$BENCH_ORDERS" --out "$BENCH_DIR" || exit 5
	t1=$(date +%s)
	python3 bench/gen.py --rows "$BENCH_EXCEL_ROWS" --seed "$BENCH_SEED" \
	    --excel --out "$BENCH_DIR" || exit 5
	t2=$(date +%s)
	{
		echo "## Data"
		echo
		echo "Made by \`bench/gen.py\` (seed $BENCH_SEED, 10 % duplicate rows with the truth in"
		echo "\`truth.csv\`); generation took $((t1 - t0)) s for the main set and"
		echo "$((t2 - t1)) s for the Excel variant."
		echo
		echo "| file | rows | size |"
		echo "|---|---:|---:|"
		for f in contacts.csv truth.csv companies.csv orders.csv contacts-excel.csv; do
			[ -f "$BENCH_DIR/$f" ] || continue
			n=$(($(wc -l < "$BENCH_DIR/$f") - 1))
			s=$(wc -c < "$BENCH_DIR/$f")
			printf '| `%s` | %s | %s MB |\n' "$f" "$n" \
			    "$(awk -v s="$s" 'BEGIN { printf "%.1f", s / 1e6 }')"
		done
		echo
		echo "\`contacts.csv\`: UTF-8, \`,\`, LF, the canonical headers (\`external_id,last_name,"
		echo "first_name,middle_name,company,phone,email,city,source,created_at,amount,truth_id\`)."
		echo "\`contacts-excel.csv\`: CP1251, \`;\`, CRLF, Russian headers, as Excel saves it."
		echo
	} > "$BENCH_DIR/data.md"
	echo "$stamp" > "$BENCH_DIR/.stamp"
fi
cp "$BENCH_DIR/data.md" "$OUT/00-data.md"

# ---- steps
if [ $# -gt 0 ]; then
	steps=
	for n in "$@"; do
		for s in bench/"$n"-*.sh; do
			[ -f "$s" ] || { say "no step $n"; exit 2; }
			steps="$steps $s"
		done
	done
else
	steps=$(ls bench/[0-9][0-9]-*.sh 2>/dev/null)
	rm -f "$OUT"/[0-9][0-9]-*.md
	cp "$BENCH_DIR/data.md" "$OUT/00-data.md"
fi
load0=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)
commit=$(git rev-parse --short HEAD 2>/dev/null)
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit (with local changes)"
failed=
for s in $steps; do
	name=$(basename "$s" .sh)
	say "running $s"
	if ! sh "$s"; then
		failed="$failed $name"
		say "$s failed"
		[ -f "$OUT/$name.md" ] || printf '## %s\n\nThe step failed; see the log of `make bench`.\n\n' \
		    "$name" > "$OUT/$name.md"
	fi
done

# ---- the report
ver() {	# command...: its first line of version output, or "not installed"
	if command -v "$1" >/dev/null 2>&1; then
		"$@" 2>&1 | head -n 1
	else
		echo "not installed"
	fi
}
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
[ -n "$cpu" ] || cpu=$(uname -m)
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
os=$(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME")
fs=$(df -T "$BENCH_DIR" 2>/dev/null | awk 'NR == 2 { print $2 }')
# a synchronous 4 KiB write costs about one fsync: what a commit waits for
fsync=$(dd if=/dev/zero of="$BENCH_DIR/.dsync" bs=4k count=100 oflag=dsync 2>&1 |
    awk -F', ' '/copied/ { split($(NF - 1), t, " "); printf "%.1f ms", t[1] * 10 }')
rm -f "$BENCH_DIR/.dsync"
{
	echo "# Benchmark results"
	echo
	echo "Written by \`make bench\` (bench/run.sh); see bench/README.md for what each step"
	echo "measures and how. One run per command, so expect a few per cent of noise, and more"
	echo "when the load average below exceeds the number of cores: wall times then include"
	echo "waiting for a CPU, while the user and system times do not."
	echo
	echo "| | |"
	echo "|---|---|"
	echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
	echo "| CPU | $cpu |"
	echo "| cores | $(nproc 2>/dev/null) online ($(getconf _NPROCESSORS_CONF 2>/dev/null) configured) |"
	echo "| load average (1, 5, 15 min) | ${load0:-?} before the steps, $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null) after |"
	echo "| RAM | $mem |"
	echo "| OS | ${os:-unknown}, $(uname -sr) |"
	echo "| file system of the data | ${fs:-unknown}; a synchronous 4 KiB write (about one fsync) takes ${fsync:-?} |"
	echo "| toolkit | commit $commit, $(ver crm-import --version) |"
	echo "| compiler | $(ver cc --version) |"
	echo "| sqlite3 | $(ver sqlite3 --version | cut -d' ' -f1-2) |"
	echo "| sqlite-utils | $(ver sqlite-utils --version) |"
	echo "| csvkit (csvsql) | $(ver csvsql --version) |"
	echo "| Miller | $(ver mlr --version) |"
	echo "| hyperfine | $(ver hyperfine --version) |"
	echo "| Python | $(ver python3 --version) (generator); system $(ver /usr/bin/python3 --version) (peers) |"
	echo "| pandas | $(/usr/bin/python3 -c 'import pandas; print(pandas.__version__)' 2>/dev/null ||
	    python3 -c 'import pandas; print(pandas.__version__)' 2>/dev/null || echo 'not installed') |"
	echo "| GNU time | $(dpkg-query -W -f '${Version}' time 2>/dev/null || ver /usr/bin/time --version) |"
	echo
	for f in "$OUT"/[0-9][0-9]-*.md; do
		[ -f "$f" ] && cat "$f"
	done
} > "$RESULTS.tmp" && mv "$RESULTS.tmp" "$RESULTS"
say "wrote $RESULTS"
if [ -n "$failed" ]; then
	say "failed steps:$failed"
	exit 1
fi
exit 0
