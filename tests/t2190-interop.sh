#!/bin/sh
# Our checkpoints, tree roots and proofs read by an implementation that is
# not ours: Go's golang.org/x/mod/sumdb/note and sumdb/tlog (Debian's
# golang-go and golang-golang-x-mod-dev, built offline), through
# tests/interop/tlog_check.go; a forged checkpoint or proof fails there.
. "$(dirname "$0")/lib.sh"

test_expect_success 'setup: the Go checker, and a trial with some commits' '
	GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$SCRATCH/.gocache" \
		go build -o tlog_check "$TEST_ROOT/tests/interop/tlog_check.go" &&
	GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$SCRATCH/.gocache" \
		go build -o cosig_check "$TEST_ROOT/tests/interop/cosig_check.go" &&
	make_se_store &&
	gen_register --rows 20 --seed 4 --sites 0301 >reg.csv &&
	trial import se.db reg.csv >/dev/null &&
	for p in 1 2 3 4 5 6 7 8 9 10 11 12; do randomizer assign se.db $(printf P%06d $p) >/dev/null || return 1; done &&
	randomizer log se.db --checkpoint >cp.txt &&
	sqlite3 se.db "SELECT lower(hex(hash)) FROM audit ORDER BY seq" >hashes.txt &&
	merkle_proofs hashes.txt >proofs.txt &&
	test "$(wc -l <hashes.txt)" -ge 19
'

test_expect_success 'Go verifies the signed checkpoint, the root and every proof' '
	./tlog_check se.keys/signing.pub cp.txt hashes.txt proofs.txt >out &&
	n=$(wc -l <proofs.txt) &&
	grep -x "interop: $((n + 2)) checks passed" out
'

test_expect_success 'Go refuses a checkpoint with another root, or signed by another key' '
	awk "NR == 3 { c = substr(\$0, 1, 1); \$0 = (c == \"A\" ? \"B\" : \"A\") substr(\$0, 2) } { print }" cp.txt >bad.txt &&
	! cmp -s bad.txt cp.txt &&
	test_exit 1 ./tlog_check se.keys/signing.pub bad.txt hashes.txt proofs.txt 2>err &&
	grep "does not verify" err &&
	trial init other.db --protocol "$PROTOCOLS/supported-employment.ini" >/dev/null &&
	test_exit 1 ./tlog_check other.keys/signing.pub cp.txt hashes.txt proofs.txt 2>err
'

test_expect_success 'Go refuses a forged proof' '
	awk "/^record 3 / { sub(/ [A-Za-z0-9+\/=]+\$/, \" AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\") } { print }" proofs.txt >forged.txt &&
	! cmp -s forged.txt proofs.txt &&
	test_exit 1 ./tlog_check se.keys/signing.pub cp.txt hashes.txt forged.txt 2>err &&
	grep "inclusion of 3" err
'

test_expect_success 'Go opens a checkpoint cosigned by our witness' '
	randomizer witness init dmc --name dmc.example.no/w1 >dmc.vkey &&
	randomizer witness trust dmc "$(randomizer log se.db --verifier-key)" &&
	randomizer cosign request se.db --old 0 >req &&
	randomizer witness add-checkpoint dmc req >resp &&
	{ cat cp.txt && cat resp; } >cosigned.txt &&
	./cosig_check se.keys/signing.pub "$(cat dmc.vkey)" cosigned.txt >out &&
	grep -x "interop: log and 1 cosignature(s) verified" out &&
	awk "/^— dmc/ { c = substr(\$0, 60, 1); \$0 = substr(\$0, 1, 59) (c == \"A\" ? \"B\" : \"A\") substr(\$0, 61) } { print }" cosigned.txt >forged.txt &&
	! cmp -s cosigned.txt forged.txt &&
	test_exit 1 ./cosig_check se.keys/signing.pub "$(cat dmc.vkey)" forged.txt 2>err
'

test_done
