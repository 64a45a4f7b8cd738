"""Independent decoding of captured messages with Python's email package.

Reads a JSON list of [path, content_type_or_null] on stdin; prints a JSON list of
{"path", "parts": [{"content_id", "size", "sha256"}]} or {"path", "error"}.
A null content type means the file is a whole HTTP message.
"""
import email
import email.policy
import hashlib
import json
import sys


def dechunk(b):
    out = b""
    while True:
        nl = b.index(b"\n")
        size = int(b[:nl].split(b";")[0].strip(), 16)
        b = b[nl + 1:]
        if size == 0:
            return out
        out += b[:size]
        b = b[size:]
        if b.startswith(b"\r\n"):
            b = b[2:]
        elif b.startswith(b"\n"):
            b = b[1:]


def split_http(raw):
    for sep in (b"\r\n\r\n", b"\n\n"):
        i = raw.find(sep)
        if i >= 0:
            head, body = raw[:i], raw[i + len(sep):]
            break
    lines = head.replace(b"\r\n", b"\n").split(b"\n")[1:]
    headers = {}
    for line in lines:
        if b":" in line:
            k, v = line.split(b":", 1)
            headers[k.strip().lower().decode()] = v.strip().decode("latin-1")
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = dechunk(body)
    return headers.get("content-type"), body


def decode(path, ct):
    raw = open(path, "rb").read()
    if ct is None:
        ct, raw = split_http(raw)
    ct = " ".join(ct.split())
    msg = email.message_from_bytes(
        b"Content-Type: " + ct.encode("latin-1") + b"\r\nMIME-Version: 1.0\r\n\r\n" + raw,
        policy=email.policy.compat32,
    )
    if not msg.is_multipart():
        body = raw
        return [{"content_id": None, "size": len(body), "sha256": hashlib.sha256(body).hexdigest()}]
    parts = []
    for p in msg.get_payload():
        data = p.get_payload(decode=True) or b""
        cid = p.get("Content-ID")
        if cid is not None:
            cid = " ".join(cid.split()).strip()
            if cid.startswith("<") and cid.endswith(">"):
                cid = cid[1:-1].strip()
        parts.append({"content_id": cid, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()})
    return parts


out = []
for path, ct in json.load(sys.stdin):
    try:
        out.append({"path": path, "parts": decode(path, ct)})
    except Exception as e:  # reported, compared by the Rust side
        out.append({"path": path, "error": repr(e)})
json.dump(out, sys.stdout)
