#!/bin/sh
# The other designs on real stores: classes randomized as clusters (members
# never split, late members inherit), a lottery with its waiting list and
# promotions, minimization; each verified and replayed.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: the mother-tongue trial, four classes per site' '
	make_mt_store mt.db &&
	mt_register 60 4 >mt.csv &&
	head -50 mt.csv >first.csv &&
	trial import mt.db first.csv >/dev/null
'

test_expect_success 'classes are allocated as a batch within each site' '
	randomizer assign mt.db --pending --format csv >out &&
	test $(tail -n +2 out | wc -l) = 49 &&
	test "$(sqlite3 mt.db "SELECT count(*) FROM cluster_allocation")" = 8 &&
	sqlite3 mt.db "SELECT sequence, arm, count(*) FROM cluster_allocation GROUP BY 1, 2" >per_site &&
	test "$(awk -F"|" "{ print \$3 }" per_site | sort -u)" = 2
'

test_expect_success 'no class is split between arms' '
	test "$(sqlite3 mt.db "SELECT count(*) FROM (SELECT cluster FROM allocation GROUP BY cluster HAVING count(DISTINCT arm) > 1)")" = 0 &&
	test "$(sqlite3 mt.db "SELECT count(*) FROM allocation a JOIN cluster_allocation c ON c.cluster = a.cluster WHERE a.arm != c.arm")" = 0
'

test_expect_success 'a member enrolled later gets the class arm, no new draw' '
	{ head -1 mt.csv; tail -n +51 mt.csv; } >late.csv &&
	trial import mt.db late.csv >/dev/null &&
	randomizer assign mt.db --pending >/dev/null &&
	test "$(sqlite3 mt.db "SELECT count(*) FROM cluster_allocation")" = 8 &&
	test "$(sqlite3 mt.db "SELECT count(*) FROM allocation a JOIN cluster_allocation c ON c.cluster = a.cluster WHERE a.arm != c.arm")" = 0 &&
	randomizer verify mt.db --replay | grep "replayed: 68"
'

test_expect_success 'a class with members in two strata is refused' '
	trial init mix.db --protocol "$PROTOCOLS/mother-tongue-support.ini" >/dev/null &&
	trial site add mix.db 0301 --name Oslo >/dev/null &&
	trial site add mix.db 4601 --name Bergen >/dev/null &&
	{ head -1 mt.csv; sed -n 2,5p mt.csv | sed "s/,bergen-[0-9],/,shared,/; s/,oslo-[0-9],/,shared,/"; } >mix.csv &&
	trial import mix.db mix.csv >/dev/null &&
	test_unchanged mix.db randomizer assign mix.db --pending 2>err &&
	grep "cluster .shared. has members in strata" err
'

test_expect_success 'setup: the vocational lottery' '
	trial init vt.db --protocol "$PROTOCOLS/vocational-fourth-year.ini" >/dev/null &&
	trial site add vt.db vestland --name "NAV Vestland" --target 14 >/dev/null &&
	trial site add vt.db oslo --name "NAV Oslo" --target 26 >/dev/null &&
	vt_applicants 80 vestland,oslo >vt.csv &&
	trial import vt.db vt.csv >/dev/null
'

test_expect_success 'the lottery offers exactly the places and orders the rest' '
	n=$(awk -F, "\$2 == \"vestland\"" vt.csv | wc -l) &&
	randomizer lottery vt.db --site vestland --capacity 14 --format csv >out &&
	test "$(grep -c ",course," out)" = 14 &&
	test "$(grep -c ",ordinary," out)" = $((n - 14)) &&
	sqlite3 vt.db "SELECT rank FROM waiting_list ORDER BY rank" >ranks &&
	seq 1 $((n - 14)) >expect && test_cmp expect ranks &&
	sqlite3 vt.db "SELECT DISTINCT probabilities FROM allocation" >probs &&
	test $(wc -l <probs) = 1
'

test_expect_success 'a lottery is refused where it makes no sense' '
	test_unchanged vt.db randomizer assign vt.db --pending 2>err &&
	grep "allocates by lottery" err &&
	test_unchanged vt.db randomizer lottery vt.db --site vestland --capacity 3 2>err &&
	grep "no applicants waiting" err &&
	test_unchanged vt.db randomizer lottery vt.db --site oslo 2>err &&
	grep -- "--capacity N is required" err &&
	test_unchanged vt.db randomizer lottery vt.db --site oslo --capacity -2 2>err &&
	grep "not a whole number" err
'

test_expect_success 'promotion follows the waiting list, skipping the withdrawn' '
	first=$(sqlite3 vt.db "SELECT participant FROM waiting_list WHERE rank = 1") &&
	second=$(sqlite3 vt.db "SELECT participant FROM waiting_list WHERE rank = 2") &&
	third=$(sqlite3 vt.db "SELECT participant FROM waiting_list WHERE rank = 3") &&
	trial withdraw vt.db $(printf P%06d $first) --reason "took a job" >/dev/null &&
	randomizer promote vt.db --site vestland --places 2 >out &&
	printf "participant  waiting_rank\n%s                 2\n%s                 3\n" $(printf P%06d $second) $(printf P%06d $third) >expect &&
	test_cmp expect out &&
	randomizer verify vt.db --replay | grep "replayed:"
'

test_expect_success 'the second site draws its own lottery' '
	randomizer lottery vt.db --site oslo --capacity 26 >/dev/null &&
	test "$(sqlite3 vt.db "SELECT count(*) FROM batch WHERE kind = '"'"'lottery'"'"'")" = 2 &&
	randomizer verify vt.db --replay | grep "intact"
'

test_expect_success 'minimization favours the arm that lessens imbalance, and replays' '
	trial init mz.db --protocol "$TEST_DATA/minimization.ini" >/dev/null &&
	trial site add mz.db 0301 --name Oslo >/dev/null &&
	trial site add mz.db 4601 --name Bergen >/dev/null &&
	gen_register --rows 50 --seed 43 --sites 0301,4601 >mz.csv &&
	trial import mz.db mz.csv >/dev/null &&
	for p in $(seq 1 50); do randomizer assign mz.db $(printf P%06d $p) >/dev/null || return 1; done &&
	test "$(sqlite3 mz.db "SELECT count(*) FROM allocation WHERE substr(detail, 1, 11) != '"'"'{\"sealed\":\"'"'"'")" = 0 &&
	randomizer reveal mz.db --yes >/dev/null &&
	randomizer log mz.db --open --format csv >log.csv &&
	test "$(sqlite3 :memory: ".import --csv log.csv l" "SELECT count(*) FROM l WHERE action = '"'"'allocate'"'"' AND json_extract(opened, '"'"'\$.scores[0]'"'"') IS NOT NULL")" = 50 &&
	test "$(sqlite3 :memory: ".import --csv log.csv l" "SELECT count(*) FROM l WHERE action = '"'"'allocate'"'"' AND
		CASE WHEN json_extract(opened, '"'"'\$.scores[0]'"'"') < json_extract(opened, '"'"'\$.scores[1]'"'"') THEN 0.8
		     WHEN json_extract(opened, '"'"'\$.scores[0]'"'"') > json_extract(opened, '"'"'\$.scores[1]'"'"') THEN 0.2
		     ELSE 0.5 END != json_extract(payload, '"'"'\$.probabilities.control'"'"')")" = 0 &&
	randomizer verify mz.db --replay | grep "replayed: 50"
'

test_done
