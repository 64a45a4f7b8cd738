//! `soapstone check FILE`: run the generator for its diagnostics only.

use std::path::PathBuf;
use std::process::ExitCode;

/// Output format.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// Rendered against the source, for people.
    Text,
    /// For tools: `documents`, `errors`, `warnings`, `diagnostics`.
    Json,
}

/// Arguments of `soapstone check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// The WSDL 1.1 or XSD file.
    pub file: PathBuf,
    /// OASIS XML catalog mapping absolute locations and namespaces to local files (repeatable).
    #[arg(long)]
    pub catalog: Vec<PathBuf>,
    /// Directory searched for relative import locations not found beside the importer (repeatable).
    #[arg(long = "import-path")]
    pub import_path: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Runs `soapstone check`: exit 0 when bindings would generate (warnings
/// allowed), 1 with errors.
pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let mut b = soapstone_codegen::Builder::new();
    b.wsdl(&args.file);
    for c in &args.catalog {
        b.catalog(c);
    }
    for d in &args.import_path {
        b.import_path(d);
    }
    let report = soapstone_codegen::check::check(b.settings());
    match args.format {
        Format::Text => print!("{}", report.to_text()),
        Format::Json => println!("{}", report.to_json()),
    }
    Ok(if report.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn args(rel: &str) -> CheckArgs {
        CheckArgs {
            file: PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../wsdl-samples")
                .join(rel),
            catalog: Vec::new(),
            import_path: Vec::new(),
            format: Format::Json,
        }
    }

    #[test]
    fn exit_status_follows_errors() {
        let ok = args("star-process-message/ProcessMessage.wsdl");
        assert_eq!(run(&ok).unwrap(), ExitCode::SUCCESS);
        for broken in [
            "broken/encoded.wsdl",
            "broken/malformed.wsdl",
            "broken/nope.wsdl",
        ] {
            assert_eq!(run(&args(broken)).unwrap(), ExitCode::FAILURE, "{broken}");
        }
    }
}
