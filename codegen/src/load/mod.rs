//! Stage 1, `load`: read every document reachable from the inputs.
//!
//! Follows `wsdl:import`, `xs:import`, `xs:include` and `xs:redefine` (inline
//! `<wsdl:types>` schemas included), resolving each location against the
//! importing document's base (a file, or the logical URL it was reached by
//! through a catalog). Lookup order for a location: the catalog, the built-in
//! schemas, the file system, the import paths. Namespace-only imports go to
//! the catalog's `uri` entries, then the built-ins, else to schemas already in
//! the set. The network is never used. A document reached twice is loaded
//! once, so import cycles are fine.
//!
//! Loading has to parse each document to find its references; the parse
//! result is dropped and [`crate::parse`](mod@crate::parse) re-parses from the [`SourceMap`],
//! which keeps every later stage free of self-referential borrows.

pub mod builtin;
pub mod catalog;
pub mod location;

use crate::diag::{Code, Diagnostic, Diagnostics, Span};
use crate::names::ns;
use crate::settings::Settings;
use crate::source::{FileId, Origin, SourceFile, SourceMap};
use location::{Base, Target};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What kind of document a loaded file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocKind {
    /// A WSDL 1.1 `definitions`.
    Wsdl,
    /// An XML Schema.
    Xsd,
    /// Not usable (malformed, unknown root, WSDL 2.0); a diagnostic says why.
    Unusable,
}

/// How one document refers to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// `wsdl:import`.
    WsdlImport,
    /// `xs:import`.
    Import,
    /// `xs:include` (same or chameleon namespace).
    Include,
    /// `xs:redefine`.
    Redefine,
    /// `xs:override` (XSD 1.1).
    Override,
}

/// One resolved (or not) reference between documents.
#[derive(Debug, Clone)]
pub struct Edge {
    /// The referring document.
    pub from: FileId,
    /// Byte offset of the referring element in `from`.
    pub offset: u32,
    /// What kind of reference.
    pub kind: RefKind,
    /// The `namespace` attribute, when there is one.
    pub namespace: Option<String>,
    /// The location as written.
    pub location: Option<String>,
    /// The document it reached, if any.
    pub target: Option<FileId>,
}

/// Everything `load` produced: the documents, their kinds, the references
/// between them, and the problems found.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    /// Document texts, in load order (roots first).
    pub files: SourceMap,
    /// Kind of each document, indexed like `files`.
    pub kinds: Vec<DocKind>,
    /// The documents named by the settings.
    pub roots: Vec<FileId>,
    /// Every reference found.
    pub edges: Vec<Edge>,
    /// Load problems (missing files, malformed XML, ...).
    pub diagnostics: Diagnostics,
    edge_index: HashMap<(FileId, u32), usize>,
}

impl Sources {
    /// The reference made by the element at `offset` in `file`.
    pub fn edge_at(&self, file: FileId, offset: u32) -> Option<&Edge> {
        self.edge_index
            .get(&(file, offset))
            .map(|i| &self.edges[*i])
    }

    /// The paths of every file read from disk (for `rerun-if-changed`): the
    /// documents, then the catalogs (chained ones included).
    pub fn file_paths(&self) -> Vec<PathBuf> {
        self.files.file_paths()
    }
}

/// XML parsing options used everywhere: DTDs are allowed (some W3C schemas
/// carry one) but roxmltree bounds entity expansion.
pub(crate) fn xml_options<'a>() -> roxmltree::ParsingOptions<'a> {
    roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: 16_000_000,
        // External entities are never fetched.
        entity_resolver: None,
    }
}

/// Loads every document reachable from `settings`' inputs.
pub fn load(settings: &Settings) -> Sources {
    let mut loader = Loader::new(settings);
    for input in &settings.inputs {
        if let Some(id) = loader.load_root(input) {
            loader.sources.roots.push(id);
        }
    }
    loader.drain();
    loader.sources
}

struct Loader<'s> {
    settings: &'s Settings,
    catalog: catalog::Catalog,
    sources: Sources,
    bases: Vec<Base>,
    by_key: HashMap<String, FileId>,
    /// Documents registered but not scanned yet.
    queue: Vec<FileId>,
}

impl<'s> Loader<'s> {
    fn new(settings: &'s Settings) -> Self {
        let mut diagnostics = Diagnostics::new();
        let mut cat = catalog::Catalog::default();
        let mut read = Vec::new();
        for path in &settings.catalogs {
            match catalog::Catalog::load_tracking(path, &mut read) {
                Ok(c) => cat.merge(c),
                Err(e) => diagnostics.push(
                    Diagnostic::error(Code::BadCatalog, None, e.to_string()).with_hint(
                        "pass an OASIS XML catalog (urn:oasis:names:tc:entity:xmlns:xml:catalog)",
                    ),
                ),
            }
        }
        let mut files = SourceMap::default();
        files.add_catalog_files(read);
        Loader {
            settings,
            catalog: cat,
            sources: Sources {
                files,
                diagnostics,
                ..Sources::default()
            },
            bases: Vec::new(),
            by_key: HashMap::new(),
            queue: Vec::new(),
        }
    }

    fn load_root(&mut self, path: &Path) -> Option<FileId> {
        match std::fs::read(path) {
            Ok(bytes) => {
                Some(self.add_file(path.to_path_buf(), Base::File(path.to_path_buf()), bytes))
            }
            Err(e) => {
                self.sources.diagnostics.push(
                    Diagnostic::error(
                        Code::Io,
                        None,
                        format!("cannot read {}: {e}", path.display()),
                    )
                    .with_hint(
                        "check the path; relative paths are taken from the current directory",
                    ),
                );
                None
            }
        }
    }

    /// Registers a file (deduplicated by canonical path) and queues it.
    fn add_file(&mut self, path: PathBuf, base: Base, bytes: Vec<u8>) -> FileId {
        let key = std::fs::canonicalize(&path)
            .map(|p| p.display().to_string())
            .unwrap_or_else(|_| path.display().to_string());
        if let Some(id) = self.by_key.get(&key) {
            return *id;
        }
        let text = decode_text(bytes);
        let id =
            self.sources
                .files
                .add(SourceFile::new(Origin::File(path), base.as_string(), text));
        self.register(id, key, base)
    }

    fn add_builtin(&mut self, b: &'static builtin::Builtin) -> FileId {
        let key = format!("builtin:{}", b.namespace);
        if let Some(id) = self.by_key.get(&key) {
            return *id;
        }
        let id = self.sources.files.add(SourceFile::new(
            Origin::Builtin(b.namespace),
            b.namespace.to_string(),
            b.text.to_string(),
        ));
        self.register(id, key, Base::Url(b.namespace.to_string()))
    }

    fn register(&mut self, id: FileId, key: String, base: Base) -> FileId {
        self.by_key.insert(key, id);
        self.bases.push(base);
        self.sources.kinds.push(DocKind::Unusable);
        self.queue.push(id);
        id
    }

    fn drain(&mut self) {
        while let Some(id) = self.queue.pop() {
            self.scan(id);
        }
        self.sources.diagnostics.sort_and_dedup();
    }

    /// Parses a document, records its kind, and follows its references.
    fn scan(&mut self, id: FileId) {
        // Scan the text where it lives (no copy): take it out, read what is
        // needed as owned data, put it back before any span is computed.
        let text = std::mem::take(self.sources.files.text_mut(id));
        let scanned = scan_text(&text);
        *self.sources.files.text_mut(id) = text;
        let scanned = match scanned {
            Ok(s) => s,
            Err(ScanError::TooDeep(offset)) => {
                let span = self.sources.files.span(id, offset);
                self.sources.diagnostics.push(
                    Diagnostic::error(
                        Code::MalformedXml,
                        Some(span),
                        format!("XML nested deeper than {MAX_NESTING} elements"),
                    )
                    .with_hint("no WSDL or schema needs this depth; nothing in this file was read"),
                );
                return;
            }
            Err(ScanError::Xml(e)) => {
                let pos = e.pos();
                let span = self.sources.files.span_at(id, pos.row, pos.col);
                self.sources.diagnostics.push(
                    Diagnostic::error(
                        Code::MalformedXml,
                        Some(span),
                        format!("malformed XML: {e}"),
                    )
                    .with_hint(
                        "fix the XML so that it is well-formed; nothing in this file was read",
                    ),
                );
                return;
            }
        };
        let span = self.sources.files.span(id, scanned.root_offset);
        let kind = match (scanned.root_ns.as_deref(), scanned.root_name.as_str()) {
            (Some(ns::WSDL), "definitions") => DocKind::Wsdl,
            (Some(ns::XS), "schema") => DocKind::Xsd,
            (Some(ns::WSDL20), _) => {
                self.sources.diagnostics.push(
                    Diagnostic::error(Code::Wsdl20, Some(span), "this is a WSDL 2.0 document; soapstone reads WSDL 1.1")
                        .with_hint("ask the service owner for the WSDL 1.1 description (most stacks publish both), or convert it"),
                );
                DocKind::Unusable
            }
            (ns_, name) => {
                self.sources.diagnostics.push(
                    Diagnostic::error(
                        Code::UnknownDocument,
                        Some(span),
                        format!(
                            "root element {{{}}}{name} is neither a WSDL 1.1 definitions nor an XML Schema",
                            ns_.unwrap_or("")
                        ),
                    )
                    .with_hint("point soapstone at a .wsdl (WSDL 1.1) or .xsd file"),
                );
                DocKind::Unusable
            }
        };
        self.sources.kinds[id.index()] = kind;
        if kind == DocKind::Unusable {
            return;
        }
        for r in scanned.refs {
            let span = self.sources.files.span(id, r.offset);
            let target = self.follow(
                id,
                span,
                r.kind,
                r.namespace.as_deref(),
                r.location.as_deref(),
            );
            let offset = r.offset as u32;
            self.sources
                .edge_index
                .insert((id, offset), self.sources.edges.len());
            self.sources.edges.push(Edge {
                from: id,
                offset,
                kind: r.kind,
                namespace: r.namespace,
                location: r.location,
                target,
            });
        }
    }

    fn follow(
        &mut self,
        from: FileId,
        span: Span,
        kind: RefKind,
        namespace: Option<&str>,
        location: Option<&str>,
    ) -> Option<FileId> {
        let location = location.map(str::trim).filter(|l| !l.is_empty());
        let Some(location) = location else {
            // Namespace-only import: catalog `uri`, then a built-in; otherwise
            // the namespace must come from schemas already in the set.
            let namespace = namespace?;
            if let Some(path) = self.catalog.resolve_uri(namespace) {
                if let Some(id) = self.read_local(&path, Base::File(path.clone()), span) {
                    return Some(id);
                }
            }
            return builtin::by_namespace(namespace).map(|b| self.add_builtin(b));
        };
        // An absolute location may be mapped by the catalog as written.
        if let Some(path) = self.catalog.resolve_system(location) {
            let base = if location::has_scheme(location) {
                Base::Url(location.to_string())
            } else {
                Base::File(path.clone())
            };
            return self.read_local(&path, base, span);
        }
        let base = self.bases[from.index()].clone();
        match location::resolve(&base, location) {
            Target::Url(url) => {
                if let Some(path) = self.catalog.resolve_system(&url) {
                    return self.read_local(&path, Base::Url(url), span);
                }
                if let Some(b) =
                    builtin::by_location(&url).or_else(|| namespace.and_then(builtin::by_namespace))
                {
                    return Some(self.add_builtin(b));
                }
                self.sources.diagnostics.push(
                    Diagnostic::error(
                        Code::NeedsNetwork,
                        Some(span),
                        format!("{} location {url} is not on this machine, and soapstone never uses the network", kind_name(kind)),
                    )
                    .with_hint(format!(
                        "download it and add `<system systemId=\"{url}\" uri=\"local/copy.xsd\"/>` to an XML catalog passed with --catalog"
                    )),
                );
                None
            }
            Target::File(path) => {
                if path.is_file() {
                    return self.read_local(&path, Base::File(path.clone()), span);
                }
                if let Some(b) = namespace.and_then(builtin::by_namespace) {
                    return Some(self.add_builtin(b));
                }
                for dir in &self.settings.import_paths {
                    let candidate = dir.join(location);
                    if candidate.is_file() {
                        return self.read_local(&candidate, Base::File(candidate.clone()), span);
                    }
                }
                let mut d = Diagnostic::error(
                    Code::ImportNotFound,
                    Some(span),
                    format!(
                        "{} location `{location}` not found (looked for {})",
                        kind_name(kind),
                        path.display()
                    ),
                );
                d = match self.ancestor_match(from, location) {
                    Some((dir, found)) => d.with_hint(format!(
                        "`{}` exists: the location seems relative to the project directory {}; pass `--import-path {}` or add a catalog entry",
                        found.display(),
                        dir.display(),
                        dir.display()
                    )),
                    None => d.with_hint("check the location, or map it to a local file with an XML catalog (--catalog)"),
                };
                self.sources.diagnostics.push(d);
                None
            }
        }
    }

    /// A file with the same relative location (or the same file name) in an
    /// ancestor directory of the importing file: CXF's DoubleIt WSDLs name
    /// imports relative to the Maven module, not to themselves.
    fn ancestor_match(&self, from: FileId, location: &str) -> Option<(PathBuf, PathBuf)> {
        let file = self.sources.files.get(from).path()?;
        let mut dir = file.parent()?.parent();
        while let Some(d) = dir {
            let candidate = d.join(location);
            if candidate.is_file() {
                return Some((d.to_path_buf(), candidate));
            }
            if let Some(name) = Path::new(location).file_name() {
                let same_name = d.join(name);
                if same_name.is_file() {
                    return Some((d.to_path_buf(), same_name));
                }
            }
            dir = d.parent();
        }
        None
    }

    fn read_local(&mut self, path: &Path, base: Base, span: Span) -> Option<FileId> {
        match std::fs::read(path) {
            Ok(bytes) => Some(self.add_file(path.to_path_buf(), base, bytes)),
            Err(e) => {
                self.sources.diagnostics.push(
                    Diagnostic::error(
                        Code::Io,
                        Some(span),
                        format!("cannot read {}: {e}", path.display()),
                    )
                    .with_hint("check the catalog entry or the location"),
                );
                None
            }
        }
    }
}

/// What scanning a document found, as owned data.
struct Scanned {
    root_offset: usize,
    root_ns: Option<String>,
    root_name: String,
    refs: Vec<RefFound>,
}

/// One import/include/redefine/override element.
struct RefFound {
    offset: usize,
    kind: RefKind,
    namespace: Option<String>,
    location: Option<String>,
}

/// Most levels of element nesting a document may have: later stages walk
/// schema particles recursively, and real WSDLs and schemas stay far below.
pub const MAX_NESTING: usize = 512;

/// Why a document could not be scanned.
enum ScanError {
    /// Not well-formed XML.
    Xml(roxmltree::Error),
    /// Nested deeper than [`MAX_NESTING`]; the offset of the element too deep.
    TooDeep(usize),
}

/// The offset of the first element nested deeper than [`MAX_NESTING`], if
/// any (no recursion: each node's depth from its parent's, in document
/// order).
fn too_deep(doc: &roxmltree::Document<'_>) -> Option<usize> {
    // Node ids follow document order, as `descendants` does: each node's
    // depth is pushed at its id, after its parent's.
    let mut depth: Vec<usize> = Vec::new();
    for n in doc.descendants() {
        let parent = n
            .parent()
            .and_then(|p| depth.get(p.id().get() as usize).copied())
            .unwrap_or(0);
        let d = parent + usize::from(n.is_element());
        if d > MAX_NESTING {
            return Some(n.range().start);
        }
        depth.push(d);
    }
    None
}

/// Parses a document and lists its references: `wsdl:import` and the
/// schema references of inline schemas (WSDL), or of the schema (XSD).
fn scan_text(text: &str) -> Result<Scanned, ScanError> {
    let doc =
        roxmltree::Document::parse_with_options(text, xml_options()).map_err(ScanError::Xml)?;
    if let Some(offset) = too_deep(&doc) {
        return Err(ScanError::TooDeep(offset));
    }
    let root = doc.root_element();
    let mut refs = Vec::new();
    let mut push = |node: roxmltree::Node<'_, '_>, kind: RefKind, attr: &str| {
        refs.push(RefFound {
            offset: node.range().start,
            kind,
            namespace: node.attribute("namespace").map(str::to_string),
            location: node.attribute(attr).map(str::to_string),
        });
    };
    let schema_refs =
        |schema: roxmltree::Node<'_, '_>,
         push: &mut dyn FnMut(roxmltree::Node<'_, '_>, RefKind, &str)| {
            for child in schema
                .children()
                .filter(|n| n.tag_name().namespace() == Some(ns::XS))
            {
                match child.tag_name().name() {
                    "import" => push(child, RefKind::Import, "schemaLocation"),
                    "include" => push(child, RefKind::Include, "schemaLocation"),
                    "redefine" => push(child, RefKind::Redefine, "schemaLocation"),
                    "override" => push(child, RefKind::Override, "schemaLocation"),
                    _ => {}
                }
            }
        };
    match (root.tag_name().namespace(), root.tag_name().name()) {
        (Some(ns::WSDL), "definitions") => {
            for child in root.children().filter(|n| n.is_element()) {
                match (child.tag_name().namespace(), child.tag_name().name()) {
                    (Some(ns::WSDL), "import") => push(child, RefKind::WsdlImport, "location"),
                    (Some(ns::WSDL), "types") => {
                        for schema in child.children().filter(|n| {
                            n.tag_name().namespace() == Some(ns::XS)
                                && n.tag_name().name() == "schema"
                        }) {
                            schema_refs(schema, &mut push);
                        }
                    }
                    _ => {}
                }
            }
        }
        (Some(ns::XS), "schema") => schema_refs(root, &mut push),
        _ => {}
    }
    Ok(Scanned {
        root_offset: root.range().start,
        root_ns: root.tag_name().namespace().map(str::to_string),
        root_name: root.tag_name().name().to_string(),
        refs,
    })
}

fn kind_name(kind: RefKind) -> &'static str {
    match kind {
        RefKind::WsdlImport => "wsdl:import",
        RefKind::Import => "xs:import",
        RefKind::Include => "xs:include",
        RefKind::Redefine => "xs:redefine",
        RefKind::Override => "xs:override",
    }
}

/// Decodes a document's bytes: UTF-8 (with or without BOM) or UTF-16 with a
/// BOM; anything else is read as Latin-1 so nothing panics.
fn decode_text(bytes: Vec<u8>) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    let utf16 = |le: bool, b: &[u8]| {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(true, rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(false, rest);
    }
    match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    }
}
