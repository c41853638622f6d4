#!/bin/sh
# Every program's --help equals its man page SYNOPSIS; every option it lists
# with --list-options is in its man page; the man pages lint clean; the
# completions know every program and complete their options.
. "$(dirname "$0")/lib.sh"
cd "$TOP"

synopsis() {	# page: the SYNOPSIS text on one line
	MANWIDTH=200 mandoc -Tascii "$1" | col -b |
	    sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d;$d' | tr -s ' \t\n' '   ' |
	    sed 's/^ *//; s/ *$//'
}

for prog in $(ls cmd/crm*.c | sed 's|cmd/||; s|\.c$||'); do
	page=man/$prog.1
	if [ ! -f "$page" ]; then
		ok "$prog has a man page" 1
		continue
	fi
	ok "$prog has a man page" 0
	want=$(synopsis "$page")
	got=$("$prog" --help | head -1 | sed 's/^usage: //' | tr -s ' ' ' ')
	if [ "$got" = "$want" ]; then ok "$prog --help matches its SYNOPSIS" 0; else
		ok "$prog --help matches its SYNOPSIS" 1
		echo "#  help: $got"
		echo "#   man: $want"
	fi
	missing=
	for opt in $("$prog" --list-options | sed 's/[=[].*$//'); do
		grep -q -- "Fl $opt\\>\\|Fl -${opt#--}\\>" "$page" || missing="$missing $opt"
	done
	ok "$prog: every option is in the man page${missing:+ (missing:$missing)}" "$( [ -z "$missing" ]; echo $?)"
	for f in completions/crm.bash completions/_crm completions/crm.fish; do
		grep -q -- "$prog" "$f"
		ok "$prog is in $f" $?
	done
	grep -q -- "$prog" README.md
	ok "$prog is in the README" $?
	"$prog" --version | grep -q "^$prog [0-9]"
	ok "$prog --version" $?
done

out=$(mandoc -Tlint -Wwarning man/* 2>&1)
ok "man pages lint clean${out:+: $out}" "$( [ -z "$out" ]; echo $?)"

# The bash completion asks the program itself.
got=$(bash -c '. completions/crm.bash; COMP_WORDS=(crm-import --d); COMP_CWORD=1;
	_crm_complete; echo "${COMPREPLY[*]}"')
case " $got " in *" --db "*" --dry-run "*|*" --dry-run "*" --db "*) ok "bash completes crm-import --d" 0 ;;
*) ok "bash completes crm-import --d (got: $got)" 1 ;; esac
got=$(bash -c '. completions/crm.bash; COMP_WORDS=(crm export con); COMP_CWORD=2;
	_crm_complete; echo "${COMPREPLY[*]}"')
[ "$got" = contacts ]
ok "bash completes 'crm export con' to contacts (got: $got)" $?
if command -v zsh >/dev/null; then zsh -n completions/_crm; ok "zsh parses _crm" $?; fi
if command -v fish >/dev/null; then fish -n completions/crm.fish; ok "fish parses crm.fish" $?; fi

# crm runs the tools and lists them.
crm | grep -q 'import'
ok "crm lists the tools" $?
[ "$(crm export --help | head -1)" = "$(crm-export --help | head -1)" ]
ok "crm export --help runs crm-export" $?
expect_code 2 crm no-such-tool
expect_code 2 crm-import --no-such-option
expect_code 2 crm-import no-such-entity
done_testing
