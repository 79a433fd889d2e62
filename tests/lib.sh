# Shared by the end-to-end tests (tNNNN-story.sh), after git's t/test-lib.sh:
# each script sources this, declares test_expect_success blocks as && chains,
# and ends with test_done.  Every script runs in its own scratch directory
# with TZ=UTC, LANG=C and a fixed clock (RCT_NOW), so output is repeatable.
#
#   test_expect_success 'what it shows' 'commands && chained'
#   test_must_fail CMD...      CMD must exit 2 (bad input) or 1, not crash
#   test_cmp EXPECTED ACTUAL   files must be equal (diff shown otherwise)
#   test_unchanged FILE CMD... CMD must leave FILE byte-for-byte unchanged

set -u
TEST_NAME=$(basename "$0" .sh)
# The repository root: the nearest directory above the script with the
# Makefile (tests/ or tests/stress/).
TEST_ROOT=$(cd "$(dirname "$0")" && while [ ! -f Makefile ] && [ "$PWD" != / ]; do cd ..; done && pwd)
BIN="$TEST_ROOT/bin"
# trial, randomizer and analysis as built for tests, with the settable clock
# and actor (RCT_NOW, RCT_ACTOR) that the release programs in bin/ lack.
TEST_BIN="$TEST_ROOT/tests/bin"
PROTOCOLS="$TEST_ROOT/protocols"
TEST_DATA="$TEST_ROOT/tests/data"
SCRATCH="$TEST_ROOT/tests/out/$TEST_NAME"
PATH="$TEST_BIN:$BIN:$PATH"
# make valgrind (tests/valgrind.sh sets RCT_VALGRIND=1 and the options in
# VG_OPTS): the three programs run under memcheck through wrappers ahead in
# PATH; each run logs to a file of its own in tests/out/.valgrind/log and
# exits 99 on a memory error or a definite leak.
if [ "${RCT_VALGRIND:-0}" = 1 ]; then
	VG="$TEST_ROOT/tests/out/.valgrind"
	mkdir -p "$VG/bin.$TEST_NAME" "$VG/log" && chmod 1777 "$VG/log"
	for p in trial randomizer analysis; do
		cat >"$VG/bin.$TEST_NAME/$p" <<-EOF
		#!/bin/sh
		exec valgrind $VG_OPTS --log-file="$VG/log/$TEST_NAME.$p.%p" \\
			"$TEST_BIN/$p" "\$@"
		EOF
		chmod +x "$VG/bin.$TEST_NAME/$p"
	done
	PATH="$VG/bin.$TEST_NAME:$PATH"
fi
export TZ=UTC LANG=C LC_ALL=C RCT_NOW=2026-10-15 RCT_ACTOR=tester PATH

rm -rf "$SCRATCH" && mkdir -p "$SCRATCH" && cd "$SCRATCH" || exit 1

test_count=0
test_failed=0

# Chain lint (git's test-lib): a body whose commands are not all joined by
# && would pass on the last command alone.  Run first behind a command
# that fails with 117: a whole && chain is then skipped and returns 117; a
# broken link runs the rest and returns something else.
test_chain_ok () {
	(eval "(exit 117) && $1") >/dev/null 2>&1
	[ $? -eq 117 ]
}

test_expect_success () {
	test_count=$((test_count + 1))
	if ! test_chain_ok "$2"
	then
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		echo "#   broken &&-chain in: $2" | head -20
		return
	fi
	if (eval "$2") >"$SCRATCH/.out.$test_count" 2>&1
	then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		sed 's/^/#   /' "$SCRATCH/.out.$test_count"
		echo "#   in: $2" | head -20
	fi
}

# The command must fail cleanly: exit 1 or 2, never a signal or another code.
test_must_fail () {
	"$@"
	rc=$?
	if [ $rc -eq 1 ] || [ $rc -eq 2 ]; then
		return 0
	fi
	echo "test_must_fail: '$*' exited $rc, expected 1 or 2" >&2
	return 1
}

# The command must exit with exactly this status.
test_exit () {
	want=$1
	shift
	"$@"
	rc=$?
	if [ $rc -eq "$want" ]; then
		return 0
	fi
	echo "test_exit: '$*' exited $rc, expected $want" >&2
	return 1
}

# Run the program CMD with its memory bounded to MB megabytes and its time
# to 20 seconds: ulimit -v in a subshell, or, under AddressSanitizer (which
# reserves terabytes of address space), its hard limit on resident memory;
# under valgrind, the time only.
test_bounded () {
	mb=$1
	shift
	if [ "${RCT_VALGRIND:-0}" = 1 ]; then
		timeout 20 "$@"
	elif grep -qa __asan_init "$BIN/trial"; then
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}hard_rss_limit_mb=$mb" \
			timeout 20 "$@"
	else
		(ulimit -v $((mb * 1024)) && timeout 20 "$@")
	fi
}

test_cmp () {
	diff -u "$1" "$2"
}

# Every command that PROG --help lists answers --help with its own usage
# line (a command's name is one or two words; the list is read from the
# program, so a new command cannot be left out).  Fails on an empty list.
test_help_all () {
	prog=$1
	"$prog" --help >"$SCRATCH/.help" || return 1
	n=0
	while read -r w1 w2 rest; do
		[ -n "$w1" ] || continue
		if "$prog" $w1 $w2 --help 2>/dev/null | grep -q "^usage: $prog $w1 $w2 "; then
			:
		elif "$prog" $w1 --help 2>/dev/null | grep -q "^usage: $prog $w1 "; then
			:
		else
			echo "$prog $w1: no usage line for its --help" >&2
			return 1
		fi
		n=$((n + 1))
	done <<-EOF
	$(sed -n '/^commands:/,/^$/{/^  [a-z]/p}' "$SCRATCH/.help")
	EOF
	[ "$n" -gt 0 ] || { echo "$prog --help lists no command" >&2; return 1; }
}

# The exact output of a command where it is the contract (sqlite's shell
# tests): CMD must exit RC and print exactly tests/data/exp/NAME.out on
# stdout and NAME.err on stderr (both files must exist; an empty one says
# nothing is printed).  RCT_EXP_UPDATE=1 writes the files instead, for a
# change of output made on purpose (review the diff before committing).
EXP_DIR="$TEST_ROOT/tests/data/exp"
test_expect_output () {
	name=$1 want_rc=$2
	shift 2
	"$@" >"$SCRATCH/$name.out" 2>"$SCRATCH/$name.err"
	rc=$?
	if [ "${RCT_EXP_UPDATE:-0}" = 1 ]; then
		mkdir -p "$EXP_DIR" &&
		cp "$SCRATCH/$name.out" "$SCRATCH/$name.err" "$EXP_DIR/" || return 1
	fi
	[ "$rc" -eq "$want_rc" ] ||
		{ echo "$name: '$*' exited $rc, expected $want_rc" >&2; return 1; }
	[ -f "$EXP_DIR/$name.out" ] && [ -f "$EXP_DIR/$name.err" ] ||
		{ echo "$name: no expected output in $EXP_DIR" >&2; return 1; }
	[ -s "$EXP_DIR/$name.out" ] || [ -s "$EXP_DIR/$name.err" ] ||
		{ echo "$name: expected output and error both empty" >&2; return 1; }
	test_cmp "$EXP_DIR/$name.out" "$SCRATCH/$name.out" &&
	test_cmp "$EXP_DIR/$name.err" "$SCRATCH/$name.err"
}

# CMD with its standard output through the sed -E script SED, its exit
# code kept: for test_expect_output of an output with a part that is
# random by design, replaced by a name of what it is (say so where used).
test_filtered () {
	_tf_sed=$1
	shift
	"$@" >"$SCRATCH/.filtered"
	_tf_rc=$?
	sed -E "$_tf_sed" "$SCRATCH/.filtered" || return 99
	return $_tf_rc
}

# Run a command that must fail and leave FILE exactly as it was.
test_unchanged () {
	file=$1
	shift
	cp "$file" "$SCRATCH/.before" &&
	test_must_fail "$@" &&
	cmp "$SCRATCH/.before" "$file"
}

# A store of the supported-employment trial with its five sites.
make_se_store () {
	trial init "${1:-se.db}" --protocol "$PROTOCOLS/supported-employment.ini" >/dev/null &&
	trial site add "${1:-se.db}" 0301 --name Oslo --target 40 >/dev/null &&
	trial site add "${1:-se.db}" 4601 --name Bergen --target 30 >/dev/null &&
	trial site add "${1:-se.db}" 5001 --name Trondheim --target 20 >/dev/null &&
	trial site add "${1:-se.db}" 1103 --name Stavanger --target 20 >/dev/null &&
	trial site add "${1:-se.db}" 3005 --name Drammen --target 15 >/dev/null
}

# Enrol in se.db the person of one register row, given as gen_register's
# columns ID SITE GENDER BIRTH_YEAR EDUCATION LEVEL YEARS CONSENT_DATE,
# the identity number on standard input as staff would type it; prints
# the participant id (nothing when refused).
enrol_person () {
	echo "$1" | trial enrol se.db --site "$2" --id - \
		--set gender="$3" --set birth_year="$4" \
		--set education="$5" --set norwegian_level="$6" \
		--set years_in_norway="$7" --set consent_date="$8" \
		--format csv | tail -1 | cut -d, -f1
}

# The applicants of the vocational lottery (vocational-fourth-year.ini) on
# stdout: of ROWS register rows (gen_register --seed 42 at SITES, a comma
# list, with any further gen_register options), those it finds eligible
# (aged 20 to 62), all at Norwegian level B1.
vt_applicants () {
	_va_rows=$1 _va_sites=$2
	shift 2
	echo id_number,site,gender,birth_year,education,norwegian_level,programme,reduced_work_capacity,application_date &&
	gen_register --rows "$_va_rows" --seed 42 "$@" --sites "$_va_sites" | tail -n +2 |
	awk -F, '$4 >= 1964 && $4 <= 2006 { print $1 "," $2 "," $3 "," $4 "," $5 ",B1,health,no," $8 }'
}

# The mother-tongue trial (classes randomized as clusters) with its two
# sites, Oslo and Bergen.
make_mt_store () {
	trial init "${1:-mt.db}" --protocol "$PROTOCOLS/mother-tongue-support.ini" >/dev/null &&
	trial site add "${1:-mt.db}" 0301 --name Oslo >/dev/null &&
	trial site add "${1:-mt.db}" 4601 --name Bergen >/dev/null
}

# Its register on stdout: ROWS pupils (gen_register --seed 41) in CLASSES
# classes per site (oslo-1, ..., bergen-1, ...).
mt_register () {
	echo id_number,site,class,gender,birth_year,track,schooling_years,norwegian_level,consent_date &&
	gen_register --rows "$1" --seed 41 --sites 0301,4601 | tail -n +2 |
	awk -F, -v k="$2" '{ c = ($2 == "0301" ? "oslo-" : "bergen-") (NR % k + 1);
		print $1 "," $2 "," c "," $3 "," $4 ",spor1,3,A1," $8 }'
}

# mt.db with 80 pupils in five classes per site (mt.csv), allocated.
make_mt_trial () {
	make_mt_store mt.db &&
	mt_register 80 5 >mt.csv &&
	trial import mt.db mt.csv >/dev/null &&
	randomizer assign mt.db --pending >/dev/null
}

# mt.db's pupils each given a norwegian_test_level (a fixed pattern over
# the export, mte.csv), imported as outcomes (mto.csv).
import_mt_levels () {
	trial export mt.db --format csv >mte.csv &&
	awk -F, 'BEGIN { split("below_A1 A1 A2 B1 B2", c, " "); print "participant,outcome,value" }
		NR > 1 { print $1 ",norwegian_test_level," c[(NR * 7 + length($4)) % 5 + 1] }' \
		mte.csv >mto.csv &&
	trial outcome import mt.db mto.csv >/dev/null
}

# The values of column NAME of CSV file FILE, header left out, read by
# sqlite3 (a site name may hold a quoted comma); fails if the file has no
# such column.
csv_col () {
	sqlite3 -list -noheader :memory: ".import --csv $1 t" "SELECT [$2] FROM t ORDER BY rowid"
}

# How many rows of CSV file FILE have VALUE in column NAME (and, given
# NAME2 and VALUE2, that too).
csv_count () {
	if [ $# -gt 3 ]; then
		sqlite3 :memory: ".import --csv $1 t" "SELECT count(*) FROM t WHERE [$2] = '$3' AND [$4] = '$5'"
	else
		sqlite3 :memory: ".import --csv $1 t" "SELECT count(*) FROM t WHERE [$2] = '$3'"
	fi
}

# The n of the row STAGE (of ARM, empty for the whole trial) of the CSV
# of analysis consort FILE; fails unless exactly one row matches.
consort_n () {
	awk -F, -v s="$2" -v a="$3" '$1 == s && $2 == a { print $3; k++ } END { exit k != 1 }' "$1"
}

# The start of an awk program comparing our CSV output with R's reference
# rows, both read by column name (t3000, t3050, t3060, t3070, t3075):
#   awk -F, -v case=CASE "$REF_ROWS_AWK"' END { ... }' REFERENCE OURS
# gives rel(a, b), the relative difference; the reference's rows of CASE
# (its first column) as ref[1..nref, i], ours as row[1..rows, i], where i
# is the column of name N: rcol[N] in the reference, col[N] in ours.
REF_ROWS_AWK='
function rel(a, b) { d = a - b; if (d < 0) d = -d; s = b < 0 ? -b : b; return s > 0 ? d / s : d }
NR == FNR {
	if (FNR == 1) for (i = 1; i <= NF; i++) rcol[$i] = i
	else if ($1 == case) { nref++; for (i = 1; i <= NF; i++) ref[nref, i] = $i }
	next
}
FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
{ rows++; for (i = 1; i <= NF; i++) row[rows, i] = $i }
'

test_done () {
	echo "# $TEST_NAME: $((test_count - test_failed)) passed, $test_failed failed"
	[ "$test_failed" -eq 0 ]
}

# Skip the whole script with a reason (no test counted as passed or failed).
test_skip_all () {
	echo "# $TEST_NAME: skipped: $1"
	exit 0
}
