# tests/stress.sh: rounds of 8 writers and 8 readers at once on one store,
# optionally with writers killed by SIGKILL (sourced by 0300-concurrency.t
# and by torture.sh; POSIX sh, after tests/lib.sh).
#
#   stress_init DIR ROWS      make the input files (ROWS rows each)
#   stress_round N KILLS      round N: start everything at once; KILLS
#                             writers get SIGKILL at a random moment, and
#                             with STRESS_BIG set one more writer, a long
#                             load, is killed at its first progress line
#   stress_check N            the invariants, as TAP lines via ok()
#
# Writers: imports of different and of overlapping contacts files, of
# companies and orders, a crm-dedupe --merge, a crm-rfm --save.  Readers:
# crm-export of four tables, crm-dedupe and crm-validate against the store.
# Every writer must have committed whole (exit 0 or 1, its import_runs row
# there) or failed with exit 4 and a message (no row), or been killed
# (either, never half); counts of every table must agree with import_runs
# and merges; PRAGMA integrity_check and foreign_key_check must be clean.

S_DIR=
S_ROWS=
S_KILLED=0		# writers killed so far
S_COMMITTED_KILLED=0	# ... of them, committed before the signal came
S_FAILED4=0		# writers that failed with exit 4 (and a message)
S_BAD=0			# invariant violations

s_rand() {	# random number below $1
	echo $(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % $1 ))
}

s_contacts() {	# file prefix n phonebase: n contacts with e-mails prefixN@...
	awk -v p="$2" -v n="$3" -v b="$4" 'BEGIN {
		print "email,first_name,last_name,phone,city"
		for (i = 1; i <= n; i++)
			printf "%s%d@example.ru,Имя%d,Фамилия%s%d,+7 912 %03d-%02d-%02d,Тула\n",
			    p, i, i, p, i, b, int(i / 100) % 100, i % 100
	}' >"$1"
}

stress_init() {
	S_DIR=$1
	S_ROWS=$2
	mkdir -p "$S_DIR"
	S_DB=$S_DIR/stress.db
	export S_DB
	if [ -n "${STRESS_BIG:-}" ] && [ ! -f "$S_DIR/big.csv" ]; then
		awk 'BEGIN { print "external_id,type,subject"
		    for (i = 1; i <= 140000; i++) printf "ACT%d,call,Звонок номер %d\n", i, i }' \
		    >"$S_DIR/big.csv"
	fi
}

# Start one process in the background: name, then the command.
s_start() {
	_nm=$1; shift
	"$@" >"$S_DIR/$_nm.out" 2>"$S_DIR/$_nm.err" &
	eval "S_PID_$_nm=$!"
	S_NAMES="$S_NAMES $_nm"
}

stress_round() {
	_r=$1; _kills=$2
	_d=$S_DIR
	s_contacts "$_d/a$_r.csv" "a$_r-" "$S_ROWS" $((_r % 900 + 100))
	s_contacts "$_d/b$_r.csv" "b$_r-" "$S_ROWS" $(((_r + 300) % 900 + 100))
	# overlapping a: half its e-mails, another city
	head -n $((S_ROWS / 2 + 1)) "$_d/a$_r.csv" | sed '2,$s/,Тула$/,Омск/' >"$_d/c$_r.csv"
	# duplicates of a: the same people and phones, other e-mails
	sed '2,$s/^a/dup/' "$_d/a$_r.csv" >"$_d/d$_r.csv"
	awk -v r="$_r" -v n="$S_ROWS" 'BEGIN { print "name,city"
	    for (i = 1; i <= n; i++) printf "ООО Компания %d-%d,Тула\n", r, i }' >"$_d/e$_r.csv"
	awk -v r="$_r" -v n="$S_ROWS" 'BEGIN { print "external_id,customer,order_date,amount,status"
	    for (i = 1; i <= n; i++) printf "O%d-%d,c%d,2024-%02d-%02d,%d.50,paid\n",
	        r, i, i % 37, i % 12 + 1, i % 28 + 1, i * 10 }' >"$_d/o$_r.csv"
	S_SNAP0=$(sqlite3 "$S_DB" 'SELECT count(*) FROM rfm_snapshots' 2>/dev/null || echo 0)
	S_MRUN0=$(sqlite3 "$S_DB" 'SELECT count(*) FROM merge_runs' 2>/dev/null || echo 0)
	S_NAMES=
	export CRM_DB="$S_DB"
	s_start w1 crm-import contacts "$_d/a$_r.csv"
	s_start w2 crm-import contacts "$_d/b$_r.csv"
	s_start w3 crm-import contacts "$_d/c$_r.csv"
	s_start w4 crm-import contacts "$_d/d$_r.csv"
	s_start w5 crm-import companies "$_d/e$_r.csv"
	s_start w6 crm-import orders "$_d/o$_r.csv"
	s_start w7 crm-dedupe --merge contacts -q
	s_start w8 crm-rfm --save --as-of 2025-01-01 -q "$_d/o$_r.csv"
	if [ -n "${STRESS_BIG:-}" ]; then
		cp "$_d/big.csv" "$_d/big$_r.csv"
		s_start wbig crm-import activities --progress "$_d/big$_r.csv"
	fi
	s_start r1 crm-export contacts -f csv -q
	s_start r2 crm-export contacts -f jsonl -q
	s_start r3 crm-export import_runs -f csv -q
	s_start r4 crm-export orders -f csv -q
	s_start r5 crm-export companies -f csv -q
	s_start r6 crm-dedupe --from-db --db "$S_DB" contacts -q
	s_start r7 crm-validate --db "$S_DB" contacts "$_d/a$_r.csv" -q
	s_start r8 crm-export contacts -f csv -q
	S_KILL=
	_k=0
	while [ "$_k" -lt "$_kills" ]; do
		_w=w$(( $(s_rand 8) + 1 ))
		case " $S_KILL " in *" $_w "*) ;; *)
			S_KILL="$S_KILL $_w"
			( sleep "0.$(s_rand 4)$(s_rand 10)$(s_rand 10)"; eval "kill -9 \$S_PID_$_w" 2>/dev/null ) &
		esac
		_k=$((_k + 1))
	done
	if [ -n "${STRESS_BIG:-}" ]; then
		S_KILL="$S_KILL wbig"
		( while kill -0 "$S_PID_wbig" 2>/dev/null; do
			if grep -q 'records' "$_d/wbig.err" 2>/dev/null; then
				kill -9 "$S_PID_wbig"; break
			fi
			sleep 0.05
		done ) &
	fi
	for _nm in $S_NAMES; do
		eval "wait \$S_PID_$_nm"
		eval "S_ST_$_nm=$?"
	done
	wait	# the killers
}

s_bad() {
	S_BAD=$((S_BAD + 1))
	echo "# round $1: $2"
	[ -f "$S_DIR/$3.err" ] && sed 's/^/#   /' "$S_DIR/$3.err" | tr '\r' '\n' | head -5
}

s_sql() {
	sqlite3 "$S_DB" "$1"
}

stress_check() {
	_r=$1
	_bad0=$S_BAD
	for _nm in $S_NAMES; do
		eval "_st=\$S_ST_$_nm"
		case $_nm in
		w1|w2|w3|w4|w5|w6|wbig)
			case $_nm in
			w1) _f=a ;; w2) _f=b ;; w3) _f=c ;; w4) _f=d ;; w5) _f=e ;;
			w6) _f=o ;; wbig) _f=big ;;
			esac
			_nrun=$(s_sql "SELECT count(*) FROM import_runs WHERE file = '$S_DIR/$_f$_r.csv' AND finished IS NOT NULL")
			_all=$(s_sql "SELECT count(*) FROM import_runs WHERE file = '$S_DIR/$_f$_r.csv'")
			[ "$_nrun" = "$_all" ] || s_bad "$_r" "$_nm: an import_runs row not finished" "$_nm"
			case $_st in
			0|1) [ "$_nrun" = 1 ] || s_bad "$_r" "$_nm exit $_st but $_nrun import_runs rows" "$_nm" ;;
			4) S_FAILED4=$((S_FAILED4 + 1))
			   echo "# round $_r: $_nm exit 4: $(head -c 200 "$S_DIR/$_nm.err" | tr '\r\n' '  ')"
			   [ "$_nrun" = 0 ] || s_bad "$_r" "$_nm exit 4 but its run was kept" "$_nm"
			   [ -s "$S_DIR/$_nm.err" ] || s_bad "$_r" "$_nm exit 4 without a message" "$_nm" ;;
			137) S_KILLED=$((S_KILLED + 1))
			   [ "$_nrun" -le 1 ] || s_bad "$_r" "$_nm killed: $_nrun rows" "$_nm"
			   [ "$_nrun" = 1 ] && S_COMMITTED_KILLED=$((S_COMMITTED_KILLED + 1)) ;;
			*) s_bad "$_r" "$_nm exit $_st" "$_nm" ;;
			esac ;;
		w7|w8)
			case $_st in
			0|1) ;;
			4) S_FAILED4=$((S_FAILED4 + 1))
			   echo "# round $_r: $_nm exit 4: $(head -c 200 "$S_DIR/$_nm.err" | tr '\r\n' '  ')"
			   [ -s "$S_DIR/$_nm.err" ] || s_bad "$_r" "$_nm exit 4 without a message" "$_nm" ;;
			137) S_KILLED=$((S_KILLED + 1)) ;;
			*) s_bad "$_r" "$_nm exit $_st" "$_nm" ;;
			esac ;;
		r*)
			case $_st in
			0|1) ;;
			4) [ -s "$S_DIR/$_nm.err" ] || s_bad "$_r" "$_nm exit 4 without a message" "$_nm" ;;
			*) s_bad "$_r" "reader $_nm exit $_st" "$_nm" ;;
			esac ;;
		esac
	done
	# rfm --save: a snapshot exactly when it said so (or was killed).
	_snap=$(s_sql 'SELECT count(*) FROM rfm_snapshots')
	case $S_ST_w8 in
	0|1) [ "$_snap" -eq $((S_SNAP0 + 1)) ] || s_bad "$_r" "rfm --save exit $S_ST_w8: snapshots $S_SNAP0 -> $_snap" w8 ;;
	137) [ "$_snap" -le $((S_SNAP0 + 1)) ] || s_bad "$_r" "rfm killed: snapshots $S_SNAP0 -> $_snap" w8 ;;
	*) [ "$_snap" -eq "$S_SNAP0" ] || s_bad "$_r" "rfm --save failed but saved" w8 ;;
	esac
	_mrun=$(s_sql 'SELECT count(*) FROM merge_runs')
	case $S_ST_w7 in
	0|1|137) [ "$_mrun" -le $((S_MRUN0 + 1)) ] || s_bad "$_r" "merge runs $S_MRUN0 -> $_mrun" w7 ;;
	*) [ "$_mrun" -eq "$S_MRUN0" ] || s_bad "$_r" "merge failed but kept a run" w7 ;;
	esac
	# Counts agree with import_runs and merges.
	for _e in contacts companies orders activities; do
		_have=$(s_sql "SELECT count(*) FROM $_e")
		_ins=$(s_sql "SELECT coalesce(sum(inserted), 0) FROM import_runs WHERE entity = '$_e'")
		_merged=$(s_sql "SELECT count(*) FROM merges m JOIN merge_runs r ON m.run = r.id WHERE m.entity = '$_e' AND m.merged_id != m.survivor AND r.undone_at IS NULL")
		[ "$_have" -eq $((_ins - _merged)) ] ||
		    s_bad "$_r" "$_e: $_have rows, import_runs inserted $_ins, merged away $_merged" none
	done
	_rej=$(s_sql 'SELECT count(*) FROM rejects WHERE run NOT IN (SELECT id FROM import_runs)')
	[ "$_rej" = 0 ] || s_bad "$_r" "$_rej rejects of no run" none
	_ic=$(s_sql 'PRAGMA integrity_check')
	[ "$_ic" = ok ] || s_bad "$_r" "integrity_check: $_ic" none
	_fk=$(s_sql 'PRAGMA foreign_key_check')
	[ -z "$_fk" ] || s_bad "$_r" "foreign_key_check: $_fk" none
	[ "$S_BAD" -eq "$_bad0" ]
}
