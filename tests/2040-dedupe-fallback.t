#!/bin/sh
# crm-dedupe when the model cannot be estimated: a names-only company list
# gets its duplicates from the fallback rules, and stderr says so.
. "$(dirname "$0")/lib.sh"
D=$DATA/dedupe
EVAL=$TOP/tests/eval_f1.sh

crm-dedupe -q companies "$D/company_names.csv" >"$T/cn.out" 2>"$T/cn.err"
ok "names only: exit 1 (duplicates found)" "$( [ $? -eq 1 ]; echo $?)"
grep -q 'model not estimated (too few comparable fields): fallback rules' \
    "$T/cn.err"; ok "stderr names the fallback" $?
r=$(sh "$EVAL" "$T/cn.out" truth)
echo "# names only: P R F1 tp predicted true = $r"
p=$(echo "$r" | cut -d' ' -f1)
rc=$(echo "$r" | cut -d' ' -f2)
ok "names only: precision $p >= 0.99" "$(awk -v v="$p" 'BEGIN { print (v >= 0.99) ? 0 : 1 }')"
ok "names only: recall $rc >= 0.90" "$(awk -v v="$rc" 'BEGIN { print (v >= 0.90) ? 0 : 1 }')"
# Legal forms before and after, quotes: one cluster of six.
grep -c ',romashka,.*,6,' "$T/cn.out" | grep -qx 6
ok "ООО Ромашка / Ромашка ООО / ООО \"Ромашка\": one cluster" $?
# Ромашка-Плюс is another company.
grep ',romashka-plus,' "$T/cn.out" | grep -q ',6,'
ok "Ромашка-Плюс stays apart" "$( [ $? -ne 0 ]; echo $?)"
# Blank names stay alone.
grep -c '^,blank[0-9],.*,1,' "$T/cn.out" | grep -qx 3; ok "blank names stay alone" $?
# Similar names are for review (the fixture's Nokia rows are equal names
# since Oyj is a legal form, so two names of a few letters' difference).
crm-dedupe -q --pairs companies "$D/company_names.csv" >"$T/cn.pairs"
printf 'name\nRomashka Trading\nRomashka Tradin\n' >"$T/sim.csv"
crm-dedupe -q --pairs companies "$T/sim.csv" 2>/dev/null |
    grep 'fallback: similar names' | grep -q ',review,'
ok "similar names in the review band" $?
grep -q 'fallback: same company name' "$T/cn.pairs"; ok "pairs name the fallback rule" $?

# Ten rows of one company written three ways: auto, not review.
printf 'name\nООО Ромашка\nРомашка ООО\n"ООО ""Ромашка"""\nООО Ромашка\nРомашка ООО\n"ООО ""Ромашка"""\nООО Ромашка\nРомашка ООО\n"ООО ""Ромашка"""\nООО Ромашка\n' >"$T/ten.csv"
crm-dedupe -q companies "$T/ten.csv" 2>/dev/null | tail -n +2 | cut -d, -f3 | sort -u >"$T/ten.size"
grep -qx 10 "$T/ten.size"; ok "ten rows: one cluster of ten" $?

# A person list with one field: equal e-mail keys are duplicates.
printf 'email\na@x.ru\nA@X.RU\nb@y.ru\n' >"$T/em.csv"
crm-dedupe -q contacts "$T/em.csv" >"$T/em.out" 2>"$T/em.err"
grep -c ',2,' "$T/em.out" | grep -qx 2; ok "e-mail only: equal keys clustered" $?
grep -q 'too few comparable fields' "$T/em.err"; ok "e-mail only: fallback said" $?

# Enough fields: no fallback (FEBRL, fake_1000 use the model).
sed '1s/,cluster$/,truth/' "$D/fake_1000.csv" >"$T/fake.csv"
crm-dedupe -q contacts "$T/fake.csv" 2>"$T/fake.err" >/dev/null
grep -q 'model not estimated' "$T/fake.err"
ok "fake_1000: the model is used" "$( [ $? -ne 0 ]; echo $?)"
done_testing
