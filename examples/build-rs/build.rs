//! Generates `$OUT_DIR/ProcessMessage.rs` from the STAR WSDL and the schema
//! it imports. Cargo reruns this script when either file changes (the Builder
//! prints `cargo:rerun-if-changed` for every file it read); a WSDL that
//! cannot be supported fails the build with `file:line:col` and a hint.

use soapstone_codegen::settings::Mtom;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    soapstone_codegen::Builder::new()
        .wsdl("wsdl/ProcessMessage.wsdl")
        // The STAR WSDL carries no MTOM policy; the service expects MTOM.
        .mtom(Mtom::On)
        .generate()?;
    Ok(())
}
