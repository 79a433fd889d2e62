#!/bin/sh
# analysis report: one HTML page whose tables are those of the analysis
# commands, with the CONSORT diagram and a forest plot; a trial without
# outcomes yet still gets its page, with the reason for what is missing.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: a randomized trial with outcomes' '
	make_se_store &&
	gen_register --rows 300 --seed 31 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	trial export se.db --format csv >export.csv &&
	awk -F, "BEGIN { print \"participant,outcome,value\" }
		NR > 1 && NR % 7 { print \$1 \",employed_or_education_12m,\" (NR * 13) % 3 % 2;
		                  print \$1 \",earnings_12m,\" (NR * 7919) % 300000 }" \
		export.csv >out.csv &&
	trial outcome import se.db out.csv >/dev/null
'

test_expect_success 'the page holds every section' '
	analysis report se.db --html report.html >said &&
	grep -F "wrote report.html" said &&
	head -1 report.html | grep -F "<!DOCTYPE html>" &&
	for h in "Participant flow (CONSORT 2025)" "Flow in numbers" \
		"Baseline characteristics (Table 1)" "Baseline balance" \
		"Effects (pre-specified)" "Forest plot: primary outcome by site" \
		"Subgroups" "Randomization inference" \
		"Attrition" "Feasibility"; do grep -F "<h2>$h</h2>" report.html || return 1; done &&
	! grep -F "Screening counts are kept outside the store" report.html &&
	test "$(grep -c "<svg " report.html)" = 2 &&
	tail -1 report.html | grep -F "</body></html>"
'

test_expect_success 'its tables are the commands'"'"' tables' '
	for c in table1 balance effects attrition "subgroups --by gender" \
		"ri --draws 2000"; do
		set -- $c && cmd=$1 && shift &&
		analysis $cmd se.db "$@" --format html >"$c.html" &&
		grep -F -f "$c.html" report.html >/dev/null &&
		test "$(grep -c -F -x -f "$c.html" report.html)" -ge "$(wc -l <"$c.html")" || return 1
	done
'

test_expect_success 'the forest plot has the overall effect and each site' '
	grep -F "All sites" report.html &&
	for s in 0301 4601 5001 1103 3005; do grep -F "Site $s" report.html || return 1; done
'

test_expect_success 'a trial without outcomes still gets its page' '
	make_se_store early.db &&
	gen_register --rows 20 --seed 2 >r2.csv &&
	trial import early.db r2.csv >/dev/null &&
	randomizer assign early.db --pending >/dev/null &&
	analysis report early.db --html early.html &&
	grep -c "Not available: " early.html >n && test "$(cat n)" -ge 2 &&
	grep -F "<h2>Baseline characteristics (Table 1)</h2>" early.html
'

test_expect_success 'a page that cannot be written is refused' '
	test_exit 2 analysis report se.db --html /nonexistent/r.html 2>err &&
	grep -F "cannot write" err &&
	test_exit 2 analysis report se.db 2>err && grep -F -- "--html FILE is required" err
'

test_expect_success 'a cluster trial: the forest plot is the pre-specified analysis, as effects' '
	make_mt_trial &&
	import_mt_levels &&
	analysis report mt.db --html mt.html >/dev/null &&
	analysis effects mt.db --outcome norwegian_test_level --format csv >e.csv &&
	test "$(tail -n +2 e.csv | wc -l)" -eq 1 &&
	awk -F, "NR == 2 && \$2 == \"dim\" && \$3 == \"CR2\" && \$NF == \"cluster\" { ok = 1 } END { exit !ok }" e.csv &&
	grep -F "The pre-specified analysis (dim, CR2)" mt.html &&
	sed -n "/<text x=\"8\" y=\"[0-9]*\" font-weight=\"bold\">All sites/{n;n;n;p;}" mt.html >all &&
	sed -n "s/.*>\(-\{0,1\}[0-9.]*\) \[\(-\{0,1\}[0-9.]*\), \(-\{0,1\}[0-9.]*\)\]  n = \([0-9]*\)<.*/\1 \2 \3 \4/p" all >shown &&
	test "$(wc -l <shown)" = 1 &&
	awk -F, -v s="$(cat shown)" "NR == 2 { split(s, v, \" \"); d = length(v[1]) - index(v[1], \".\");
		e = 0.5 * 10 ^ -d + 1e-12; a = \$5 - v[1]; b = \$10 - v[2]; c = \$11 - v[3];
		if (a < 0) a = -a; if (b < 0) b = -b; if (c < 0) c = -c;
		exit !(a <= e && b <= e && c <= e && v[4] == \$12) }" e.csv
'

test_expect_success 'the forest plot: every site, an axis, digits that fit' '
	sed "s/^primary = .*/primary = earnings_12m/" \
		"$PROTOCOLS/supported-employment.ini" >big.ini &&
	trial init big.db --protocol big.ini >/dev/null &&
	for i in $(seq 1 64); do
		trial site add big.db "$(printf "S%02d" $i)" --name "Site $i" >/dev/null || return 1
	done &&
	sites=$(for i in $(seq 1 64); do printf "S%02d," $i; done | sed "s/,\$//") &&
	gen_register --rows 1400 --seed 5 --sites "$sites" >big.csv &&
	trial import big.db big.csv >/dev/null &&
	randomizer assign big.db --pending >/dev/null &&
	trial export big.db --format csv >bige.csv &&
	awk -F, "BEGIN { print \"participant,outcome,value\" }
		NR > 1 { printf \"%s,earnings_12m,%d.7\\n\", \$1, 1000000 + (NR * 7919) % 1000000 }" \
		bige.csv >bigo.csv &&
	trial outcome import big.db bigo.csv >/dev/null &&
	analysis report big.db --html big.html >/dev/null &&
	for i in 1 63 64; do grep -F ">Site $(printf "S%02d" $i)<" big.html || return 1; done &&
	test "$(grep -c ">Site S[0-9]*<" big.html)" = 64 &&
	analysis effects big.db --outcome earnings_12m --format csv >be.csv &&
	est=$(awk -F, "NR == 2 { printf \"%.0f\", \$5 }" be.csv) &&
	grep -F ">$est [" big.html &&
	grep -c "text-anchor=\"middle\">-\{0,1\}[0-9]*</text>" big.html >ticks &&
	test "$(cat ticks)" -ge 3
'

test_expect_success 'readable on screen and on A4: a screenshot and a PDF from Chromium' '
	chromium --headless --no-sandbox --disable-gpu --screenshot="$PWD/shot.png" \
		--window-size=1200,3000 "file://$PWD/report.html" >/dev/null 2>&1 &&
	chromium --headless --no-sandbox --disable-gpu --print-to-pdf="$PWD/report.pdf" \
		"file://$PWD/report.html" >/dev/null 2>&1 &&
	python3 - shot.png report.pdf <<-\PY
	import re, struct, sys
	png = open(sys.argv[1], "rb").read()
	assert png[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
	w, h = struct.unpack(">II", png[16:24])
	assert (w, h) == (1200, 3000), (w, h)
	assert len(png) > 20000, "a blank screenshot"
	pdf = open(sys.argv[2], "rb").read()
	assert pdf[:5] == b"%PDF-" and b"%%EOF" in pdf[-1024:], "not a PDF"
	pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
	box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
	w, h = float(box.group(1)), float(box.group(2))
	print(pages, "pages of", w, "x", h, "pt")
	assert pages >= 2, pages
	assert abs(w - 841.9) < 2 and abs(h - 595.3) < 2, "not A4 landscape"
	PY
'

test_done
