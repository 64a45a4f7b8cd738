//! `soapstone mime ...`: inspect MIME/XOP/SwA messages (filled in by the runtime work).

use std::process::ExitCode;

/// `soapstone mime` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum MimeCommand {}

/// Runs a `soapstone mime` subcommand.
pub fn run(cmd: MimeCommand) -> anyhow::Result<ExitCode> {
    match cmd {}
}
