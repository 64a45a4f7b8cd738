//! [`XmlNode`]: a small namespace-resolved element tree that generated code
//! reads from, with a [`Cursor`] over element children for sequences,
//! choices and `all` groups.

use super::DeError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::HashMap;
use std::sync::Arc;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
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
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_depth: 128,
            max_attributes: 256,
        }
    }
}

impl From<&crate::Limits> for ReadOptions {
    fn from(l: &crate::Limits) -> Self {
        ReadOptions {
            max_depth: l.max_xml_depth,
            max_attributes: l.max_attributes,
        }
    }
}

/// An attribute with its resolved namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attr {
    /// Namespace URI (empty for an unprefixed attribute).
    pub ns: String,
    /// Local name.
    pub local: String,
    /// Unescaped value.
    pub value: String,
}

/// A piece of element content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Content {
    /// Character data (unescaped; CDATA included).
    Text(String),
    /// A child element.
    Element(XmlNode),
}

/// Prefixes in scope, innermost last, with their namespace URIs (shared by
/// every element that uses them).
type Scope = Arc<Vec<(String, Arc<str>)>>;

/// An element with resolved names, attributes and content.
#[derive(Clone)]
pub struct XmlNode {
    ns: Arc<str>,
    local: String,
    attrs: Vec<Attr>,
    content: Vec<Content>,
    scope: Scope,
    /// Path of the parent element (shared by its children; `""` for the root).
    parent_path: Arc<str>,
    /// 0-based position among the siblings of the same name.
    index: usize,
}

/// Shows the infoset (name, attributes, content), not the prefixes in scope
/// or the path, so two equal elements print the same.
impl std::fmt::Debug for XmlNode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XmlNode")
            .field("ns", &self.ns)
            .field("local", &self.local)
            .field("attrs", &self.attrs)
            .field("content", &self.content)
            .finish()
    }
}

impl PartialEq for XmlNode {
    fn eq(&self, other: &Self) -> bool {
        *self.ns == *other.ns
            && self.local == other.local
            && self.attrs == other.attrs
            && self.content == other.content
    }
}
impl Eq for XmlNode {}

impl XmlNode {
    /// Parses a document and returns its root element. DTDs are refused; depth
    /// and attribute counts are bounded; malformed XML is an error, never a panic.
    pub fn parse(xml: &[u8], opts: &ReadOptions) -> Result<XmlNode, DeError> {
        let mut reader = Reader::from_reader(xml);
        let cfg = reader.config_mut();
        cfg.trim_text(false);
        cfg.check_end_names = true;
        cfg.expand_empty_elements = false;
        let err = |m: String| DeError {
            path: "/".into(),
            message: m,
        };
        let mut stack: Vec<Frame> = Vec::new();
        let mut root: Option<XmlNode> = None;
        loop {
            let event = reader.read_event().map_err(|e| {
                err(format!(
                    "malformed XML at byte {}: {e}",
                    reader.buffer_position()
                ))
            })?;
            match event {
                Event::Start(e) | Event::Empty(e) if root.is_some() => {
                    let _ = e;
                    return Err(err("content after the root element".into()));
                }
                Event::Start(e) => {
                    if stack.len() >= opts.max_depth {
                        return Err(err(format!("XML deeper than {} elements", opts.max_depth)));
                    }
                    let node = open(&e, stack.last_mut(), opts)?;
                    stack.push(Frame {
                        node,
                        names: SiblingNames::default(),
                        path: None,
                    });
                }
                Event::Empty(e) => {
                    if stack.len() >= opts.max_depth {
                        return Err(err(format!("XML deeper than {} elements", opts.max_depth)));
                    }
                    let node = open(&e, stack.last_mut(), opts)?;
                    match stack.last_mut() {
                        Some(parent) => parent.node.content.push(Content::Element(node)),
                        None => root = Some(node),
                    }
                }
                Event::End(_) => {
                    let node = stack
                        .pop()
                        .ok_or_else(|| err("unbalanced end tag".into()))?
                        .node;
                    match stack.last_mut() {
                        Some(parent) => parent.node.content.push(Content::Element(node)),
                        None => root = Some(node),
                    }
                }
                Event::Text(t) => {
                    if let Some(top) = stack.last_mut() {
                        let s = t.unescape().map_err(|e| err(format!("bad text: {e}")))?;
                        push_text(&mut top.node, &s);
                    } else if !t.iter().all(u8::is_ascii_whitespace) {
                        return Err(err("text outside the root element".into()));
                    }
                }
                Event::CData(t) => {
                    if let Some(top) = stack.last_mut() {
                        let s = std::str::from_utf8(&t)
                            .map_err(|e| err(format!("CDATA is not UTF-8: {e}")))?;
                        push_text(&mut top.node, s);
                    }
                }
                Event::DocType(_) => return Err(err("DTD is forbidden".into())),
                Event::Eof => break,
                _ => {}
            }
        }
        if !stack.is_empty() {
            return Err(err("document ends inside an element".into()));
        }
        root.ok_or_else(|| err("no root element".into()))
    }

    /// Namespace URI (empty for none).
    pub fn ns(&self) -> &str {
        &self.ns
    }

    /// Local name.
    pub fn local(&self) -> &str {
        &self.local
    }

    /// True when this is `{ns}local`.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.local == local && &*self.ns == ns
    }

    /// Element path from the root, `[n]` on repeated siblings, for errors
    /// (made on demand: reading stores only the parent's path).
    pub fn path(&self) -> String {
        if self.index > 0 {
            format!("{}/{}[{}]", self.parent_path, self.local, self.index + 1)
        } else {
            format!("{}/{}", self.parent_path, self.local)
        }
    }

    /// All attributes except namespace declarations.
    pub fn attributes(&self) -> &[Attr] {
        &self.attrs
    }

    /// The value of `{ns}local`.
    pub fn attribute(&self, ns: &str, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.local == local && a.ns == ns)
            .map(|a| a.value.as_str())
    }

    /// True for `xsi:nil="true"` (or `1`).
    pub fn is_nil(&self) -> bool {
        matches!(
            self.attribute("http://www.w3.org/2001/XMLSchema-instance", "nil")
                .map(str::trim),
            Some("true" | "1")
        )
    }

    /// Content in document order.
    pub fn content(&self) -> &[Content] {
        &self.content
    }

    /// Child elements in order.
    pub fn children(&self) -> impl Iterator<Item = &XmlNode> {
        self.content.iter().filter_map(|c| match c {
            Content::Element(e) => Some(e),
            Content::Text(_) => None,
        })
    }

    /// The element's direct text, concatenated.
    pub fn text(&self) -> String {
        // Most elements have one text piece: copy it without regrowing.
        if let [Content::Text(t)] = self.content.as_slice() {
            return t.clone();
        }
        let mut s = String::new();
        for c in &self.content {
            if let Content::Text(t) = c {
                s.push_str(t);
            }
        }
        s
    }

    /// The `href` of an `xop:Include` that is this element's only child
    /// element (whitespace beside it tolerated, D9).
    pub fn include_href(&self) -> Option<&str> {
        let mut elements = self.children();
        let first = elements.next()?;
        if elements.next().is_some() || !first.is(XOP_NS, "Include") {
            return None;
        }
        first.attribute("", "href")
    }

    /// Resolves a QName written in this element's scope (`p:local` or `local`
    /// in the default namespace).
    pub fn resolve_qname(&self, value: &str) -> Option<(String, String)> {
        let value = value.trim();
        let (prefix, local) = match value.split_once(':') {
            Some((p, l)) => (p, l),
            None => ("", value),
        };
        if prefix == "xml" {
            return Some((XML_NS.to_string(), local.to_string()));
        }
        match self.scope.iter().rev().find(|(p, _)| p == prefix) {
            Some((_, uri)) => Some((uri.to_string(), local.to_string())),
            None if prefix.is_empty() => Some((String::new(), local.to_string())),
            None => None,
        }
    }

    /// A cursor over the child elements.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            parent: self,
            pos: 0,
        }
    }

    /// Writes this element back out, unchanged in meaning.
    pub fn write(&self, w: &mut super::XmlWriter<'_>) {
        w.start(&self.ns, &self.local);
        for a in &self.attrs {
            w.attribute(&a.ns, &a.local, &a.value);
        }
        for c in &self.content {
            match c {
                Content::Text(t) => w.text(t),
                Content::Element(e) => e.write(w),
            }
        }
        w.end();
    }
}

fn push_text(node: &mut XmlNode, s: &str) {
    if let Some(Content::Text(t)) = node.content.last_mut() {
        t.push_str(s);
    } else {
        node.content.push(Content::Text(s.to_string()));
    }
}

/// An element being read, with how many children of each name it has so
/// far (for the `[n]` of paths without rescanning the siblings).
struct Frame {
    node: XmlNode,
    names: SiblingNames,
    /// The element's own path, made when its first child opens.
    path: Option<Arc<str>>,
}

/// Distinct child names seen before this many go into a map: a short list
/// is faster for the usual handful of field names, a map keeps a hostile
/// document of all-different names linear.
const FEW_NAMES: usize = 8;

/// How many children of each name an element has had so far.
#[derive(Default)]
struct SiblingNames {
    few: Vec<(Arc<str>, String, usize)>,
    many: HashMap<String, Vec<(Arc<str>, usize)>>,
}

impl SiblingNames {
    /// The 0-based position of a new child `{ns}local` among the children
    /// of the same name, counting it.
    fn next(&mut self, ns: &Arc<str>, local: &str) -> usize {
        if let Some(e) = self
            .few
            .iter_mut()
            .find(|(n, l, _)| l == local && **n == **ns)
        {
            e.2 += 1;
            return e.2 - 1;
        }
        if self.few.len() < FEW_NAMES {
            self.few.push((ns.clone(), local.to_string(), 1));
            return 0;
        }
        let by_ns = match self.many.get_mut(local) {
            Some(v) => v,
            None => self.many.entry(local.to_string()).or_default(),
        };
        match by_ns.iter_mut().find(|(n, _)| **n == **ns) {
            Some(e) => {
                e.1 += 1;
                e.1 - 1
            }
            None => {
                by_ns.push((ns.clone(), 1));
                0
            }
        }
    }
}

/// Most namespace prefixes in scope at once: real documents use a few
/// dozen; the bound keeps scope copies and lookups cheap on hostile input.
const MAX_PREFIXES_IN_SCOPE: usize = 256;

fn open(
    e: &BytesStart<'_>,
    mut parent: Option<&mut Frame>,
    opts: &ReadOptions,
) -> Result<XmlNode, DeError> {
    let parent_path: Arc<str> = match parent.as_deref_mut() {
        Some(p) => p
            .path
            .get_or_insert_with(|| Arc::from(p.node.path()))
            .clone(),
        None => Arc::from(""),
    };
    let err = |m: String| DeError {
        path: format!("{parent_path}/?"),
        message: m,
    };
    let mut scope: Scope = parent
        .as_ref()
        .map(|p| p.node.scope.clone())
        .unwrap_or_default();
    let mut raw_attrs = Vec::new();
    let mut declared = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| err(format!("bad attribute: {e}")))?;
        let key = std::str::from_utf8(a.key.as_ref())
            .map_err(|_| err("attribute name is not UTF-8".into()))?;
        let value = a
            .unescape_value()
            .map_err(|e| err(format!("bad attribute value: {e}")))?
            .into_owned();
        if key == "xmlns" {
            declared.push((String::new(), Arc::<str>::from(value)));
        } else if let Some(p) = key.strip_prefix("xmlns:") {
            declared.push((p.to_string(), Arc::<str>::from(value)));
        } else {
            raw_attrs.push((key.to_string(), value));
        }
        if raw_attrs.len() + declared.len() > opts.max_attributes {
            return Err(err(format!(
                "more than {} attributes on one element",
                opts.max_attributes
            )));
        }
    }
    if !declared.is_empty() {
        let mut s = (*scope).clone();
        for (prefix, uri) in declared {
            // A redeclared prefix replaces the outer one: the scope holds
            // each prefix once.
            match s.iter_mut().find(|(p, _)| *p == prefix) {
                Some(entry) => entry.1 = uri,
                None => s.push((prefix, uri)),
            }
        }
        if s.len() > MAX_PREFIXES_IN_SCOPE {
            return Err(err(format!(
                "more than {MAX_PREFIXES_IN_SCOPE} namespace prefixes in scope"
            )));
        }
        scope = Arc::new(s);
    }
    let lookup = |prefix: &str| -> Option<Arc<str>> {
        if prefix == "xml" {
            return Some(Arc::from(XML_NS));
        }
        scope
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, u)| u.clone())
    };
    let qname = e.name();
    let name =
        std::str::from_utf8(qname.as_ref()).map_err(|_| err("element name is not UTF-8".into()))?;
    let (ns, local) = match name.split_once(':') {
        Some((p, l)) => (
            lookup(p).ok_or_else(|| err(format!("undeclared prefix {p:?} on <{name}>")))?,
            l.to_string(),
        ),
        None => (
            lookup("").unwrap_or_else(|| Arc::from("")),
            name.to_string(),
        ),
    };
    let mut attrs = Vec::with_capacity(raw_attrs.len());
    for (key, value) in raw_attrs {
        let (ans, alocal) = match key.split_once(':') {
            Some((p, l)) => (
                lookup(p)
                    .ok_or_else(|| err(format!("undeclared prefix {p:?} on attribute {key}")))?
                    .to_string(),
                l.to_string(),
            ),
            None => (String::new(), key),
        };
        attrs.push(Attr {
            ns: ans,
            local: alocal,
            value,
        });
    }
    let index = match parent {
        Some(p) => p.names.next(&ns, &local),
        None => 0,
    };
    Ok(XmlNode {
        ns,
        local,
        attrs,
        content: Vec::new(),
        scope,
        parent_path,
        index,
    })
}

/// Walks the child elements of one element in order.
pub struct Cursor<'a> {
    parent: &'a XmlNode,
    /// Index into the parent's content of the next piece to look at.
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// Where the cursor stands; it grows with every element taken (loops
    /// use it to insist on progress).
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The next element and its index in the parent's content.
    fn seek(&self) -> Option<(usize, &'a XmlNode)> {
        let content = &self.parent.content;
        content
            .get(self.pos..)?
            .iter()
            .enumerate()
            .find_map(|(i, c)| match c {
                Content::Element(e) => Some((self.pos + i, e)),
                Content::Text(_) => None,
            })
    }

    /// The next element, without taking it.
    pub fn peek(&self) -> Option<&'a XmlNode> {
        self.seek().map(|(_, n)| n)
    }

    /// True when the next element is `{ns}local`.
    pub fn peek_is(&self, ns: &str, local: &str) -> bool {
        self.peek().is_some_and(|n| n.is(ns, local))
    }

    /// Takes the next element if it is `{ns}local`.
    pub fn next_if(&mut self, ns: &str, local: &str) -> Option<&'a XmlNode> {
        let (i, n) = self.seek().filter(|(_, n)| n.is(ns, local))?;
        self.pos = i + 1;
        Some(n)
    }

    /// Takes the next element whatever it is.
    pub fn next_any(&mut self) -> Option<&'a XmlNode> {
        let (i, n) = self.seek()?;
        self.pos = i + 1;
        Some(n)
    }

    /// Takes the next element, which must be `{ns}local`.
    pub fn take(&mut self, ns: &str, local: &str) -> Result<&'a XmlNode, DeError> {
        match self.seek() {
            Some((i, n)) if n.is(ns, local) => {
                self.pos = i + 1;
                Ok(n)
            }
            Some((_, n)) => Err(DeError::at(
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

    /// Errors when elements are left that the type does not describe.
    pub fn finish(&self) -> Result<(), DeError> {
        match self.peek() {
            None => Ok(()),
            Some(n) => Err(DeError::at(
                n,
                format!("unexpected element {{{}}}{}", n.ns(), n.local()),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn names_resolve_by_namespace_and_paths_index_repeats() {
        let xml = br#"<a:r xmlns:a="urn:a" xmlns="urn:d"><x/><x b:at="v" xmlns:b="urn:b">t&amp;<![CDATA[<c>]]></x></a:r>"#;
        let r = XmlNode::parse(xml, &ReadOptions::default()).unwrap();
        assert!(r.is("urn:a", "r"));
        let kids: Vec<_> = r.children().collect();
        assert!(kids[0].is("urn:d", "x"));
        assert_eq!(kids[1].path(), "/r/x[2]");
        assert_eq!(kids[1].attribute("urn:b", "at"), Some("v"));
        assert_eq!(kids[1].text(), "t&<c>");
        assert_eq!(
            kids[1].resolve_qname("b:q"),
            Some(("urn:b".into(), "q".into()))
        );
    }

    #[test]
    fn hostile_inputs_are_errors() {
        let opts = ReadOptions {
            max_depth: 3,
            max_attributes: 2,
        };
        for bad in [
            &b"<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>"[..],
            b"<a><b></a>",
            b"<a>",
            b"",
            b"<p:a/>",
            b"<a><b><c><d/></c></b></a>",
            b"<a x='1' y='2' z='3'/>",
            b"<a/><b/>",
        ] {
            assert!(
                XmlNode::parse(bad, &opts).is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    /// `[n]` counts same-named siblings (namespace included) past the
    /// short list of names, with other names interleaved.
    #[test]
    fn paths_number_same_named_siblings_among_many_names() {
        let mut xml = String::from("<r xmlns:p=\"urn:p\">");
        for round in 0..3 {
            for i in 0..20 {
                xml.push_str(&format!("<n{i}/>"));
            }
            xml.push_str(&format!("<p:n3><c{round}/></p:n3>"));
        }
        xml.push_str("</r>");
        let r = XmlNode::parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
        let kids: Vec<_> = r.children().collect();
        assert_eq!(kids.len(), 63);
        assert_eq!(kids[0].path(), "/r/n0");
        assert_eq!(kids[21].path(), "/r/n0[2]");
        assert_eq!(kids[21 + 19].path(), "/r/n19[2]");
        // `p:n3` is another name than `n3`: its own count.
        assert_eq!(kids[20].path(), "/r/n3");
        assert_eq!(kids[62].path(), "/r/n3[3]");
        assert_eq!(kids[62].children().next().unwrap().path(), "/r/n3[3]/c2");
        assert_eq!(kids[3 + 42].path(), "/r/n3[3]");
    }

    /// Hostile shapes stay linear or are refused: 50,000 differently named
    /// siblings parse; more prefixes in scope than the bound is an error.
    #[test]
    fn many_names_and_prefixes() {
        let mut xml = String::from("<r>");
        for i in 0..50_000 {
            xml.push_str(&format!("<a{i}/>"));
        }
        xml.push_str("<a7/></r>");
        let r = XmlNode::parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
        assert_eq!(r.children().last().unwrap().path(), "/r/a7[2]");

        let mut deep = String::new();
        for d in 0..3 {
            deep.push_str("<e");
            for i in 0..100 {
                deep.push_str(&format!(" xmlns:p{d}x{i}=\"urn:{i}\""));
            }
            deep.push('>');
        }
        deep.push_str("</e></e></e>");
        let e = XmlNode::parse(deep.as_bytes(), &ReadOptions::default()).unwrap_err();
        assert!(e.message.contains("namespace prefixes in scope"), "{e}");
        // Redeclaring the same prefixes does not grow the scope.
        let same = "<e xmlns:a=\"urn:1\"><e xmlns:a=\"urn:2\"><a:x/></e></e>";
        let r = XmlNode::parse(same.as_bytes(), &ReadOptions::default()).unwrap();
        let x = r.children().next().unwrap().children().next().unwrap();
        assert_eq!(x.ns(), "urn:2");
    }

    #[test]
    fn cursor_walks_sequences() {
        let r = XmlNode::parse(b"<r><a/><b/><b/></r>", &ReadOptions::default()).unwrap();
        let mut c = r.cursor();
        assert!(c.next_if("", "x").is_none());
        assert!(c.take("", "a").is_ok());
        assert!(c.take("", "a").is_err());
        assert!(c.next_if("", "b").is_some());
        assert!(c.next_if("", "b").is_some());
        assert!(c.finish().is_ok());
    }
}
