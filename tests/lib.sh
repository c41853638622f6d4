# tests/lib.sh: TAP helpers for the shell tests (sourced; POSIX sh).
#
#   plan N | check NAME CMD... | check_same NAME CMD1 CMD2 | expect_code N CMD...
#   check_out NAME FILE CMD...   (stdout of CMD equals FILE; CRM_UPDATE_GOLDEN=1
#                                 rewrites FILE: review the diff before committing)
#   done_testing
# Every test runs in its own temporary directory $T (removed at exit) with
# CRM_DB=$T/crm.db, and never touches $HOME.

set -u
LC_ALL=C.UTF-8; export LC_ALL
TZ=UTC; export TZ
TOP=$(cd "$(dirname "$0")/.." && pwd)
DATA=$TOP/tests/data
PATH=$TOP:$PATH; export PATH
T=$(mktemp -d "${TMPDIR:-/tmp}/crm-test.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
CRM_DB=$T/crm.db; export CRM_DB
HOME=$T; export HOME
_n=0
_failed=0

plan() { echo "1..$1"; }

_result() {	# status name
	_n=$((_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_n - $2"
	else
		echo "not ok $_n - $2"
		_failed=$((_failed + 1))
	fi
}

ok() {		# name cond-status
	_result "$2" "$1"
}

check() {	# name cmd...
	_name=$1; shift
	if "$@" >"$T/.out" 2>"$T/.err"; then _result 0 "$_name"; else
		_result 1 "$_name"
		sed 's/^/# /' "$T/.err" | head -20
	fi
}

# expect_code N cmd...: the command exits with N (stdout in $T/.out, stderr in $T/.err).
expect_code() {
	_want=$1; shift
	"$@" >"$T/.out" 2>"$T/.err"
	_got=$?
	if [ "$_got" -eq "$_want" ]; then _result 0 "exit $_want: $*"; else
		_result 1 "exit $_want: $*"
		echo "# got exit $_got"
		sed 's/^/# /' "$T/.err" | head -20
	fi
}

# check_out name expected-file cmd...: stdout equals the file.
check_out() {
	_name=$1; _exp=$2; shift 2
	"$@" >"$T/.out" 2>"$T/.err"
	# CRM_UPDATE_GOLDEN=1 writes what the command printed as the golden file.
	[ -z "${CRM_UPDATE_GOLDEN:-}" ] || cp "$T/.out" "$_exp"
	if diff -u "$_exp" "$T/.out" >"$T/.diff"; then _result 0 "$_name"; else
		_result 1 "$_name"
		head -40 "$T/.diff" | sed 's/^/# /'
		sed 's/^/# stderr: /' "$T/.err" | head -10
	fi
}

# check_same name cmd1 cmd2: both print the same (run through sh -c).
check_same() {
	sh -c "$2" >"$T/.a" 2>/dev/null
	sh -c "$3" >"$T/.b" 2>/dev/null
	if diff -u "$T/.a" "$T/.b" >"$T/.diff"; then _result 0 "$1"; else
		_result 1 "$1"
		head -40 "$T/.diff" | sed 's/^/# /'
	fi
}

# grep_err name pattern: the last command's stderr matches the pattern.
grep_err() {
	if grep -q -- "$2" "$T/.err"; then _result 0 "$1"; else
		_result 1 "$1"
		sed 's/^/# stderr: /' "$T/.err" | head -10
	fi
}

done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
}
