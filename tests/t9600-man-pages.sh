#!/bin/sh
# The man pages list every command and every option: each command that
# PROGRAM --help lists is named in PROGRAM.1 (".Cm NAME", alone or in a
# list), and each option its --help names is there as ".Fl -OPTION".
. "$(dirname "$0")/lib.sh"

# The commands of program $1, one a line, as its --help lists them: a
# name of two words is tried first (randomizer witness add-checkpoint).
commands () {
	"$1" --help | awk "/^commands:/ { on = 1; next } on && /^  [a-z]/ { print \$1, \$2 }" |
	while read -r a b; do
		if "$1" "$a" "$b" --help 2>/dev/null | head -1 | grep -q "^usage: $(basename "$1") $a $b "; then
			echo "$a $b"
		else
			echo "$a"
		fi
	done
}

# Every command and option of program $1 that its man page $2 lacks.
missing () {
	commands "$1" >cmds &&
	test -s cmds &&
	while read -r c; do
		grep -E "^\.Cm (.* )?$c( |$)" "$2" >/dev/null ||
			echo "command '$c' is not in $2"
		# shellcheck disable=SC2086
		"$1" $c --help | grep -o -- "--[a-z][a-z0-9-]*" | sort -u |
		while read -r o; do
			[ "$o" = --help ] && continue
			grep -E -- "Fl -${o#--}( |$)" "$2" >/dev/null ||
				echo "$(basename "$1") $c: option '$o' is not in $2"
		done
	done <cmds
}

for p in trial randomizer analysis; do
	test_expect_success "$p.1 names every command and option of $p --help" '
		missing "$BIN/'$p'" "$TEST_ROOT/'$p'/'$p'.1" >missing &&
		test_cmp /dev/null missing
	'
done

test_expect_success 'the check finds what a page lacks' '
	sed "/Fl -undo/d" "$TEST_ROOT/trial/trial.1" >lacking.1 &&
	missing "$BIN/trial" lacking.1 >missing &&
	grep "^trial withdraw: option .--undo. is not in lacking.1$" missing &&
	grep "^trial exit: option .--undo. is not in lacking.1$" missing &&
	sed "s/^\.Cm site rename$/.Cm site renamed/" "$TEST_ROOT/trial/trial.1" >lacking.1 &&
	missing "$BIN/trial" lacking.1 >missing &&
	grep "^command .site rename. is not in lacking.1$" missing
'

test_done
