#!/usr/bin/env bash
# `cargo check` time of the generated EWS bindings alone: generates
# services.wsdl (release CLI) into a stand-alone crate under
# target/ews-check/ (deny(warnings), the runtime by path) and times a check
# of that crate with its dependencies already built (the second check after
# touching the module, non-incremental, is the figure to quote; the first
# may include building the runtime).
# Needs ../shared/corpus beside the repository.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
corpus=$root/../shared/corpus
wsdl=$corpus/wsdltophp-packagegenerator/tests/resources/ews/services.wsdl
if [ ! -f "$wsdl" ]; then echo "skipping: $wsdl not found"; exit 0; fi
crate=$root/target/ews-check
mkdir -p "$crate/src"
cargo build -q --release -p soapstone-cli --bin soapstone --manifest-path "$root/Cargo.toml"
start=$(date +%s.%N)
"$root/target/release/soapstone" generate "$wsdl" --catalog "$corpus/catalog.xml" -o "$crate/src/ews.rs"
echo "generate (CLI, release): $(echo "$(date +%s.%N) - $start" | bc) s"
printf '#![deny(warnings)]\npub mod ews;\n' > "$crate/src/lib.rs"
cat > "$crate/Cargo.toml" <<TOML
[package]
name = "soapstone-ews-check"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
soapstone = { path = "$root/runtime" }

[workspace]
TOML
cp "$root/Cargo.lock" "$crate/Cargo.lock"
export CARGO_TARGET_DIR=$root/target/corpus-compile-target
cargo check -q --manifest-path "$crate/Cargo.toml"
touch "$crate/src/ews.rs"
start=$(date +%s.%N)
# Not incremental: the figure is a check from scratch of this crate.
CARGO_INCREMENTAL=0 cargo check -q --manifest-path "$crate/Cargo.toml"
echo "cargo check of the EWS bindings: $(echo "$(date +%s.%N) - $start" | bc) s"
echo "size: $(wc -l < "$crate/src/ews.rs") lines, $(wc -c < "$crate/src/ews.rs") bytes, $(grep -cE '^pub (struct|enum) ' "$crate/src/ews.rs") types, $(grep -c '^impl ' "$crate/src/ews.rs") impls"
