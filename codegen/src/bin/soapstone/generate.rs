//! `soapstone generate FILE`: write the Rust bindings of a WSDL or XSD.

use soapstone_codegen::plan::FieldOptimize;
use std::path::PathBuf;
use std::process::ExitCode;

/// MTOM default for the generated code.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Mtom {
    /// Optimize binaries above the threshold.
    On,
    /// Always inline.
    Off,
    /// As the WSDL's WS-Policy says.
    Policy,
}

/// Arguments of `soapstone generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// The WSDL 1.1 or XSD file.
    pub file: PathBuf,
    /// Write the Rust source here instead of standard output.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// OASIS XML catalog (repeatable).
    #[arg(long)]
    pub catalog: Vec<PathBuf>,
    /// Directory searched for relative import locations (repeatable).
    #[arg(long = "import-path")]
    pub import_path: Vec<PathBuf>,
    /// MTOM default recorded in the generated operation data.
    #[arg(long, value_enum, default_value = "policy")]
    pub mtom: Mtom,
    /// Optimize binaries larger than this many bytes.
    #[arg(long, default_value_t = soapstone_codegen::settings::DEFAULT_THRESHOLD)]
    pub threshold: u64,
    /// Never optimize binary elements with this local name (repeatable; A7).
    #[arg(long = "never-optimize")]
    pub never_optimize: Vec<String>,
    /// Always optimize binary elements with this local name (repeatable; A7).
    #[arg(long = "always-optimize")]
    pub always_optimize: Vec<String>,
}

/// Runs `soapstone generate`: exit 1 with diagnostics when the input can't be supported.
pub fn run(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    let mut settings = soapstone_codegen::Settings::new(&args.file);
    for c in &args.catalog {
        settings.catalog(c);
    }
    for d in &args.import_path {
        settings.import_path(d);
    }
    for n in &args.never_optimize {
        settings.optimize_field(n, FieldOptimize::Never);
    }
    for n in &args.always_optimize {
        settings.optimize_field(n, FieldOptimize::Always);
    }
    settings.mtom = match args.mtom {
        Mtom::On => soapstone_codegen::settings::Mtom::On,
        Mtom::Off => soapstone_codegen::settings::Mtom::Off,
        Mtom::Policy => soapstone_codegen::settings::Mtom::Policy,
    };
    settings.threshold = args.threshold;
    match soapstone_codegen::generate(&settings) {
        Ok(g) => {
            if !g.diagnostics.is_empty() {
                eprintln!("{}", g.diagnostics.render(&g.sources));
            }
            match &args.output {
                Some(path) => std::fs::write(path, &g.code)?,
                None => print!("{}", g.code),
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(ExitCode::FAILURE)
        }
    }
}
