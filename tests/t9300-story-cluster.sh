#!/bin/sh
# A cluster trial (mother-tongue-support): classes at three municipalities,
# their members imported with the class, the classes allocated as a batch
# within each municipality, late members joining their class, outcomes
# ten months on, the analysis with cluster-robust errors and the report.
# Every member of a class must have the class's arm in the export, every
# municipality classes in both arms, the pilot must count the classes the
# export holds, and effects on the store must be the effects of the
# exported rows clustered by class (CR2), as the protocol says.
. "$(dirname "$0")/lib.sh"

# The answer of SQL query $2 on CSV file $1 (as table t).
query () {
	sqlite3 -list -noheader :memory: ".import --csv $1 t" "$2"
}

RCT_NOW=2026-10-15T10:00:00Z
test_expect_success 'setup: four classes at each of three municipalities' '
	trial init mt.db --protocol "$PROTOCOLS/mother-tongue-support.ini" >/dev/null &&
	trial info mt.db --format csv >info.csv &&
	csv_col info.csv fingerprint >fp &&
	test "$(csv_col info.csv unit)" = cluster &&
	trial site add mt.db 0301 --name Oslo >/dev/null &&
	trial site add mt.db 4601 --name Bergen >/dev/null &&
	trial site add mt.db 5001 --name Trondheim >/dev/null &&
	{
		echo id_number,site,class,gender,birth_year,track,schooling_years,norwegian_level,consent_date &&
		gen_register --rows 120 --seed 41 --year 2026 --sites 0301,4601,5001 | tail -n +2 |
		awk -F, "{ print \$1 \",\" \$2 \",\" \$2 \"-\" (NR % 4 + 1) \",\" \$3 \",\" \$4 \",spor1,\" NR % 9 \",\" (NR % 3 ? \"A1\" : \"none\") \",\" \$8 }"
	} >mt.csv &&
	head -101 mt.csv >first.csv &&
	{ head -1 mt.csv && tail -n +102 mt.csv; } >late.csv &&
	trial import mt.db first.csv >/dev/null
'

test_expect_success 'the classes are allocated as one batch within each municipality' '
	randomizer assign mt.db --pending --format csv >batch.csv &&
	test $(csv_col batch.csv participant | wc -l) = 100 &&
	trial export mt.db --format csv >export.csv &&
	test "$(query export.csv "SELECT count(*) FROM t WHERE arm = '"'"''"'"'")" = 0 &&
	test "$(query batch.csv "SELECT count(DISTINCT cluster) FROM t")" = 12 &&
	test "$(query export.csv "SELECT count(DISTINCT class) FROM t")" = 12 &&
	randomizer log mt.db --format csv >log.csv &&
	test "$(awk -F, "\$4 == \"batch\"" log.csv | wc -l)" = 1
'

test_expect_success 'the assign output and the export agree on every class and arm' '
	query batch.csv "SELECT participant, cluster, arm FROM t ORDER BY participant" >printed &&
	query export.csv "SELECT participant, class, arm FROM t ORDER BY participant" >held &&
	test_cmp printed held
'

test_expect_success 'no class is split, every municipality has two classes of each arm' '
	test "$(query export.csv "SELECT count(*) FROM (SELECT class FROM t GROUP BY class HAVING count(DISTINCT arm) != 1)")" = 0 &&
	test "$(query export.csv "SELECT count(*) FROM (SELECT class FROM t GROUP BY class HAVING count(DISTINCT site) != 1)")" = 0 &&
	query export.csv "SELECT site, arm, count(DISTINCT class) FROM t GROUP BY site, arm ORDER BY site, arm" >per_site &&
	printf "%s|assistant|2\n%s|ordinary|2\n" 0301 0301 4601 4601 5001 5001 >expect &&
	test_cmp expect per_site
'

# verify --replay draws the 12 classes again beside the 120 people: 132.
RCT_NOW=2026-11-02T10:00:00Z
test_expect_success 'members who join later take their class'"'"'s arm, no new draw' '
	trial import mt.db late.csv >/dev/null &&
	randomizer assign mt.db --pending --format csv >late-arms.csv &&
	test $(csv_col late-arms.csv participant | wc -l) = 20 &&
	randomizer log mt.db --format csv >log.csv &&
	test "$(awk -F, "\$4 == \"batch\"" log.csv | wc -l)" = 1 &&
	trial export mt.db --format csv >export.csv &&
	test "$(query export.csv "SELECT count(*) FROM t WHERE arm = '"'"''"'"'")" = 0 &&
	test "$(query export.csv "SELECT count(*) FROM (SELECT class FROM t GROUP BY class HAVING count(DISTINCT arm) != 1)")" = 0 &&
	query late-arms.csv "SELECT participant, cluster, arm FROM t ORDER BY participant" >printed &&
	query export.csv "SELECT participant, class, arm FROM t WHERE participant >= '"'"'P000101'"'"' ORDER BY participant" >held &&
	test_cmp printed held &&
	randomizer verify mt.db --replay >out &&
	grep -x "replayed: 132 allocations drawn again, all the same" out
'

# Ten months on: the national test (ordinal, a function of the
# participant number; every eighth person did not sit it) and completion.
RCT_NOW=2027-09-01T10:00:00Z
test_expect_success 'outcomes ten months on' '
	awk -F, "BEGIN { split(\"below_A1 A1 A2 B1 B2\", c, \" \"); print \"participant,outcome,value\" }
		NR > 1 { n = substr(\$1, 2) + 0; if (n % 8) print \$1 \",norwegian_test_level,\" c[(n * 7) % 5 + 1];
			print \$1 \",completed_course,\" (n % 3 > 0) }" export.csv >outcomes.csv &&
	trial outcome import mt.db outcomes.csv >/dev/null &&
	trial export mt.db --format csv >final.csv &&
	test "$(query final.csv "SELECT count(*) FROM t WHERE norwegian_test_level != '"'"''"'"'")" = 105
'

test_expect_success 'CONSORT counts the arms of the export; the pilot counts its classes' '
	analysis consort mt.db --format csv >consort.csv &&
	test "$(awk -F, "\$1 == \"randomized\" { print \$3 }" consort.csv)" = 120 &&
	for arm in ordinary assistant; do
		test "$(consort_n consort.csv allocated $arm)" = "$(query final.csv "SELECT count(*) FROM t WHERE arm = '"'"'$arm'"'"'")" &&
		test "$(consort_n consort.csv analysed $arm)" = "$(query final.csv "SELECT count(*) FROM t WHERE arm = '"'"'$arm'"'"' AND norwegian_test_level != '"'"''"'"'")" || return 1
	done &&
	analysis pilot mt.db --table outcomes --format csv >pilot.csv &&
	query pilot.csv "SELECT clusters FROM t WHERE outcome = '"'"'norwegian_test_level'"'"' AND clusters != '"'"''"'"'" >got &&
	query final.csv "SELECT count(DISTINCT class) FROM t WHERE norwegian_test_level != '"'"''"'"'" >expect &&
	test_cmp expect got
'

# The CONSORT extension for cluster trials (Campbell et al. 2012): the
# classes allocated and analysed in each arm beside the people.
test_expect_success 'CONSORT reports the classes of each arm' '
	analysis consort mt.db --format csv --min-cell 0 >consort.csv &&
	test "$(consort_n consort.csv "clusters randomized" "")" = "$(query final.csv "SELECT count(DISTINCT class) FROM t")" &&
	for arm in ordinary assistant; do
		consort_n consort.csv "clusters allocated" $arm >got &&
		query final.csv "SELECT count(DISTINCT class) FROM t WHERE arm = '"'"'$arm'"'"'" >expect &&
		test_cmp expect got &&
		consort_n consort.csv "clusters analysed" $arm >got &&
		query final.csv "SELECT count(DISTINCT class) FROM t WHERE arm = '"'"'$arm'"'"' AND norwegian_test_level != '"'"''"'"'" >expect &&
		test_cmp expect got || return 1
	done
'

test_expect_success 'effects: dim with CR2 errors by class, as the protocol says' '
	analysis effects mt.db --format csv >effects.csv 2>warn &&
	{ head -1 effects.csv && grep "^norwegian_test_level," effects.csv; } >p.csv &&
	test "$(csv_col p.csv estimator)" = dim &&
	test "$(csv_col p.csv se_type)" = CR2 &&
	test "$(csv_col p.csv treat)" = assistant &&
	test "$(csv_col p.csv n)" = 105 &&
	test "$(csv_col p.csv n_treat)" = "$(consort_n consort.csv analysed assistant)" &&
	test "$(csv_col p.csv n_control)" = "$(consort_n consort.csv analysed ordinary)"
'

test_expect_success 'the same effects from the exported rows clustered by class, not without' '
	awk -F, "BEGIN { split(\"below_A1 A1 A2 B1 B2\", c, \" \"); for (i = 1; i <= 5; i++) r[c[i]] = i }
		NR == 1 { for (i = 1; i <= NF; i++) { if (\$i == \"arm\") a = i; if (\$i == \"class\") k = i; if (\$i == \"norwegian_test_level\") y = i }
			print \"arm,class,y\"; next }
		{ print \$a \",\" \$k \",\" (\$y == \"\" ? \"\" : r[\$y]) }" final.csv >rows.csv &&
	analysis effects --data rows.csv --arm arm --treat assistant --outcome y --cluster class --format csv >data.csv &&
	for v in estimator se_type estimate std_error df p_value conf_low conf_high n n_treat n_control; do
		test "$(csv_col data.csv $v)" = "$(csv_col p.csv $v)" || { echo "$v differs" && return 1; }
	done &&
	analysis effects --data rows.csv --arm arm --treat assistant --outcome y --format csv >flat.csv 2>/dev/null &&
	# The same estimate to 1e-12 (printf %.12f of two roundings of a zero
	# would differ in sign alone: -0.000000000000 and 0.000000000000).
	awk -v a="$(csv_col flat.csv estimate)" -v b="$(csv_col p.csv estimate)" \
		"BEGIN { d = a - b; exit !(a != \"\" && b != \"\" && d < 1e-12 && d > -1e-12) }" &&
	test "$(csv_col flat.csv clusters)" = "" &&
	test "$(csv_col flat.csv std_error)" != "$(csv_col p.csv std_error)"
'

test_expect_success 'the report runs and prints the clustered estimate' '
	analysis report mt.db --html report.html >said 2>warn &&
	grep -F "wrote report.html" said &&
	test -s report.html &&
	grep -F "title=\"$(csv_col p.csv estimate)\"" report.html &&
	grep -F "title=\"$(csv_col p.csv std_error)\"" report.html
'

test_expect_success 'the store is the trial registered, and replays' '
	randomizer verify mt.db --fingerprint "$(cat fp)" >out &&
	grep "^intact: .* 120 participants, 120 allocations; .* the trial registered with fingerprint $(cut -c1-16 fp)" out &&
	randomizer reveal mt.db --yes >/dev/null &&
	randomizer verify mt.db --replay >out &&
	grep -x "replayed: 132 allocations drawn again, all the same" out
'

test_done
