//! `soapstone inspect FILE`: load a WSDL or XSD with its imports and explain it.

use std::path::PathBuf;
use std::process::ExitCode;

/// Output format.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// For people.
    Text,
    /// For tools (shape documented in the README).
    Json,
}

/// Arguments of `soapstone inspect`.
#[derive(Debug, clap::Args)]
pub struct InspectArgs {
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

/// Runs `soapstone inspect`: exit 0 (warnings allowed), 1 with errors.
pub fn run(args: &InspectArgs) -> anyhow::Result<ExitCode> {
    let mut settings = soapstone_codegen::Settings::new(&args.file);
    for c in &args.catalog {
        settings.catalog(c);
    }
    for d in &args.import_path {
        settings.import_path(d);
    }
    let report = soapstone_codegen::inspect::inspect(&settings);
    let text = match args.format {
        Format::Text => report.to_text(),
        Format::Json => report.to_json() + "\n",
    };
    crate::print_stdout(&text)?;
    Ok(if report.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
