#!/usr/bin/env bash
# Install and build soapstone's interop peers (gSOAP, JAX-WS RI, node-soap,
# zeep, spyne) into one directory, by default <repo>/target/peers.
#
#   tests/peers/setup.sh [OUT_DIR]
#
# Idempotent: what is already installed or up to date is left alone.  At the
# end OUT_DIR/bin holds one launcher per peer (see tests/peers/README.md):
#   gsoap-peer  jaxws-peer  jaxws-swa-peer  node-peer  zeep-client  spyne-server
# Needs root (or sudo) for apt-get when the Debian packages are missing, and
# the Debian, PyPI and npm registries.  Exits non-zero with a message naming
# the step that failed.
#
# Environment: PYTHON (default python3) makes the venv; PEERS_WSDL overrides
# the WSDL (default <repo>/wsdl-samples/document-service/DocumentService.wsdl).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OUT=${1:-$REPO/target/peers}
WSDL=${PEERS_WSDL:-$REPO/wsdl-samples/document-service/DocumentService.wsdl}
# The SOAP with Attachments sample, for jaxws-swa-peer.
SWA_WSDL=$REPO/wsdl-samples/swa/SwaService.wsdl
PYTHON=${PYTHON:-python3}

APT_PACKAGES=(gsoap libgsoap-dev jaxws libjaxws-java zlib1g-dev)
PIP_PACKAGES=(zeep==4.3.3 spyne==2.14.0)
NPM_SOAP_VERSION=1.13.0
# Jars of Debian's JAX-WS RI (libjaxws-java and what it depends on).
JAXWS_JARS=(jaxws-rt jaxws-api jaxb-api jaxb-impl jaxb-core javax.activation jws-api
            geronimo-annotation-1.3-spec javax.xml.soap-api saaj-impl)

STEP=start
fail() { FAILED=1; echo "setup.sh: FAILED at step $STEP: $*" >&2; exit 1; }
trap 'rc=$?; [ $rc -eq 0 ] || [ -n "${FAILED:-}" ] || echo "setup.sh: FAILED at step $STEP (exit $rc)" >&2' EXIT
say() { echo "setup.sh: $*"; }
T0=$(date +%s)
step() { STEP=$1; STEP_T0=$(date +%s); say "== $1"; }
done_step() { say "   $STEP done in $(( $(date +%s) - STEP_T0 )) s"; }

[ -f "$WSDL" ] || fail "WSDL not found: $WSDL"
mkdir -p "$OUT/bin" || fail "cannot create $OUT"
OUT=$(cd "$OUT" && pwd)
say "output directory $OUT"
say "WSDL $WSDL"

# ---------------------------------------------------------------- apt
step apt
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  say "   Debian packages present: ${APT_PACKAGES[*]}"
else
  SUDO=
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "need root or sudo to install: ${missing[*]}"
    SUDO=sudo
  fi
  say "   installing ${missing[*]}"
  $SUDO apt-get update -qq || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || fail "apt-get install ${missing[*]}"
fi
for tool in wsdl2h soapcpp2 wsimport java javac gcc node npm; do
  command -v "$tool" >/dev/null || fail "'$tool' not found on PATH"
done
done_step

# ---------------------------------------------------------------- python venv
step python-venv
VENV=$OUT/venv
want_py="import zeep, spyne, importlib.metadata as m; assert m.version('zeep')=='4.3.3' and m.version('spyne')=='2.14.0'"
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c "$want_py" 2>/dev/null; then
  say "   venv ready: $VENV (zeep 4.3.3, spyne 2.14.0)"
else
  [ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV" || fail "$PYTHON -m venv $VENV (on Debian: apt-get install python3-venv)"
  say "   pip install ${PIP_PACKAGES[*]}"
  "$VENV/bin/pip" install -q --disable-pip-version-check "${PIP_PACKAGES[@]}" || fail "pip install ${PIP_PACKAGES[*]}"
  "$VENV/bin/python" -c "$want_py" || fail "zeep/spyne do not import after pip install"
fi
done_step

# ---------------------------------------------------------------- npm
step npm
NODE_DIR=$OUT/node
mkdir -p "$NODE_DIR"
have=$(node -p "try{require('$NODE_DIR/node_modules/soap/package.json').version}catch(e){''}" 2>/dev/null || true)
if [ "$have" = "$NPM_SOAP_VERSION" ]; then
  say "   soap $have present in $NODE_DIR/node_modules"
else
  cp "$HERE/node/package.json" "$NODE_DIR/package.json"
  say "   npm install soap@$NPM_SOAP_VERSION in $NODE_DIR"
  (cd "$NODE_DIR" && npm install --no-audit --no-fund --loglevel=error >/dev/null) || fail "npm install in $NODE_DIR"
  have=$(node -p "require('$NODE_DIR/node_modules/soap/package.json').version") || fail "soap not installed"
  [ "$have" = "$NPM_SOAP_VERSION" ] || fail "npm installed soap $have, expected $NPM_SOAP_VERSION"
fi
done_step

# newer FILE DEPS...: true when FILE is missing or older than any of DEPS
newer() { local f=$1; shift; [ -e "$f" ] || return 0; for d in "$@"; do [ "$d" -nt "$f" ] && return 0; done; return 1; }

# ---------------------------------------------------------------- gSOAP
step gsoap-build
G=$OUT/gsoap
if newer "$G/peer" "$HERE/gsoap/peer.c" "$HERE/gsoap/typemap.dat" "$WSDL" "$HERE/setup.sh"; then
  rm -rf "$G/gen" && mkdir -p "$G/gen"
  say "   wsdl2h -c  ->  $G/gen/docs.h"
  (cd "$G/gen" && wsdl2h -c -t "$HERE/gsoap/typemap.dat" -o docs.h "$WSDL" >wsdl2h.log 2>&1) \
    || { cat "$G/gen/wsdl2h.log" >&2; fail "wsdl2h"; }
  say "   soapcpp2 -c  ->  $G/gen/soapC.c soapClient.c soapServer.c"
  (cd "$G/gen" && soapcpp2 -c -x -L -I/usr/share/gsoap/import docs.h >soapcpp2.log 2>&1) \
    || { cat "$G/gen/soapcpp2.log" >&2; fail "soapcpp2"; }
  say "   gcc  ->  $G/peer"
  gcc -O2 -Wall -I"$G/gen" -o "$G/peer" "$HERE/gsoap/peer.c" \
      "$G/gen/soapC.c" "$G/gen/soapClient.c" "$G/gen/soapServer.c" -lgsoap -lz || fail "gcc gsoap peer"
else
  say "   $G/peer is up to date"
fi
done_step

# ---------------------------------------------------------------- JAX-WS RI
step jaxws-build
J=$OUT/jaxws
CP=
for jar in "${JAXWS_JARS[@]}"; do
  [ -f "/usr/share/java/$jar.jar" ] || fail "missing /usr/share/java/$jar.jar (package libjaxws-java)"
  CP=${CP:+$CP:}/usr/share/java/$jar.jar
done
if newer "$J/classes/.built" "$HERE"/jaxws/*.java "$WSDL" "$SWA_WSDL" "$HERE/setup.sh"; then
  rm -rf "$J/gen" "$J/classes" && mkdir -p "$J/gen" "$J/classes"
  say "   wsimport -extension  ->  $J/gen (package soapstone.peers.docs)"
  wsimport -extension -keep -Xnocompile -quiet -s "$J/gen" -d "$J/gen" -p soapstone.peers.docs "$WSDL" \
    >"$J/wsimport.log" 2>&1 || { cat "$J/wsimport.log" >&2; fail "wsimport"; }
  say "   wsimport  ->  $J/gen (package soapstone.peers.swa, the SwA sample)"
  wsimport -extension -keep -Xnocompile -quiet -s "$J/gen" -d "$J/gen" -p soapstone.peers.swa "$SWA_WSDL" \
    >>"$J/wsimport.log" 2>&1 || { cat "$J/wsimport.log" >&2; fail "wsimport (SwA)"; }
  say "   javac  ->  $J/classes"
  javac -nowarn -encoding UTF-8 -cp "$CP" -d "$J/classes" \
      $(find "$J/gen" -name '*.java') "$HERE"/jaxws/*.java >"$J/javac.log" 2>&1 \
    || { cat "$J/javac.log" >&2; fail "javac"; }
  touch "$J/classes/.built"
else
  say "   $J/classes is up to date"
fi
echo "$CP:$J/classes" >"$J/classpath.txt"
done_step

# ---------------------------------------------------------------- launchers
step launchers
launcher() { # NAME COMMAND...
  local f=$OUT/bin/$1; shift
  { echo '#!/bin/sh'; echo "# written by tests/peers/setup.sh"; echo "$*"; } >"$f"
  chmod +x "$f"
}
launcher gsoap-peer "exec '$G/peer' \"\$@\""
launcher jaxws-peer "exec java -cp '$CP:$J/classes' -Dsoapstone.peers.wsdl='$WSDL' soapstone.peers.Peer \"\$@\""
launcher jaxws-swa-peer "exec java -cp '$CP:$J/classes' -Dsoapstone.peers.swa.wsdl='$SWA_WSDL' soapstone.peers.SwaPeer \"\$@\""
launcher node-peer "PEERS_WSDL='$WSDL' NODE_PATH='$NODE_DIR/node_modules' exec node '$HERE/node/peer.js' \"\$@\""
launcher zeep-client "PEERS_WSDL='$WSDL' exec '$VENV/bin/python' '$HERE/zeep/client.py' \"\$@\""
launcher spyne-server "exec '$VENV/bin/python' '$HERE/spyne/server.py' \"\$@\""
for b in gsoap-peer jaxws-peer jaxws-swa-peer node-peer zeep-client spyne-server; do say "   $OUT/bin/$b"; done
done_step

# ---------------------------------------------------------------- smoke check
step check
[ "$("$OUT/bin/gsoap-peer" payload 1500)" = "1500 17eb60e0" ] || fail "gsoap-peer payload 1500 != 17eb60e0"
"$VENV/bin/python" "$HERE/payload.py" >/dev/null || fail "payload.py self-check"
done_step

say "all peers ready in $OUT/bin ($(( $(date +%s) - T0 )) s)"
