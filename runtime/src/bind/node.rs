//! [`XmlNode`]: a small namespace-resolved element tree that generated code
//! reads from, with a [`Cursor`] over element children for sequences,
//! choices and `all` groups.

use super::DeError;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
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

type Scope = Arc<Vec<(String, String)>>;

/// An element with resolved names, attributes and content.
#[derive(Clone)]
pub struct XmlNode {
    ns: String,
    local: String,
    attrs: Vec<Attr>,
    content: Vec<Content>,
    scope: Scope,
    path: String,
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
        self.ns == other.ns
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
        let mut stack: Vec<XmlNode> = Vec::new();
        let mut root: Option<XmlNode> = None;
        let mut buf = Vec::new();
        loop {
            let event = reader.read_event_into(&mut buf).map_err(|e| {
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
                    let node = open(&e, stack.last(), opts)?;
                    stack.push(node);
                }
                Event::Empty(e) => {
                    if stack.len() >= opts.max_depth {
                        return Err(err(format!("XML deeper than {} elements", opts.max_depth)));
                    }
                    let node = open(&e, stack.last(), opts)?;
                    match stack.last_mut() {
                        Some(parent) => parent.content.push(Content::Element(node)),
                        None => root = Some(node),
                    }
                }
                Event::End(_) => {
                    let node = stack
                        .pop()
                        .ok_or_else(|| err("unbalanced end tag".into()))?;
                    match stack.last_mut() {
                        Some(parent) => parent.content.push(Content::Element(node)),
                        None => root = Some(node),
                    }
                }
                Event::Text(t) => {
                    if let Some(top) = stack.last_mut() {
                        let s = t.unescape().map_err(|e| err(format!("bad text: {e}")))?;
                        push_text(top, &s);
                    } else if !t.iter().all(u8::is_ascii_whitespace) {
                        return Err(err("text outside the root element".into()));
                    }
                }
                Event::CData(t) => {
                    if let Some(top) = stack.last_mut() {
                        let s = std::str::from_utf8(&t)
                            .map_err(|e| err(format!("CDATA is not UTF-8: {e}")))?;
                        push_text(top, s);
                    }
                }
                Event::DocType(_) => return Err(err("DTD is forbidden".into())),
                Event::Eof => break,
                _ => {}
            }
            buf.clear();
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
        self.local == local && self.ns == ns
    }

    /// Element path from the root, `[n]` on repeated siblings, for errors.
    pub fn path(&self) -> &str {
        &self.path
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
            Some((_, uri)) => Some((uri.clone(), local.to_string())),
            None if prefix.is_empty() => Some((String::new(), local.to_string())),
            None => None,
        }
    }

    /// A cursor over the child elements.
    pub fn cursor(&self) -> Cursor<'_> {
        Cursor {
            parent: self,
            items: self.children().collect(),
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

fn open(
    e: &BytesStart<'_>,
    parent: Option<&XmlNode>,
    opts: &ReadOptions,
) -> Result<XmlNode, DeError> {
    let parent_path = parent.map(|p| p.path.as_str()).unwrap_or("");
    let err = |m: String| DeError {
        path: format!("{parent_path}/?"),
        message: m,
    };
    let mut scope: Scope = parent.map(|p| p.scope.clone()).unwrap_or_default();
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
            declared.push((String::new(), value));
        } else if let Some(p) = key.strip_prefix("xmlns:") {
            declared.push((p.to_string(), value));
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
        s.extend(declared);
        scope = Arc::new(s);
    }
    let lookup = |prefix: &str| -> Option<String> {
        if prefix == "xml" {
            return Some(XML_NS.to_string());
        }
        scope
            .iter()
            .rev()
            .find(|(p, _)| p == prefix)
            .map(|(_, u)| u.clone())
    };
    let name = std::str::from_utf8(e.name().as_ref())
        .map_err(|_| err("element name is not UTF-8".into()))?
        .to_string();
    let (ns, local) = match name.split_once(':') {
        Some((p, l)) => (
            lookup(p).ok_or_else(|| err(format!("undeclared prefix {p:?} on <{name}>")))?,
            l.to_string(),
        ),
        None => (lookup("").unwrap_or_default(), name.clone()),
    };
    let mut attrs = Vec::with_capacity(raw_attrs.len());
    for (key, value) in raw_attrs {
        let (ans, alocal) = match key.split_once(':') {
            Some((p, l)) => (
                lookup(p)
                    .ok_or_else(|| err(format!("undeclared prefix {p:?} on attribute {key}")))?,
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
    let index = parent
        .map(|p| {
            p.children()
                .filter(|c| c.local == local && c.ns == ns)
                .count()
        })
        .unwrap_or(0);
    let path = if index > 0 {
        format!("{parent_path}/{local}[{}]", index + 1)
    } else {
        format!("{parent_path}/{local}")
    };
    Ok(XmlNode {
        ns,
        local,
        attrs,
        content: Vec::new(),
        scope,
        path,
    })
}

/// Walks the child elements of one element in order.
pub struct Cursor<'a> {
    parent: &'a XmlNode,
    items: Vec<&'a XmlNode>,
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// How many elements were taken so far (loops use it to insist on progress).
    pub fn position(&self) -> usize {
        self.pos
    }

    /// The next element, without taking it.
    pub fn peek(&self) -> Option<&'a XmlNode> {
        self.items.get(self.pos).copied()
    }

    /// True when the next element is `{ns}local`.
    pub fn peek_is(&self, ns: &str, local: &str) -> bool {
        self.peek().is_some_and(|n| n.is(ns, local))
    }

    /// Takes the next element if it is `{ns}local`.
    pub fn next_if(&mut self, ns: &str, local: &str) -> Option<&'a XmlNode> {
        let n = self.peek().filter(|n| n.is(ns, local))?;
        self.pos += 1;
        Some(n)
    }

    /// Takes the next element whatever it is.
    pub fn next_any(&mut self) -> Option<&'a XmlNode> {
        let n = self.peek()?;
        self.pos += 1;
        Some(n)
    }

    /// Takes the next element, which must be `{ns}local`.
    pub fn expect(&mut self, ns: &str, local: &str) -> Result<&'a XmlNode, DeError> {
        match self.peek() {
            Some(n) if n.is(ns, local) => {
                self.pos += 1;
                Ok(n)
            }
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

    #[test]
    fn cursor_walks_sequences() {
        let r = XmlNode::parse(b"<r><a/><b/><b/></r>", &ReadOptions::default()).unwrap();
        let mut c = r.cursor();
        assert!(c.next_if("", "x").is_none());
        assert!(c.expect("", "a").is_ok());
        assert!(c.expect("", "a").is_err());
        assert!(c.next_if("", "b").is_some());
        assert!(c.next_if("", "b").is_some());
        assert!(c.finish().is_ok());
    }
}
