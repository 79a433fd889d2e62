#!/bin/sh
# A store this user may read but not write (an archived trial, a copy on a
# read-only share): every write is refused with a clear message, exit 2,
# and nothing written; reading still works.  As root, whom file modes do
# not stop, the commands run as the unprivileged user 'nobody'.
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" = 0 ]; then
	as_user () { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
	give_away () { chown -R 65534 "$@"; }
else
	as_user () { "$@"; }
	give_away () { :; }
fi

test_expect_success 'setup: 40 enrolled, 20 allocated, the store file made read-only' '
	make_se_store &&
	gen_register --rows 40 --seed 8 >reg.csv &&
	gen_register --rows 5 --seed 99 --first 41 >new.csv &&
	trial import se.db reg.csv >/dev/null &&
	randomizer assign se.db $(seq -f "P%06g" 1 20) >/dev/null &&
	test "$(sqlite3 se.db "SELECT count(*) FROM allocation")" = 20 &&
	give_away . &&
	chmod 444 se.db &&
	cp se.db before.db
'

test_expect_success 'each kind of write is refused and writes nothing' '
	for cmd in "trial site add se.db 1201 --name Bergen2 --target 5" \
	    "trial enrol se.db --site 0301 --id 26117512737 --set gender=male
		--set birth_year=1985 --set education=primary
		--set norwegian_level=A2 --set years_in_norway=3
		--set consent_date=2026-10-01" \
	    "trial import se.db new.csv" \
	    "trial withdraw se.db P000001 --reason moved" \
	    "randomizer assign se.db P000030" \
	    "randomizer assign se.db --pending"; do
		as_user $cmd 2>err; rc=$?
		test $rc = 2 || { echo "$cmd: exit $rc"; return 1; }
		grep -F "store '\''se.db'\'' is read-only for this user" err &&
		grep -F "nothing was written" err &&
		cmp se.db before.db || return 1
	done
'

test_expect_success 'reading it still works' '
	as_user trial status se.db >out &&
	grep -F 0301 out &&
	as_user randomizer verify se.db >out &&
	as_user trial list se.db --format csv >list.csv &&
	test "$(grep -c ",treatment$\|,control$" list.csv)" = 20 &&
	cmp se.db before.db
'

test_expect_success 'a store in a directory this user cannot write: a clear message' '
	mkdir shelf &&
	cp -r before.db shelf/se.db &&
	cp -r se.keys shelf/ &&
	give_away shelf &&
	chmod 555 shelf &&
	test_exit 2 as_user trial status shelf/se.db 2>err &&
	grep -F "cannot open store '\''shelf/se.db'\''" err &&
	grep -F "needs to write its '\''-wal'\'' and '\''-shm'\'' files" err &&
	cmp shelf/se.db before.db
'

test_done
