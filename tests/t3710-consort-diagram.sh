#!/bin/sh
# The CONSORT 2025 diagram (analysis consort --svg): its four stages, the
# arms and exit reasons by their labels, excluded from analysis with the
# reason, clusters and mean cluster size at every stage of a cluster
# trial, screening that covers only part of the flow said so; valid XML
# (xmllint) for labels full of markup and very long; and every line
# inside its box, measured by Chromium's own text layout.
. "$(dirname "$0")/lib.sh"

# An arm label of three protocol lines (a value may continue on indented
# lines), with markup, quotes and a word wider than any box.
LONG1="Supported employment with a job specialist who finds an ordinary job first"
LONG2="  and then trains on the job, with a workplace teacher <b>&amp;</b> \"quotes\" 'x' &"
LONG3="  <script>alert(1)</script> WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW"

# Every <text> inside the <rect> that holds it, as Chromium draws it.
fits () {
	{
		echo "<!DOCTYPE html><html><body>"
		cat "$1"
		cat <<-\JS
		<script>
		var bad = [], n = 0, rects = [].slice.call(document.querySelectorAll("rect[stroke]"));
		document.querySelectorAll("text").forEach(function (t) {
			var x = +t.getAttribute("x"), y = +t.getAttribute("y"), b = t.getBBox();
			var r = rects.filter(function (r) { var rx = +r.getAttribute("x"), ry = +r.getAttribute("y");
				return rx <= x && x <= rx + +r.getAttribute("width") && ry <= y && y <= ry + +r.getAttribute("height"); })[0];
			var right = r ? +r.getAttribute("x") + +r.getAttribute("width") : +document.querySelector("svg").getAttribute("width");
			n++;
			if (b.x + b.width > right + 0.5) bad.push(t.textContent + " (" + (b.x + b.width - right).toFixed(1) + " px over)");
		});
		var p = document.createElement("pre"); p.id = "result";
		p.textContent = "texts " + n + ", over " + bad.length + "\n" + bad.join("\n");
		document.body.appendChild(p);
		</script></body></html>
		JS
	} >"$1.html" &&
	chromium --headless --no-sandbox --disable-gpu --dump-dom "file://$PWD/$1.html" 2>/dev/null |
		sed -n "/<pre id=\"result\">/,/<\/pre>/p" >"$1.fit" &&
	cat "$1.fit" &&
	grep -q "texts [1-9][0-9]*, over 0$" "$1.fit"
}

test_expect_success 'setup: hostile, long labels; withdrawals, exits, screening' '
	awk -v a="$LONG1" -v b="$LONG2" -v c="$LONG3" "
		/^\[arm treatment\]/ { t = 1 }
		t && /^label = / { print \"label = \" a; print b; print c; t = 0; next } 1" \
		"$PROTOCOLS/supported-employment.ini" >hostile.ini &&
	trial init se.db --protocol hostile.ini >/dev/null &&
	trial site add se.db 0301 --name Oslo >/dev/null &&
	trial site add se.db 4601 --name Bergen >/dev/null &&
	gen_register --rows 80 --seed 3 --sites 0301,4601 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	for p in 2 3 4 5 6 7 8; do trial exit se.db P00000$p --reason paid_work >/dev/null || return 1; done &&
	trial withdraw se.db P000009 --reason moved >/dev/null &&
	trial screen se.db --site 0301 --month 2026-09 --screened 90 \
		--excluded "not eligible=20" \
		--excluded "declined, as the family had just moved and <the children> started at a new school & \"x\"=5" >/dev/null
'

test_expect_success 'the diagram is valid XML, with the stages and labels' '
	analysis consort se.db --svg flow.svg --format csv >flow.csv &&
	xmllint --noout flow.svg &&
	for s in Enrolment Allocation Follow-up Analysis; do
		grep -F "font-weight=\"bold\">$s</text>" flow.svg || return 1
	done &&
	grep -F ">Allocated to Usual" flow.svg &&
	grep -F "children&gt;" flow.svg &&
	grep -F "&lt;script&gt;alert(1)&lt;/script&gt;" flow.svg &&
	! grep -F "<script>" flow.svg &&
	grep -F "in paid work (n" flow.svg &&
	grep -F "Excluded from analysis (n" flow.svg &&
	grep -F "no value of the primary outcome" flow.svg
'

test_expect_success 'screening of some site-months only is said, in both' '
	grep "^assessed for eligibility,,90,screening reported for 1 of [0-9]* site-months with recruitment: covers only part of the flow$" flow.csv &&
	grep -F "these counts cover only part" flow.svg
'

test_expect_success 'every line of text fits its box (Chromium measures)' '
	fits flow.svg
'

test_expect_success 'a cluster trial: clusters and mean cluster size at every stage' '
	make_mt_trial &&
	analysis consort mt.db --svg mt.svg --format csv >mt.out &&
	xmllint --noout mt.svg &&
	grep "^clusters randomized,,10,mean cluster size 8.0$" mt.out &&
	grep -c "^clusters allocated," mt.out >k && test "$(cat k)" = 2 &&
	grep -c "^clusters analysed," mt.out >k && test "$(cat k)" = 2 &&
	grep -F "k = 10 clusters, mean size 8.0" mt.svg &&
	test "$(grep -c "k = [0-9]* clusters" mt.svg)" = 5 &&
	fits mt.svg
'

test_done
