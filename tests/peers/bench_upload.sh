#!/usr/bin/env bash
# Side-by-side upload benchmark: one SIZE-byte MTOM upload (SOAP 1.1) over
# loopback, soapstone client -> soapstone server beside gSOAP client -> gSOAP
# server, both built from wsdl-samples/document-service/DocumentService.wsdl.
#
#   tests/peers/bench_upload.sh [--size BYTES] [--reps N] [--sides soapstone,gsoap] [--tmp DIR] [--no-build]
#
# Defaults: --size 268435456 (256 MiB), --reps 3, both sides, --tmp $TMPDIR or /tmp.
#
# Builds what it needs: `cargo build --release -p soapstone-tests --example
# document_service` (skipped with --no-build, which uses the binary as it is),
# and the gSOAP peer through tests/peers/setup.sh when
# target/peers/bin/gsoap-peer is missing or older than gsoap/peer.c.
#
# Each run starts the server under `/usr/bin/time -v` on a free 127.0.0.1 port,
# waits for its "listening" log line (no probe connection: the gSOAP peer counts
# connections), runs the client under `/usr/bin/time -v`, checks the reply
# (status OK-XOP, receivedBytes = SIZE, crc32 = CRC-32 of the payload from
# payload.py), and lets the server exit by itself after that one request
# (`serve ... --max-requests 1`, `gsoap-peer server PORT 1`), so time -v reports
# on a clean exit. Our server reads with size limits lifted (`--unbounded`) and
# spills parts above 256 KiB into a private spill directory that is watched
# during the run (peak bytes on disk) and must be empty afterwards.
#
# Sides alternate run by run; the table (stdout, markdown) has the median of the
# runs of each side: client-observed request latency (the call, as the client
# prints it on stderr as latency_s=), wall time and peak RSS of each process, and
# the server's CPU time. Per-run lines go to stderr. Exit status 1 when any run
# failed a check.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$REPO/target}
PEERS=$TARGET/peers

[ -x /usr/bin/time ] || { echo "bench_upload.sh: needs GNU time at /usr/bin/time (Debian: apt-get install time)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "bench_upload.sh: needs python3" >&2; exit 1; }

BUILD=1
ARGS=()
for arg in "$@"; do
  if [ "$arg" = --no-build ]; then BUILD=; else ARGS+=("$arg"); fi
done
if [ -n "$BUILD" ]; then
  echo "bench_upload.sh: cargo build --release -p soapstone-tests --example document_service" >&2
  (cd "$REPO" && cargo build --release -q -p soapstone-tests --example document_service) >&2
fi
[ -x "$TARGET/release/examples/document_service" ] \
  || { echo "bench_upload.sh: $TARGET/release/examples/document_service is missing (run without --no-build)" >&2; exit 1; }
if [ ! -x "$PEERS/bin/gsoap-peer" ] || [ ! -x "$PEERS/gsoap/peer" ] || [ "$HERE/gsoap/peer.c" -nt "$PEERS/gsoap/peer" ]; then
  echo "bench_upload.sh: building the peers: tests/peers/setup.sh $PEERS" >&2
  bash "$HERE/setup.sh" "$PEERS" >&2
fi

export BENCH_REPO=$REPO BENCH_HERE=$HERE
export BENCH_OURS=$TARGET/release/examples/document_service
export BENCH_GSOAP=$PEERS/bin/gsoap-peer
exec python3 - ${ARGS[@]+"${ARGS[@]}"} <<'PY'
import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

REPO, HERE = os.environ["BENCH_REPO"], os.environ["BENCH_HERE"]
OURS, GSOAP = os.environ["BENCH_OURS"], os.environ["BENCH_GSOAP"]

ap = argparse.ArgumentParser(prog="bench_upload.sh")
ap.add_argument("--size", type=int, default=268435456)
ap.add_argument("--reps", type=int, default=3)
ap.add_argument("--sides", default="soapstone,gsoap")
ap.add_argument("--tmp", default=os.environ.get("TMPDIR", "/tmp"))
ap.add_argument("--timeout", type=int, default=300, help="seconds per client run")
a = ap.parse_args()
sides = [s for s in a.sides.split(",") if s]
for s in sides:
    if s not in ("soapstone", "gsoap"):
        sys.exit(f"bench_upload.sh: unknown side {s!r} (soapstone, gsoap)")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


out = subprocess.run([sys.executable, os.path.join(HERE, "payload.py"), str(a.size)],
                     check=True, capture_output=True, text=True).stdout.split()
EXPECTED_CRC = out[1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_time_v(path):
    """wall s, peak RSS MiB, CPU s (user + sys), exit status / signal text"""
    r = dict(wall=None, rss=None, cpu=None, exit=None)
    user = sys_ = 0.0
    try:
        text = open(path).read()
    except OSError:
        return r
    for ln in text.splitlines():
        ln = ln.strip()
        if ln.startswith("Maximum resident set size"):
            r["rss"] = int(ln.split(":")[-1]) / 1024.0
        elif ln.startswith("Elapsed (wall clock) time"):
            v = ln.rsplit(": ", 1)[-1]
            r["wall"] = sum(float(p) * 60 ** i for i, p in enumerate(reversed(v.split(":"))))
        elif ln.startswith("User time"):
            user = float(ln.split(":")[-1])
        elif ln.startswith("System time"):
            sys_ = float(ln.split(":")[-1])
        elif ln.startswith("Exit status"):
            r["exit"] = int(ln.split(":")[-1])
        elif ln.startswith("Command terminated by signal"):
            r["exit"] = ln
    r["cpu"] = user + sys_
    return r


def dir_bytes(d):
    n = 0
    for root, _, files in os.walk(d):
        for f in files:
            try:
                n += os.lstat(os.path.join(root, f)).st_size
            except OSError:
                pass
    return n


def dir_entries(d):
    return sorted(os.path.relpath(os.path.join(r, x), d) for r, ds, fs in os.walk(d) for x in ds + fs)


class Watcher(threading.Thread):
    """Polls a directory's total file size; keeps the peak."""

    def __init__(self, d):
        super().__init__(daemon=True)
        self.d, self.peak, self.stop = d, 0, threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, dir_bytes(self.d))
            time.sleep(0.01)


def child_of(pid):
    try:
        kids = open(f"/proc/{pid}/task/{pid}/children").read().split()
    except OSError:
        return None
    return int(kids[0]) if kids else None


def one_run(side, rep, work):
    port = free_port()
    url = f"http://127.0.0.1:{port}/docs"
    run_dir = os.path.join(work, f"{side}-{rep}")
    os.makedirs(run_dir)
    stime, ctime = os.path.join(run_dir, "server.time"), os.path.join(run_dir, "client.time")
    slog_path = os.path.join(run_dir, "server.log")
    spill = None
    if side == "soapstone":
        spill = os.path.join(run_dir, "spill")
        os.makedirs(spill)
        srv_cmd = [OURS, "serve", f"127.0.0.1:{port}", "--unbounded", "--spill-dir", spill, "--max-requests", "1"]
        cli_cmd = [OURS, "upload", url, str(a.size)]
        ready = "serving DocumentService"
    else:
        srv_cmd = [GSOAP, "server", str(port), "1", str(a.timeout + 60)]
        cli_cmd = [GSOAP, "upload", url, str(a.size)]
        ready = "listening on"
    res = dict(side=side, rep=rep, ok=False, note="")
    with open(slog_path, "w") as slog:
        srv = subprocess.Popen(["/usr/bin/time", "-v", "-o", stime] + srv_cmd, stdout=slog, stderr=slog,
                               stdin=subprocess.DEVNULL)
    t0 = time.time()
    while ready not in open(slog_path).read():
        if srv.poll() is not None or time.time() - t0 > 30:
            if srv.poll() is None:
                kid = child_of(srv.pid)
                if kid:
                    os.kill(kid, 15)
                srv.wait(timeout=10)
            res["note"] = "server did not start: " + open(slog_path).read()[-300:]
            return res
        time.sleep(0.02)
    watcher = Watcher(spill) if spill else None
    if watcher:
        watcher.start()
    try:
        c = subprocess.run(["/usr/bin/time", "-v", "-o", ctime] + cli_cmd, capture_output=True, text=True,
                           timeout=a.timeout, stdin=subprocess.DEVNULL)
        cout, cerr, crc_ok = c.stdout, c.stderr, c.returncode == 0
    except subprocess.TimeoutExpired:
        cout, cerr, crc_ok = "", f"client timeout > {a.timeout} s", False
    clean = True
    try:
        srv.wait(timeout=60)
    except subprocess.TimeoutExpired:
        clean = False
        kid = child_of(srv.pid)
        if kid:
            os.kill(kid, 15)  # time -v still reports ("terminated by signal")
        srv.wait(timeout=30)
    if watcher:
        watcher.stop.set()
        watcher.join()
    cl, sv = parse_time_v(ctime), parse_time_v(stime)
    m = re.search(r"status=(\S*) receivedBytes=(\d+) crc32=([0-9a-f]*)", cout)
    lat = re.search(r"latency_s=([0-9.]+)", cerr)
    res.update(
        latency=float(lat.group(1)) if lat else None,
        c_wall=cl["wall"], c_rss=cl["rss"], s_wall=sv["wall"], s_rss=sv["rss"], s_cpu=sv["cpu"],
        spill_peak=watcher.peak / 2**20 if watcher else None,
        spill_left=dir_entries(spill) if spill else [],
    )
    problems = []
    if not crc_ok:
        problems.append(f"client failed: {cerr.strip()[-300:]}")
    if not m:
        problems.append(f"no reply line in client output {cout.strip()[-200:]!r}")
    else:
        if m.group(1) != "OK-XOP":
            problems.append(f"status {m.group(1)} (want OK-XOP)")
        if int(m.group(2)) != a.size:
            problems.append(f"receivedBytes {m.group(2)} (want {a.size})")
        if m.group(3) != EXPECTED_CRC:
            problems.append(f"crc32 {m.group(3)} (want {EXPECTED_CRC})")
    if not clean or sv["exit"] != 0:
        problems.append(f"server did not exit cleanly (time -v: {sv['exit']}); log: {open(slog_path).read()[-300:]}")
    if res["spill_left"]:
        problems.append(f"spill dir not empty after the run: {res['spill_left'][:5]}")
    res["ok"] = not problems
    res["note"] = "; ".join(problems)
    return res


def fmt(v, p=2):
    return "n/a" if v is None else f"{v:.{p}f}"


def describe():
    def cmd(*c):
        try:
            return subprocess.run(c, capture_output=True, text=True, cwd=REPO).stdout.strip()
        except OSError:
            return "?"
    head = cmd("git", "rev-parse", "--short", "HEAD")
    dirty = " (+ uncommitted changes)" if cmd("git", "status", "--porcelain", "--untracked-files=no") else ""
    gsoap = cmd("dpkg-query", "-W", "-f=${Version}", "libgsoap-dev") or "?"
    fs = cmd("findmnt", "-n", "-o", "FSTYPE", "-T", a.tmp) or cmd("stat", "-f", "-c", "%T", a.tmp)
    return head + dirty, gsoap, fs


work = tempfile.mkdtemp(prefix="soapstone-bench-upload-", dir=a.tmp)
log(f"bench_upload.sh: {a.size} bytes, {a.reps} runs per side, expected crc32 {EXPECTED_CRC}, work dir {work}")
runs = []
try:
    for rep in range(a.reps):
        for side in sides:
            r = one_run(side, rep, work)
            runs.append(r)
            log(f"  {side:<9} run {rep + 1}: {'ok' if r['ok'] else 'FAILED'}  latency {fmt(r.get('latency'), 3)} s  "
                f"client {fmt(r.get('c_wall'))} s {fmt(r.get('c_rss'), 1)} MiB  "
                f"server {fmt(r.get('s_wall'))} s {fmt(r.get('s_rss'), 1)} MiB cpu {fmt(r.get('s_cpu'))} s"
                + (f"  spilled peak {fmt(r['spill_peak'], 1)} MiB, left {len(r['spill_left'])} entries"
                   if r.get("spill_peak") is not None else "")
                + (f"  {r['note']}" if r["note"] else ""))
finally:
    if all(r["ok"] for r in runs):
        shutil.rmtree(work, ignore_errors=True)
    else:
        log(f"bench_upload.sh: kept {work} (logs and time -v output of every run)")

commit, gsoap_version, fs = describe()
size = a.size
label = f"{size // 2**20} MiB" if size % 2**20 == 0 else f"{size} bytes"
print(f"Upload of {label} ({size} bytes), MTOM, SOAP 1.1, over 127.0.0.1; median of {a.reps} runs per side "
      f"(soapstone {commit}, gSOAP {gsoap_version}; spill dir on {fs}).\n")
print("| client → server | request latency (s) | client wall (s) | client peak RSS (MiB) | server wall (s) "
      "| server peak RSS (MiB) | server CPU (s) | checks |")
print("|---|---:|---:|---:|---:|---:|---:|---|")
names = {"soapstone": "soapstone → soapstone", "gsoap": "gSOAP → gSOAP"}
failed = False
for side in sides:
    rs = [r for r in runs if r["side"] == side]
    ok = [r for r in rs if r["ok"]]
    failed |= len(ok) != len(rs)

    def med(k):
        vs = [r[k] for r in ok if r.get(k) is not None]
        return statistics.median(vs) if vs else None
    checks = f"{len(ok)}/{len(rs)} ok"
    if side == "soapstone" and ok:
        checks += f"; spilled {fmt(med('spill_peak'), 0)} MiB, spill dir empty after"
    print(f"| {names[side]} | {fmt(med('latency'), 3)} | {fmt(med('c_wall'))} | {fmt(med('c_rss'), 0)} | "
          f"{fmt(med('s_wall'))} | {fmt(med('s_rss'), 0)} | {fmt(med('s_cpu'))} | {checks} |")
print("\nServer wall time runs from server start to its exit after the one request, so it includes waiting "
      "for the client to start and build its payload; request latency is the client's own timing of the call.")
if failed:
    log("bench_upload.sh: some runs FAILED (see above)")
sys.exit(1 if failed else 0)
PY
