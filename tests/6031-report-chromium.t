#!/bin/sh
# crm-report --html rendered by headless Chromium (Debian chromium, which
# make deps installs): a screenshot of the size asked for that is not
# blank (many colours, the charts' colour among them), and the rendered
# page's text holds the key numbers.  Skipped where Chromium is missing.
. "$(dirname "$0")/lib.sh"
R=$TOP/tests/data/report
cd "$T"
browser=
for b in chromium chromium-browser google-chrome; do
	if command -v $b >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
	echo "1..0 # skip no chromium (Debian: apt-get install chromium)"
	exit 0
fi
for e in stages deals contacts spend orders; do
	crm-import -q $e "$R/$e.csv" || echo "# import $e failed"
done
crm-report -q --period month --at 2024-03-15 --target 1500 \
    --html "$T/page.html" managers sources forecast kpi funnel
ok "the page written" $?

# Nothing from the network, a profile of its own, no first-run work.
render() {
	rm -rf "$T/profile"
	timeout 120 "$browser" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$T/profile" "$@" "file://$T/page.html" \
	    2>"$T/chromium.err"
}
render --screenshot="$T/page.png" --window-size=1200,2000 >/dev/null
[ -s page.png ]
ok "a screenshot taken" $?
[ -s page.png ] || sed 's/^/# /' chromium.err | tail -5
check "the screenshot: 1200x2000, not blank, charts drawn" \
    python3 "$TOP/tests/report_html.py" png page.png 1200 2000
render --dump-dom >dom.html
# managers: ann's revenue 1000.00; kpi: lead_conversion 0.2500 and its
# figure 25.0%; forecast: March won 1300.00; the funnel's Proposal stage.
for s in '>1000.00<' '>0.2500<' '>25.0%<' '>1300.00<' '>Proposal<'; do
	grep -q -- "$s" dom.html || echo "# not in the rendered page: $s"
done >missing.txt
[ ! -s missing.txt ] && grep -q '<svg' dom.html
ok "the rendered page holds the key numbers and the charts" $?
cat missing.txt
done_testing
