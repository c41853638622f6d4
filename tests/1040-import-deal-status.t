#!/bin/sh
# A deal's status follows its stage's kind when the file has no status:
# the store's stages first, else the final stages of the common CRMs.
. "$(dirname "$0")/lib.sh"

printf 'pipeline,name,position,kind\nsales,Contract signed,5,won\nsales,Gone cold,6,lost\nsales,Demo,2,open\n' > "$T/stages.csv"
expect_code 0 crm-import stages "$T/stages.csv"
cat > "$T/deals.csv" <<'D'
external_id,title,stage
1,a,Contract signed
2,b,Gone cold
3,c,Demo
4,d,Closed Won
5,e,Закрыто и не реализовано
6,f,Сделка успешна
7,g,Closed - lost
8,h,Proposal
D
expect_code 0 crm-import deals "$T/deals.csv"
crm-export deals 2>/dev/null | cut -d, -f1,5,6 > "$T/got"
cat > "$T/want" <<'W'
external_id,stage,status
1,Contract signed,won
2,Gone cold,lost
3,Demo,open
4,Closed Won,won
5,Закрыто и не реализовано,lost
6,Сделка успешна,won
7,Closed - lost,lost
8,Proposal,
W
diff -u "$T/want" "$T/got" > "$T/.diff"
ok "status by the store's stages, then by final stage names; unknown stays unsaid" $?
printf 'external_id,title,stage,status\n9,i,Demo,lost\n' > "$T/given.csv"
expect_code 0 crm-import deals "$T/given.csv"
[ "$(crm-export deals --where "external_id = '9'" 2>/dev/null | cut -d, -f6 | tail -1)" = lost ]
ok "a status the file gives wins" $?

# amoCRM and Kommo write the stage under "Status".
printf 'ID,Lead title,Status\n10,j,Negotiation\n11,k,Closed - won\n' > "$T/kommo.csv"
expect_code 0 crm-import deals "$T/kommo.csv"
crm-export deals --where "external_id IN ('10', '11')" 2>/dev/null | cut -d, -f1,5,6 > "$T/got"
printf 'external_id,stage,status\n10,Negotiation,\n11,,won\n' > "$T/want"
diff -u "$T/want" "$T/got" > /dev/null
ok "a status column holding a stage name gives the stage" $?
printf 'ID,Lead title,Stage,Status\n12,l,Demo,Maybe\n' > "$T/bad.csv"
expect_code 1 crm-import deals "$T/bad.csv"
grep_err "a status that is neither, beside a stage, is a reject" "Status: not open, won or lost 'Maybe'"
done_testing
