//! Diagnostics: collected, never thrown one by one.
//!
//! Every stage pushes what it finds into a [`Diagnostics`] list and carries on,
//! so a user sees every problem of a WSDL in one run. Each [`Diagnostic`] has a
//! stable [`Code`], a [`Severity`], an optional [`Span`], a message and a hint,
//! and renders as `file:line:col: error[CODE]: message` with the source line
//! under it.

use crate::source::{FileId, SourceMap};
use serde::Serialize;
use std::fmt::Write as _;

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; generation goes on.
    Warning,
    /// The input cannot be supported as written.
    Error,
}

/// A position in a loaded document: file, 1-based line and column (in
/// characters), and the byte offset it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// The document.
    pub file: FileId,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, counted in characters.
    pub column: u32,
    /// Byte offset into the document's text.
    pub offset: u32,
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, )*) => {
        /// The catalogue of diagnostic codes. Codes are stable: tests and users
        /// match on them.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        pub enum Code {
            $( $(#[$doc])* #[serde(rename = $text)] $variant, )*
        }
        impl Code {
            /// Every code, in catalogue order.
            pub const ALL: &'static [Code] = &[$( Code::$variant, )*];

            /// The code as printed, e.g. `L003`.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $text, )* }
            }
        }
    };
}

codes! {
    /// A file could not be read.
    Io = "L001",
    /// The document is not well-formed XML.
    MalformedXml = "L002",
    /// An import, include or redefine location could not be found.
    ImportNotFound = "L003",
    /// A location needs the network (an absolute URL no catalog entry or built-in maps).
    NeedsNetwork = "L004",
    /// The catalog file could not be read or parsed.
    BadCatalog = "L005",
    /// The root element is neither a WSDL 1.1 definitions nor an XML Schema.
    UnknownDocument = "L006",
    /// A WSDL 2.0 document: soapstone reads WSDL 1.1 only.
    Wsdl20 = "L007",
    /// A QName's prefix is not declared in scope.
    UndeclaredPrefix = "S001",
    /// A type reference names no known type.
    UnresolvedType = "S002",
    /// An element reference names no known element.
    UnresolvedElement = "S003",
    /// An attribute reference names no known attribute.
    UnresolvedAttribute = "S004",
    /// A group reference names no known group.
    UnresolvedGroup = "S005",
    /// An attributeGroup reference names no known attribute group.
    UnresolvedAttributeGroup = "S006",
    /// A component is defined twice with the same name.
    Duplicate = "S007",
    /// A schema construct that is invalid or not understood.
    InvalidSchema = "S008",
    /// A type derived from itself, or a group or attribute group that
    /// contains itself (XML Schema forbids all three).
    CircularDerivation = "S009",
    /// A WSDL message, portType or binding reference names nothing.
    UnresolvedWsdl = "W001",
    /// SOAP encoding (`use="encoded"`), which soapstone does not support.
    EncodedUse = "W002",
    /// A WSDL construct that is invalid or inconsistent.
    InvalidWsdl = "W003",
    /// `mime:content` or `soap:body parts` names a part the message lacks.
    UnknownPart = "W004",
    /// A WS-Policy reference that points nowhere.
    UnresolvedPolicy = "W005",
    /// A binding that is not SOAP (HTTP GET/POST): skipped.
    NonSoapBinding = "W006",
    /// An illegal `xmime:expectedContentTypes` value (A3).
    BadMediaRange = "B001",
    /// `expectedContentTypes` on a type that is not binary (A3).
    MediaRangeOnNonBinary = "B002",
    /// A generator setting that cannot be used (for example a runtime path
    /// that is not a Rust path).
    InvalidSetting = "C001",
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// Stable code from the catalogue.
    pub code: Code,
    /// Where, when it is known.
    pub span: Option<Span>,
    /// What is wrong.
    pub message: String,
    /// What to do about it (may be empty).
    pub hint: String,
}

impl Diagnostic {
    /// An error at `span`.
    pub fn error(code: Code, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            span,
            message: message.into(),
            hint: String::new(),
        }
    }

    /// A warning at `span`.
    pub fn warning(code: Code, span: Option<Span>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, span, message)
        }
    }

    /// The same diagnostic with a hint.
    #[must_use]
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = hint.into();
        self
    }

    /// Renders as `file:line:col: error[CODE]: message`, then the source line
    /// with a caret under the column, then the hint.
    pub fn render(&self, sources: &SourceMap) -> String {
        let sev = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        let mut out = String::new();
        match self.span {
            Some(span) => {
                let _ = write!(
                    out,
                    "{}:{}:{}: {sev}[{}]: {}",
                    sources.display_name(span.file),
                    span.line,
                    span.column,
                    self.code,
                    self.message
                );
                if let Some(line) = sources.line_text(span.file, span.line) {
                    let gutter = span.line.to_string();
                    let pad = " ".repeat(gutter.len());
                    let (shown, caret) = line_window(line, span.column.saturating_sub(1) as usize);
                    let caret_pad: String = shown
                        .chars()
                        .take(caret)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    let _ = write!(out, "\n{pad} |\n{gutter} | {shown}\n{pad} | {caret_pad}^");
                }
            }
            None => {
                let _ = write!(out, "{sev}[{}]: {}", self.code, self.message);
            }
        }
        if !self.hint.is_empty() {
            let _ = write!(out, "\n  = hint: {}", self.hint);
        }
        out
    }
}

/// Most characters of a source line a diagnostic shows.
const LINE_WINDOW: usize = 120;

/// The part of `line` a diagnostic shows, and where its caret goes in it
/// (`column`: 0-based, in characters): the whole line when it is short,
/// else [`LINE_WINDOW`] characters around the column with `…` where it was
/// cut (a minified document is one long line).
fn line_window(line: &str, column: usize) -> (String, usize) {
    let len = line.chars().count();
    if len <= LINE_WINDOW {
        return (line.to_string(), column);
    }
    let start = column
        .saturating_sub(LINE_WINDOW / 2)
        .min(len - LINE_WINDOW);
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(start).take(LINE_WINDOW));
    if start + LINE_WINDOW < len {
        shown.push('…');
    }
    (shown, column - start + usize::from(start > 0))
}

/// The diagnostics of a run, in the order found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds all of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// True when any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// The errors only.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    /// All diagnostics, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// How many there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts by file, line, column (stable), and drops exact repeats, so output
    /// is deterministic and a problem reached twice is reported once.
    pub fn sort_and_dedup(&mut self) {
        self.items.sort_by_key(|d| {
            d.span
                .map(|s| (s.file.index(), s.line, s.column))
                .unwrap_or((usize::MAX, 0, 0))
        });
        self.items.dedup();
    }

    /// Renders every diagnostic, separated by blank lines.
    pub fn render(&self, sources: &SourceMap) -> String {
        self.items
            .iter()
            .map(|d| d.render(sources))
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}
