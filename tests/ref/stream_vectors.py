#!/usr/bin/env python3
"""Reference values for the keyed random stream (randomizer/README.md).

An independent implementation: ChaCha20 written here from RFC 8439 (and
checked against the RFC's own test vector 2.3.2 before use), BLAKE2b from
Python's hashlib.  It shares no code with lib/stream.c.  Output goes to
tests/data/stream-vectors.txt, which tests/unit/test_stream.c checks:

    python3 tests/ref/stream_vectors.py > tests/data/stream-vectors.txt
"""
import hashlib
import struct


def rotl(v, c):
    return ((v << c) & 0xffffffff) | (v >> (32 - c))


def quarter(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = rotl(s[b] ^ s[c], 7)


def chacha20_block(key, counter, nonce):
    state = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]
    state += list(struct.unpack('<8I', key))
    state += [counter] + list(struct.unpack('<3I', nonce))
    s = state[:]
    for _ in range(10):
        quarter(s, 0, 4, 8, 12); quarter(s, 1, 5, 9, 13)
        quarter(s, 2, 6, 10, 14); quarter(s, 3, 7, 11, 15)
        quarter(s, 0, 5, 10, 15); quarter(s, 1, 6, 11, 12)
        quarter(s, 2, 7, 8, 13); quarter(s, 3, 4, 9, 14)
    return struct.pack('<16I', *[(x + y) & 0xffffffff for x, y in zip(s, state)])


# RFC 8439 section 2.3.2: the block function's test vector.
_key = bytes(range(32))
_nonce = bytes.fromhex('000000090000004a00000000')
assert chacha20_block(_key, 1, _nonce).hex().startswith(
    '10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e'), \
    'the reference ChaCha20 does not match RFC 8439'


class Stream:
    def __init__(self, key, parts):
        h = hashlib.blake2b(digest_size=32)
        h.update(b'rct-stream-v1')
        for p in parts:
            h.update(b'\0')
            h.update(p.encode())
        self.key, self.nonce = key, h.digest()[:12]
        self.block, self.buf = 0, b''

    def word(self):
        if len(self.buf) < 4:
            self.buf += chacha20_block(self.key, self.block, self.nonce)
            self.block += 1
        w, self.buf = struct.unpack('<I', self.buf[:4])[0], self.buf[4:]
        return w

    def below(self, n):
        limit = 2**32 - 2**32 % n
        while True:
            w = self.word()
            if w < limit:
                return w % n

    def shuffle(self, a):
        for i in range(len(a) - 1, 0, -1):
            j = self.below(i + 1)
            a[i], a[j] = a[j], a[i]
        return a


KEY = bytes.fromhex('000102030405060708090a0b0c0d0e0f'
                    '101112131415161718191a1b1c1d1e1f')
print('# key', KEY.hex())
for parts in (['blocks', '0301|female', 'block', '0'],
              ['simple', '1'], ['minimization', '17']):
    s = Stream(KEY, parts)
    print('words', '/'.join(parts), ' '.join(str(s.word()) for _ in range(8)))
for parts, n in ((['simple', '1'], 3), (['lottery', '1', 'oslo'], 1000000),
                 (['x'], 2**31 + 1)):
    s = Stream(KEY, parts)
    print('below', '/'.join(parts), n, ' '.join(str(s.below(n)) for _ in range(8)))
s = Stream(KEY, ['batch', '1', '0301'])
print('shuffle', 'batch/1/0301', 20, ' '.join(map(str, s.shuffle(list(range(20))))))
# Far into a stream (past the first ChaCha20 blocks).
s = Stream(KEY, ['far'])
for _ in range(1000):
    s.word()
print('after1000', 'far', s.word())
