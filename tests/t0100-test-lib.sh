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

test_done
