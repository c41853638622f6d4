# fish completion for the crm toolkit.  Options come from each program's
# own --list-options, so they cannot drift from the code.

function __crm_prog
    set -l cmd (commandline -opc)
    set -l prog (basename -- $cmd[1])
    if test "$prog" = crm; and test (count $cmd) -ge 2
        set prog crm-$cmd[2]
    end
    echo $prog
end

function __crm_options
    set -l prog (__crm_prog)
    command $prog --list-options 2>/dev/null | string replace -r '[=\[].*$' ''
end

function __crm_no_operand
    set -l cmd (commandline -opc)
    set -l skip 1
    if test (basename -- $cmd[1]) = crm
        set skip 2
    end
    for w in $cmd[(math $skip + 1)..-1]
        if not string match -q -- '-*' $w
            return 1
        end
    end
    return 0
end

set -l __crm_entities contacts companies deals deal_stages orders activities spend stages sources
for c in crm crm-import crm-export crm-validate crm-dedupe crm-rfm crm-funnel crm-report
    complete -c $c -a '(__crm_options)' -n 'string match -q -- "-*" (commandline -ct)'
    complete -c $c -l format -s f -x -a 'csv jsonl json table xlsx'
    complete -c $c -l sheet -x -a '(for f in (commandline -opc); string match -qr "\.(xlsx|xlsm|ods|xls)\$" -- $f; and test -f $f; and crm-import --list-sheets contacts $f 2>/dev/null | string split -f1 \t; end)'
    complete -c $c -l input-format -x -a 'csv json'
    complete -c $c -l delimiter -x -a 'comma semicolon tab pipe'
    complete -c $c -l encoding -x -a 'UTF-8 CP1251 KOI8-R CP866 UTF-16LE'
    complete -c $c -l db -s d -r -F
end
complete -c crm -f -n 'test (count (commandline -opc)) -eq 1' -a 'import export validate dedupe rfm funnel report help'
complete -c crm-import -n '__crm_no_operand' -a "$__crm_entities"
complete -c crm-validate -n '__crm_no_operand' -a "$__crm_entities"
complete -c crm-export -n '__crm_no_operand' -a "$__crm_entities import_runs rejects merges rfm_snapshots rfm_scores"
complete -c crm-export -l run -x -a 'last'
complete -c crm-dedupe -n '__crm_no_operand' -a 'contacts companies'
complete -c crm-rfm -l segments -r -a 'doc5 rfm10 rfm10-legacy rfgrid'
complete -c crm-rfm -l method -x -a 'rfmpkg ntile'
complete -c crm-funnel -l mode -x -a 'cohort flow'
complete -c crm-funnel -l compare -x -a 'day week month quarter year'
complete -c crm-funnel -l by -x -a 'owner source company pipeline day week month quarter year'
complete -c crm-funnel -l stages -r -F
complete -c crm-funnel -l history -r -F
complete -c crm-report -n '__crm_no_operand' -a 'managers sources forecast kpi funnel segments daily quality'
complete -c crm-report -l period -x -a 'week month quarter'
complete -c crm-report -l by -x -a 'owner source pipeline stage day week month quarter year'
complete -c crm-report -l html -r -F
complete -c crm-report -l rules -r -a '(__fish_complete_directories)'
