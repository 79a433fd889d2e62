#!/bin/sh
# Output that cannot hurt whoever opens it: the CONSORT SVG is always
# well-formed XML (xmllint), CSV cells a spreadsheet would run as formulas
# get a leading quote (numbers stay numbers), Markdown cells are text, not
# markup, and HTML is escaped.  The hostile text is written straight into
# the store, as an older version (or another tool) could have left it: the
# commands themselves now refuse it at input.
. "$(dirname "$0")/lib.sh"

ESC=$(printf "\033")

test_expect_success 'setup: a randomized trial with a hostile screening log' '
	make_se_store &&
	gen_register --rows 150 --seed 21 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	trial screen se.db --site 0301 --month 2026-09 --screened 400 \
		--excluded "not eligible=200" --excluded "declined=40" >/dev/null &&
	sqlite3 se.db "UPDATE screening_exclusion SET reason =
		'\''<script>alert(1)</script> & \"x'\'' || char(39) || '\'' '\'' || char(27) || '\''[31m'\'' || char(1) || '\'' end'\''
		WHERE reason = '\''not eligible'\''" &&
	sqlite3 se.db "UPDATE site SET name = '\''=HYPERLINK(\"http://x\")'\'' WHERE code = '\''0301'\''" &&
	sqlite3 se.db "UPDATE site SET name = '\''@SUM(A1)'\'' WHERE code = '\''4601'\''" &&
	sqlite3 se.db "UPDATE site SET name = '\''-1.5'\'' WHERE code = '\''5001'\''" &&
	sqlite3 se.db "UPDATE site SET name = '\''| a \\ \`b\` *c* _d_ [e](f) <i>g</i> &amp; p_value'\'' WHERE code = '\''1103'\''"
'

test_expect_success 'the CONSORT diagram is well-formed XML, whatever the reasons' '
	analysis consort se.db --svg flow.svg >/dev/null &&
	xmllint --noout flow.svg &&
	grep -F "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" flow.svg &&
	grep -F "&quot;x&#39;" flow.svg &&
	! grep -q "$ESC" flow.svg
'

test_expect_success 'an exclusion reason given with an escape is refused' '
	test_exit 2 analysis consort se.db --assessed 400 --excluded "x${ESC}[2J=5" --svg bad.svg 2>err &&
	grep -x "analysis: an exclusion reason holds the control character U+001B at character 2, expected printable text" err &&
	! test -e bad.svg
'

test_expect_success 'CSV: formulas get a leading quote, numbers stay numbers' '
	trial site list se.db --format csv >sites.csv &&
	grep -F "0301,\"'\''=HYPERLINK(\"\"http://x\"\")\"," sites.csv &&
	grep -F "4601,'\''@SUM(A1)," sites.csv &&
	grep -F "5001,-1.5," sites.csv &&
	analysis effects --data "$TEST_DATA/analysis/basic.csv" --arm arm --treat treatment \
		--outcome y --format csv >e.csv &&
	! grep -F "'\''" e.csv &&
	printf "arm,y\ntreatment,-1\ntreatment,-0\ntreatment,-2\ncontrol,-2.5\ncontrol,+3\ncontrol,1\n" >neg.csv &&
	analysis effects --data neg.csv --arm arm --treat treatment --outcome y --format csv >n.csv &&
	grep "^y,dim,neyman,treatment,-1.5,.*,-0.8783100656536798,.*,-7.591535243303474," n.csv && ! grep -F "'\''" n.csv
'

test_expect_success 'Markdown: every cell is text' '
	trial site list se.db --format md >sites.md &&
	grep -F "| 1103 | \\| a \\\\ \\\`b\\\` \\*c\\* \\_d\\_ \\[e\\](f) &lt;i&gt;g&lt;/i&gt; &amp;amp; p_value |" sites.md &&
	analysis consort se.db --format md >c.md &&
	grep -F "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \"x'\'' " c.md &&
	! grep -q "$ESC" c.md
'

test_expect_success 'HTML: the report escapes what it shows' '
	analysis report se.db --html report.html >/dev/null &&
	! grep -F "<script>" report.html &&
	grep -F "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&#39; " report.html &&
	! grep -q "$ESC" report.html
'

test_done
