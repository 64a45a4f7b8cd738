//! The `soapstone` command-line tool: a thin front end over `soapstone-codegen`
//! (WSDL/XSD inspection) and the `soapstone` runtime (MIME/XOP message inspection).

mod check;
mod generate;
mod inspect;
mod mime;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// soapstone: WSDL + XML Schema to typed Rust bindings with MTOM/XOP attachments.
#[derive(Debug, Parser)]
#[command(name = "soapstone", version, about)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Load a WSDL or XSD with all its imports and explain it: services, operations,
    /// binary fields with their body paths, and diagnostics.
    Inspect(inspect::InspectArgs),
    /// Generate typed Rust bindings (structs, enums, XML read/write, MTOM
    /// binaries, operation data) from a WSDL or XSD.
    Generate(generate::GenerateArgs),
    /// Run the generator for its diagnostics only: every problem with its
    /// file, line, column and hint; exit status 1 when there are errors.
    Check(check::CheckArgs),
    /// Work with MIME/XOP/SwA messages captured off the wire.
    #[command(subcommand)]
    Mime(mime::MimeCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Inspect(args) => inspect::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Mime(cmd) => mime::run(cmd),
    };
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}
