# bash completion for the crm toolkit.  Options come from each program's
# own --list-options, so they cannot drift from the code.

_crm_entities="contacts companies deals deal_stages orders activities spend stages sources"
_crm_tables="$_crm_entities import_runs rejects merges rfm_snapshots rfm_scores"
_crm_commands="import export validate dedupe rfm funnel report help"

_crm_complete()
{
	local prog=${COMP_WORDS[0]##*/} cur=${COMP_WORDS[COMP_CWORD]} prev= i first=
	local shift=0 opts

	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD-1]}
	if [[ $prog == crm ]]; then
		if ((COMP_CWORD == 1)); then
			COMPREPLY=($(compgen -W "$_crm_commands" -- "$cur"))
			return
		fi
		if [[ ${COMP_WORDS[1]} == help ]]; then
			COMPREPLY=($(compgen -W "${_crm_commands% help}" -- "$cur"))
			return
		fi
		prog=crm-${COMP_WORDS[1]}
		shift=1
	fi
	case $prev in
	-f|--format) COMPREPLY=($(compgen -W "csv jsonl json table xlsx" -- "$cur")); return ;;
	--sheet)	# the sheets of the workbook named on the line
		local w wb=
		for w in "${COMP_WORDS[@]}"; do
			case $w in *.xlsx|*.xlsm|*.ods|*.xls) [[ -f $w ]] && wb=$w ;; esac
		done
		[[ -n $wb ]] && local IFS=$'\n' &&
		    COMPREPLY=($(compgen -W "$(crm-import --list-sheets contacts "$wb" 2>/dev/null | cut -f1)" -- "$cur"))
		return ;;
	--input-format) COMPREPLY=($(compgen -W "csv json" -- "$cur")); return ;;
	--delimiter) COMPREPLY=($(compgen -W "comma semicolon tab pipe" -- "$cur")); return ;;
	--encoding) COMPREPLY=($(compgen -W "UTF-8 CP1251 KOI8-R CP866 UTF-16LE" -- "$cur")); return ;;
	--segments) COMPREPLY=($(compgen -W "doc5 rfm10 rfm10-legacy rfgrid" -- "$cur") $(compgen -f -- "$cur")); return ;;
	--method) COMPREPLY=($(compgen -W "rfmpkg ntile" -- "$cur")); return ;;
	--run) COMPREPLY=($(compgen -W "last" -- "$cur")); return ;;
	--mode) COMPREPLY=($(compgen -W "cohort flow" -- "$cur")); return ;;
	--compare) COMPREPLY=($(compgen -W "day week month quarter year" -- "$cur")); return ;;
	--period) COMPREPLY=($(compgen -W "week month quarter" -- "$cur")); return ;;
	--by) COMPREPLY=($(compgen -W "owner source company pipeline day week month quarter year" -- "$cur")); return ;;
	-d|--db|--rejects|--rules|--summary|--changes|--settings|--stages|--history|--html)
		COMPREPLY=($(compgen -f -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		opts=$("$prog" --list-options 2>/dev/null | sed 's/[=[].*$//')
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	# The first operand of most tools is an entity or a table.
	for ((i = 1 + shift; i < COMP_CWORD; i++)); do
		[[ ${COMP_WORDS[i]} == -* ]] || { first=${COMP_WORDS[i]}; break; }
	done
	if [[ $prog == crm-report ]]; then
		COMPREPLY=($(compgen -W "managers sources forecast kpi funnel segments daily quality" -- "$cur")); return
	fi
	if [[ -z $first ]]; then
		case $prog in
		crm-export) COMPREPLY=($(compgen -W "$_crm_tables" -- "$cur")); return ;;
		crm-import|crm-validate) COMPREPLY=($(compgen -W "$_crm_entities" -- "$cur")); return ;;
		crm-dedupe) COMPREPLY=($(compgen -W "contacts companies" -- "$cur")); return ;;
		esac
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}

complete -o filenames -F _crm_complete crm crm-import crm-export crm-validate crm-dedupe crm-rfm crm-funnel crm-report
