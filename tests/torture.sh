#!/bin/sh
# make torture: tests/stress.sh's rounds of 8 writers and 8 readers, with
# writers killed by SIGKILL at random moments (KILLS a round) and one more
# writer, a 140,000-row load, killed at its first progress line.  A fresh
# store every 10 rounds, so that first loads into empty tables (under a
# rollback journal) are killed too.  Prints the figures docs/torture.md
# records; exits 1 on any broken invariant.
#
#   ROUNDS=100 KILLS=4 sh tests/torture.sh
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/stress.sh"

rounds=${ROUNDS:-100}
kills=${KILLS:-4}
CRM_BUSY_TIMEOUT=${CRM_BUSY_TIMEOUT:-60000}; export CRM_BUSY_TIMEOUT
STRESS_BIG=1
start=$(date +%s)
stress_init "$T/stress" 200
r=1
while [ $r -le $rounds ]; do
	if [ $((r % 10)) -eq 1 ]; then
		rm -f "$T"/stress/stress.db*
	fi
	stress_round $r "$kills"
	stress_check $r
	ok "round $r: killed:$S_KILL" $?
	rm -f "$T"/stress/[a-eo]$r.csv "$T/stress/big$r.csv"
	r=$((r + 1))
done
end=$(date +%s)
echo "# rounds $rounds, writers killed $S_KILLED ($S_COMMITTED_KILLED of them had committed" \
    "before the signal), writers failed with exit 4: $S_FAILED4, broken invariants: $S_BAD," \
    "$((end - start)) s; load: $(uptime | sed 's/.*load average: //')"
done_testing
