#!/bin/sh
# trial export as Stata (.dta), SPSS (.sav) and Excel (.xlsx) files, read
# back with R's haven and readxl (tests/read_exports.R) and compared value
# by value with the CSV export of the same store and label by label with
# the protocol's codebook.
. "$(dirname "$0")/lib.sh"

SE="$PROTOCOLS/supported-employment.ini"
READ="Rscript $TEST_ROOT/tests/read_exports.R"

test_expect_success 'setup: a trial with corrections, outcomes, a withdrawal, an exit' '
	make_se_store &&
	gen_register --rows 80 --seed 5 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	echo 11057523044 | trial enrol se.db --site 0301 --id - --set gender=female \
		--set birth_year=1988 --set education=primary --set norwegian_level=A2 \
		--set norwegian_level_source=test --set years_in_norway=4 \
		--set consent_date=2026-10-14 >/dev/null &&
	randomizer assign se.db --pending >/dev/null &&
	trial correct se.db P000004 --set education=higher --reason "diploma found" >/dev/null &&
	trial correct se.db P000009 --set years_in_norway=12 --reason "typo" >/dev/null &&
	trial correct se.db P000009 --set education=unknown --reason "not known after all" >/dev/null &&
	trial withdraw se.db P000011 --reason moved >/dev/null &&
	trial exit se.db P000012 --reason paid_work --date 2026-10-01 >/dev/null &&
	awk "BEGIN { print \"participant,outcome,value\";
		for (i = 1; i <= 81; i += 2) {
			printf \"P%06d,employed_or_education_12m,%d\\n\", i, i % 3 == 0;
			if (i % 5) printf \"P%06d,earnings_12m,%.2f\\n\", i, i * 1234.56 }
		print \"P000002,took_up,1\" }" >out.csv &&
	trial outcome import se.db out.csv >/dev/null &&
	trial export se.db --format csv >export.csv &&
	trial export se.db --blind --format csv >blind.csv
'

test_expect_success 'dta, sav and xlsx are written to --out, with a summary' '
	trial export se.db --format dta --out export.dta >out &&
	grep "^rows  *81$" out && grep "^columns  *21$" out &&
	trial export se.db --format sav --out export.sav >/dev/null &&
	trial export se.db --format xlsx --out export.xlsx >/dev/null &&
	trial export se.db --blind --format dta --out blind.dta >/dev/null &&
	trial export se.db --blind --format sav --out blind.sav >/dev/null &&
	test "$(stat -c %a export.dta)" = 600 &&
	test "$(head -c 4 export.sav)" = "\$FL2" &&
	unzip -l export.xlsx | grep -q xl/worksheets/sheet1.xml
'

test_expect_success 'haven and readxl read back every value, type and label' '
	{ $READ "$SE" export.csv export.dta export.sav export.xlsx >read.out 2>&1 ||
		{ cat read.out; false; }; } &&
	grep "read_exports: 3 files, 0 problems" read.out &&
	{ $READ "$SE" blind.csv blind.dta blind.sav >read.out 2>&1 ||
		{ cat read.out; false; }; } &&
	grep "read_exports: 2 files, 0 problems" read.out
'

test_expect_success 'codes are labelled integers in the codebook order' '
	cat >labels.R <<-\EOF2 &&
	library(haven)
	for (f in c("export.dta", "export.sav")) {
		d <- if (grepl("dta", f)) read_dta(f) else read_sav(f)
		l <- attr(d$education, "labels")
		cat(names(l), unclass(l), "\n")
		cat(as.character(as_factor(d$education))[4], unclass(d$education)[4], "\n")
		cat(attr(d$education_enrolled, "label"), "\n")
	}
	EOF2
	Rscript labels.R >actual &&
	cat >expect <<-\EOF2 &&
	none primary lower_secondary upper_secondary higher unknown 1 2 3 4 5 6 
	higher 5 
	Highest education started or completed at intake (as enrolled) 
	none primary lower_secondary upper_secondary higher unknown 1 2 3 4 5 6 
	higher 5 
	Highest education started or completed at intake (as enrolled) 
	EOF2
	test_cmp expect actual
'

test_expect_success 'each corrected variable is followed by its value as enrolled' '
	awk -F, "\$1 == \"P000009\"" export.csv >row &&
	head -1 export.csv | tr , "\n" | grep -n -x -e education -e education_enrolled \
		-e years_in_norway -e years_in_norway_enrolled | tr "\n" " " >cols &&
	printf "6:education 7:education_enrolled 9:years_in_norway 10:years_in_norway_enrolled " >expect &&
	test_cmp expect cols &&
	test "$(cut -d, -f6 row)" = unknown &&
	test "$(cut -d, -f7 row)" = "$(awk -F, "NR == 10 { print \$5 }" reg.csv)" &&
	test "$(cut -d, -f9 row)" = 12 &&
	test "$(cut -d, -f10 row)" = "$(awk -F, "NR == 10 { print \$7 }" reg.csv)"
'

test_expect_success 'in the sheet XML a site is a text cell, a birth year a number' '
	unzip -p export.xlsx xl/worksheets/sheet1.xml | tr "<" "\n" >sheet &&
	unzip -p export.xlsx xl/sharedStrings.xml | tr "<" "\n" | grep "^t>" | sed "s/^t>//" >strings &&
	site=$(grep "^c r=\"B2\"" -A1 sheet) &&
	echo "$site" | grep -q "t=\"s\"" &&
	n=$(echo "$site" | sed -n "s/^v>//p") &&
	test "$(sed -n "$((n + 1))p" strings)" = "$(awk -F, "NR == 2 { print \$2 }" export.csv)" &&
	grep "^c r=\"E2\"" sheet >year && ! grep -q "t=" year &&
	grep -A1 "^c r=\"E2\"" sheet | sed -n "s/^v>//p" >actual &&
	awk -F, "NR == 2 { print \$5 }" export.csv >expect && test_cmp expect actual &&
	awk -F, "NR > 1 { print \$2 }" export.csv | grep -q "^0301$"
'

test_expect_success 'status, list, site list and info write the same files' '
	trial status se.db --format csv >status.csv &&
	trial status se.db --format xlsx --out status.xlsx >/dev/null &&
	trial status se.db --format dta --out status.dta >/dev/null &&
	trial list se.db --site 0301 --format csv >list.csv &&
	trial list se.db --site 0301 --format xlsx --out list.xlsx >/dev/null &&
	trial site list se.db --format sav --out sites.sav >/dev/null &&
	trial site list se.db --format csv >sites.csv &&
	trial info se.db --format csv >info.csv &&
	trial info se.db --format xlsx --out info.xlsx >/dev/null &&
	cat >plain.R <<-\EOF2 &&
	suppressPackageStartupMessages({ library(haven); library(readxl) })
	same <- function(csv, file, sheet = NULL, numeric = character(0)) {
		want <- read.csv(csv, colClasses = "character", check.names = FALSE,
			na.strings = character(0))
		got <- if (grepl("xlsx$", file)) read_xlsx(file, sheet = sheet)
			else if (grepl("dta$", file)) read_dta(file) else read_sav(file)
		stopifnot(identical(names(got), names(want)), nrow(got) == nrow(want))
		for (n in names(want)) {
			x <- got[[n]]
			if (n %in% numeric) {
				stopifnot(is.numeric(x) || all(want[[n]] == ""))
				w <- suppressWarnings(as.numeric(want[[n]]))
				stopifnot(identical(is.na(x), is.na(w)), all(x == w, na.rm = TRUE))
			} else {
				x <- as.character(x); x[is.na(x)] <- ""
				if (!identical(x, want[[n]])) stop(file, ": column ", n)
			}
		}
		cat(file, "ok\n")
	}
	counts <- c("enrolled", "withdrawn", "cumulative", "target", "percent_of_target")
	same("status.csv", "status.xlsx", "status", counts)
	same("status.csv", "status.dta", numeric = counts)
	same("list.csv", "list.xlsx", "list")
	same("sites.csv", "sites.sav", numeric = c("target", "enrolled", "withdrawn"))
	same("info.csv", "info.xlsx", "info",
		c("protocol_version", "sites", "participants", "allocated", "audit_entries"))
	EOF2
	Rscript plain.R >actual &&
	printf "%s ok\n" status.xlsx status.dta list.xlsx sites.sav info.xlsx >expect &&
	test_cmp expect actual &&
	test_exit 2 trial status se.db --format sav 2>err &&
	grep "format sav writes a binary file: give --out FILE" err
'

test_expect_success 'no identity number in any file' '
	cut -d, -f1 reg.csv | tail -n +2 >ids && echo 11057523044 >>ids &&
	mkdir x && (cd x && unzip -q ../export.xlsx) &&
	! grep -r -F -f ids export.dta export.sav blind.dta blind.sav x
'

test_expect_success 'a binary format needs --out; a bad --out leaves nothing' '
	test_exit 2 trial export se.db --format dta >out 2>err &&
	grep "format dta writes a binary file: give --out FILE" err &&
	test ! -s out &&
	test_exit 2 trial export se.db --format xml 2>err &&
	grep "unknown format .xml., expected table, csv, json, md, html, dta, sav or xlsx" err &&
	test_must_fail trial export se.db --format sav --out nodir/e.sav 2>err &&
	grep "cannot create a file beside .nodir/e.sav." err &&
	test ! -e nodir &&
	test_unchanged se.db trial export se.db --format csv --out se.db 2>err &&
	grep "out .se.db. is the store itself; name another file" err &&
	ln se.db hard.db &&
	test_unchanged se.db trial export se.db --format xlsx --out hard.db 2>err &&
	grep "is the store itself" err && rm hard.db
'

test_expect_success 'a name longer than Stata allows is refused, not cut' '
	sed "s/years_in_norway/years_in_norway_since_arrival_in_norway/g" "$SE" >long.ini &&
	trial init long.db --protocol long.ini >/dev/null &&
	test_exit 2 trial export long.db --format dta --out long.dta 2>err &&
	grep "column .years_in_norway_since_arrival_in_norway. has a name of 39 characters, more than the 32 Stata allows; write --format sav or csv" err &&
	test ! -e long.dta &&
	trial export long.db --format sav --out long.sav >/dev/null
'

test_expect_success 'an existing file is replaced whole, no temporary file is left' '
	echo old >old.xlsx &&
	trial export se.db --format xlsx --out old.xlsx >/dev/null &&
	unzip -l old.xlsx | grep -q xl/worksheets/sheet1.xml &&
	{ ls | grep -c "\.[A-Za-z0-9]\{6\}$" || true; } >n &&
	echo 0 >expect && test_cmp expect n &&
	trial export se.db --format csv --out again.csv >/dev/null &&
	test_cmp export.csv again.csv
'

test_done
