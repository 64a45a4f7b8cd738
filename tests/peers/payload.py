"""Test payload shared by the soapstone interop peers (Python side).

The payload of SIZE bytes is a 64 KiB pattern block, repeated and cut to SIZE.
Block byte i is (i*167 + (i>>8)*13) & 0xff, except that the block starts with
the 29 bytes "\\r\\n--MIMEBoundary_fake\\r\\n\\r\\n--\\r\\n", which look like a MIME
delimiter to a careless multipart parser; SIZE 29 is exactly those bytes (the
"trap payload": it starts with CRLF and a fake delimiter and ends in CRLF).
Receivers report CRC-32 as eight lower-case hex digits.  Reference values:
29 -> 65631cd3, 1500 -> 17eb60e0, 1 MiB -> caba619d.

Run as a script to print "SIZE CRC" for each SIZE argument (default: self-check).
"""
import sys
import zlib

TRAP = b"\r\n--MIMEBoundary_fake\r\n\r\n--\r\n"
BLOCK_LEN = 1 << 16


def _make_block():
    block = bytearray((i * 167 + (i >> 8) * 13) & 0xFF for i in range(BLOCK_LEN))
    block[: len(TRAP)] = TRAP
    return bytes(block)


BLOCK = _make_block()


def payload(size):
    """Return the first `size` bytes of the endlessly repeated block."""
    whole, rest = divmod(size, BLOCK_LEN)
    return BLOCK * whole + BLOCK[:rest]


def crc32_hex(data):
    return format(zlib.crc32(data) & 0xFFFFFFFF, "08x")


KNOWN = {29: "65631cd3", 1500: "17eb60e0", 1 << 20: "caba619d"}


def _self_check():
    for size, want in KNOWN.items():
        got = crc32_hex(payload(size))
        if got != want:
            raise SystemExit(f"payload self-check failed: size {size} crc {got}, want {want}")
    assert len(TRAP) == 29 and payload(0) == b""


_self_check()

if __name__ == "__main__":
    for arg in sys.argv[1:] or [str(s) for s in KNOWN]:
        print(arg, crc32_hex(payload(int(arg))))
