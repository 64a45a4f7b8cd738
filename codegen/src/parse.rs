//! Stage 2, `parse`: the syntax tree of every loaded document.
//!
//! The tree is roxmltree's: elements with resolved namespaces, in-scope
//! prefixes (needed to resolve QName-valued attributes by URI) and byte
//! ranges that the [`SourceMap`](crate::source::SourceMap) turns into
//! `file:line:col`. No semantic decision is taken here.

use crate::load::{xml_options, DocKind, Sources};
use crate::source::FileId;

/// Parsed documents, borrowing their text from [`Sources`].
pub struct Parsed<'s> {
    /// What was loaded.
    pub sources: &'s Sources,
    docs: Vec<Option<roxmltree::Document<'s>>>,
}

impl<'s> Parsed<'s> {
    /// The tree of a usable document (`None` for malformed or unknown ones,
    /// which `load` already reported).
    pub fn doc(&self, id: FileId) -> Option<&roxmltree::Document<'s>> {
        self.docs.get(id.index()).and_then(Option::as_ref)
    }
}

/// Parses every usable document of `sources`.
pub fn parse(sources: &Sources) -> Parsed<'_> {
    let docs = sources
        .files
        .iter()
        .map(|(id, file)| {
            if sources.kinds.get(id.index()) == Some(&DocKind::Unusable) {
                return None;
            }
            roxmltree::Document::parse_with_options(&file.text, xml_options()).ok()
        })
        .collect();
    Parsed { sources, docs }
}
