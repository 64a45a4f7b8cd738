//! [`Document`]: a parsed XML document held in one flat arena, names and
//! text borrowed from the input where no unescaping changed them; and
//! [`XmlNode`], a cheap handle on one of its elements, which generated code
//! reads from, with a [`Cursor`] over element children for sequences,
//! choices and `all` groups.
//!
//! Reading a message this way costs a few vector pushes per element instead
//! of several allocations, which is what makes deserialization fast (see
//! `cargo bench -p soapstone-tests --bench serde`).

use super::element::{Attr, Content, Element};
use super::DeError;
use crate::SharedStr;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::borrow::Cow;

use crate::xml::XML_NS;
const XOP_NS: &str = crate::xml::XOP_NS;

pub(crate) fn is_xmime(ns: &str) -> bool {
    matches!(
        ns,
        "http://www.w3.org/2005/05/xmlmime"
            | "http://www.w3.org/2004/11/xmlmime"
            | "http://www.w3.org/2004/06/xmlmime"
    )
}

/// Bounds for reading (MTOM-CHECKLIST §G: XML depth / attributes per element).
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Deepest element nesting accepted.
    pub max_depth: usize,
    /// Most attributes on one element.
    pub max_attributes: usize,
    /// Largest document, in bytes (the limits' root part size: a SOAP
    /// envelope, or an XML document sent as a MIME part).
    pub max_size: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_depth: 128,
            max_attributes: 256,
            max_size: u64::MAX,
        }
    }
}

impl From<&crate::Limits> for ReadOptions {
    fn from(l: &crate::Limits) -> Self {
        ReadOptions {
            max_depth: l.max_xml_depth,
            max_attributes: l.max_attributes,
            max_size: l.max_root_size,
        }
    }
}

/// No node / no declaration.
const NONE: u32 = u32::MAX;
/// `uris` index of "no namespace".
const NO_NS: u32 = 0;
/// `uris` index of the `xml:` namespace.
const XML_NS_ID: u32 = 1;

/// Most namespace declarations in scope at once, shadowed ones included:
/// real documents use a few dozen; the bound keeps prefix lookups cheap on
/// hostile input.
const MAX_PREFIXES_IN_SCOPE: u32 = 256;

/// A parsed document: every element and text piece in document order, with
/// links to parent, first child and next sibling.
pub struct Document<'x> {
    /// The input, checked as UTF-8.
    src: &'x str,
    /// The input as a shared string, when it was parsed from one: text is
    /// then handed out as slices of it ([`XmlNode::shared_text`]).
    shared: Option<&'x SharedStr>,
    /// Text that unescaping changed (or joined), which [`Str`]s point at.
    owned: Vec<String>,
    nodes: Vec<Node>,
    attrs: Vec<AttrRec>,
    /// Namespace URIs: 0 is none, 1 is `xml:`, then one per declaration.
    uris: Vec<Cow<'x, str>>,
    /// Prefix declarations, each linked to the one declared before it in
    /// scope.
    decls: Vec<Decl<'x>>,
    /// Bytes of namespace names that elements kept as XML may still copy
    /// ([`XmlNode::to_element`]): at most the document's size in all, so
    /// thousands of kept elements under long declarations cost no more
    /// memory than the document.
    namespace_budget: std::sync::atomic::AtomicUsize,
    /// True once a text node (text after a child element) is made: without
    /// one, no element has text among its children.
    has_text_nodes: bool,
}

/// An element being read: its node, its last child so far, and the
/// namespaces in scope inside it.
struct Open<'x> {
    id: u32,
    last: u32,
    scope: u32,
    default_ns: u32,
    /// The name as written, which the end tag must repeat.
    name: &'x str,
}

/// A string of a [`Document`] in 8 bytes: a range of the input, or (the
/// top bit of `at` set) an index into the document's owned strings. Nodes
/// stay small (52 bytes), which is most of what parsing writes.
#[derive(Clone, Copy)]
struct Str {
    at: u32,
    len: u32,
}

/// The top bit of [`Str::at`]: the string is owned.
const OWNED: u32 = 1 << 31;

/// The empty string.
const EMPTY: Str = Str { at: 0, len: 0 };

/// Inputs at least this long are refused (offsets must fit in 31 bits).
const MAX_INPUT: usize = OWNED as usize;

struct Node {
    parent: u32,
    next: u32,
    first: u32,
    kind: Kind,
}

enum Kind {
    Element(ElementRec),
    Text(Str),
}

struct ElementRec {
    /// Text before the first child node (for a leaf, all its text: the
    /// usual case needs no text node).
    lead: Str,
    local: Str,
    ns: u32,
    attrs: (u32, u32),
    /// Innermost prefix declaration in scope.
    scope: u32,
    /// The default namespace in scope.
    default_ns: u32,
}

/// What a handle on a text node reads as (never made by this module; a
/// fallback instead of a panic).
static NOT_AN_ELEMENT: ElementRec = ElementRec {
    lead: EMPTY,
    local: EMPTY,
    ns: NO_NS,
    attrs: (0, 0),
    scope: NONE,
    default_ns: NO_NS,
};

struct AttrRec {
    ns: u32,
    local: Str,
    value: Str,
}

struct Decl<'x> {
    prefix: &'x str,
    uri: u32,
    prev: u32,
    /// Declarations in scope, this one included.
    depth: u32,
}

/// The `'x` slice of `src` that `part` is (quick-xml hands out names and
/// values borrowed from the input, but with a shorter lifetime). `None`
/// when `part` is not in `src` or not at character boundaries.
fn rebase<'x>(src: &'x str, part: &[u8]) -> Option<&'x str> {
    let start = offset_in(src.as_bytes(), part)?;
    src.get(start..start + part.len())
}

/// Where `part` starts in `whole`, when it is a subslice of it.
#[inline(always)]
fn offset_in(whole: &[u8], part: &[u8]) -> Option<usize> {
    let at = (part.as_ptr() as usize).wrapping_sub(whole.as_ptr() as usize);
    (at <= whole.len() && part.len() <= whole.len() - at).then_some(at)
}

/// The 8 bytes of `s` at `at`, as one word.
#[inline(always)]
fn word(s: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&s[at..at + 8]);
    u64::from_ne_bytes(w)
}

/// The 4 bytes of `s` at `at`, as one word.
#[inline(always)]
fn half_word(s: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&s[at..at + 4]);
    u32::from_ne_bytes(w)
}

/// `a == b`, inline for the short names and namespace URIs element
/// matching compares many times per element (overlapping word loads
/// instead of a `memcmp` call).
#[inline(always)]
fn same(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

/// [`same`] on bytes.
#[inline(always)]
fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    // No byte loop for the short ones: LLVM turns that into a memcmp call.
    match n {
        0 => true,
        1..=3 => a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1],
        4..=7 => half_word(a, 0) == half_word(b, 0) && half_word(a, n - 4) == half_word(b, n - 4),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        17..=32 => {
            word(a, 0) == word(b, 0)
                && word(a, 8) == word(b, 8)
                && word(a, n - 16) == word(b, n - 16)
                && word(a, n - 8) == word(b, n - 8)
        }
        _ => a == b,
    }
}

/// `prefix:local` split at its colon (a byte loop: names are short).
#[inline(always)]
fn split_prefix(name: &str) -> Option<(&str, &str)> {
    let colon = name.bytes().position(|b| b == b':')?;
    Some((name.get(..colon)?, name.get(colon + 1..)?))
}

/// True when `text` holds a `&` or a CR, the bytes that make character
/// data differ from its value: inline for the short texts most elements
/// carry (overlapping word loads, each tested for both bytes at once),
/// memchr for long ones.
#[inline(always)]
fn needs_decoding(text: &[u8]) -> bool {
    /// True when a byte of `w` is `&` or CR (the classic zero-byte test on
    /// `w ^ "&&&&&&&&"` and on `w ^ "\r\r\r\r\r\r\r\r"`).
    fn special_in(w: u64) -> bool {
        let zero_byte = |x: u64| x.wrapping_sub(0x0101_0101_0101_0101) & !x & 0x8080_8080_8080_8080;
        zero_byte(w ^ 0x2626_2626_2626_2626) | zero_byte(w ^ 0x0d0d_0d0d_0d0d_0d0d) != 0
    }
    let at = |i: usize| special_in(word(text, i));
    let n = text.len();
    match n {
        0..=7 => text.iter().any(|&b| b == b'&' || b == b'\r'),
        8..=16 => at(0) || at(n - 8),
        17..=32 => at(0) || at(8) || at(n - 16) || at(n - 8),
        _ => memchr::memchr2(b'&', b'\r', text).is_some(),
    }
}

/// The value of character data: line ends normalized (XML 1.0 §2.11: CR LF
/// and a lone CR read as LF), then the five predefined entities and
/// character references replaced (DTDs are refused, so there are no
/// others). Borrowed when nothing changes; an error when a reference is
/// unknown, unterminated or not an XML character.
#[inline(always)]
pub(crate) fn decode_text(text: &str) -> Result<Cow<'_, str>, String> {
    if !needs_decoding(text.as_bytes()) {
        return Ok(Cow::Borrowed(text));
    }
    decode_slow(text, false).map(Cow::Owned)
}

/// The value of an attribute: as [`decode_text`], and each literal tab, LF
/// or CR (a CR LF pair once) reads as a space (§3.3.3; without a DTD every
/// attribute is CDATA). References to them stay what they name.
#[inline(always)]
fn decode_attribute(value: &str) -> Result<Cow<'_, str>, String> {
    if !value
        .bytes()
        .any(|b| matches!(b, b'&' | b'\r' | b'\n' | b'\t'))
    {
        return Ok(Cow::Borrowed(value));
    }
    decode_slow(value, true).map(Cow::Owned)
}

/// [`decode_text`] / [`decode_attribute`] for text that changes.
#[cold]
#[inline(never)]
fn decode_slow(text: &str, attribute: bool) -> Result<String, String> {
    let lf = if attribute { ' ' } else { '\n' };
    let mut literal = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                literal.push(lf);
            }
            '\n' | '\t' if attribute => literal.push(' '),
            c => literal.push(c),
        }
    }
    unescape_references(&literal)
}

/// Replaces the references in `text` (whose line ends are normalized).
fn unescape_references(text: &str) -> Result<String, String> {
    let Some(mut amp) = memchr::memchr(b'&', text.as_bytes()) else {
        return Ok(text.to_string());
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    loop {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        // A character reference runs over its digits (leading zeros and
        // all); a named one is at most `apos`. Either way the scan stops at
        // the first byte that cannot be in the reference, so a run of bare
        // `&` stays linear.
        let semi = if after.starts_with('#') {
            after
                .bytes()
                .skip(1)
                .position(|b| !(b.is_ascii_hexdigit() || b == b'x'))
                .map(|i| i + 1)
                .filter(|&i| after.as_bytes().get(i) == Some(&b';'))
        } else {
            after.bytes().take(5).position(|b| b == b';')
        }
        .ok_or_else(|| format!("unterminated reference at {:?}", truncate(&rest[amp..])))?;
        let name = &after[..semi];
        out.push(match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => char_reference(name).ok_or_else(|| format!("unknown reference &{name};"))?,
        });
        rest = &after[semi + 1..];
        match memchr::memchr(b'&', rest.as_bytes()) {
            Some(i) => amp = i,
            None => {
                out.push_str(rest);
                return Ok(out);
            }
        }
    }
}

/// `raw` as text: SIMD-checked, with the standard library's error message
/// when it is not UTF-8.
fn utf8(raw: &[u8]) -> Result<&str, String> {
    match simdutf8::basic::from_utf8(raw) {
        Ok(s) => Ok(s),
        Err(_) => match std::str::from_utf8(raw) {
            Ok(s) => Ok(s),
            Err(e) => Err(format!("text is not UTF-8: {e}")),
        },
    }
}

/// The character `#NN` / `#xHH` names, if it is an XML `Char`.
fn char_reference(name: &str) -> Option<char> {
    // Digits only: the number parsers would also take a sign.
    let code = match name.strip_prefix("#x") {
        Some(hex) if hex.bytes().all(|b| b.is_ascii_hexdigit()) => {
            u32::from_str_radix(hex, 16).ok()?
        }
        Some(_) => return None,
        None => {
            let dec = name.strip_prefix('#')?;
            if !dec.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            dec.parse().ok()?
        }
    };
    let c = char::from_u32(code)?;
    let allowed = matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(code, 0xFFFE | 0xFFFF));
    allowed.then_some(c)
}

/// Why the namespace declaration `key="value"` breaks Namespaces in XML
/// 1.0 §3 (or is one soapstone refuses), if it does: a prefix undeclared
/// (`xmlns:p=""`), `xml` bound elsewhere, `xmlns` declared, a name bound to
/// the `xml` or `xmlns` namespace.
fn bad_declaration(key: &str, value: &str) -> Option<String> {
    const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";
    let prefix = key.strip_prefix("xmlns:");
    let why = match prefix {
        Some("") => "an empty prefix is declared".to_string(),
        Some(p) if p.contains(':') => format!("prefix {p:?} holds a colon"),
        Some("xmlns") => "the prefix xmlns is declared".to_string(),
        Some("xml") if value != XML_NS => format!("the prefix xml is bound to {value:?}"),
        Some("xml") => return None,
        Some(p) if value.is_empty() => format!("prefix {p:?} is undeclared (xmlns:{p}=\"\")"),
        _ if value == XML_NS || value == XMLNS_NS => {
            format!("{key} binds the reserved namespace {value:?}")
        }
        _ => return None,
    };
    Some(format!("namespace declaration {key}: {why}"))
}

/// True when `l`, what follows a name's first colon, is no local part:
/// empty, or holding another colon (`a:`, `a:b:c`). An empty prefix
/// (`:b`) fails as undeclared, since no declaration of one is accepted.
#[inline(always)]
fn not_local_part(l: &str) -> bool {
    l.is_empty() || l.bytes().any(|b| b == b':')
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(12) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// `xml` as a [`SharedStr`] to parse with [`Document::parse_shared`]:
/// checked as UTF-8 once, never copied.
pub fn shared_source(xml: bytes::Bytes) -> Result<SharedStr, DeError> {
    SharedStr::try_from(xml).map_err(|e| doc_error(format!("text is not UTF-8: {e}")))
}

fn doc_error(message: String) -> DeError {
    DeError {
        path: "/".into(),
        message,
    }
}

impl<'x> Document<'x> {
    /// Parses a document. It must be UTF-8; DTDs are refused; depth and
    /// attribute counts are bounded; malformed XML is an error, never a
    /// panic.
    pub fn parse(xml: &'x [u8], opts: &ReadOptions) -> Result<Document<'x>, DeError> {
        // One SIMD check of the whole input; every name and text is then a
        // slice of `src` at boundaries quick-xml found at ASCII delimiters.
        let src = utf8(xml).map_err(doc_error)?;
        Self::parse_str(src, None, opts)
    }

    /// Parses a document held in a shared string (see [`shared_source`]):
    /// [`SharedStr`] values read from it share its buffer.
    pub fn parse_shared(xml: &'x SharedStr, opts: &ReadOptions) -> Result<Document<'x>, DeError> {
        Self::parse_str(xml, Some(xml), opts)
    }

    fn parse_str(
        src: &'x str,
        shared: Option<&'x SharedStr>,
        opts: &ReadOptions,
    ) -> Result<Document<'x>, DeError> {
        if src.len() >= MAX_INPUT || src.len() as u64 > opts.max_size {
            return Err(doc_error(format!(
                "XML of {} bytes: at most {} can be read",
                src.len(),
                opts.max_size.min(MAX_INPUT as u64 - 1)
            )));
        }
        let mut reader = Reader::from_str(src);
        let cfg = reader.config_mut();
        cfg.trim_text(false);
        // End names are checked below, against the open element's name.
        cfg.check_end_names = false;
        cfg.expand_empty_elements = false;
        let mut doc = Document {
            src,
            shared,
            owned: Vec::new(),
            // A guess (one node per 64 bytes), bounded: text-heavy messages
            // have few nodes, and the vector grows when the guess is short.
            nodes: Vec::with_capacity((src.len() / 64).min(1 << 14)),
            attrs: Vec::new(),
            uris: vec![Cow::Borrowed(""), Cow::Borrowed(XML_NS)],
            decls: Vec::new(),
            namespace_budget: std::sync::atomic::AtomicUsize::new(src.len().max(1 << 16)),
            has_text_nodes: false,
        };
        let mut stack: Vec<Open<'x>> = Vec::new();
        let mut scratch: Vec<(&'x str, Cow<'x, str>)> = Vec::new();
        let mut closed = false;
        loop {
            // Matched by reference: moving the event out of the result
            // read_event returned costs a store-forwarding stall per event.
            let read = reader.read_event();
            let event = match &read {
                Ok(event) => event,
                Err(e) => {
                    return Err(doc_error(format!(
                        "malformed XML at byte {}: {e}",
                        reader.buffer_position()
                    )))
                }
            };
            match event {
                Event::Start(_) | Event::Empty(_) if closed => {
                    return Err(doc_error("content after the root element".into()));
                }
                Event::Start(e) => {
                    doc.open_element(src, e, &mut stack, true, opts, &mut scratch)?;
                }
                Event::Empty(e) => {
                    doc.open_element(src, e, &mut stack, false, opts, &mut scratch)?;
                    closed = stack.is_empty();
                }
                Event::End(e) => {
                    let open = stack
                        .pop()
                        .ok_or_else(|| doc_error("unbalanced end tag".into()))?;
                    let name = e.name();
                    if !same_bytes(name.as_ref(), open.name.as_bytes()) {
                        return Err(doc_error(format!(
                            "malformed XML at byte {}: end tag </{}> does not close <{}>",
                            reader.buffer_position(),
                            String::from_utf8_lossy(name.as_ref()),
                            open.name
                        )));
                    }
                    closed = stack.is_empty();
                }
                Event::Text(t) => {
                    if let Some(top) = stack.last_mut() {
                        let s = match rebase(src, t) {
                            Some(text) => decode_text(text),
                            None => utf8(t)
                                .and_then(decode_text)
                                .map(|s| Cow::Owned(s.into_owned())),
                        };
                        doc.push_text(top, s.map_err(|e| doc_error(format!("bad text: {e}")))?)?;
                    } else if !t.iter().all(u8::is_ascii_whitespace) {
                        return Err(doc_error("text outside the root element".into()));
                    }
                }
                Event::CData(t) => {
                    if let Some(top) = stack.last_mut() {
                        let text = match rebase(src, t) {
                            Some(text) => Cow::Borrowed(text),
                            None => Cow::Owned(
                                utf8(t)
                                    .map_err(|e| doc_error(format!("CDATA: {e}")))?
                                    .to_string(),
                            ),
                        };
                        // Line ends are normalized in CDATA sections too
                        // (§2.11 applies before parsing); nothing else is.
                        let s = match crate::xml::normalize_line_ends(&text) {
                            Cow::Owned(normalized) => Cow::Owned(normalized),
                            Cow::Borrowed(_) => text,
                        };
                        doc.push_text(top, s)?;
                    }
                }
                Event::DocType(_) => return Err(doc_error("DTD is forbidden".into())),
                // The bytes were read as UTF-8: a document that says it is
                // in another encoding would be misread, not read.
                Event::Decl(d) => {
                    if let Some(Ok(enc)) = d.encoding() {
                        if !enc.eq_ignore_ascii_case(b"utf-8") && !enc.eq_ignore_ascii_case(b"utf8")
                        {
                            return Err(doc_error(format!(
                                "the document declares encoding {:?}; only UTF-8 is read",
                                String::from_utf8_lossy(&enc)
                            )));
                        }
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !stack.is_empty() {
            return Err(doc_error("document ends inside an element".into()));
        }
        if doc.nodes.is_empty() {
            return Err(doc_error("no root element".into()));
        }
        Ok(doc)
    }

    /// The root element.
    pub fn root(&self) -> XmlNode<'_> {
        XmlNode { doc: self, id: 0 }
    }

    fn next_id(&self) -> Result<u32, DeError> {
        u32::try_from(self.nodes.len())
            .ok()
            .filter(|&n| n != NONE)
            .ok_or_else(|| doc_error("too many XML nodes".into()))
    }

    /// Appends `id` as the last child of the open element `top`.
    #[inline(always)]
    fn link(&mut self, top: &mut Open<'_>, id: u32) {
        let slot = if top.last == NONE {
            &mut self.nodes[top.id as usize].first
        } else {
            &mut self.nodes[top.last as usize].next
        };
        *slot = id;
        top.last = id;
    }

    /// The text `s` stands for.
    #[inline(always)]
    fn str(&self, s: Str) -> &str {
        if s.at & OWNED == 0 {
            let start = s.at as usize;
            self.src.get(start..start + s.len as usize).unwrap_or("")
        } else {
            self.owned
                .get((s.at & !OWNED) as usize)
                .map_or("", String::as_str)
        }
    }

    /// A [`Str`] for `s`: its range when it is a slice of the input, else
    /// an owned copy.
    #[inline(always)]
    fn intern(&mut self, s: Cow<'x, str>) -> Str {
        if let Cow::Borrowed(b) = &s {
            if let Some(at) = offset_in(self.src.as_bytes(), b.as_bytes()) {
                // Both below MAX_INPUT: parse refuses longer inputs.
                return Str {
                    at: at as u32,
                    len: b.len() as u32,
                };
            }
        }
        self.own(s.into_owned())
    }

    /// A [`Str`] for an owned string (no longer than the input, nor more of
    /// them than input bytes, so both fit).
    #[cold]
    fn own(&mut self, s: String) -> Str {
        let len = s.len() as u32;
        let at = self.owned.len() as u32 | OWNED;
        self.owned.push(s);
        Str { at, len }
    }

    /// `cur` followed by `s`. An owned `cur` (one node's text alone) grows
    /// in place, so text split into many pieces (by comments, processing
    /// instructions or CDATA sections) costs linear time and memory.
    fn join(&mut self, cur: Str, s: Cow<'x, str>) -> Str {
        if cur.len == 0 {
            return self.intern(s);
        }
        if cur.at & OWNED != 0 {
            if let Some(text) = self.owned.get_mut((cur.at & !OWNED) as usize) {
                text.push_str(&s);
                return Str {
                    at: cur.at,
                    len: text.len() as u32,
                };
            }
        }
        let mut joined = self.str(cur).to_string();
        joined.push_str(&s);
        self.own(joined)
    }

    fn push_text(&mut self, top: &mut Open<'_>, s: Cow<'x, str>) -> Result<(), DeError> {
        if s.is_empty() {
            return Ok(());
        }
        // Text before any child goes into the element's lead; text right
        // after a text node (CDATA beside text) joins it.
        let (at, lead) = match top.last {
            NONE => (top.id, true),
            last => (last, false),
        };
        let cur = match &self.nodes[at as usize].kind {
            Kind::Element(e) if lead => Some(e.lead),
            Kind::Text(t) => Some(*t),
            Kind::Element(_) => None,
        };
        if let Some(cur) = cur {
            let joined = self.join(cur, s);
            match &mut self.nodes[at as usize].kind {
                Kind::Element(e) => e.lead = joined,
                Kind::Text(t) => *t = joined,
            }
            return Ok(());
        }
        let text = self.intern(s);
        let id = self.next_id()?;
        self.has_text_nodes = true;
        self.nodes.push(Node {
            parent: top.id,
            next: NONE,
            first: NONE,
            kind: Kind::Text(text),
        });
        self.link(top, id);
        Ok(())
    }

    /// An error in a start tag under `parent`.
    fn fail(&self, parent: u32, message: String) -> DeError {
        let path = match parent {
            NONE => "/?".to_string(),
            id => format!("{}/?", XmlNode { doc: self, id }.path()),
        };
        DeError { path, message }
    }

    #[inline(always)]
    fn lookup(&self, prefix: &str, mut scope: u32) -> Option<u32> {
        if same(prefix, "xml") {
            return Some(XML_NS_ID);
        }
        while let Some(d) = self.decls.get(scope as usize) {
            if same(d.prefix, prefix) {
                return Some(d.uri);
            }
            scope = d.prev;
        }
        None
    }

    /// True when the name `local` in namespace `ns_id` is `{ns}local`
    /// (lengths first: most names that differ differ there).
    #[inline(always)]
    fn name_is(&self, ns_id: u32, local: Str, ns: &str, want: &str) -> bool {
        local.len as usize == want.len() && same(self.str(local), want) && same(self.uri(ns_id), ns)
    }

    /// The namespace URI with index `id` (empty when there is none).
    fn uri(&self, id: u32) -> &str {
        self.uris.get(id as usize).map_or("", |u| u.as_ref())
    }

    fn push_uri(&mut self, uri: Cow<'x, str>) -> u32 {
        self.uris.push(uri);
        (self.uris.len() - 1) as u32
    }

    /// Reads a start tag: declarations, name, attributes; pushes the element,
    /// links it under its parent and, unless it is empty, opens it on
    /// `stack`.
    fn open_element(
        &mut self,
        src: &'x str,
        e: &BytesStart<'_>,
        stack: &mut Vec<Open<'x>>,
        stays_open: bool,
        opts: &ReadOptions,
        scratch: &mut Vec<(&'x str, Cow<'x, str>)>,
    ) -> Result<(), DeError> {
        if stack.len() >= opts.max_depth {
            return Err(doc_error(format!(
                "XML deeper than {} elements",
                opts.max_depth
            )));
        }
        let id = self.next_id()?;
        let parent = stack.last().map_or(NONE, |p| p.id);
        let (mut scope, mut default_ns) = stack
            .last()
            .map_or((NONE, NO_NS), |p| (p.scope, p.default_ns));
        scratch.clear();
        let first_decl = self.decls.len();
        let mut declared_default = false;
        let mut count = 0;
        // Most start tags have no attributes: skip the iterator. Duplicates
        // are checked below on expanded names (XML Namespaces §6.3), which
        // also catches the raw duplicates quick-xml's check would.
        let raw = e.attributes_raw();
        let mut attributes = e.attributes();
        attributes.with_checks(false);
        let none = raw.iter().all(u8::is_ascii_whitespace);
        while let Some(a) = if none { None } else { attributes.next() } {
            let a = match a {
                Ok(a) => a,
                Err(e) => return Err(self.fail(parent, format!("bad attribute: {e}"))),
            };
            count += 1;
            if count > opts.max_attributes {
                return Err(self.fail(
                    parent,
                    format!(
                        "more than {} attributes on one element",
                        opts.max_attributes
                    ),
                ));
            }
            let key = rebase(src, a.key.as_ref())
                .ok_or_else(|| self.fail(parent, "attribute name outside the input".into()))?;
            let value = match &a.value {
                Cow::Borrowed(raw) => rebase(src, raw).map(decode_attribute),
                Cow::Owned(raw) => Some(
                    utf8(raw).and_then(|v| decode_attribute(v).map(|v| Cow::Owned(v.into_owned()))),
                ),
            }
            .ok_or_else(|| self.fail(parent, "attribute value outside the input".into()))?
            .map_err(|e| self.fail(parent, format!("bad attribute value: {e}")))?;
            if key == "xmlns" || key.starts_with("xmlns:") {
                // A reference in a namespace name: the MTOM scan binds
                // names as written, so the two readers would not agree on
                // which elements are xop:Include.
                if a.value.contains(&b'&') {
                    return Err(self.fail(
                        parent,
                        format!("namespace declaration {key}: a reference in the namespace name"),
                    ));
                }
                if let Some(why) = bad_declaration(key, &value) {
                    return Err(self.fail(parent, why));
                }
            }
            if key == "xmlns" {
                if std::mem::replace(&mut declared_default, true) {
                    return Err(self.fail(parent, "xmlns declared twice on one element".into()));
                }
                default_ns = self.push_uri(value);
            } else if key == "xmlns:xml" {
                // Binding `xml` to its own namespace changes nothing.
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                if self.decls[first_decl..].iter().any(|d| d.prefix == prefix) {
                    return Err(self.fail(
                        parent,
                        format!("prefix {prefix:?} declared twice on one element"),
                    ));
                }
                let uri = self.push_uri(value);
                let depth = match self.decls.get(scope as usize) {
                    Some(d) => d.depth + 1,
                    None => 1,
                };
                if depth > MAX_PREFIXES_IN_SCOPE {
                    return Err(self.fail(
                        parent,
                        format!("more than {MAX_PREFIXES_IN_SCOPE} namespace prefixes in scope"),
                    ));
                }
                self.decls.push(Decl {
                    prefix,
                    uri,
                    prev: scope,
                    depth,
                });
                scope = (self.decls.len() - 1) as u32;
            } else {
                scratch.push((key, value));
            }
        }
        let name = rebase(src, e.name().as_ref())
            .ok_or_else(|| self.fail(parent, "element name outside the input".into()))?;
        let (ns, local) = match split_prefix(name) {
            Some((_, l)) if not_local_part(l) => {
                return Err(self.fail(parent, format!("{name:?} is not a qualified name")))
            }
            Some((p, l)) => (
                self.lookup(p, scope).ok_or_else(|| {
                    self.fail(parent, format!("undeclared prefix {p:?} on <{name}>"))
                })?,
                l,
            ),
            None => (default_ns, name),
        };
        let start = self.attrs.len() as u32;
        for (key, value) in scratch.drain(..) {
            let (ans, alocal) = match split_prefix(key) {
                Some((_, l)) if not_local_part(l) => {
                    return Err(self.fail(parent, format!("{key:?} is not a qualified name")))
                }
                Some((p, l)) => (
                    self.lookup(p, scope).ok_or_else(|| {
                        self.fail(
                            parent,
                            format!("undeclared prefix {p:?} on attribute {key}"),
                        )
                    })?,
                    l,
                ),
                None => (NO_NS, key),
            };
            let ans_uri = self.uri(ans);
            if self.attrs[start as usize..]
                .iter()
                .any(|a| self.name_is(a.ns, a.local, ans_uri, alocal))
            {
                return Err(self.fail(parent, format!("attribute {key} given twice")));
            }
            let local = self.intern(Cow::Borrowed(alocal));
            let value = self.intern(value);
            self.attrs.push(AttrRec {
                ns: ans,
                local,
                value,
            });
        }
        let local = self.intern(Cow::Borrowed(local));
        self.nodes.push(Node {
            parent,
            next: NONE,
            first: NONE,
            kind: Kind::Element(ElementRec {
                lead: EMPTY,
                local,
                ns,
                attrs: (start, self.attrs.len() as u32),
                scope,
                default_ns,
            }),
        });
        if let Some(top) = stack.last_mut() {
            self.link(top, id);
        }
        if stays_open {
            stack.push(Open {
                id,
                last: NONE,
                scope,
                default_ns,
                name,
            });
        }
        Ok(())
    }
}

/// An element of a [`Document`]: a copyable handle with resolved names,
/// attributes and content.
#[derive(Clone, Copy)]
pub struct XmlNode<'d> {
    doc: &'d Document<'d>,
    id: u32,
}

/// An attribute with its resolved namespace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute<'d> {
    /// Namespace URI (empty for an unprefixed attribute).
    pub ns: &'d str,
    /// Local name.
    pub local: &'d str,
    /// Unescaped value.
    pub value: &'d str,
}

/// A piece of an element's content.
#[derive(Debug, Clone, Copy)]
pub enum ContentRef<'d> {
    /// Character data (unescaped; CDATA included).
    Text(&'d str),
    /// A child element.
    Element(XmlNode<'d>),
}

/// Shows the name and path, not the whole subtree.
impl std::fmt::Debug for XmlNode<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlNode")
            .field("ns", &self.ns())
            .field("local", &self.local())
            .field("path", &self.path())
            .finish()
    }
}

impl<'d> XmlNode<'d> {
    fn rec(&self) -> &'d ElementRec {
        match self.doc.nodes.get(self.id as usize).map(|n| &n.kind) {
            Some(Kind::Element(e)) => e,
            _ => &NOT_AN_ELEMENT,
        }
    }

    fn node(&self) -> Option<&'d Node> {
        self.doc.nodes.get(self.id as usize)
    }

    /// Namespace URI (empty for none).
    pub fn ns(&self) -> &'d str {
        self.doc.uri(self.rec().ns)
    }

    /// Local name.
    pub fn local(&self) -> &'d str {
        self.doc.str(self.rec().local)
    }

    /// True when this is `{ns}local`.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        let rec = self.rec();
        self.doc.name_is(rec.ns, rec.local, ns, local)
    }

    /// The parent element (`None` for the root).
    pub fn parent(&self) -> Option<XmlNode<'d>> {
        let parent = self.node()?.parent;
        (parent != NONE).then_some(XmlNode {
            doc: self.doc,
            id: parent,
        })
    }

    /// Element path from the root, `[n]` on repeated siblings, for errors
    /// (made on demand, by walking up).
    pub fn path(&self) -> String {
        let mut steps = Vec::new();
        let mut at = *self;
        loop {
            let parent = at.parent();
            let index = parent.map_or(0, |p| {
                p.children()
                    .take_while(|c| c.id != at.id)
                    .filter(|c| c.is(at.ns(), at.local()))
                    .count()
            });
            steps.push((at.local(), index));
            match parent {
                Some(p) => at = p,
                None => break,
            }
        }
        let mut path = String::new();
        for (local, index) in steps.iter().rev() {
            path.push('/');
            path.push_str(local);
            if *index > 0 {
                path.push_str(&format!("[{}]", index + 1));
            }
        }
        path
    }

    /// All attributes except namespace declarations.
    pub fn attributes(&self) -> impl Iterator<Item = Attribute<'d>> + 'd {
        let doc = self.doc;
        self.attr_recs().iter().map(move |a| Attribute {
            ns: doc.uri(a.ns),
            local: doc.str(a.local),
            value: doc.str(a.value),
        })
    }

    /// The value of `{ns}local`.
    pub fn attribute(&self, ns: &str, local: &str) -> Option<&'d str> {
        let doc = self.doc;
        self.attr_recs()
            .iter()
            .find(|a| doc.name_is(a.ns, a.local, ns, local))
            .map(|a| doc.str(a.value))
    }

    /// This element's attribute records.
    fn attr_recs(&self) -> &'d [AttrRec] {
        let (start, end) = self.rec().attrs;
        self.doc
            .attrs
            .get(start as usize..end as usize)
            .unwrap_or_default()
    }

    /// Whether a nillable element is nil, checked: `xsi:nil` must be a
    /// boolean, and a nil element may hold no child elements or text (XML
    /// Schema Part 1 §3.3.4; whitespace is tolerated). A nil value keeps no
    /// attributes, so one its type could declare (unqualified, or in the
    /// element's namespace) is an error too, naming it, rather than
    /// dropped; attributes in other namespaces are ignored.
    pub fn nil(&self) -> Result<bool, DeError> {
        match self.nil_value() {
            None | Some("false" | "0") => return Ok(false),
            Some("true" | "1") => {}
            Some(other) => {
                return Err(DeError::at(
                    *self,
                    format!("xsi:nil must be true or false, not {other:?}"),
                ))
            }
        }
        // Attributes a schema type declares are unqualified or in the
        // element's own namespace; others (`xml:`, or a serializer's own,
        // such as WCF's `z:Id`) are ignored here as on any element.
        let ns = self.ns();
        if let Some(a) = self
            .attributes()
            .find(|a| a.ns.is_empty() || a.ns == ns && a.ns != crate::xml::XSI_NS)
        {
            return Err(DeError::at(
                *self,
                format!(
                    "a nil element keeps no attributes, and this one has {}",
                    if a.ns.is_empty() {
                        a.local.to_string()
                    } else {
                        format!("{{{}}}{}", a.ns, a.local)
                    }
                ),
            ));
        }
        if self.children().next().is_some() || self.non_blank_text().is_some() {
            return Err(DeError::at(*self, "a nil element has content"));
        }
        Ok(true)
    }

    /// The first piece of this element's text that is not only whitespace,
    /// if any (looked for among its children only when the document has
    /// text after a child element at all).
    fn non_blank_text(&self) -> Option<&'d str> {
        let doc = self.doc;
        let lead = doc.str(self.rec().lead);
        if lead.is_empty() && !doc.has_text_nodes {
            return None;
        }
        self.content().find_map(|c| match c {
            ContentRef::Text(t) if !crate::xml::trim_xml(t).is_empty() => Some(t),
            _ => None,
        })
    }

    /// True for `xsi:nil="true"` (or `1`): the attribute alone; [`nil`](Self::nil)
    /// also refuses a nil element's content and attributes. (For an element
    /// that is not nillable, a value's readers refuse it: see
    /// [`Cursor::finish`].)
    pub fn is_nil(&self) -> bool {
        matches!(self.nil_value(), Some("true" | "1"))
    }

    /// The `xsi:nil` value, trimmed.
    fn nil_value(&self) -> Option<&'d str> {
        if self.rec().attrs.0 == self.rec().attrs.1 {
            return None;
        }
        self.attribute(crate::xml::XSI_NS, "nil")
            .map(crate::xml::trim_xml)
    }

    /// Content in document order.
    pub fn content(&self) -> impl Iterator<Item = ContentRef<'d>> + 'd {
        let doc = self.doc;
        let lead = doc.str(self.rec().lead);
        let lead = (!lead.is_empty()).then_some(ContentRef::Text(lead));
        let mut next = self.node().map_or(NONE, |n| n.first);
        lead.into_iter().chain(std::iter::from_fn(move || {
            let node = doc.nodes.get(next as usize)?;
            let id = next;
            next = node.next;
            Some(match &node.kind {
                Kind::Text(t) => ContentRef::Text(doc.str(*t)),
                Kind::Element(_) => ContentRef::Element(XmlNode { doc, id }),
            })
        }))
    }

    /// Child elements in order.
    pub fn children(&self) -> impl Iterator<Item = XmlNode<'d>> + 'd {
        self.content().filter_map(|c| match c {
            ContentRef::Element(e) => Some(e),
            ContentRef::Text(_) => None,
        })
    }

    /// This element and every element below it, in document order.
    pub fn descendants(&self) -> impl Iterator<Item = XmlNode<'d>> + 'd {
        let doc = self.doc;
        // Nodes are stored in document order, so the subtree is the run of
        // nodes up to the next sibling of this element or of its nearest
        // ancestor that has one.
        let mut end = doc.nodes.len();
        let mut at = self.id;
        while let Some(node) = doc.nodes.get(at as usize) {
            if node.next != NONE {
                end = node.next as usize;
                break;
            }
            at = node.parent;
        }
        (self.id as usize..end).filter_map(move |i| match doc.nodes.get(i)?.kind {
            Kind::Element(_) => Some(XmlNode { doc, id: i as u32 }),
            Kind::Text(_) => None,
        })
    }

    /// The element's direct text, concatenated (borrowed when it is one piece).
    pub fn text(&self) -> Cow<'d, str> {
        let lead: &'d str = self.doc.str(self.rec().lead);
        if self.node().is_none_or(|n| n.first == NONE) {
            return Cow::Borrowed(lead);
        }
        let mut pieces = self.content().filter_map(|c| match c {
            ContentRef::Text(t) => Some(t),
            ContentRef::Element(_) => None,
        });
        let Some(first) = pieces.next() else {
            return Cow::Borrowed("");
        };
        match pieces.next() {
            None => Cow::Borrowed(first),
            Some(second) => {
                let mut s = format!("{first}{second}");
                pieces.for_each(|p| s.push_str(p));
                Cow::Owned(s)
            }
        }
    }

    /// `text` as a [`SharedStr`]: a slice of the document's buffer when
    /// the document was parsed from a shared string and `text` lies in it
    /// (text [`text`](Self::text) returned borrowed), else a copy.
    pub fn shared_text(&self, text: &str) -> SharedStr {
        if let Some(shared) = self.doc.shared {
            if offset_in(shared.as_bytes(), text.as_bytes()).is_some() {
                // `text` is a subslice of `shared`, as slice_ref requires.
                return shared.slice_ref(text);
            }
        }
        SharedStr::from(text)
    }

    /// True when the element has no content at all.
    pub fn is_empty(&self) -> bool {
        self.doc.str(self.rec().lead).is_empty() && self.node().is_none_or(|n| n.first == NONE)
    }

    /// The `href` of an `xop:Include` that is this element's only child
    /// element (whitespace beside it tolerated, D9).
    pub fn include_href(&self) -> Option<&'d str> {
        let mut elements = self.children();
        let first = elements.next()?;
        if elements.next().is_some() || !first.is(XOP_NS, "Include") {
            return None;
        }
        first.attribute("", "href")
    }

    /// Resolves a QName written in this element's scope (`p:local` or `local`
    /// in the default namespace); `None` when the prefix is not declared or
    /// the value is not a QName (an empty part, a second colon, a space).
    pub fn resolve_qname(&self, value: &str) -> Option<(String, String)> {
        self.resolve_qname_ref(value)
            .map(|(ns, local)| (ns.to_string(), local.to_string()))
    }

    /// [`resolve_qname`](Self::resolve_qname) without copying: the
    /// namespace borrowed from the document, the local part from `value`.
    pub fn resolve_qname_ref<'v>(&self, value: &'v str) -> Option<(&'d str, &'v str)> {
        let value = crate::xml::trim_xml(value);
        let rec = self.rec();
        let (uri, local) = match value.split_once(':') {
            Some((p, l)) => (self.doc.lookup(p, rec.scope)?, l),
            None => (rec.default_ns, value),
        };
        let part_ok =
            |s: &str| !s.is_empty() && !s.contains(|c: char| c == ':' || c.is_whitespace());
        if !part_ok(local) || value.split_once(':').is_some_and(|(p, _)| !part_ok(p)) {
            return None;
        }
        Some((self.doc.uri(uri), local))
    }

    /// A cursor over the child elements.
    pub fn cursor(&self) -> Cursor<'d> {
        Cursor {
            parent: *self,
            next: self.node().map_or(NONE, |n| n.first),
            taken: 0,
        }
    }

    /// The prefixes in scope here with their namespace URIs, innermost
    /// declaration of each prefix (undeclared ones left out).
    pub fn namespaces(&self) -> Vec<(&'d str, &'d str)> {
        self.declarations_until(NONE)
    }

    /// The prefix declarations from this element's scope back to (not
    /// including) the declaration `stop`, one per prefix.
    fn declarations_until(&self, stop: u32) -> Vec<(&'d str, &'d str)> {
        self.declarations_where(stop, |_| true)
    }

    /// [`declarations_until`](Self::declarations_until) of the prefixes
    /// `keep` accepts (tested before the search for a repeat, so a narrow
    /// `keep` makes a long chain of declarations cheap to walk).
    fn declarations_where(
        &self,
        stop: u32,
        keep: impl Fn(&str) -> bool,
    ) -> Vec<(&'d str, &'d str)> {
        let doc = self.doc;
        let mut out: Vec<(&'d str, &'d str)> = Vec::new();
        let mut at = self.rec().scope;
        while at != stop {
            let Some(d) = doc.decls.get(at as usize) else {
                break;
            };
            if keep(d.prefix) && !out.iter().any(|(p, _)| *p == d.prefix) {
                out.push((d.prefix, doc.uri(d.uri)));
            }
            at = d.prev;
        }
        out.retain(|(_, uri)| !uri.is_empty());
        out
    }

    /// An owned copy of this element and its content. It keeps the
    /// prefixes in scope that text and attribute values of the copy use
    /// before a colon (on the copy's root; then those each descendant
    /// declares) and the default namespace, so QNames in values still
    /// resolve when it is written elsewhere. Namespace names copied by all
    /// the kept elements of one document add up to at most its size; past
    /// that, the copies keep none.
    pub fn to_element(&self) -> Element {
        let used = self.value_prefixes();
        self.owned_with(self.declarations_where(NONE, |p| used.contains(p)), None)
    }

    /// The prefixes written before a colon in the text and attribute values
    /// of this element and its descendants (`p` of `xsi:type="p:T"` or of
    /// the text `p:T r:V`).
    fn value_prefixes(&self) -> std::collections::HashSet<&'d str> {
        let mut out = std::collections::HashSet::new();
        let mut add = |s: &'d str| out.extend(crate::xml::colon_prefixes(s));
        for e in self.descendants() {
            for a in e.attributes() {
                add(a.value);
            }
            for c in e.content() {
                if let ContentRef::Text(t) = c {
                    add(t);
                }
            }
        }
        out
    }

    /// Takes `n` bytes from the document's namespace budget, if it has them.
    fn spend(&self, n: usize) -> bool {
        use std::sync::atomic::Ordering::Relaxed;
        self.doc
            .namespace_budget
            .fetch_update(Relaxed, Relaxed, |left| left.checked_sub(n))
            .is_ok()
    }

    /// The owned element, declaring `namespaces`; `parent_default` is the
    /// default namespace of the kept element it is in (`None` for the
    /// outermost), which it inherits rather than copies.
    fn owned_with(&self, namespaces: Vec<(&str, &str)>, parent_default: Option<u32>) -> Element {
        let scope = self.rec().scope;
        let default_ns = self.rec().default_ns;
        let default_namespace = if parent_default == Some(default_ns) {
            None
        } else {
            let default = self.doc.uri(default_ns);
            Some(if self.spend(default.len()) {
                default.to_string()
            } else {
                String::new()
            })
        };
        Element {
            ns: self.ns().to_string(),
            local: self.local().to_string(),
            attributes: self
                .attributes()
                .map(|a| Attr {
                    ns: a.ns.to_string(),
                    local: a.local.to_string(),
                    value: a.value.to_string(),
                })
                .collect(),
            content: self
                .content()
                .map(|c| match c {
                    ContentRef::Text(t) => Content::Text(t.to_string()),
                    ContentRef::Element(e) => Content::Element(
                        e.owned_with(e.declarations_until(scope), Some(default_ns)),
                    ),
                })
                .collect(),
            namespaces: namespaces
                .into_iter()
                .filter(|(p, u)| self.spend(p.len() + u.len()))
                .map(|(p, u)| (p.to_string(), u.to_string()))
                .collect(),
            default_namespace,
        }
    }

    /// Writes this element back out, unchanged in meaning (its prefixes in
    /// scope declared again, see [`XmlNode::to_element`]).
    pub fn write(&self, w: &mut super::XmlWriter<'_>) {
        self.to_element().write(w);
    }
}

/// An error when `node` is `xsi:nil="true"`: read as a value, it is an
/// element that is not nillable, where XML Schema forbids the attribute
/// (Part 1 §3.3.4), so it would otherwise read as an empty value.
pub(crate) fn not_nil(node: XmlNode<'_>) -> Result<(), DeError> {
    if node.is_nil() {
        return Err(DeError::at(
            node,
            format!("xsi:nil on element {}, which is not nillable", node.local()),
        ));
    }
    Ok(())
}

/// What is wrong with `count` occurrences of `what` where the schema allows
/// `min..=max` (`max` `None`: unbounded), if anything.
pub(crate) fn occurs_error(count: usize, min: u32, max: Option<u32>, what: &str) -> Option<String> {
    let count = u64::try_from(count).unwrap_or(u64::MAX);
    if count < u64::from(min) {
        return Some(format!(
            "{count} occurrences of {what} where the schema asks for at least {min}"
        ));
    }
    match max {
        Some(max) if count > u64::from(max) => Some(format!(
            "{count} occurrences of {what} where the schema allows at most {max}"
        )),
        _ => None,
    }
}

/// Walks the child elements of one element in order.
pub struct Cursor<'d> {
    parent: XmlNode<'d>,
    /// The next node to look at.
    next: u32,
    /// Elements taken so far.
    taken: usize,
}

impl<'d> Cursor<'d> {
    /// Where the cursor stands; it grows with every element taken (loops
    /// use it to insist on progress).
    pub fn position(&self) -> usize {
        self.taken
    }

    /// The next element.
    fn seek(&self) -> Option<XmlNode<'d>> {
        let doc = self.parent.doc;
        let mut id = self.next;
        loop {
            let node = doc.nodes.get(id as usize)?;
            if let Kind::Element(_) = node.kind {
                return Some(XmlNode { doc, id });
            }
            id = node.next;
        }
    }

    fn advance(&mut self, n: XmlNode<'d>) -> XmlNode<'d> {
        self.next = n.node().map_or(NONE, |node| node.next);
        self.taken += 1;
        n
    }

    /// The next element, without taking it.
    pub fn peek(&self) -> Option<XmlNode<'d>> {
        self.seek()
    }

    /// True when the next element is `{ns}local`.
    pub fn peek_is(&self, ns: &str, local: &str) -> bool {
        self.peek().is_some_and(|n| n.is(ns, local))
    }

    /// Takes the next element if it is `{ns}local`.
    pub fn next_if(&mut self, ns: &str, local: &str) -> Option<XmlNode<'d>> {
        let n = self.seek().filter(|n| n.is(ns, local))?;
        Some(self.advance(n))
    }

    /// Takes the next element whatever it is.
    pub fn next_any(&mut self) -> Option<XmlNode<'d>> {
        let n = self.seek()?;
        Some(self.advance(n))
    }

    /// Takes the next element, which must be `{ns}local`.
    pub fn take(&mut self, ns: &str, local: &str) -> Result<XmlNode<'d>, DeError> {
        match self.seek() {
            Some(n) if n.is(ns, local) => Ok(self.advance(n)),
            Some(n) => Err(DeError::at(
                n,
                format!(
                    "expected element {{{ns}}}{local}, found {{{}}}{}",
                    n.ns(),
                    n.local()
                ),
            )),
            None => Err(DeError::at(
                self.parent,
                format!("missing element {{{ns}}}{local}"),
            )),
        }
    }

    /// An error, at the element being read, when `count` occurrences of
    /// `what` are outside `min..=max` (`max` `None`: unbounded).
    pub fn occurs(
        &self,
        count: usize,
        min: u32,
        max: Option<u32>,
        what: &str,
    ) -> Result<(), DeError> {
        match occurs_error(count, min, max, what) {
            Some(message) => Err(DeError::at(self.parent, message)),
            None => Ok(()),
        }
    }

    /// Errors when anything is left that element-only content cannot hold:
    /// an element the type does not describe, or text other than
    /// whitespace (XML Schema Part 1 §3.4.4) anywhere among the elements,
    /// which would otherwise be dropped unread. An element read this way
    /// is not nillable (a nillable one's `xsi:nil` is read before), so
    /// `xsi:nil="true"` on it is an error too, not an empty value.
    pub fn finish(&self) -> Result<(), DeError> {
        if let Some(n) = self.peek() {
            return Err(DeError::at(
                n,
                format!("unexpected element {{{}}}{}", n.ns(), n.local()),
            ));
        }
        let parent = self.parent;
        if let Some(text) = parent.non_blank_text() {
            return Err(DeError::at(
                parent,
                format!(
                    "text {:?} in element-only content (only whitespace may stand between elements)",
                    truncate(crate::xml::trim_xml(text))
                ),
            ));
        }
        not_nil(parent)
    }
}
