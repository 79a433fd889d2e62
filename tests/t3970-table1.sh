#!/bin/sh
# analysis table1: Table 1 as journals print it, checked against R
# (tests/ref/table1_reference.R): n (%) with one decimal of the arm's n,
# mean (SD), median [Q1, Q3] (quantile type 7); from a store the
# protocol's labels and code order, the arms' labels with their n, the
# missing, suppressed cells marked; every format.
. "$(dirname "$0")/lib.sh"

DATA="$TEST_DATA/analysis"

test_expect_success 'every figure agrees with R' '
	analysis table1 --data "$DATA/basic.csv" --arm arm --variables x1,x2,f \
		--median x2 --digits 4 --total --min-cell 0 --format json >t1.json &&
	python3 - "$DATA/table1_reference.tsv" t1.json <<-\PY
	import json, re, sys
	ref = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
	rows = json.load(open(sys.argv[2]))
	ours, var = {}, None
	for r in rows:
	    first = r["Characteristic"]
	    m = re.match(r"^(\w+), (n \(%\)|mean \(SD\)|median \[Q1, Q3\])$", first)
	    if m:
	        var = m.group(1)
	        kind = {"mean (SD)": "mean_sd", "median [Q1, Q3]": "median_iqr"}.get(m.group(2))
	        if kind is None:
	            continue
	    else:
	        kind = first.strip()
	    for col, v in r.items():
	        if col != "Characteristic":
	            ours[(var, kind, col.split(" (n = ")[0])] = v
	bad = [(k, ours.get(tuple(k[:3]))) for k in ref if ours.get(tuple(k[:3])) != k[3]]
	print(len(ref), "figures,", len(bad), "differ:", bad)
	sys.exit(1 if bad or len(ref) != 15 else 0)
	PY
'

test_expect_success 'the header gives each arm and its n, the total n' '
	head -1 t1.json >/dev/null &&
	analysis table1 --data "$DATA/basic.csv" --arm arm --variables x1,f \
		--total --min-cell 0 --format csv >t1.csv &&
	head -1 t1.csv >head &&
	echo "Characteristic,control (n = 200),treatment (n = 200),Total (n = 400)" >want &&
	test_cmp want head &&
	grep -x "  a,89 (44.5),104 (52.0),193 (48.2)" t1.csv
'

test_expect_success 'a store: labels, the code order, missing, suppressed cells' '
	make_se_store &&
	gen_register --rows 60 --seed 11 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	analysis table1 se.db --format csv >s.csv &&
	head -1 s.csv | grep -E "^Characteristic,Usual introduction-programme follow-up \(n = [0-9]+\),Supported employment with a job specialist \(n = [0-9]+\)$" &&
	grep -n "^  " s.csv | sed -n "3,8p" | cut -d, -f1 | cut -d: -f2 >order &&
	printf "  none\n  primary\n  lower_secondary\n  upper_secondary\n  higher\n  unknown\n" >want &&
	test_cmp want order &&
	grep -x "\"Highest education started or completed at intake, n (%)\",," s.csv &&
	grep -c ",suppressed" s.csv >n && test "$(cat n)" -ge 1 &&
	analysis table1 se.db | tail -1 | grep -x "Counts below 5, and the counts that would reveal them, are suppressed."
'

test_expect_success 'the store'"'"'s table agrees with R on its export' '
	trial export se.db --format csv >export.csv &&
	printf "gender\tfemale\tmale\nbirth_year\neducation\tnone\tprimary\tlower_secondary\tupper_secondary\thigher\tunknown\nnorwegian_level\tnone\tA1\tA2\tB1\tB2\tunknown\nyears_in_norway\n" >codes.tsv &&
	Rscript "$TEST_ROOT/tests/ref/table1_store.R" export.csv codes.tsv r.tsv &&
	analysis table1 se.db --min-cell 0 --format json >open.json &&
	python3 - r.tsv open.json <<-\PY
	import json, re, sys
	names = {"Gender as registered": "gender", "Year of birth": "birth_year",
	         "Highest education started or completed at intake": "education",
	         "Norwegian level (CEFR) at intake, from a test or a staff assessment": "norwegian_level",
	         "Whole years since arrival in Norway": "years_in_norway"}
	arms = {"Usual introduction-programme follow-up": "control",
	        "Supported employment with a job specialist": "treatment"}
	ours, var = {}, None
	for r in json.load(open(sys.argv[2])):
	    first = r["Characteristic"]
	    m = re.match(r"^(.*), (n \(%\)|mean \(SD\))$", first)
	    if m:
	        var = names[m.group(1)]
	        if m.group(2) == "n (%)":
	            continue
	        row = "mean_sd"
	    else:
	        row = first.strip()
	    for col, v in r.items():
	        if col != "Characteristic":
	            ours[(var, row, arms[col.split(" (n = ")[0]])] = v
	ref = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
	bad = [(k, ours.get(tuple(k[:3]))) for k in ref if ours.get(tuple(k[:3])) != k[3]]
	print(len(ref), "figures,", len(bad), "differ:", bad)
	sys.exit(1 if bad or len(ref) < 30 else 0)
	PY
'

test_expect_success 'the same cells as analysis balance are suppressed' '
	analysis balance se.db --format csv >b.csv &&
	awk -F, "NR > 1 && \$1 == \"education\" { print \$2, (\$5 == \"\"), (\$8 == \"\") }" b.csv | sort >bal &&
	python3 -c "
import csv, sys
rows = list(csv.reader(open(\"s.csv\")))
on = False
out = []
for r in rows[1:]:
    if r[0].startswith(\"Highest education\"):
        on = True
        continue
    if on and not r[0].startswith(\"  \"):
        break
    if on and r[0].strip() != \"missing\":
        out.append(\"%s %d %d\" % (r[0].strip(), r[2] == \"suppressed\", r[1] == \"suppressed\"))
print(\"\n\".join(sorted(out)))
" >t1 &&
	test_cmp bal t1
'

test_expect_success 'markdown, html and an Excel workbook' '
	analysis table1 se.db --format md >s.md &&
	grep "^| Characteristic | Usual" s.md &&
	analysis table1 se.db --format html >s.html &&
	grep -F "<th>Characteristic</th>" s.html &&
	analysis table1 se.db --format xlsx --out s.xlsx &&
	unzip -p s.xlsx xl/worksheets/sheet1.xml | grep -q "<row" &&
	unzip -p s.xlsx xl/sharedStrings.xml | grep -F "Gender as registered, n (%)"
'

test_expect_success 'a missing value gets its row, n (%) of the arm' '
	printf "arm,x,g\ntreatment,1,a\ntreatment,,a\ncontrol,3,b\ncontrol,4,\n" >m.csv &&
	analysis table1 --data m.csv --arm arm --variables x,g --min-cell 0 --format csv >m.out &&
	grep -x "  missing,0 (0.0),1 (50.0)" m.out &&
	grep -x "  missing,1 (50.0),0 (0.0)" m.out &&
	grep -x "\"x, mean (SD)\",3.5 (0.7),1.0" m.out &&
	test "$(grep -c "^  missing" m.out)" = 2
'

test_expect_success 'bad options are refused' '
	test_exit 2 analysis table1 --data m.csv --arm arm --variables x --median y 2>err &&
	grep -F "median '\''y'\'' is not one of the variables" err &&
	test_exit 2 analysis table1 se.db --format xlsx 2>err &&
	grep -F "needs --out" err &&
	test_exit 2 analysis table1 --data m.csv --variables x 2>err
'

test_done
