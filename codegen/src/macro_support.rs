//! What the `wsdl!` proc-macro does, kept here so the macro crate stays a few
//! lines and this logic is tested like the rest of the generator.
//!
//! ```text
//! wsdl!("wsdl/svc.wsdl");
//! wsdl!("wsdl/svc.wsdl", mtom = "on");
//! wsdl!(path = "wsdl/svc.wsdl", mtom = "on", catalog = "wsdl/catalog.xml", threshold = 2048);
//! wsdl!("wsdl/svc.wsdl", client = true, server = true);
//! wsdl!("wsdl/svc.wsdl", strings = "shared");
//! ```
//!
//! `catalog`, `import_path`, `never_optimize` and `always_optimize` are
//! repeatable ([`REPEATABLE`]); every other argument (`path` included) given
//! twice is an error spanned on the second one.
//!
//! Paths are relative to the invoking crate's `CARGO_MANIFEST_DIR` (made
//! absolute first when that is relative, see [`base_dir`]). The
//! expansion is the generated code in place, plus
//! `const _: &[u8] = include_bytes!("<absolute path>");` for every file the
//! loader read, so Cargo rebuilds the crate when an imported XSD changes.
//! Diagnostics become `compile_error!`s spanned on the path literal, reading
//! `file:line:col: error[CODE]: message` with the source line and the hint;
//! file names are shown relative to the manifest directory so messages (and
//! compile-fail snapshots) are the same on every machine.

use crate::diag::{Code, Diagnostic, Severity};
use crate::plan::FieldOptimize;
use crate::settings::{Mtom, Settings, Strings};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use std::path::{Path, PathBuf};
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitInt, LitStr, Token};

/// When set, used instead of `CARGO_MANIFEST_DIR` as the base of relative
/// paths. A testing hook: trybuild compiles UI tests in a project under
/// `target/`, whose manifest directory is not the one holding the WSDLs.
pub const MANIFEST_DIR_OVERRIDE: &str = "SOAPSTONE_MANIFEST_DIR";

/// The argument names `wsdl!` accepts, in the order its error message lists them.
pub const ARGUMENTS: &[&str] = &[
    "path",
    "catalog",
    "import_path",
    "mtom",
    "threshold",
    "strings",
    "never_optimize",
    "always_optimize",
    "runtime_path",
    "client",
    "server",
];

/// The arguments of [`ARGUMENTS`] that may be given several times (each
/// adds a value); every other one, given twice, is an error.
pub const REPEATABLE: &[&str] = &[
    "catalog",
    "import_path",
    "never_optimize",
    "always_optimize",
];

/// The parsed arguments of one `wsdl!` invocation.
pub struct MacroInput {
    /// The WSDL path literal: diagnostics are spanned on it.
    pub path: LitStr,
    catalogs: Vec<LitStr>,
    import_paths: Vec<LitStr>,
    mtom: Option<Mtom>,
    threshold: Option<u64>,
    strings: Option<Strings>,
    optimize: Vec<(String, FieldOptimize)>,
    runtime_path: Option<String>,
    client: bool,
    server: bool,
}

impl Parse for MacroInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let mut path = None;
        let mut out = MacroInput {
            path: LitStr::new("", Span::call_site()),
            catalogs: Vec::new(),
            import_paths: Vec::new(),
            mtom: None,
            threshold: None,
            strings: None,
            optimize: Vec::new(),
            runtime_path: None,
            client: false,
            server: false,
        };
        if input.peek(LitStr) {
            path = Some(input.parse::<LitStr>()?);
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        // Single-valued arguments already given: a second one is an error
        // (as a second path is), not silently the one that counts.
        let mut seen: Vec<String> = Vec::new();
        while !input.is_empty() {
            let name: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let key = name.to_string();
            // (`path` has its own message; an unknown name is reported below.)
            if key != "path"
                && ARGUMENTS.contains(&key.as_str())
                && !REPEATABLE.contains(&key.as_str())
            {
                if seen.contains(&key) {
                    return Err(syn::Error::new(
                        name.span(),
                        format!("`{key}` is given twice; wsdl! takes it once"),
                    ));
                }
                seen.push(key.clone());
            }
            match key.as_str() {
                "path" => {
                    let lit: LitStr = input.parse()?;
                    if path.is_some() {
                        return Err(syn::Error::new(lit.span(), "the WSDL path is given twice"));
                    }
                    path = Some(lit);
                }
                "catalog" => out.catalogs.push(input.parse()?),
                "import_path" => out.import_paths.push(input.parse()?),
                "mtom" => {
                    let lit: LitStr = input.parse()?;
                    out.mtom = Some(match lit.value().as_str() {
                        "on" => Mtom::On,
                        "off" => Mtom::Off,
                        "policy" => Mtom::Policy,
                        other => {
                            return Err(syn::Error::new(
                                lit.span(),
                                format!(
                                    "mtom = \"{other}\": expected \"on\", \"off\" or \"policy\""
                                ),
                            ))
                        }
                    });
                }
                "threshold" => out.threshold = Some(input.parse::<LitInt>()?.base10_parse()?),
                "strings" => {
                    let lit: LitStr = input.parse()?;
                    out.strings = Some(match lit.value().as_str() {
                        "owned" => Strings::Owned,
                        "shared" => Strings::Shared,
                        other => {
                            return Err(syn::Error::new(
                                lit.span(),
                                format!("strings = \"{other}\": expected \"owned\" or \"shared\""),
                            ))
                        }
                    });
                }
                "never_optimize" => out
                    .optimize
                    .push((input.parse::<LitStr>()?.value(), FieldOptimize::Never)),
                "always_optimize" => out
                    .optimize
                    .push((input.parse::<LitStr>()?.value(), FieldOptimize::Always)),
                "runtime_path" => out.runtime_path = Some(input.parse::<LitStr>()?.value()),
                "client" => out.client = input.parse::<syn::LitBool>()?.value,
                "server" => out.server = input.parse::<syn::LitBool>()?.value,
                other => {
                    return Err(syn::Error::new(
                        name.span(),
                        format!(
                        "unknown argument `{other}`; wsdl! takes a path literal, then any of: {}",
                        ARGUMENTS.join(", ")
                    ),
                    ))
                }
            }
            if !input.is_empty() {
                input.parse::<Token![,]>()?;
            }
        }
        out.path = path.ok_or_else(|| {
            syn::Error::new(
                input.span(),
                "wsdl! needs the WSDL path: wsdl!(\"wsdl/service.wsdl\") or wsdl!(path = \"...\")",
            )
        })?;
        Ok(out)
    }
}

impl std::fmt::Debug for MacroInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MacroInput")
            .field("path", &self.path.value())
            .finish_non_exhaustive()
    }
}

impl MacroInput {
    /// The settings this invocation asks for, with paths joined onto `base`
    /// (the manifest directory).
    pub fn settings(&self, base: &Path) -> Settings {
        let mut s = Settings::new(base.join(self.path.value()));
        for c in &self.catalogs {
            s.catalog(base.join(c.value()));
        }
        for d in &self.import_paths {
            s.import_path(base.join(d.value()));
        }
        if let Some(m) = self.mtom {
            s.mtom = m;
        }
        if let Some(t) = self.threshold {
            s.threshold = t;
        }
        if let Some(k) = self.strings {
            s.strings = k;
        }
        for (name, o) in &self.optimize {
            s.optimize_field(name.clone(), *o);
        }
        if let Some(p) = &self.runtime_path {
            s.runtime_path = p.clone();
        }
        s.client = self.client;
        s.server = self.server;
        s
    }
}

/// The directory relative paths start from, always absolute:
/// [`MANIFEST_DIR_OVERRIDE`], else `CARGO_MANIFEST_DIR`, else the current
/// directory; a relative one is taken from the current directory.
pub fn base_dir() -> PathBuf {
    absolute(
        std::env::var_os(MANIFEST_DIR_OVERRIDE)
            .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(".")),
    )
}

/// `dir` joined onto the current directory when it is relative (as given
/// when the current directory cannot be read: paths then stay relative,
/// the best that can be done). `.` components are dropped.
fn absolute(dir: PathBuf) -> PathBuf {
    if dir.is_absolute() {
        return dir;
    }
    std::path::absolute(&dir).unwrap_or(dir)
}

/// Expands `wsdl!(...)`: the generated items and the `include_bytes!`
/// tracking, or every error diagnostic as a `compile_error!` on the path.
///
/// A panic in the generator (a soapstone bug) becomes a `compile_error!`
/// saying so, instead of escaping into the compiler.
///
/// # Errors
/// A `syn::Error` (possibly holding several) to turn into `compile_error!`s.
pub fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    let run = std::panic::AssertUnwindSafe(move || {
        let input: MacroInput = syn::parse2(input)?;
        expand_with_base(&input, &base_dir())
    });
    std::panic::catch_unwind(run).unwrap_or_else(|_| {
        Err(syn::Error::new(
            Span::call_site(),
            "soapstone: internal error in wsdl! (a bug in soapstone; please report it with the WSDL)",
        ))
    })
}

/// [`expand`] for parsed input and an explicit base directory (made
/// absolute first when it is relative, as [`base_dir`] does).
///
/// # Errors
/// As [`expand`].
pub fn expand_with_base(input: &MacroInput, base: &Path) -> syn::Result<TokenStream> {
    let base = &absolute(base.to_path_buf());
    let settings = input.settings(base);
    let span = input.path.span();
    let generated = match crate::generate(&settings) {
        Ok(g) => g,
        Err(e) => {
            let mut errors = e
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .map(|d| {
                    syn::Error::new(span, relative_to(&for_macro(d).render(&e.sources), base))
                });
            let mut first = errors
                .next()
                .unwrap_or_else(|| syn::Error::new(span, "soapstone: generation failed"));
            for more in errors {
                first.combine(more);
            }
            return Err(first);
        }
    };
    let code: TokenStream = generated.code.parse().map_err(|e| {
        syn::Error::new(
            span,
            format!("soapstone bug: the generated code does not parse ({e}); please report it with the WSDL"),
        )
    })?;
    // Every path is already absolute (the settings' are joined onto the
    // absolute base; the rest are found from them): `include_bytes!` would
    // take a relative one from the invoking source file.
    let tracked = crate::builder::watched_files(&settings, &generated.sources)
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| {
            let lit = LitStr::new(&p.to_string_lossy(), Span::call_site());
            quote!(
                const _: &[u8] = ::core::include_bytes!(#lit);
            )
        });
    Ok(quote! {
        #(#tracked)*
        #code
    })
}

/// A diagnostic whose hint speaks of the macro's arguments instead of the
/// CLI's flags.
fn for_macro(d: &Diagnostic) -> Diagnostic {
    let mut d = d.clone();
    if d.code == Code::Io && d.span.is_none() {
        d.hint = "check the path: wsdl! paths are relative to the directory of the crate's Cargo.toml (CARGO_MANIFEST_DIR)".into();
    }
    d.hint = d
        .hint
        .replace("--catalog", "catalog = \"...\"")
        .replace("--import-path", "import_path = \"...\"");
    d
}

/// `text` with paths under the manifest directory shown relative to it:
/// `base/` is removed and `base/../` (the workspace, typically) becomes `../`.
fn relative_to(text: &str, base: &Path) -> String {
    let with_slash = |p: &Path| {
        let mut s = p.to_string_lossy().into_owned();
        if !s.ends_with('/') {
            s.push('/');
        }
        s
    };
    let mut out = text.replace(&with_slash(base), "");
    // Only a parent that is still a specific directory, never `/`.
    if let Some(parent) = base.parent().filter(|p| p.components().count() > 2) {
        out = out.replace(&with_slash(parent), "../");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(t: TokenStream) -> syn::Result<MacroInput> {
        syn::parse2(t)
    }

    fn samples() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../wsdl-samples")
    }

    #[test]
    fn both_forms_parse_to_the_same_settings() -> Result<(), Box<dyn std::error::Error>> {
        let base = Path::new("/m");
        let a = parse(quote!(
            "w/s.wsdl",
            mtom = "on",
            threshold = 2048,
            client = true
        ))?;
        let b = parse(quote!(
            threshold = 2048,
            client = true,
            path = "w/s.wsdl",
            mtom = "on",
        ))?;
        assert_eq!(a.settings(base), b.settings(base));
        let s = a.settings(base);
        assert_eq!(s.inputs, vec![PathBuf::from("/m/w/s.wsdl")]);
        assert_eq!(s.mtom, Mtom::On);
        assert_eq!(s.threshold, 2048);
        assert!(s.client && !s.server);
        let c = parse(quote!(
            "s.wsdl",
            catalog = "c.xml",
            import_path = "inc",
            never_optimize = "a",
            always_optimize = "b",
            runtime_path = "::rt",
            strings = "shared"
        ))?
        .settings(base);
        assert_eq!(c.catalogs, vec![PathBuf::from("/m/c.xml")]);
        assert_eq!(c.import_paths, vec![PathBuf::from("/m/inc")]);
        assert_eq!(c.optimize_for("a"), FieldOptimize::Never);
        assert_eq!(c.optimize_for("b"), FieldOptimize::Always);
        assert_eq!(c.runtime_path, "::rt");
        assert_eq!(c.strings, Strings::Shared);
        assert_eq!(s.strings, Strings::Owned);
        Ok(())
    }

    #[test]
    fn bad_arguments_are_spanned_errors() -> Result<(), Box<dyn std::error::Error>> {
        let Err(e) = parse(quote!("s.wsdl", mtoom = "on")) else {
            return Err("an unknown argument was accepted".into());
        };
        let e = e.to_string();
        assert!(e.contains("unknown argument `mtoom`"), "{e}");
        for name in ARGUMENTS {
            assert!(e.contains(name), "{e}");
        }
        assert!(parse(quote!(mtom = "on")).is_err());
        assert!(parse(quote!("a", path = "b")).is_err());
        assert!(parse(quote!("a", mtom = "sometimes")).is_err());
        assert!(parse(quote!("a", threshold = "big")).is_err());
        assert!(parse(quote!("a", strings = "borrowed")).is_err());
        Ok(())
    }

    #[test]
    fn expansion_tracks_every_loaded_file() -> Result<(), Box<dyn std::error::Error>> {
        let input = parse(quote!("star-process-message/ProcessMessage.wsdl"))?;
        let out = expand_with_base(&input, &samples())?.to_string();
        assert!(out.contains("ProcessMessage.wsdl\""), "{out}");
        assert!(out.contains("star-attachment.xsd\""), "{out}");
        assert!(out.contains("pub struct ProcessMessage"), "{out}");
        Ok(())
    }

    /// A single-valued argument given twice is an error spanned on the
    /// second one, as a second path is; repeatable ones stay repeatable.
    #[test]
    fn a_repeated_single_valued_argument_is_an_error() -> Result<(), String> {
        let values = [
            ("mtom", "\"on\""),
            ("threshold", "2048"),
            ("strings", "\"shared\""),
            ("runtime_path", "\"::rt\""),
            ("client", "true"),
            ("server", "true"),
        ];
        // Every argument is either repeatable or among these (`path` aside).
        assert_eq!(values.len() + REPEATABLE.len() + 1, ARGUMENTS.len());
        for (name, value) in values {
            assert!(
                ARGUMENTS.contains(&name) && !REPEATABLE.contains(&name),
                "{name}"
            );
            let once: TokenStream = format!("\"a.wsdl\", {name} = {value}")
                .parse()
                .map_err(|e| format!("{e:?}"))?;
            parse(once).map_err(|e| format!("{name} once: {e}"))?;
            let twice: TokenStream = format!("\"a.wsdl\", {name} = {value}, {name} = {value}")
                .parse()
                .map_err(|e| format!("{e:?}"))?;
            let Err(e) = parse(twice) else {
                return Err(format!("`{name}` given twice was accepted"));
            };
            assert_eq!(
                e.to_string(),
                format!("`{name}` is given twice; wsdl! takes it once")
            );
        }
        let repeated = parse(quote!(
            "a.wsdl",
            catalog = "c.xml",
            catalog = "d.xml",
            import_path = "i",
            import_path = "j",
            never_optimize = "x",
            never_optimize = "y",
            always_optimize = "z",
            always_optimize = "w"
        ))
        .map_err(|e| e.to_string())?
        .settings(Path::new("/m"));
        assert_eq!(repeated.catalogs.len(), 2);
        assert_eq!(repeated.import_paths.len(), 2);
        assert_eq!(repeated.optimize.len(), 4);
        Ok(())
    }

    /// A relative base is made absolute once: the settings' paths and the
    /// `include_bytes!` paths are absolute, never the base joined twice.
    #[test]
    fn a_relative_base_gives_absolute_paths_joined_once() -> Result<(), String> {
        let cwd = std::env::current_dir().map_err(|e| e.to_string())?;
        assert_eq!(absolute(PathBuf::from("rel/dir")), cwd.join("rel/dir"));
        assert_eq!(absolute(PathBuf::from("/abs/dir")), Path::new("/abs/dir"));
        assert!(base_dir().is_absolute(), "{}", base_dir().display());

        // Unit tests run in the package directory: `../wsdl-samples` is
        // relative to it.
        let relative = Path::new("../wsdl-samples");
        let input =
            parse(quote!("star-process-message/ProcessMessage.wsdl")).map_err(|e| e.to_string())?;
        let out = expand_with_base(&input, relative)
            .map_err(|e| e.to_string())?
            .to_string();
        let tracked: Vec<&str> = out
            .split("include_bytes ! (\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert!(tracked.len() >= 2, "{out}");
        for path in &tracked {
            assert!(Path::new(path).is_absolute(), "{path}");
            assert!(Path::new(path).is_file(), "{path}");
            assert!(!path.contains("wsdl-samples/../wsdl-samples"), "{path}");
        }
        assert!(
            tracked.contains(
                &&*cwd
                    .join("../wsdl-samples/star-process-message/ProcessMessage.wsdl")
                    .to_string_lossy()
            ),
            "{tracked:?}"
        );
        Ok(())
    }

    /// A catalog chained through `nextCatalog` is tracked like the one named
    /// in the invocation.
    #[test]
    fn chained_catalogs_are_tracked() -> Result<(), Box<dyn std::error::Error>> {
        let dir = std::env::temp_dir().join(format!(
            "soapstone-macro-chained-catalog-{}",
            std::process::id()
        ));
        let (first, second) = crate::load::catalog::tests::write_chained(&dir)?;
        let wsdl = samples().join("image-service/ImageService.wsdl");
        let wsdl = wsdl.to_string_lossy();
        let input = parse(quote!(#wsdl, catalog = "catalog.xml"))?;
        let out = expand_with_base(&input, &dir)?.to_string();
        let _ = std::fs::remove_dir_all(&dir);
        for c in [first, second] {
            let tracked = format!("include_bytes ! (\"{}\")", c.display());
            assert!(out.contains(&tracked), "{tracked} in {out}");
        }
        Ok(())
    }

    #[test]
    fn diagnostics_read_relative_to_the_manifest() -> Result<(), Box<dyn std::error::Error>> {
        let input = parse(quote!("broken/unresolved-type.wsdl"))?;
        let Err(e) = expand_with_base(&input, &samples()) else {
            return Err("an unresolved type expanded without error".into());
        };
        let text = e.to_string();
        assert!(
            text.starts_with("broken/unresolved-type.wsdl:21:13: error[S002]: "),
            "{text}"
        );
        assert!(text.contains("= hint:"), "{text}");
        let input = parse(quote!("broken/nope.wsdl"))?;
        let Err(e) = expand_with_base(&input, &samples()) else {
            return Err("a missing file expanded without error".into());
        };
        let text = e.to_string();
        assert!(text.contains("error[L001]"), "{text}");
        assert!(!text.contains(&*samples().to_string_lossy()), "{text}");
        Ok(())
    }
}
