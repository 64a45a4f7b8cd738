#!/usr/bin/env bash
# Rewrites the committed generated code (tests/generated/*.rs and
# tests/features/*/expected.rs) with the current generator. Use after a
# deliberate generator change; tests/tests/generated.rs then checks they stay
# current. Paths are relative to tests/ so the @generated header matches what
# the test itself generates.
set -euo pipefail
cd "$(dirname "$0")"
cargo build -q -p soapstone-cli --bin soapstone
bin=../target/debug/soapstone
for f in $(cd ../wsdl-samples && ls */*.wsdl features/*.xsd features/*/main.xsd | grep -v '^broken/'); do
  out=generated/$(echo "${f%.*}" | tr '/.-' '___' | tr 'A-Z' 'a-z').rs
  flags=()
  case "$f" in *.wsdl) flags=(--client --server) ;; esac
  "$bin" generate "../wsdl-samples/$f" "${flags[@]}" -o "$out"
done
for d in features/*/; do
  "$bin" generate "${d}schema.xsd" -o "${d}expected.rs"
done
echo "regenerated $(ls generated | wc -l) samples and $(ls features/*/expected.rs | wc -l) features"
