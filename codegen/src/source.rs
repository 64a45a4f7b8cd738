//! The loaded documents' texts and where they came from, with line tables so a
//! byte offset becomes `line:column` cheaply.

use crate::diag::Span;
use std::path::{Path, PathBuf};

/// Index of a loaded document in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub(crate) u32);

impl FileId {
    /// The position of the document in load order.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Where a document's text came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file on disk.
    File(PathBuf),
    /// A schema soapstone knows itself (W3C, WS-I, WS-Policy namespaces); no file needed.
    Builtin(&'static str),
}

/// One document's text and identity.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Where the text was read from.
    pub origin: Origin,
    /// The logical URI imports inside it resolve against: the file path, or the
    /// URL it was reached by through a catalog.
    pub base_uri: String,
    /// The document text.
    pub text: String,
    line_starts: Vec<u32>,
}

impl SourceFile {
    /// A new source file; computes its line table.
    pub fn new(origin: Origin, base_uri: String, text: String) -> Self {
        let mut line_starts = vec![0u32];
        line_starts.extend(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        SourceFile {
            origin,
            base_uri,
            text,
            line_starts,
        }
    }

    /// The file's path, when it is on disk.
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(p) => Some(p),
            Origin::Builtin(_) => None,
        }
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        let line_idx = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.line_starts[line_idx] as usize;
        let column = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(offset - start);
        (line_idx as u32 + 1, column as u32 + 1)
    }
}

/// Every document a run loaded, in load order, and the XML catalogs it read
/// (which are not documents, but are watched for rebuilds like them).
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    catalogs: Vec<PathBuf>,
}

impl SourceMap {
    /// Every catalog file read (or tried), those chained through
    /// `nextCatalog` included, in the order they were read.
    pub fn catalog_files(&self) -> &[PathBuf] {
        &self.catalogs
    }

    /// The paths of every file read from disk: the documents, then the
    /// catalogs (chained ones included).
    pub fn file_paths(&self) -> Vec<PathBuf> {
        self.files
            .iter()
            .filter_map(|f| f.path().map(Path::to_path_buf))
            .chain(self.catalogs.iter().cloned())
            .collect()
    }

    /// Records catalog files read.
    pub(crate) fn add_catalog_files(&mut self, paths: impl IntoIterator<Item = PathBuf>) {
        self.catalogs.extend(paths);
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, file: SourceFile) -> FileId {
        self.files.push(file);
        FileId((self.files.len() - 1) as u32)
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.index()]
    }

    /// A file's text, mutably (the loader takes it out to scan it in place).
    pub(crate) fn text_mut(&mut self, id: FileId) -> &mut String {
        &mut self.files[id.index()].text
    }

    /// All files with their ids.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// True when nothing was loaded.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// A span at a byte offset of a file.
    pub fn span(&self, file: FileId, offset: usize) -> Span {
        let (line, column) = self.get(file).line_col(offset);
        Span {
            file,
            line,
            column,
            offset: offset as u32,
        }
    }

    /// A span at a 1-based line and column (as XML parsers report errors).
    pub fn span_at(&self, file: FileId, line: u32, column: u32) -> Span {
        let f = self.get(file);
        let offset = f
            .line_starts
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(0);
        Span {
            file,
            line,
            column,
            offset,
        }
    }

    /// The name a diagnostic prints for a file: its path as given, or
    /// `<builtin NAMESPACE>`.
    pub fn display_name(&self, id: FileId) -> String {
        match &self.get(id).origin {
            Origin::File(p) => p.display().to_string(),
            Origin::Builtin(ns) => format!("<builtin {ns}>"),
        }
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, id: FileId, line: u32) -> Option<&str> {
        let f = self.get(id);
        let idx = line.checked_sub(1)? as usize;
        let start = *f.line_starts.get(idx)? as usize;
        let end = f
            .line_starts
            .get(idx + 1)
            .map(|e| *e as usize)
            .unwrap_or(f.text.len());
        f.text
            .get(start..end)
            .map(|s| s.trim_end_matches(['\n', '\r']))
    }
}
