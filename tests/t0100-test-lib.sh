#!/bin/sh
# The test library itself: the checks that keep a test from passing by
# accident must catch what they are there to catch.
. "$(dirname "$0")/lib.sh"

test_expect_success 'chain lint finds a command not joined by &&' '
	test_chain_ok "true && false" &&
	test_chain_ok "for i in 1 2; do echo \$i || return 1; done && true" &&
	! test_chain_ok "false
	true" &&
	! test_chain_ok "echo a; echo b" &&
	! test_chain_ok "echo a && echo b || echo c"
'

test_expect_success 'test_must_fail refuses success and a signal' '
	test_must_fail false &&
	! test_must_fail true 2>/dev/null &&
	! test_must_fail sh -c "kill -SEGV \$\$" 2>/dev/null
'

test_expect_success 'test_help_all fails on a program that lists nothing' '
	printf "#!/bin/sh\necho usage: empty\n" >empty && chmod +x empty &&
	! test_help_all ./empty 2>err && grep "lists no command" err
'

test_expect_success 'test_help_all checks every listed command: screen without its usage fails' '
	cat >fake <<-\EOF &&
	#!/bin/sh
	case "$*" in
	--help) printf "usage: %s COMMAND\n\ncommands:\n  init     make it\n  site add add one\n  screen   record a month\n\n" "$0" ;;
	"init --help") echo "usage: $0 init STORE" ;;
	"site add --help") echo "usage: $0 site add STORE CODE" ;;
	"screen --help") test -n "${FAKE_SCREEN:-}" && echo "usage: $0 screen STORE" ;;
	*) exit 2 ;;
	esac
	EOF
	chmod +x fake &&
	! test_help_all ./fake 2>err && grep -F "./fake screen: no usage line" err &&
	(FAKE_SCREEN=1 && export FAKE_SCREEN && test_help_all ./fake)
'

test_expect_success 'each expected output has one owner: no two cases share a name' '
	# Two scripts writing tests/data/exp/NAME.* would overwrite each
	# other under RCT_EXP_UPDATE=1 and one would check the other'"'"'s case.
	cat "$TEST_ROOT"/tests/t*.sh |
		sed -n "s/.*test_expect_output \([A-Za-z0-9_.-]*\) .*/\1/p" >names &&
	test "$(wc -l <names)" -gt 50 &&
	sort names | uniq -d >twice &&
	test_cmp /dev/null twice
'

test_done
