// tlog_check: our checkpoints, roots and proofs checked by an
// implementation that is not ours, Go's golang.org/x/mod/sumdb/note and
// sumdb/tlog (Debian's golang-golang-x-mod-dev, built offline).
//
//	tlog_check SIGNING_PUB CHECKPOINT HASHES PROOFS
//
// SIGNING_PUB is the trial's signing.pub (hex), CHECKPOINT the output of
// randomizer log --checkpoint, HASHES the audit entry hashes (hex, one a
// line, in order), PROOFS the output of tests/bin/merkle_proofs HASHES.
// It prints "interop: N checks passed" or the first failure, exit 1.
package main

import (
	"bufio"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "tlog_check: "+format+"\n", args...)
	os.Exit(1)
}

func readLines(path string) []string {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	return strings.Split(strings.TrimRight(string(data), "\n"), "\n")
}

func parseHash(s string) tlog.Hash {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || len(b) != tlog.HashSize {
		fail("bad hash %q", s)
	}
	var h tlog.Hash
	copy(h[:], b)
	return h
}

func main() {
	if len(os.Args) != 5 {
		fail("usage: tlog_check SIGNING_PUB CHECKPOINT HASHES PROOFS")
	}
	checks := 0
	pub, err := hex.DecodeString(strings.TrimSpace(readLines(os.Args[1])[0]))
	if err != nil || len(pub) != ed25519.PublicKeySize {
		fail("bad public key")
	}
	msg, err := os.ReadFile(os.Args[2])
	if err != nil {
		fail("%v", err)
	}
	origin := strings.SplitN(string(msg), "\n", 2)[0]
	vkey, err := note.NewEd25519VerifierKey(origin, ed25519.PublicKey(pub))
	if err != nil {
		fail("%v", err)
	}
	verifier, err := note.NewVerifier(vkey)
	if err != nil {
		fail("%v", err)
	}
	n, err := note.Open(msg, note.VerifierList(verifier))
	if err != nil {
		fail("the checkpoint does not verify: %v", err)
	}
	checks++
	lines := strings.Split(n.Text, "\n")
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || len(lines) < 4 {
		fail("malformed checkpoint %q", n.Text)
	}
	root := parseHash(lines[2])

	// The tree of the entry hashes, stored as tlog stores it.
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = stored[x]
		}
		return out, nil
	})
	var leaves []tlog.Hash
	for i, l := range readLines(os.Args[3]) {
		data, err := hex.DecodeString(l)
		if err != nil {
			fail("bad entry hash %q", l)
		}
		hs, err := tlog.StoredHashes(int64(i), data, reader)
		if err != nil {
			fail("%v", err)
		}
		stored = append(stored, hs...)
		leaves = append(leaves, tlog.RecordHash(data))
	}
	if int64(len(leaves)) != size {
		fail("the checkpoint has size %d, the log %d entries", size, len(leaves))
	}
	th, err := tlog.TreeHash(size, reader)
	if err != nil || th != root {
		fail("the checkpoint's root is not the tree of the entries")
	}
	checks++

	sc := bufio.NewScanner(strings.NewReader(strings.Join(readLines(os.Args[4]), "\n")))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		a, _ := strconv.ParseInt(f[1], 10, 64)
		b, _ := strconv.ParseInt(f[2], 10, 64)
		var proof []tlog.Hash
		start := 3
		if f[0] == "root" {
			start = 2
		}
		for _, s := range f[start:] {
			proof = append(proof, parseHash(s))
		}
		switch f[0] {
		case "root":
			h, err := tlog.TreeHash(a, reader)
			if err != nil || h != parseHash(f[2]) {
				fail("root of size %d differs", a)
			}
		case "record":
			h, _ := tlog.TreeHash(b, reader)
			if err := tlog.CheckRecord(proof, b, h, a, leaves[a]); err != nil {
				fail("inclusion of %d in %d: %v", a, b, err)
			}
		case "tree":
			h1, _ := tlog.TreeHash(a, reader)
			h2, _ := tlog.TreeHash(b, reader)
			if err := tlog.CheckTree(proof, b, h2, a, h1); err != nil {
				fail("consistency of %d with %d: %v", a, b, err)
			}
		default:
			fail("unknown line %q", sc.Text())
		}
		checks++
	}
	fmt.Printf("interop: %d checks passed\n", checks)
}
