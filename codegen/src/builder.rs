//! The build.rs front end: [`Builder`], chainable setters over one
//! [`Settings`], and [`Builder::generate`], which writes `$OUT_DIR/<stem>.rs`
//! and tells Cargo what to watch.
//!
//! ```no_run
//! // build.rs
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     soapstone_codegen::Builder::new()
//!         .wsdl("wsdl/ProcessMessage.wsdl")
//!         .generate()?;
//!     Ok(())
//! }
//! ```
//!
//! and in the crate (built for real by `examples/build-rs` and
//! `tests/tests/outside_crate.rs`):
//!
//! ```text
//! include!(concat!(env!("OUT_DIR"), "/ProcessMessage.rs"));
//! ```

use crate::diag::Severity;
use crate::plan::FieldOptimize;
use crate::settings::{Mtom, Settings};
use crate::source::SourceMap;
use crate::GenerateError;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Generates Rust bindings from a build script, prost-style: chain setters on
/// a `&mut Builder`, then call [`generate`](Builder::generate).
///
/// Every setter mirrors a flag of `soapstone generate` (a test keeps the two
/// in step), so what a build script generates can be reproduced, read and
/// diffed on the command line.
///
/// ```
/// use soapstone_codegen::settings::Mtom;
///
/// let mut b = soapstone_codegen::Builder::new();
/// b.wsdl("wsdl/ProcessMessage.wsdl")
///     .catalog("wsdl/catalog.xml")
///     .import_path("wsdl/common")
///     .mtom(Mtom::On)
///     .threshold(4096)
///     .never_optimize("checksum")
///     .always_optimize("attachmentData")
///     .runtime_path("::my_sdk::soapstone")
///     .out_dir("generated")
///     .file_name("star.rs");
/// assert_eq!(b.settings().threshold, 4096);
/// assert_eq!(
///     b.output_path().unwrap(),
///     std::path::Path::new("generated/star.rs")
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Builder {
    settings: Settings,
    out_dir: Option<PathBuf>,
    file_name: Option<String>,
}

impl Builder {
    /// A builder with the default settings and no input yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a WSDL 1.1 (or XSD) file, relative to the package root in a build
    /// script. Several files are generated together into one file, so types
    /// they share appear once; it is named after the first one.
    pub fn wsdl(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.settings.inputs.push(path.as_ref().to_path_buf());
        self
    }

    /// Adds an OASIS XML catalog mapping absolute locations and namespaces to
    /// local files (`soapstone generate --catalog`).
    pub fn catalog(&mut self, path: impl AsRef<Path>) -> &mut Self {
        self.settings.catalog(path.as_ref());
        self
    }

    /// Adds a directory searched for relative import locations that are not
    /// found beside the importing document (`--import-path`).
    pub fn import_path(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.settings.import_path(dir.as_ref());
        self
    }

    /// MTOM on, off, or as the binding's WS-Policy says (the default;
    /// `--mtom on|off|policy`).
    pub fn mtom(&mut self, mtom: Mtom) -> &mut Self {
        self.settings.mtom = mtom;
        self
    }

    /// Optimize binaries larger than this many bytes (`--threshold`).
    pub fn threshold(&mut self, bytes: u64) -> &mut Self {
        self.settings.threshold = bytes;
        self
    }

    /// The Rust type of string values: `String` (the default) or
    /// `soapstone::SharedStr`, slices of the received message
    /// (`--strings owned|shared`).
    pub fn strings(&mut self, strings: crate::settings::Strings) -> &mut Self {
        self.settings.strings = strings;
        self
    }

    /// Never optimize binary elements with this local name: they always travel
    /// inline as base64 (`--never-optimize`).
    pub fn never_optimize(&mut self, local_name: impl Into<String>) -> &mut Self {
        self.settings
            .optimize_field(local_name, FieldOptimize::Never);
        self
    }

    /// Always optimize binary elements with this local name, whatever their
    /// size (`--always-optimize`).
    pub fn always_optimize(&mut self, local_name: impl Into<String>) -> &mut Self {
        self.settings
            .optimize_field(local_name, FieldOptimize::Always);
        self
    }

    /// The path generated code reaches the runtime by, `::soapstone` unless
    /// the dependency is renamed or re-exported (`--runtime-path`).
    pub fn runtime_path(&mut self, path: impl Into<String>) -> &mut Self {
        self.settings.runtime_path = path.into();
        self
    }

    /// Also generate a client per binding, with one async method per
    /// operation (`--client`; the runtime's `client` feature must be on).
    pub fn client(&mut self, on: bool) -> &mut Self {
        self.settings.client = on;
        self
    }

    /// Also generate a server trait per binding and the functions that turn
    /// an implementation into an endpoint or axum router (`--server`; the
    /// runtime's `server` feature must be on).
    pub fn server(&mut self, on: bool) -> &mut Self {
        self.settings.server = on;
        self
    }

    /// Writes into this directory instead of `$OUT_DIR`.
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Self {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Names the output file, instead of `<first WSDL's file stem>.rs`.
    pub fn file_name(&mut self, name: impl Into<String>) -> &mut Self {
        self.file_name = Some(name.into());
        self
    }

    /// The settings the setters built, as the CLI and the macro fill them.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Where [`generate`](Builder::generate) writes.
    ///
    /// # Errors
    /// [`BuildError::NoInput`] without a WSDL, [`BuildError::NoOutDir`] when
    /// neither [`out_dir`](Builder::out_dir) nor `$OUT_DIR` is set.
    pub fn output_path(&self) -> Result<PathBuf, BuildError> {
        let name = match &self.file_name {
            Some(name) => name.clone(),
            None => {
                let first = self.settings.inputs.first().ok_or(BuildError::NoInput)?;
                let stem = first
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_else(|| "bindings".to_string());
                format!("{stem}.rs")
            }
        };
        let dir = match &self.out_dir {
            Some(dir) => dir.clone(),
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(BuildError::NoOutDir)?,
        };
        Ok(dir.join(name))
    }

    /// Runs the generator and writes the bindings to
    /// [`output_path`](Builder::output_path), only when they changed (so
    /// Cargo does not recompile a crate whose bindings are the same), through
    /// a temporary file renamed over it ([`write_if_changed`]). For a
    /// build script it prints `cargo:rerun-if-changed` for every file read
    /// (the WSDL, everything it imports, the catalogs and those they chain
    /// to through `nextCatalog`) and each warning as
    /// `cargo:warning=`. Returns the file written.
    ///
    /// # Errors
    /// [`BuildError::Generate`] when the input cannot be supported: its
    /// message starts with the first error's `file:line:col`, then lists
    /// every diagnostic; [`BuildError::Write`] when the file cannot be
    /// written; the errors of [`output_path`](Builder::output_path).
    pub fn generate(&self) -> Result<PathBuf, BuildError> {
        self.generate_to(&mut std::io::stdout().lock())
    }

    /// [`generate`](Builder::generate), with Cargo's instructions written to `cargo`.
    fn generate_to(&self, cargo: &mut dyn Write) -> Result<PathBuf, BuildError> {
        let path = self.output_path()?;
        let result = crate::generate(&self.settings);
        let sources = match &result {
            Ok(g) => &g.sources,
            Err(e) => &e.sources,
        };
        // Cargo output is best effort: a closed stdout must not fail the build.
        for file in watched_files(&self.settings, sources) {
            let _ = writeln!(cargo, "cargo:rerun-if-changed={}", file.display());
        }
        let generated = result.map_err(BuildError::Generate)?;
        for d in generated.diagnostics.iter() {
            let rendered = d.render(&generated.sources);
            let mut lines = rendered.lines();
            if let Some(first) = lines.next() {
                let _ = writeln!(cargo, "cargo:warning={first}");
            }
            for hint in lines.filter(|l| l.trim_start().starts_with("= hint:")) {
                let _ = writeln!(cargo, "cargo:warning={hint}");
            }
        }
        let write = || -> std::io::Result<bool> {
            if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir)?;
            }
            write_if_changed(&path, &generated.code)
        };
        write().map_err(|source| BuildError::Write {
            path: path.clone(),
            source,
        })?;
        Ok(path)
    }
}

/// Every file on disk the generator read (inputs, imports, catalogs, those
/// chained through `nextCatalog` included), once each, in a stable order.
pub(crate) fn watched_files(settings: &Settings, sources: &SourceMap) -> Vec<PathBuf> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    // The inputs come first even when unreadable: a build script that
    // failed on a missing WSDL reruns when it appears. Then what the loader
    // read: documents, catalogs (those chained through `nextCatalog` too).
    for p in settings
        .inputs
        .iter()
        .cloned()
        .chain(sources.file_paths())
        .chain(settings.catalogs.iter().cloned())
    {
        if seen.insert(p.clone()) {
            out.push(p);
        }
    }
    out
}

/// Writes `contents` to `path` unless the file already holds exactly that
/// (so its modification time, and whatever Cargo or make decides from it,
/// stays). The new content goes to a temporary file in the same directory
/// (which must exist), renamed over `path`: an interrupted run leaves the
/// old file or the new one, never a truncated one. Returns whether the file
/// was written.
///
/// # Errors
/// The I/O error of writing the temporary file or renaming it (the
/// temporary file is removed then).
pub fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(false);
    }
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
    let name = path.file_name().ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{} does not name a file", path.display()),
        )
    })?;
    // `.NAME.PID.tmp`: hidden, and distinct per process.
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".{}.tmp", std::process::id()));
    let tmp = match dir {
        Some(dir) => dir.join(tmp_name),
        None => PathBuf::from(tmp_name),
    };
    let written = std::fs::write(&tmp, contents).and_then(|()| std::fs::rename(&tmp, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written.map(|()| true)
}

/// Why [`Builder::generate`] failed. `Debug` prints the same text as
/// `Display`, so `fn main() -> Result<(), Box<dyn Error>>` in a build script
/// shows the diagnostics as they are meant to be read.
#[derive(thiserror::Error)]
pub enum BuildError {
    /// No WSDL was given.
    #[error("no WSDL to generate from: call Builder::wsdl first")]
    NoInput,
    /// Not run by Cargo as a build script, and no output directory was set.
    #[error(
        "OUT_DIR is not set: call Builder::generate from a build script, or set Builder::out_dir"
    )]
    NoOutDir,
    /// The input cannot be supported: every diagnostic.
    #[error("{}", render_errors_first(.0))]
    Generate(GenerateError),
    /// The output file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

impl std::fmt::Debug for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// Errors first (the first one opens the message with its `file:line:col`),
/// then warnings, then a count.
fn render_errors_first(e: &GenerateError) -> String {
    let (errors, warnings): (Vec<_>, Vec<_>) = e
        .diagnostics
        .iter()
        .partition(|d| d.severity == Severity::Error);
    let mut parts: Vec<String> = errors
        .iter()
        .chain(warnings.iter())
        .map(|d| d.render(&e.sources))
        .collect();
    parts.push(format!(
        "soapstone: {} error(s), {} warning(s); no bindings were generated",
        errors.len(),
        warnings.len()
    ));
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(rel: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../wsdl-samples")
            .join(rel)
    }

    fn run(b: &Builder) -> (Result<PathBuf, BuildError>, String) {
        let mut out = Vec::new();
        let r = b.generate_to(&mut out);
        (r, String::from_utf8_lossy(&out).into_owned())
    }

    #[test]
    fn writes_stem_rs_only_when_changed_and_watches_imports(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempdir("builder-writes")?;
        let mut b = Builder::new();
        b.wsdl(sample("star-process-message/ProcessMessage.wsdl"))
            .out_dir(&dir);
        let (r, cargo) = run(&b);
        let path = r?;
        assert_eq!(path, dir.join("ProcessMessage.rs"));
        let code = std::fs::read_to_string(&path)?;
        assert!(
            code.starts_with("// @generated by soapstone-codegen "),
            "{code}"
        );
        assert!(cargo.contains("ProcessMessage.wsdl\n"), "{cargo}");
        assert!(cargo.contains("star-attachment.xsd\n"), "{cargo}");
        assert!(
            cargo
                .lines()
                .all(|l| l.starts_with("cargo:rerun-if-changed=")),
            "{cargo}"
        );

        // Unchanged content: the file is not touched (its mtime stays).
        let before = std::fs::metadata(&path)?.modified()?;
        std::thread::sleep(std::time::Duration::from_millis(20));
        run(&b).0?;
        let after = std::fs::metadata(&path)?.modified()?;
        assert_eq!(before, after);

        // Changed content is rewritten.
        std::fs::write(&path, "stale")?;
        run(&b).0?;
        assert_eq!(std::fs::read_to_string(&path)?, code);
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn errors_start_with_the_first_error_position() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempdir("builder-errors")?;
        let wsdl = sample("broken/unresolved-type.wsdl");
        let mut b = Builder::new();
        b.wsdl(&wsdl).out_dir(&dir);
        let (r, cargo) = run(&b);
        let Err(err) = r else {
            return Err("a broken WSDL built without error".into());
        };
        let text = err.to_string();
        let expected = format!("{}:21:13: error[S002]: ", wsdl.display());
        assert!(text.starts_with(&expected), "{text}");
        assert!(text.contains("= hint:"), "{text}");
        assert_eq!(format!("{err:?}"), text);
        // Still watched, so fixing the WSDL reruns the build script.
        assert!(cargo.contains("unresolved-type.wsdl"), "{cargo}");
        assert!(!dir.join("unresolved-type.rs").exists());
        Ok(())
    }

    #[test]
    fn warnings_become_cargo_warnings() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempdir("builder-warnings")?;
        let mut b = Builder::new();
        // The policy sample's unknown policy reference is a warning (W005)
        // only when present; any sample with warnings would do, so build one.
        let wsdl = dir.join("warn.wsdl");
        let text = std::fs::read_to_string(sample("image-service/ImageService.wsdl"))?;
        let text = text.replacen(
            "<wsdl:types>",
            "<wsdl:message name=\"Extra\"/><wsdl:message name=\"Extra\"/><wsdl:types>",
            1,
        );
        std::fs::write(&wsdl, text)?;
        b.wsdl(&wsdl).out_dir(&dir);
        let (r, cargo) = run(&b);
        r?;
        assert!(
            cargo.lines().any(|l| l.starts_with("cargo:warning=")
                && l.contains("warning[S007]")
                && l.contains("warn.wsdl:")),
            "{cargo}"
        );
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    /// A catalog chained through `nextCatalog` is watched like the one
    /// passed to [`Builder::catalog`].
    #[test]
    fn chained_catalogs_are_watched() -> Result<(), Box<dyn std::error::Error>> {
        let dir = std::env::temp_dir().join(format!(
            "soapstone-builder-chained-catalog-{}",
            std::process::id()
        ));
        let (first, second) = crate::load::catalog::tests::write_chained(&dir)?;
        let mut b = Builder::new();
        b.wsdl(sample("image-service/ImageService.wsdl"))
            .catalog(&first)
            .out_dir(dir.join("out"));
        let (r, cargo) = run(&b);
        r?;
        for c in [&first, &second] {
            let line = format!("cargo:rerun-if-changed={}", c.display());
            assert!(cargo.lines().any(|l| l == line), "{line} in {cargo}");
        }
        // Also when the chained catalog is missing (the build fails, and
        // reruns when it appears).
        std::fs::remove_file(&second)?;
        let (r, cargo) = run(&b);
        assert!(r.is_err());
        let line = format!("cargo:rerun-if-changed={}", second.display());
        assert!(cargo.lines().any(|l| l == line), "{line} in {cargo}");
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    /// The file is replaced through a temporary file that does not stay,
    /// and not touched when its content is the same.
    #[test]
    fn write_if_changed_renames_a_temporary_file() -> Result<(), Box<dyn std::error::Error>> {
        let dir =
            std::env::temp_dir().join(format!("soapstone-builder-write-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("sub").join("out.rs");
        // The directory is not created: that is the caller's choice.
        assert!(write_if_changed(&path, "one").is_err());
        std::fs::create_dir_all(dir.join("sub"))?;
        assert!(write_if_changed(&path, "one")?);
        assert!(!write_if_changed(&path, "one")?);
        assert!(write_if_changed(&path, "two")?);
        assert_eq!(std::fs::read_to_string(&path)?, "two");
        let names: Vec<_> = std::fs::read_dir(dir.join("sub"))?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()?;
        assert_eq!(names, [std::ffi::OsString::from("out.rs")]);
        // A directory in the way: an error, and no temporary file left.
        let blocked = dir.join("blocked.rs");
        std::fs::create_dir_all(blocked.join("inside"))?;
        assert!(write_if_changed(&blocked, "x").is_err());
        let mut left: Vec<_> = std::fs::read_dir(&dir)?
            .map(|e| e.map(|e| e.file_name()))
            .collect::<Result<_, _>>()?;
        left.sort();
        assert_eq!(left, [std::ffi::OsString::from("blocked.rs"), "sub".into()]);
        let _ = std::fs::remove_dir_all(&dir);
        Ok(())
    }

    #[test]
    fn output_path_needs_an_input_and_a_directory() -> Result<(), Box<dyn std::error::Error>> {
        assert!(matches!(
            Builder::new().out_dir("x").output_path(),
            Err(BuildError::NoInput)
        ));
        let mut b = Builder::new();
        b.wsdl("a/b/Svc.wsdl").out_dir("out");
        assert_eq!(b.output_path()?, Path::new("out/Svc.rs"));
        b.file_name("svc_bindings.rs");
        assert_eq!(b.output_path()?, Path::new("out/svc_bindings.rs"));
        Ok(())
    }

    #[test]
    fn runtime_path_is_honoured_and_default_output_unchanged(
    ) -> Result<(), Box<dyn std::error::Error>> {
        let wsdl = sample("image-service/ImageService.wsdl");
        let default = crate::generate(&Settings::new(&wsdl))?.code;
        let mut b = Builder::new();
        b.wsdl(&wsdl).runtime_path("::soapstone");
        assert_eq!(crate::generate(b.settings())?.code, default);
        b.runtime_path("::my_sdk::rt");
        let renamed = crate::generate(b.settings())?.code;
        assert!(!renamed.contains("::soapstone::"), "{renamed}");
        assert_eq!(
            renamed.matches("::my_sdk::rt::__private::").count(),
            default.matches("::soapstone::__private::").count()
        );
        b.runtime_path("not a path");
        let Err(err) = crate::generate(b.settings()) else {
            return Err("an unusable runtime path generated without error".into());
        };
        assert!(err.to_string().contains("error[C001]"), "{err}");
        Ok(())
    }

    fn tempdir(name: &str) -> std::io::Result<PathBuf> {
        let dir = std::env::temp_dir().join(format!("soapstone-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        Ok(dir)
    }
}
