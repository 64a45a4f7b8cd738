//! The `soapstone` command-line tool: a thin front end over `soapstone-codegen`
//! (WSDL/XSD inspection) and the `soapstone` runtime (MIME/XOP message inspection).

mod check;
mod generate;
mod inspect;
mod mime;

use clap::{CommandFactory as _, Parser, Subcommand};
use std::io::{ErrorKind, Write};
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

impl Command {
    /// The subcommand's name and its generator settings, for the commands
    /// that run the generator.
    fn generator_settings(&self) -> Option<(&'static str, &generate::SettingsArgs)> {
        match self {
            Command::Generate(a) => Some(("generate", &a.settings)),
            Command::Check(a) => Some(("check", &a.settings)),
            Command::Inspect(_) | Command::Mime(_) => None,
        }
    }
}

/// What `main` prints when a command panicked (after the panic hook's own
/// message).
const INTERNAL_ERROR: &str = "error: internal error (a bug in soapstone; please report it)";

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Some((name, settings)) = cli.command.generator_settings() {
        if let Err(message) = settings.check_usage() {
            usage_error(name, &message).exit();
        }
    }
    run_guarded(move || match cli.command {
        Command::Inspect(args) => inspect::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Mime(cmd) => mime::run(cmd),
    })
}

/// A usage error of subcommand `name`, shown as clap shows its own (with the
/// subcommand's usage line) and exiting with status 2.
fn usage_error(name: &str, message: &str) -> clap::Error {
    let mut cli = Cli::command();
    cli.build();
    match cli.find_subcommand_mut(name) {
        Some(sub) => sub.error(clap::error::ErrorKind::ArgumentConflict, message),
        None => cli.error(clap::error::ErrorKind::ArgumentConflict, message),
    }
}

/// Runs a command and turns its outcome into the exit status: its own, or 1
/// with the error on stderr, or 1 with [`INTERNAL_ERROR`] when it panicked.
/// An error caused by a closed standard output (`soapstone generate x.wsdl |
/// head -1`) is a quiet success: the reader has all it wanted.
fn run_guarded(
    command: impl FnOnce() -> anyhow::Result<ExitCode> + std::panic::UnwindSafe,
) -> ExitCode {
    match std::panic::catch_unwind(command) {
        Ok(Ok(code)) => code,
        Ok(Err(err)) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Ok(Err(err)) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
        Err(_) => {
            eprintln!("{INTERNAL_ERROR}");
            ExitCode::FAILURE
        }
    }
}

/// True when the error's root cause is an I/O broken pipe.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.root_cause()
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == ErrorKind::BrokenPipe)
}

/// Writes `text` to standard output and flushes it. A closed standard output
/// (the reader went away, as `head` does) is not an error: there is nobody
/// left to tell.
pub(crate) fn print_stdout(text: &str) -> std::io::Result<()> {
    // Unit tests run commands in-process, and the test harness captures
    // only what `print!` writes.
    if cfg!(test) {
        print!("{text}");
        return Ok(());
    }
    write_all_or_gone(&mut std::io::stdout().lock(), text)
}

/// [`print_stdout`] to any writer.
fn write_all_or_gone(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A writer whose reader is gone after `room` bytes.
    struct Closed {
        room: usize,
        written: Vec<u8>,
    }

    impl Write for Closed {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.written.len() >= self.room {
                return Err(ErrorKind::BrokenPipe.into());
            }
            let n = buf.len().min(self.room - self.written.len());
            self.written.extend_from_slice(&buf[..n]);
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_closed_reader_is_not_an_error() -> Result<(), Box<dyn std::error::Error>> {
        let mut out = Closed {
            room: 3,
            written: Vec::new(),
        };
        write_all_or_gone(&mut out, "hello")?;
        assert_eq!(out.written, b"hel");
        // Other errors still are.
        struct Full;
        impl Write for Full {
            fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
                Err(ErrorKind::StorageFull.into())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let Err(err) = write_all_or_gone(&mut Full, "x") else {
            return Err("a full writer was not an error".into());
        };
        assert_eq!(err.kind(), ErrorKind::StorageFull);
        Ok(())
    }

    #[test]
    fn exit_status_of_errors_panics_and_broken_pipes() {
        assert_eq!(run_guarded(|| Ok(ExitCode::from(3))), ExitCode::from(3));
        assert_eq!(
            run_guarded(|| Err(anyhow::anyhow!("no such file"))),
            ExitCode::FAILURE
        );
        let pipe = || {
            Err(
                anyhow::Error::new(std::io::Error::from(ErrorKind::BrokenPipe))
                    .context("writing the report"),
            )
        };
        assert_eq!(run_guarded(pipe), ExitCode::SUCCESS);
        // A bug in a stage: an unwind (as `panic!` starts) that the guard
        // turns into failure.
        assert_eq!(
            run_guarded(|| std::panic::resume_unwind(Box::new("a bug in a stage"))),
            ExitCode::FAILURE
        );
    }

    #[test]
    fn a_name_never_and_always_optimized_is_a_usage_error() -> Result<(), Box<dyn std::error::Error>>
    {
        let cli = Cli::try_parse_from([
            "soapstone",
            "generate",
            "a.wsdl",
            "--never-optimize",
            "data",
            "--always-optimize",
            "data",
        ])?;
        let (name, settings) = cli
            .command
            .generator_settings()
            .ok_or("`generate` has no generator settings")?;
        let Err(message) = settings.check_usage() else {
            return Err("a name both never and always optimized was accepted".into());
        };
        assert!(message.contains("`data`"), "{message}");
        let err = usage_error(name, &message);
        assert_eq!(err.exit_code(), 2);
        let text = err.to_string();
        assert!(text.contains("soapstone generate"), "{text}");
        Ok(())
    }
}
