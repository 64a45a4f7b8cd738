//! `soapstone check FILE...`: run the generator for its diagnostics only,
//! with `generate`'s settings (every flag but `-o`), so it fails exactly when
//! `generate` would.

use crate::generate::SettingsArgs;
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
    /// What to check, with the settings `generate` would use.
    #[command(flatten)]
    pub settings: SettingsArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
}

/// Runs `soapstone check`: exit 0 when bindings would generate (warnings
/// allowed), 1 with errors.
pub fn run(args: &CheckArgs) -> anyhow::Result<ExitCode> {
    let b = args.settings.builder();
    let report = soapstone_codegen::check::check(b.settings());
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cli, Command};
    use clap::{CommandFactory as _, Parser as _};

    fn args(rel: &str) -> Result<CheckArgs, Box<dyn std::error::Error>> {
        args_with(rel, &[])
    }

    fn args_with(rel: &str, flags: &[&str]) -> Result<CheckArgs, Box<dyn std::error::Error>> {
        let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../wsdl-samples")
            .join(rel);
        let file = file.to_string_lossy();
        let argv = ["soapstone", "check", "--format", "json", &file]
            .into_iter()
            .chain(flags.iter().copied());
        match Cli::try_parse_from(argv)?.command {
            Command::Check(a) => Ok(a),
            other => Err(format!("{other:?}").into()),
        }
    }

    /// `check` takes every flag of `generate` but `-o`, and `--format`.
    #[test]
    fn check_has_the_flags_of_generate() -> Result<(), Box<dyn std::error::Error>> {
        let cli = Cli::command();
        let longs = |name: &str| -> Result<Vec<String>, String> {
            let mut v: Vec<String> = cli
                .find_subcommand(name)
                .ok_or_else(|| format!("no `{name}` subcommand"))?
                .get_arguments()
                .filter_map(|a| a.get_long())
                .filter(|l| !["help", "output", "format"].contains(l))
                .map(str::to_string)
                .collect();
            v.sort();
            Ok(v)
        };
        assert_eq!(longs("check")?, longs("generate")?);
        assert!(longs("check")?.contains(&"runtime-path".to_string()));
        Ok(())
    }

    /// A runtime path that is not a Rust path fails `check` (C001) as it
    /// fails `generate`.
    #[test]
    fn an_unusable_runtime_path_is_an_error() -> Result<(), Box<dyn std::error::Error>> {
        let ok = "star-process-message/ProcessMessage.wsdl";
        assert_eq!(
            run(&args_with(ok, &["--runtime-path", "::my_sdk::rt"])?)?,
            ExitCode::SUCCESS
        );
        let bad = args_with(ok, &["--runtime-path", "my sdk::rt"])?;
        let report = soapstone_codegen::check::check(bad.settings.builder().settings());
        assert!(
            report.diagnostics.iter().any(|d| d.code == "C001"),
            "{}",
            report.to_text()
        );
        assert_eq!(run(&bad)?, ExitCode::FAILURE);
        Ok(())
    }

    #[test]
    fn exit_status_follows_errors() -> Result<(), Box<dyn std::error::Error>> {
        let ok = args("star-process-message/ProcessMessage.wsdl")?;
        assert_eq!(run(&ok)?, ExitCode::SUCCESS);
        for broken in [
            "broken/encoded.wsdl",
            "broken/malformed.wsdl",
            "broken/nope.wsdl",
        ] {
            assert_eq!(run(&args(broken)?)?, ExitCode::FAILURE, "{broken}");
        }
        Ok(())
    }
}
