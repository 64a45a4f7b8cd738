//! `soapstone generate FILE...`: write the Rust bindings of a WSDL or XSD.
//!
//! Each flag is a [`Builder`] setter; [`SettingsArgs::builder`] and
//! [`builder`] are the one place that maps them (`check` shares
//! [`SettingsArgs`]), and the tests below fail when a flag or a setter is added without
//! the other.

use anyhow::Context as _;
use soapstone_codegen::Builder;
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

/// The Rust type of string values.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Strings {
    /// `String`: each value copied out of the message.
    Owned,
    /// `soapstone::SharedStr`: each value a slice of the received message.
    Shared,
}

/// The generator's settings as flags: what `generate` and `check` share, so
/// `check` fails exactly when `generate` would.
#[derive(Debug, clap::Args)]
pub struct SettingsArgs {
    /// The WSDL 1.1 or XSD files (generated, or checked, together as one).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// OASIS XML catalog mapping absolute locations and namespaces to local files (repeatable).
    #[arg(long)]
    pub catalog: Vec<PathBuf>,
    /// Directory searched for relative import locations not found beside the importer (repeatable).
    #[arg(long = "import-path")]
    pub import_path: Vec<PathBuf>,
    /// MTOM default recorded in the generated operation data.
    #[arg(long, value_enum, default_value = "policy")]
    pub mtom: Mtom,
    /// Optimize binaries larger than this many bytes.
    #[arg(long, default_value_t = soapstone_codegen::settings::DEFAULT_THRESHOLD)]
    pub threshold: u64,
    /// Rust type of string values.
    #[arg(long, value_enum, default_value = "owned")]
    pub strings: Strings,
    /// Never optimize binary elements with this local name (repeatable; A7).
    #[arg(long = "never-optimize")]
    pub never_optimize: Vec<String>,
    /// Always optimize binary elements with this local name (repeatable; A7).
    #[arg(long = "always-optimize")]
    pub always_optimize: Vec<String>,
    /// The path generated code reaches the runtime crate by.
    #[arg(long = "runtime-path", default_value = soapstone_codegen::settings::DEFAULT_RUNTIME_PATH)]
    pub runtime_path: String,
    /// Also generate a client per binding (runtime feature `client`).
    #[arg(long)]
    pub client: bool,
    /// Also generate a server trait and router per binding (runtime feature `server`).
    #[arg(long)]
    pub server: bool,
}

impl SettingsArgs {
    /// Refuses what clap cannot: a name given to both `--never-optimize` and
    /// `--always-optimize` (the flags are separate lists, so their order on
    /// the command line cannot say which one wins as the Builder's call
    /// order does).
    ///
    /// # Errors
    /// The message of the usage error.
    pub fn check_usage(&self) -> Result<(), String> {
        match self
            .never_optimize
            .iter()
            .find(|n| self.always_optimize.contains(n))
        {
            Some(name) => Err(format!(
                "`{name}` is given to both --never-optimize and --always-optimize; \
                 an element is never or always optimized: give its name to one of them"
            )),
            None => Ok(()),
        }
    }

    /// The [`Builder`] these settings describe (without an output).
    pub fn builder(&self) -> Builder {
        let mut b = Builder::new();
        for f in &self.files {
            b.wsdl(f);
        }
        for c in &self.catalog {
            b.catalog(c);
        }
        for d in &self.import_path {
            b.import_path(d);
        }
        // Field overrides are kept in flag order per kind; a name given to
        // both is refused before (`check_usage`).
        for n in &self.never_optimize {
            b.never_optimize(n);
        }
        for n in &self.always_optimize {
            b.always_optimize(n);
        }
        b.mtom(match self.mtom {
            Mtom::On => soapstone_codegen::settings::Mtom::On,
            Mtom::Off => soapstone_codegen::settings::Mtom::Off,
            Mtom::Policy => soapstone_codegen::settings::Mtom::Policy,
        })
        .threshold(self.threshold)
        .strings(match self.strings {
            Strings::Owned => soapstone_codegen::settings::Strings::Owned,
            Strings::Shared => soapstone_codegen::settings::Strings::Shared,
        })
        .runtime_path(&self.runtime_path)
        .client(self.client)
        .server(self.server);
        b
    }
}

/// Arguments of `soapstone generate`.
#[derive(Debug, clap::Args)]
pub struct GenerateArgs {
    /// What to generate from, and how.
    #[command(flatten)]
    pub settings: SettingsArgs,
    /// Write the Rust source here instead of standard output (through a
    /// temporary file renamed over it; not rewritten when unchanged).
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

/// The [`Builder`] these arguments describe: what a build script would write
/// to generate the same code.
pub fn builder(args: &GenerateArgs) -> Builder {
    let mut b = args.settings.builder();
    if let Some(out) = &args.output {
        if let Some(dir) = out.parent() {
            b.out_dir(dir);
        }
        if let Some(name) = out.file_name() {
            b.file_name(name.to_string_lossy());
        }
    }
    b
}

/// Runs `soapstone generate`: exit 1 with diagnostics when the input can't be supported.
pub fn run(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    let b = builder(args);
    match soapstone_codegen::generate(b.settings()) {
        Ok(g) => {
            if !g.diagnostics.is_empty() {
                eprintln!("{}", g.diagnostics.render(&g.sources));
            }
            match &args.output {
                Some(path) => {
                    soapstone_codegen::builder::write_if_changed(path, &g.code)
                        .with_context(|| format!("writing {}", path.display()))?;
                }
                None => crate::print_stdout(&g.code).context("writing the bindings")?,
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("{e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cli, Command};
    use clap::{CommandFactory as _, Parser as _};
    use soapstone_codegen::settings::Mtom as M;

    fn parse(args: &[&str]) -> Result<GenerateArgs, Box<dyn std::error::Error>> {
        let argv = ["soapstone", "generate"].iter().chain(args);
        match Cli::try_parse_from(argv)?.command {
            Command::Generate(a) => Ok(a),
            other => Err(format!("{other:?}").into()),
        }
    }

    /// The flags `soapstone generate` has. Adding one means adding a Builder
    /// setter, mapping it in `builder`, and listing it here and below.
    #[test]
    fn every_flag_is_known() -> Result<(), Box<dyn std::error::Error>> {
        let cli = Cli::command();
        let generate = cli
            .find_subcommand("generate")
            .ok_or("no `generate` subcommand")?;
        let mut longs: Vec<&str> = generate
            .get_arguments()
            .filter_map(|a| a.get_long())
            .filter(|l| *l != "help")
            .collect();
        longs.sort_unstable();
        assert_eq!(
            longs,
            [
                "always-optimize",
                "catalog",
                "client",
                "import-path",
                "mtom",
                "never-optimize",
                "output",
                "runtime-path",
                "server",
                "strings",
                "threshold",
            ]
        );
        let positionals: Vec<&str> = generate
            .get_positionals()
            .map(|a| a.get_id().as_str())
            .collect();
        assert_eq!(positionals, ["files"]);
        Ok(())
    }

    /// An output that cannot be written is an error naming the file.
    #[test]
    fn an_unwritable_output_names_its_path() -> Result<(), Box<dyn std::error::Error>> {
        let sample = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../wsdl-samples/image-service/ImageService.wsdl"
        );
        let out = std::env::temp_dir().join("soapstone-no-such-dir/x/out.rs");
        let out = out.to_str().ok_or("the temporary directory is not UTF-8")?;
        let Err(err) = run(&parse(&[sample, "-o", out])?) else {
            return Err("writing into a missing directory succeeded".into());
        };
        let message = format!("{err:#}");
        assert!(
            message.contains("writing") && message.contains("out.rs"),
            "{message}"
        );
        Ok(())
    }

    /// Each flag sets what its Builder setter sets, and nothing else.
    #[test]
    fn every_flag_maps_to_its_builder_setter() -> Result<(), Box<dyn std::error::Error>> {
        type Setter = fn(&mut Builder);
        let cases: &[(&[&str], Setter)] = &[
            (&[], |_| {}),
            (&["b.wsdl"], |b| {
                b.wsdl("b.wsdl");
            }),
            (&["--catalog", "c.xml", "--catalog", "d.xml"], |b| {
                b.catalog("c.xml").catalog("d.xml");
            }),
            (&["--import-path", "inc"], |b| {
                b.import_path("inc");
            }),
            (&["--mtom", "on"], |b| {
                b.mtom(M::On);
            }),
            (&["--mtom", "off"], |b| {
                b.mtom(M::Off);
            }),
            (&["--mtom", "policy"], |b| {
                b.mtom(M::Policy);
            }),
            (&["--threshold", "77"], |b| {
                b.threshold(77);
            }),
            (&["--strings", "owned"], |b| {
                b.strings(soapstone_codegen::settings::Strings::Owned);
            }),
            (&["--strings", "shared"], |b| {
                b.strings(soapstone_codegen::settings::Strings::Shared);
            }),
            (&["--never-optimize", "checksum"], |b| {
                b.never_optimize("checksum");
            }),
            (&["--always-optimize", "data"], |b| {
                b.always_optimize("data");
            }),
            (&["--runtime-path", "::sdk::soapstone"], |b| {
                b.runtime_path("::sdk::soapstone");
            }),
            (&["--client"], |b| {
                b.client(true);
            }),
            (&["--server"], |b| {
                b.server(true);
            }),
            (&["-o", "out/x.rs"], |b| {
                b.out_dir("out").file_name("x.rs");
            }),
            (&["--output", "x.rs"], |b| {
                b.out_dir("").file_name("x.rs");
            }),
        ];
        for (flags, setter) in cases {
            let mut argv = vec!["a.wsdl"];
            argv.extend_from_slice(flags);
            let from_cli = builder(&parse(&argv)?);
            let mut expected = Builder::new();
            expected.wsdl("a.wsdl");
            setter(&mut expected);
            assert_eq!(from_cli, expected, "flags {flags:?}");
        }
        Ok(())
    }

    /// And back: a Builder with every setter used is what the full command
    /// line produces, so nothing a build script can say is missing from the CLI.
    #[test]
    fn a_builder_with_every_setter_round_trips_through_the_cli(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let mut b = Builder::new();
        b.wsdl("a.wsdl")
            .wsdl("b.wsdl")
            .catalog("c.xml")
            .import_path("inc")
            .never_optimize("checksum")
            .always_optimize("data")
            .mtom(M::Off)
            .threshold(9)
            .runtime_path("::rt")
            .client(true)
            .server(true)
            .out_dir("out")
            .file_name("x.rs");
        let argv = [
            "a.wsdl",
            "b.wsdl",
            "--catalog",
            "c.xml",
            "--import-path",
            "inc",
            "--never-optimize",
            "checksum",
            "--always-optimize",
            "data",
            "--mtom",
            "off",
            "--threshold",
            "9",
            "--runtime-path",
            "::rt",
            "--client",
            "--server",
            "-o",
            "out/x.rs",
        ];
        assert_eq!(builder(&parse(&argv)?), b);
        assert_eq!(builder(&parse(&argv)?).settings(), b.settings());
        Ok(())
    }
}
