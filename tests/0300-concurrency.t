#!/bin/sh
# 8 writers and 8 readers at once on one store, a few rounds (make torture
# runs a hundred, with writers killed): every writer committed whole or
# failed with exit 4 and a message; counts agree with import_runs and
# merges; integrity_check is ok.  The first round starts on no store at
# all, so the first loads race each other into empty tables.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/stress.sh"

CRM_BUSY_TIMEOUT=60000; export CRM_BUSY_TIMEOUT
rounds=${CRM_STRESS_ROUNDS:-3}
stress_init "$T/stress" 150
r=1
while [ $r -le $rounds ]; do
	stress_round $r 0
	stress_check $r
	ok "round $r: 8 writers, 8 readers: all or nothing, counts agree, integrity ok" $?
	r=$((r + 1))
done
[ "$S_FAILED4" -eq 0 ]
ok "no writer failed with 'database is locked': each waited (busy timeout)" $?
[ "$(sqlite3 "$S_DB" 'PRAGMA journal_mode')" = wal ]
ok "the store is in WAL mode after the rounds" $?
[ "$(sqlite3 "$S_DB" "SELECT count(*) FROM import_runs WHERE entity = 'contacts'")" -ge $((4 * rounds - 4)) ]
ok "most contact imports committed (busy timeout waited)" $?
done_testing
