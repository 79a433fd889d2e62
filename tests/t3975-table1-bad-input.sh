#!/bin/sh
# analysis table1 on bad input: a file that is not there, /dev/zero and a
# store as --data, files that are no store (a text file, a protocol, an
# empty file, /dev/zero) as STORE: each a clear message naming the file,
# exit 2, nothing written.  Hostile labels (markup, Markdown, formula
# characters) come out escaped in html and md and quoted in csv, never
# run; control characters are refused where they are read.
. "$(dirname "$0")/lib.sh"

test_expect_success 'a --data file that is not there' '
	test_exit 2 analysis table1 --data nosuch.csv --arm arm --variables g 2>err &&
	echo "analysis: cannot open '"'"'nosuch.csv'"'"': No such file or directory" >expect &&
	test_cmp expect err
'

test_expect_success '--data /dev/zero, and a store as --data: a NUL byte, at once' '
	test_exit 2 analysis table1 --data /dev/zero --arm arm --variables g 2>err &&
	echo "analysis: /dev/zero:1:1: field holds a NUL byte, expected text (is this a CSV file?)" >expect &&
	test_cmp expect err &&
	make_se_store &&
	cp se.db before.db &&
	test_exit 2 analysis table1 --data se.db --arm arm --variables g 2>err &&
	echo "analysis: se.db:1:1: field holds a NUL byte, expected text (is this a CSV file?)" >expect &&
	test_cmp expect err &&
	cmp before.db se.db
'

test_expect_success 'a STORE that is not one: a text file, a protocol, an empty file, /dev/zero' '
	echo hello >text.db &&
	cp "$PROTOCOLS/supported-employment.ini" protocol.ini &&
	: >empty.db &&
	checked=0 &&
	for f in text.db protocol.ini empty.db; do
		test_unchanged $f analysis table1 $f 2>err &&
		grep -x "analysis: '"'"'$f'"'"' is not a trial store: .*" err &&
		test "$(wc -l <err)" = 1 &&
		checked=$((checked + 1)) || return 1
	done &&
	test $checked = 3 &&
	test ! -s empty.db &&
	test_exit 2 analysis table1 /dev/zero 2>err &&
	grep -x "analysis: '"'"'/dev/zero'"'"' is not a trial store: .*" err
'

test_expect_success 'a column or an arm that is not in the file' '
	printf "arm,g\nt,a\nc,b\n" >d.csv &&
	test_exit 2 analysis table1 --data d.csv --arm nosuch --variables g 2>err &&
	echo "analysis: d.csv:1: column '"'"'nosuch'"'"' is not in the header" >expect &&
	test_cmp expect err &&
	test_exit 2 analysis table1 --data d.csv --arm arm --variables g,nosuch 2>err &&
	test_cmp expect err
'

test_expect_success 'setup: hostile labels (markup, Markdown, formulas) as levels and a column name' '
	printf "arm,<b>x</b>,g\n" >h.csv &&
	for i in 1 2 3 4 5 6; do
		echo "t,1,<script>alert(1)</script>" &&
		echo "c,2,\"=HYPERLINK(\"\"http://x\"\")\"" &&
		echo "t,3,\"| a | *b* [l](u) <i>\"" &&
		echo "c,4,@SUM(A1)" &&
		echo "t,5,-1+2" &&
		echo "c,6,+cmd" || return 1
	done >>h.csv &&
	for f in html md csv table json; do
		analysis table1 --data h.csv --arm arm --variables "<b>x</b>,factor(g)" \
			--min-cell 0 --format $f >t1.$f || return 1
	done
'

test_expect_success 'html: every label escaped, no tag of the data' '
	grep -F "<td>&lt;b&gt;x&lt;/b&gt;, mean (SD)</td>" t1.html &&
	# (levels are indented with no-break spaces)
	grep -F "&lt;script&gt;alert(1)&lt;/script&gt;</td>" t1.html &&
	grep -F "| a | *b* [l](u) &lt;i&gt;</td>" t1.html &&
	grep -F "=HYPERLINK(&quot;http://x&quot;)</td>" t1.html &&
	! grep -F -e "<script>" -e "<b>" -e "<i>" t1.html &&
	test "$(grep -c "^<tr><td>" t1.html)" = 8
'

test_expect_success 'md: markup and table syntax escaped, one row per level' '
	grep -F "| &lt;b&gt;x&lt;/b&gt;, mean (SD) |" t1.md &&
	grep -F "&lt;script&gt;alert(1)&lt;/script&gt; |" t1.md &&
	grep -F "\\| a \\| \\*b\\* \\[l\\](u) &lt;i&gt; |" t1.md &&
	! grep -F -e "<script>" -e "<b>" -e "<i>" t1.md &&
	# Each row has as many unescaped bars as the header.
	bars=$(head -1 t1.md | tr -cd "|" | wc -c) &&
	sed "s/\\\\|//g" t1.md | awk -v b=$bars "{ n = gsub(/[|]/, \"|\"); if (n != b) { print; exit 1 } }" &&
	test "$(wc -l <t1.md)" = 10
'

test_expect_success 'csv: formulas quoted as text, numbers and counts as they are' '
	grep -F "\"'"'"'  =HYPERLINK(\"\"http://x\"\")\",6 (33.3),0 (0.0)" t1.csv &&
	grep -Fx "'"'"'  @SUM(A1),6 (33.3),0 (0.0)" t1.csv &&
	grep -Fx "'"'"'  -1+2,0 (0.0),6 (33.3)" t1.csv &&
	grep -Fx "'"'"'  +cmd,6 (33.3),0 (0.0)" t1.csv &&
	grep -Fx "  <script>alert(1)</script>,0 (0.0),6 (33.3)" t1.csv &&
	# Read back as R would: the cells are the labels, whole.
	python3 -c "import csv, sys; rows = list(csv.reader(open(\"t1.csv\")));
assert len(rows) == 9 and all(len(r) == 3 for r in rows), rows
assert rows[1][0] == \"<b>x</b>, mean (SD)\", rows
assert rows[8][0] == \"  | a | *b* [l](u) <i>\", rows" &&
	python3 -c "import json; rows = json.load(open(\"t1.json\")); assert len(rows) == 8, rows
assert rows[5][\"Characteristic\"] == \"  =HYPERLINK(\\\"http://x\\\")\", rows"
'

test_expect_success 'control characters in a label are refused where they are read' '
	checked=0 &&
	for c in "\033[31m" "\001" "\177" "\302\205"; do
		printf "arm,g\nt,a${c}b\nc,b\n" >c.csv &&
		test_exit 2 analysis table1 --data c.csv --arm arm --variables "factor(g)" >out 2>err &&
		grep -x "analysis: c.csv:2:2: field holds the control character U+00[0-9A-F]*, expected printable text" err &&
		test ! -s out &&
		checked=$((checked + 1)) || return 1
	done &&
	test $checked = 4
'

test_done
