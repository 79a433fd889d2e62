#!/bin/sh
# A whole trial, protocol to report (supported-employment): init, sites, a
# register and one arrival at the desk, allocation, a withdrawal and an
# exit, outcomes a year on, screening, then the analysis and the reveal.
# Each step's own details are tested elsewhere; here what one program
# writes must be what the others read: status, export, the log and info
# count the same people, CONSORT and effects count them again by arm, the
# report prints the estimate effects printed, and the store still matches
# the fingerprint registered at init.  The clock moves as the demo's does.
. "$(dirname "$0")/lib.sh"

# The value of field NAME in a two-column table (field, value).
field () {
	awk -v name="$2" '$1 == name { print $2 }' "$1"
}

RCT_NOW=2026-01-05T09:00:00Z
test_expect_success 'init prints the fingerprint that info reports, five sites' '
	trial init se.db --protocol "$PROTOCOLS/supported-employment.ini" >init.out &&
	trial info se.db --format csv >info.csv &&
	csv_col info.csv fingerprint >fp &&
	test $(wc -l <fp) = 1 &&
	grep -x "[0-9a-f]\{64\}" fp &&
	test "$(field init.out fingerprint)" = "$(cat fp)" &&
	trial site add se.db 0301 --name "NAV Grünerløkka, Oslo" --target 40 >/dev/null &&
	trial site add se.db 4601 --name "NAV Bergen nord" --target 30 >/dev/null &&
	trial site add se.db 5001 --name "NAV Trondheim" --target 20 >/dev/null &&
	trial site add se.db 1103 --name "NAV Stavanger" --target 20 >/dev/null &&
	trial site add se.db 3005 --name "NAV Drammen" --target 15 >/dev/null &&
	trial info se.db --format csv >info.csv &&
	test "$(csv_col info.csv sites)" = 5 &&
	test "$(csv_col info.csv participants)" = 0
'

RCT_NOW=2026-10-15T10:00:00Z
test_expect_success 'a register of 150 and one arrival at the desk are enrolled' '
	gen_register --rows 150 --seed 2026 --year 2026 >register.csv &&
	trial import se.db register.csv >import.out &&
	test "$(field import.out added)" = 150 &&
	test "$(field import.out last)" = P000150 &&
	echo 11057523044 | trial enrol se.db --site 0301 --id - --set gender=female \
		--set birth_year=1988 --set education=primary --set norwegian_level=A2 \
		--set norwegian_level_source=test --set years_in_norway=4 \
		--set consent_date=2026-10-14 >enrol.out &&
	test "$(field enrol.out participant)" = P000151
'

test_expect_success 'the arrival is allocated first, then everyone waiting' '
	randomizer assign se.db P000151 --format csv >one.csv &&
	test "$(csv_col one.csv participant)" = P000151 &&
	randomizer assign se.db --pending --format csv >pending.csv &&
	test $(csv_col pending.csv participant | wc -l) = 150 &&
	test $(csv_col pending.csv participant | sort -u | wc -l) = 150 &&
	! csv_col pending.csv participant | grep -x P000151 &&
	test_must_fail randomizer assign se.db P000151 2>err
'

RCT_NOW=2026-11-02T10:00:00Z
test_expect_success 'one withdraws, one leaves for paid work' '
	trial withdraw se.db P000017 --reason "moved to another municipality" >/dev/null &&
	trial exit se.db P000023 --reason paid_work --date 2026-10-30 >/dev/null
'

# Twelve months on: the outcomes from the registers, here a function of
# the participant number and the arm (no random numbers): every tenth
# person (numbers ending in 3) lacks the primary outcome, every seventh
# the earnings; take-up follows the arm with a few exceptions.
RCT_NOW=2027-11-01T10:00:00Z
test_expect_success 'outcomes a year on, and each site'"'"'s screening' '
	trial export se.db --format csv >before.csv &&
	awk -F, "NR == 1 { for (i = 1; i <= NF; i++) if (\$i == \"arm\") a = i; print \"participant,outcome,value\"; next }
		{ n = substr(\$1, 2) + 0; t = \$a == \"treatment\";
		  if (n % 10 != 3) print \$1 \",employed_or_education_12m,\" ((n * 7 + t * 3) % 5 < 2);
		  if (n % 7 != 1) print \$1 \",earnings_12m,\" (n * 7919) % 200000 + 40000 * t;
		  print \$1 \",took_up,\" (t ? n % 9 != 0 : n % 17 == 0) }" before.csv >outcomes.csv &&
	trial outcome import se.db outcomes.csv >oi.out &&
	test "$(field oi.out added)" = $(($(wc -l <outcomes.csv) - 1)) &&
	trial screen se.db --site 0301 --month 2026-09 --screened 121 \
		--excluded "not eligible=24" --excluded "declined=9" >/dev/null &&
	for s in 4601 5001 1103 3005; do
		trial screen se.db --site "$s" --month 2026-09 --screened 104 \
			--excluded "not eligible=15" --excluded "declined=7" >/dev/null || return 1
	done
'

test_expect_success 'status, site list, export, the log and info count the same people' '
	trial export se.db --format csv >export.csv &&
	n=$(csv_col export.csv participant | wc -l) &&
	test $n = 151 &&
	test $(csv_col export.csv participant | sort -u | wc -l) = 151 &&
	trial status se.db --format csv >status.csv &&
	test "$(csv_col status.csv enrolled | paste -sd+ - | bc)" = $n &&
	test "$(csv_col status.csv withdrawn | paste -sd+ - | bc)" = "$(csv_count export.csv status withdrawn)" &&
	test "$(csv_count export.csv status withdrawn)" = 1 &&
	trial site list se.db --format csv >sites.csv &&
	test "$(csv_col sites.csv enrolled | paste -sd+ - | bc)" = $n &&
	for s in 0301 4601 5001 1103 3005; do
		test "$(csv_count sites.csv site $s enrolled "$(csv_count export.csv site $s)")" = 1 &&
		last=$(awk -F, -v s=$s "\$1 == s { c = \$5 } END { print c }" status.csv) &&
		test "$last" = "$(csv_count export.csv site $s)" || return 1
	done &&
	allocated=$(csv_col export.csv arm | grep -c -x -e control -e treatment) &&
	test $allocated = $n &&
	randomizer log se.db --format csv >log.csv &&
	test "$(awk -F, "\$4 == \"allocate\"" log.csv | wc -l)" = $allocated &&
	trial info se.db --format csv >info.csv &&
	test "$(csv_col info.csv participants)" = $n &&
	test "$(csv_col info.csv allocated)" = $allocated &&
	test "$(csv_col info.csv audit_entries)" = "$(csv_col log.csv seq | tail -1)"
'

test_expect_success 'the CONSORT flow counts what the export holds, arm by arm' '
	# Every count shown (--min-cell 0): the story compares them, it does
	# not publish them.
	analysis consort se.db --format csv --min-cell 0 >consort.csv &&
	test "$(consort_n consort.csv "assessed for eligibility" "")" = $((121 + 4 * 104)) &&
	test "$(consort_n consort.csv enrolled "")" = 151 &&
	test "$(consort_n consort.csv randomized "")" = "$(csv_col export.csv arm | grep -c .)" &&
	test "$(consort_n consort.csv "not randomized" "")" = 0 &&
	for arm in control treatment; do
		test "$(consort_n consort.csv allocated $arm)" = "$(csv_count export.csv arm $arm)" &&
		test "$(consort_n consort.csv "withdrew consent" $arm)" = "$(csv_count export.csv arm $arm status withdrawn)" &&
		test "$(consort_n consort.csv "left the measure early" $arm)" = "$(csv_count export.csv arm $arm status exited)" &&
		test "$(consort_n consort.csv "received the measure" $arm)" = "$(csv_count export.csv arm $arm took_up 1)" &&
		with=$(awk -F, -v a=$arm "NR == 1 { for (i = 1; i <= NF; i++) { if (\$i == \"arm\") c = i; if (\$i == \"employed_or_education_12m\") y = i }; next }
			\$c == a && \$y != \"\"" export.csv | wc -l) &&
		test "$(consort_n consort.csv analysed $arm)" = $with &&
		test "$(consort_n consort.csv "lost to follow-up" $arm)" = $(($(csv_count export.csv arm $arm) - with)) || return 1
	done &&
	test "$(csv_count export.csv participant P000017 status withdrawn)" = 1 &&
	test "$(csv_count export.csv participant P000023 exit_reason paid_work)" = 1
'

test_expect_success 'effects estimate the primary outcome on everyone who has it' '
	analysis effects se.db --format csv >effects.csv 2>warn &&
	grep "^employed_or_education_12m," effects.csv >primary &&
	{ head -1 effects.csv; cat primary; } >p.csv &&
	test "$(csv_col p.csv estimator)" = lin &&
	test "$(csv_col p.csv se_type)" = HC2 &&
	test "$(csv_col p.csv n)" = "$(grep -c ",employed_or_education_12m," outcomes.csv)" &&
	test "$(csv_col p.csv n)" = "$(csv_col export.csv employed_or_education_12m | grep -c .)" &&
	test "$(csv_col p.csv n_treat)" = "$(consort_n consort.csv analysed treatment)" &&
	test "$(csv_col p.csv n_control)" = "$(consort_n consort.csv analysed control)" &&
	test "$(csv_col p.csv n_missing)" = $((151 - $(csv_col p.csv n)))
'

# A number as the report shows it (lib/table.c): four decimals, one from
# 100 up, three significant digits below 0.01 (an estimate near zero, as
# a random allocation sometimes gives).
report_shows () {
	echo "$1" | awk '{ a = $1 < 0 ? -$1 : $1
		if (a >= 100) printf "%.1f", $1
		else if (a >= 0.01 || a == 0) printf "%.4f", $1
		else printf "%.2e", $1 }'
}

test_expect_success 'the report prints the estimate effects printed' '
	analysis report se.db --html report.html >said 2>warn &&
	test -s report.html &&
	head -1 report.html | grep -F "<!DOCTYPE html>" &&
	est=$(csv_col p.csv estimate) &&
	shown=$(report_shows "$est") &&
	grep -F "<td>employed_or_education_12m</td><td>lin</td><td>HC2</td><td>treatment</td><td class=\"n\" title=\"$est\">$shown</td>" report.html &&
	n=$(csv_col p.csv n) &&
	grep -F "title=\"$est\"" report.html | grep -F "<td class=\"n\">$n</td>"
'

test_expect_success 'the store is the trial registered at init; a forged fingerprint is not' '
	randomizer verify se.db --fingerprint "$(cat fp)" >verify.out &&
	grep "^intact: .* 151 participants, 151 allocations; .* the trial registered with fingerprint $(cut -c1-16 fp)" verify.out &&
	forged=$(tr 0-9a-f 1-9a-f0 <fp) &&
	test "$forged" != "$(cat fp)" &&
	test_exit 1 randomizer verify se.db --fingerprint "$forged" 2>err &&
	grep -F "does not match the fingerprint" err
'

test_expect_success 'the blinded export masks the arms and nothing else' '
	trial export se.db --blind --format csv >blind.csv &&
	test "$(csv_col blind.csv arm | grep -c -x -e control -e treatment)" = 0 &&
	test "$(csv_col blind.csv arm | grep -c .)" = 151 &&
	test "$(csv_col blind.csv arm | sort -u | wc -l)" = 2 &&
	paste -d, export.csv blind.csv | awk -F, -v w=$(head -1 export.csv | awk -F, "{ print NF }") "
		NR == 1 { for (i = 1; i <= w; i++) if (\$i == \"arm\") a = i; next }
		{ for (i = 1; i <= w; i++) if (i != a && \$i != \$(i + w)) bad++; pair[\$a \",\" \$(a + w)] = 1 }
		END { for (p in pair) { split(p, q, \",\"); to[q[1]]++; from[q[2]]++; k++ }
			for (x in to) if (to[x] != 1) bad++; for (x in from) if (from[x] != 1) bad++;
			exit bad || k != 2 }"
'

RCT_NOW=2027-11-02T10:00:00Z
test_expect_success 'after reveal every draw is drawn again, and the fingerprint still holds' '
	randomizer reveal se.db --yes >/dev/null &&
	randomizer verify se.db --replay >replay.out &&
	grep -x "replayed: 151 allocations drawn again, all the same" replay.out &&
	randomizer verify se.db --fingerprint "$(cat fp)" >verify.out &&
	grep "the trial registered with fingerprint $(cut -c1-16 fp)" verify.out
'

test_done
