//! The one settings type every front end (CLI, build.rs, macro) fills in.

use std::path::PathBuf;

/// Whether generated operations use MTOM.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mtom {
    /// Always (many services require MTOM in prose only: IHE XDS.b, CMIS, ECF).
    On,
    /// Never: binaries inline.
    Off,
    /// As the binding's WS-Policy says (A11): on when an MTOM assertion is there.
    #[default]
    Policy,
}

/// The Rust type of `xs:string` and the types derived from it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Strings {
    /// `String`: each value a copy.
    #[default]
    Owned,
    /// `soapstone::SharedStr`: each value a slice of the received message
    /// (no copy, no allocation; text with entity references is copied).
    Shared,
}

/// The default MTOM threshold: optimize binaries larger than this (bytes).
pub const DEFAULT_THRESHOLD: u64 = 1024;

/// The default path generated code names the runtime crate by.
pub const DEFAULT_RUNTIME_PATH: &str = "::soapstone";

/// What to load and how. Front ends build one of these; every pipeline stage
/// reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// WSDL or XSD files to start from.
    pub inputs: Vec<PathBuf>,
    /// OASIS XML catalogs mapping absolute locations and namespaces to files.
    pub catalogs: Vec<PathBuf>,
    /// Directories searched for relative locations that are not found beside
    /// the importing document (as Java stacks fall back to the working
    /// directory or the classpath).
    pub import_paths: Vec<PathBuf>,
    /// Per-field MTOM overrides by element local name (A7).
    pub optimize: Vec<(String, crate::plan::FieldOptimize)>,
    /// MTOM on, off, or by policy.
    pub mtom: Mtom,
    /// Optimize binaries larger than this many bytes (F1).
    pub threshold: u64,
    /// The Rust type of string values.
    pub strings: Strings,
    /// The path generated code reaches the runtime crate by (its hidden
    /// `__private` module): `::soapstone` unless the crate is renamed or
    /// re-exported, e.g. `::my_sdk::soapstone`.
    pub runtime_path: String,
    /// Also emit, per binding, an HTTP client struct with one async method
    /// per operation (needs the runtime's `client` feature).
    pub client: bool,
    /// Also emit, per binding, a server trait with one async method per
    /// operation and functions that turn an implementation into an endpoint
    /// (needs the runtime's `server` feature).
    pub server: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            inputs: Vec::new(),
            catalogs: Vec::new(),
            import_paths: Vec::new(),
            optimize: Vec::new(),
            mtom: Mtom::Policy,
            threshold: DEFAULT_THRESHOLD,
            strings: Strings::Owned,
            runtime_path: DEFAULT_RUNTIME_PATH.to_string(),
            client: false,
            server: false,
        }
    }
}

impl Settings {
    /// Settings for one input file.
    pub fn new(input: impl Into<PathBuf>) -> Self {
        Settings {
            inputs: vec![input.into()],
            ..Settings::default()
        }
    }

    /// Adds an XML catalog.
    pub fn catalog(&mut self, path: impl Into<PathBuf>) -> &mut Self {
        self.catalogs.push(path.into());
        self
    }

    /// Sets "never" or "always" optimize for binary elements with this local name (A7).
    pub fn optimize_field(
        &mut self,
        local: impl Into<String>,
        setting: crate::plan::FieldOptimize,
    ) -> &mut Self {
        self.optimize.push((local.into(), setting));
        self
    }

    /// The per-field MTOM setting for an element's local name.
    pub fn optimize_for(&self, local: &str) -> crate::plan::FieldOptimize {
        self.optimize
            .iter()
            .rev()
            .find(|(l, _)| l == local)
            .map(|(_, s)| *s)
            .unwrap_or_default()
    }

    /// Adds a directory to search for relative locations.
    pub fn import_path(&mut self, dir: impl Into<PathBuf>) -> &mut Self {
        self.import_paths.push(dir.into());
        self
    }
}
