#!/bin/sh
# User accounts of the web service, managed from the command line: add,
# list, disable, reset; a one-time password printed once and stored only
# as its Argon2id hash; failed logins counted and a lockout after five for
# fifteen minutes; bad names, roles and sites refused with the store left
# as it was; a user row edited with sqlite3 found by verify; a store of
# schema 3 migrated on its first write.
. "$(dirname "$0")/lib.sh"

# The number of audit entries of se.db.
entries () {
	sqlite3 se.db "SELECT count(*) FROM audit"
}

# The one-time password printed in file $1.
otp_of () {
	sed -n 's/^one-time password: //p' "$1"
}

test_expect_success 'setup: a trial with its sites' '
	make_se_store
'

test_expect_success 'add a staff user: a one-time password, printed once' '
	trial user add se.db kari.nordmann --role staff --site 4601 --site 0301 >out &&
	grep -Fx "added user kari.nordmann (staff)" out &&
	test "$(grep -c "one-time password" out)" = 1 &&
	otp_of out >kari.otp &&
	grep -Ex "[2-9a-hjkmnp-z]{5}(-[2-9a-hjkmnp-z]{5}){3}" kari.otp &&
	trial user add se.db rita --role researcher >out2 &&
	otp_of out2 >rita.otp &&
	trial user add se.db mona --role monitor >/dev/null &&
	! cmp -s kari.otp rita.otp
'

test_expect_success 'list: role, sites, flags; never a hash or a password' '
	cat >expect <<-\EOF &&
	name           role        sites      disabled  must_change  locked
	kari.nordmann  staff       0301,4601  no        yes          no
	mona           monitor                no        yes          no
	rita           researcher             no        yes          no
	EOF
	trial user list se.db >list &&
	test_cmp expect list &&
	trial user list se.db --format csv >list.csv &&
	sed -n 2p list.csv | grep -Fx "kari.nordmann,staff,\"0301,4601\",no,yes,no" &&
	trial user list se.db --format json >list.json &&
	! grep -i -e argon -e hash -e "$(cat kari.otp)" list list.csv list.json
'

test_expect_success 'the one-time password is stored nowhere in clear' '
	pw=$(cat kari.otp) &&
	test "$(sqlite3 se.db "SELECT substr(password_hash, 1, 10) FROM user WHERE name = '"'"'kari.nordmann'"'"'")" = "\$argon2id\$" &&
	randomizer log se.db --format csv >log.csv &&
	! grep -rF "$pw" se.db* se.keys log.csv &&
	! grep -F argon2 log.csv &&
	grep -F "user.add,\"{\"\"name\"\":\"\"kari.nordmann\"\",\"\"role\"\":\"\"staff\"\",\"\"sites\"\":[\"\"0301\"\",\"\"4601\"\"],\"\"password\"\":\"\"" log.csv &&
	randomizer verify se.db
'

test_expect_success 'bad names, roles and sites are refused, the store unchanged' '
	n=$(entries) &&
	test_unchanged se.db trial user add se.db Kari --role staff --site 0301 >out 2>err &&
	test ! -s out &&
	grep -Fx "trial: user name '"'"'Kari'"'"' is not valid, expected 1 to 64 lowercase letters, digits, '"'"'.'"'"', '"'"'-'"'"' or '"'"'_'"'"'" err &&
	test_unchanged se.db trial user add se.db "ola nordmann" --role monitor 2>err &&
	grep -F "user name '"'"'ola nordmann'"'"' is not valid" err &&
	test_unchanged se.db trial user add se.db "$(printf "%065d" 0)" --role monitor 2>err &&
	grep -F "is not valid, expected 1 to 64" err &&
	test_unchanged se.db trial user add se.db ola --role admin 2>err &&
	grep -Fx "trial: role '"'"'admin'"'"' is unknown, expected staff, researcher or monitor" err &&
	test_unchanged se.db trial user add se.db ola --role staff 2>err &&
	grep -Fx "trial: a staff user needs at least one --site, the sites they work for" err &&
	test_unchanged se.db trial user add se.db ola --role staff --site 9999 2>err &&
	grep -Fx "trial: site '"'"'9999'"'"' does not exist; add it first with '"'"'trial site add'"'"'" err &&
	test_unchanged se.db trial user add se.db ola --role researcher --site 0301 2>err &&
	grep -Fx "trial: a researcher has no sites: --site is only for staff" err &&
	test_unchanged se.db trial user add se.db ola --role staff --site 0301 --site 0301 2>err &&
	grep -Fx "trial: site '"'"'0301'"'"' is given twice" err &&
	test_unchanged se.db trial user add se.db rita --role monitor 2>err &&
	grep -Fx "trial: user '"'"'rita'"'"' already exists" err &&
	test_exit 2 trial user add se.db ola 2>err &&
	grep -F -- "--role staff|researcher|monitor is required" err &&
	test_exit 2 trial user disable se.db rita 2>err &&
	grep -F -- "--reason TEXT is required" err &&
	test_exit 2 trial user reset se.db nobody 2>err &&
	grep -Fx "trial: user '"'"'nobody'"'"' does not exist; see '"'"'trial user list'"'"'" err &&
	test_exit 2 trial user reset se.db rita --format csv 2>err &&
	grep -F -- "--format is not an option of this command" err &&
	test "$(entries)" = "$n" &&
	test "$(sqlite3 se.db "SELECT count(*) FROM user")" = 3
'

test_expect_success 'the one-time password logs in, and must be changed' '
	trial user login se.db kari.nordmann <kari.otp >out &&
	grep -Fx "user kari.nordmann logged in (staff); the password must be changed first ('"'"'trial user passwd'"'"')" out &&
	{ cat kari.otp && echo short; } >pw.in &&
	test_exit 2 trial user passwd se.db kari.nordmann <pw.in 2>err &&
	grep -Fx "trial: the new password is too short: it needs at least 12 characters" err &&
	{ cat kari.otp && cat kari.otp; } >pw.in &&
	test_exit 2 trial user passwd se.db kari.nordmann <pw.in 2>err &&
	grep -F "the new password is the old one" err &&
	{ cat kari.otp && echo "correct horse battery"; } >pw.in &&
	trial user passwd se.db kari.nordmann <pw.in >out &&
	grep -Fx "password of user kari.nordmann changed" out &&
	test_exit 1 trial user login se.db kari.nordmann <kari.otp 2>err &&
	echo "correct horse battery" | trial user login se.db kari.nordmann >out &&
	grep -Fx "user kari.nordmann logged in (staff)" out &&
	trial user list se.db | grep -E "^kari.nordmann .* no +no +no$" &&
	! grep -rF "correct horse battery" se.db* &&
	randomizer verify se.db
'

test_expect_success 'wrong passwords are counted; the fifth locks for 15 minutes' '
	for i in 1 2 3 4; do
		echo "not my password" | test_exit 1 trial user login se.db kari.nordmann 2>err &&
		grep -Fx "trial: wrong user name or password" err || return 1
	done &&
	test "$(sqlite3 se.db "SELECT failed_logins FROM user WHERE name = '"'"'kari.nordmann'"'"'")" = 4 &&
	echo "still not it" | test_exit 1 trial user login se.db kari.nordmann 2>err &&
	grep -Fx "trial: user '"'"'kari.nordmann'"'"' is locked until 2026-10-15T12:15:00Z after 5 failed logins in a row; '"'"'trial user reset'"'"' unlocks it now" err &&
	randomizer log se.db --format csv >log.csv &&
	test "$(grep -c ",user.login_failed," log.csv)" = 5 && # 1 above, 4 here
	grep -F ",user.lockout,\"{\"\"name\"\":\"\"kari.nordmann\"\",\"\"until\"\":\"\"2026-10-15T12:15:00Z\"\"}\"" log.csv &&
	trial user list se.db | grep -E "^kari.nordmann .* 2026-10-15T12:15:00Z$" &&
	echo "correct horse battery" | test_exit 1 trial user login se.db kari.nordmann 2>err &&
	grep -F "is locked until 2026-10-15T12:15:00Z" err &&
	echo "correct horse battery" | RCT_NOW=2026-10-15T12:14:59Z test_exit 1 trial user login se.db kari.nordmann 2>/dev/null &&
	echo "correct horse battery" | RCT_NOW=2026-10-15T12:15:00Z trial user login se.db kari.nordmann >out &&
	grep -Fx "user kari.nordmann logged in (staff)" out &&
	test "$(sqlite3 se.db "SELECT failed_logins || coalesce(locked_until, '"'"'-'"'"') FROM user WHERE name = '"'"'kari.nordmann'"'"'")" = 0- &&
	RCT_NOW=2026-10-15T12:16:00Z randomizer verify se.db
'

test_expect_success 'an unknown name is refused like a wrong password, and not logged' '
	n=$(entries) &&
	echo "anything at all" | RCT_NOW=2026-10-15T12:16:00Z test_exit 1 trial user login se.db kari 2>err &&
	grep -Fx "trial: wrong user name or password" err &&
	test "$(entries)" = "$n"
'

test_expect_success 'reset: a new one-time password, must_change, the lockout cleared' '
	export RCT_NOW=2026-10-15T12:20:00Z &&
	for i in 1 2 3 4 5; do
		echo "not my password" | test_exit 1 trial user login se.db kari.nordmann 2>/dev/null || return 1
	done &&
	trial user list se.db | grep -E "^kari.nordmann .* 2026-10-15T12:35:00Z$" &&
	trial user reset se.db kari.nordmann >out &&
	grep -Fx "user kari.nordmann reset" out &&
	otp_of out >kari2.otp &&
	! cmp -s kari.otp kari2.otp &&
	trial user list se.db | grep -E "^kari.nordmann .* no +yes +no$" &&
	echo "correct horse battery" | test_exit 1 trial user login se.db kari.nordmann 2>/dev/null &&
	trial user login se.db kari.nordmann <kari2.otp >out &&
	grep -F "must be changed first" out &&
	! grep -rF "$(cat kari2.otp)" se.db* &&
	randomizer verify se.db
'

test_expect_success 'a disabled user is refused' '
	export RCT_NOW=2026-10-15T12:30:00Z &&
	trial user disable se.db rita --reason "left the project" >out &&
	grep -Fx "user rita disabled" out &&
	test_exit 1 trial user login se.db rita <rita.otp 2>err &&
	grep -Fx "trial: user '"'"'rita'"'"' is disabled" err &&
	trial user list se.db | grep -E "^rita +researcher +yes +yes +no$" &&
	test_unchanged se.db trial user disable se.db rita --reason again 2>err &&
	grep -Fx "trial: user '"'"'rita'"'"' is already disabled" err &&
	test_unchanged se.db trial user reset se.db rita 2>err &&
	grep -Fx "trial: user '"'"'rita'"'"' is disabled: a disabled user gets no new password" err &&
	randomizer log se.db --format csv | grep -F ",user.disable,\"{\"\"name\"\":\"\"rita\"\",\"\"reason\"\":\"\"left the project\"\"}\"" &&
	randomizer verify se.db
'

# A fresh copy t.db of se.db, edited by SQL, must fail verify with exit 1.
tampered () {
	rm -rf t.db t.keys && cp se.db t.db && cp -rp se.keys t.keys &&
	sqlite3 t.db "$1" &&
	test_exit 1 randomizer verify t.db 2>err &&
	grep -F "$2" err
}

test_expect_success 'a user row edited with sqlite3 is found by verify' '
	export RCT_NOW=2026-10-15T12:30:00Z &&
	sqlite3 se.db "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null &&
	tampered "UPDATE user SET role = '"'"'researcher'"'"' WHERE name = '"'"'kari.nordmann'"'"'" \
		"randomizer: user '"'"'kari.nordmann'"'"' has role '"'"'researcher'"'"' in the store, but audit entry" &&
	grep -F "left it '"'"'staff'"'"': the row was edited outside the toolkit" err &&
	tampered "DELETE FROM user_site WHERE site = '"'"'4601'"'"'" \
		"user '"'"'kari.nordmann'"'"' has the sites [\"0301\"] in the store" &&
	tampered "UPDATE user SET password_hash = (SELECT password_hash FROM user WHERE name = '"'"'mona'"'"') WHERE name = '"'"'kari.nordmann'"'"'" \
		"user '"'"'kari.nordmann'"'"' has a password hash that no audit entry describes" &&
	tampered "UPDATE user SET disabled = 0 WHERE name = '"'"'rita'"'"'" \
		"user '"'"'rita'"'"' has disabled '"'"'0'"'"' in the store" &&
	tampered "UPDATE user SET failed_logins = 2 WHERE name = '"'"'mona'"'"'" \
		"user '"'"'mona'"'"' has failed_logins '"'"'2'"'"' in the store" &&
	tampered "INSERT INTO user SELECT '"'"'eve'"'"', '"'"'researcher'"'"', password_hash, 0, 0, 0, NULL, 1, 1 FROM user WHERE name = '"'"'mona'"'"'" \
		"the store holds user '"'"'eve'"'"', whom no audit entry added" &&
	tampered "DELETE FROM user WHERE name = '"'"'mona'"'"'" \
		"added user '"'"'mona'"'"', but the store has no such row" &&
	tampered "INSERT INTO session VALUES (1, randomblob(32), '"'"'mona'"'"', '"'"'2026-10-15T12:00:00Z'"'"', '"'"'2026-10-15T12:00:00Z'"'"', 1800, '"'"'2026-10-16T00:00:00Z'"'"', NULL, 5)" \
		"the store holds session 1, which no audit entry created" &&
	tampered "CREATE TRIGGER t AFTER UPDATE ON user BEGIN UPDATE user SET role = '"'"'researcher'"'"'; END" \
		"the store holds trigger '"'"'t'"'"', which the toolkit did not create"
'

OLD="$TEST_DATA/store-v3"

test_expect_success 'a store of schema 3 is migrated by its first write' '
	cp "$OLD/v3.db" v3.db && cp -r "$OLD/v3.keys" v3.keys &&
	chmod 700 v3.keys && chmod 600 v3.keys/*.key &&
	test "$(sqlite3 v3.db "PRAGMA user_version")" = 3 &&
	test_exit 2 trial user list v3.db 2>err &&
	grep -Fx "trial: store '"'"'v3.db'"'"' has the older schema 3; a write command will migrate it" err &&
	test_unchanged v3.db trial user add v3.db ola --role staff --site 9999 2>err &&
	test "$(sqlite3 v3.db "PRAGMA user_version")" = 3 &&
	trial user add v3.db ola --role staff --site 4601 >out &&
	otp_of out >ola.otp &&
	test "$(sqlite3 v3.db "PRAGMA user_version")" = 5 &&
	randomizer log v3.db --format csv >log.csv &&
	grep -F ",store.migrate,\"{\"\"from\"\":3,\"\"to\"\":5}\"" log.csv &&
	test "$(grep -c ",user.add," log.csv)" = 1 &&
	trial user list v3.db | grep -E "^ola +staff +4601 +no +yes +no$" &&
	trial user login v3.db ola <ola.otp >/dev/null &&
	trial export v3.db --format csv >export.csv &&
	# The export has gained columns since; the old ones are all there.
	awk -F, -v OFS=, "NR == FNR { if (FNR == 1) for (i = 1; i <= NF; i++) want[i] = \$i; next }
		FNR == 1 { for (i = 1; i <= NF; i++) col[\$i] = i }
		{ line = \$col[want[1]]; for (i = 2; i in want; i++) line = line OFS \$col[want[i]]; print line }" \
		"$OLD/export.csv" export.csv >before.csv &&
	test_cmp "$OLD/export.csv" before.csv &&
	randomizer verify v3.db
'

test_done
