// cosig_check: a checkpoint cosigned by our witness, opened with Go's
// golang.org/x/mod/sumdb/note (its note parsing and signature-line
// handling) and a cosignature/v1 verifier written here from the C2SP
// tlog-cosignature text, independently of lib/note.c.
//
//	cosig_check SIGNING_PUB WITNESS_VKEY COSIGNED_CHECKPOINT
//
// Prints "interop: log and N cosignature(s) verified" or fails, exit 1.
package main

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

type cosigVerifier struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

func (v *cosigVerifier) Name() string    { return v.name }
func (v *cosigVerifier) KeyHash() uint32 { return v.hash }

// Verify checks timestamp || Ed25519 over "cosignature/v1\ntime T\n" || msg.
func (v *cosigVerifier) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig[:8])
	m := "cosignature/v1\ntime " + strconv.FormatUint(t, 10) + "\n" + string(msg)
	return ed25519.Verify(v.key, []byte(m), sig[8:])
}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "cosig_check: "+format+"\n", args...)
	os.Exit(1)
}

func main() {
	if len(os.Args) != 4 {
		fail("usage: cosig_check SIGNING_PUB WITNESS_VKEY CHECKPOINT")
	}
	pubHex, _ := os.ReadFile(os.Args[1])
	pub, err := hex.DecodeString(strings.TrimSpace(string(pubHex)))
	if err != nil || len(pub) != ed25519.PublicKeySize {
		fail("bad public key")
	}
	msg, err := os.ReadFile(os.Args[3])
	if err != nil {
		fail("%v", err)
	}
	origin := strings.SplitN(string(msg), "\n", 2)[0]
	lkey, err := note.NewEd25519VerifierKey(origin, ed25519.PublicKey(pub))
	if err != nil {
		fail("%v", err)
	}
	logV, err := note.NewVerifier(lkey)
	if err != nil {
		fail("%v", err)
	}
	parts := strings.SplitN(strings.TrimSpace(os.Args[2]), "+", 3)
	if len(parts) != 3 {
		fail("bad witness key")
	}
	raw, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(raw) != 33 || raw[0] != 0x04 {
		fail("the witness key is not a cosignature/v1 key")
	}
	h := sha256.Sum256(append([]byte(parts[0]+"\n\x04"), raw[1:]...))
	w := &cosigVerifier{parts[0], binary.BigEndian.Uint32(h[:4]), raw[1:]}
	if fmt.Sprintf("%08x", w.hash) != parts[1] {
		fail("the witness key's hash is not SHA-256(name, 0x04, key)")
	}
	n, err := note.Open(msg, note.VerifierList(logV, w))
	if err != nil {
		fail("the cosigned checkpoint does not verify: %v", err)
	}
	cosigs := 0
	for _, s := range n.Sigs {
		if s.Name == w.name && s.Hash == w.hash {
			cosigs++
		}
	}
	if cosigs == 0 {
		fail("no cosignature by %s", w.name)
	}
	fmt.Printf("interop: log and %d cosignature(s) verified\n", cosigs)
}
