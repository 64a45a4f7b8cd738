//! [`Element`]: an owned XML element, for values that keep XML as XML
//! (`xs:any`, `xs:anyType`, mixed content) beyond the document they were
//! read from.

use super::{DeError, Document, ReadOptions, XmlWriter};

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
    Element(Element),
}

/// An owned element with resolved names, attributes (namespace
/// declarations excluded) and content, and the prefixes to declare when it
/// is written (so QNames in its text and attribute values keep resolving).
/// Equality and `Debug` look at the names, attributes and content only.
#[derive(Clone)]
pub struct Element {
    /// Namespace URI (empty for none).
    pub ns: String,
    /// Local name.
    pub local: String,
    /// Attributes in document order.
    pub attributes: Vec<Attr>,
    /// Content in document order.
    pub content: Vec<Content>,
    /// Prefix declarations (prefix, namespace URI) made on this element
    /// when written: for an element read from a document, every prefix in
    /// scope on the outermost one and those its descendants declared.
    pub namespaces: Vec<(String, String)>,
    /// The default namespace in scope where the element was read (empty
    /// for none), declared again when it is written so that unprefixed
    /// QNames in its text and attribute values (an `xsi:type="Gold"`)
    /// keep naming the same thing. `None` on a descendant whose default is
    /// its parent's (it inherits it), and on an element made by hand.
    pub default_namespace: Option<String>,
}

impl PartialEq for Element {
    fn eq(&self, other: &Self) -> bool {
        self.ns == other.ns
            && self.local == other.local
            && self.attributes == other.attributes
            && self.content == other.content
    }
}

impl Eq for Element {}

impl std::fmt::Debug for Element {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Element")
            .field("ns", &self.ns)
            .field("local", &self.local)
            .field("attributes", &self.attributes)
            .field("content", &self.content)
            .finish()
    }
}

impl Element {
    /// Parses the root element of an XML document.
    ///
    /// ```
    /// let e = soapstone::bind::Element::parse(r#"<p:a xmlns:p="urn:p" b="1">x<c/></p:a>"#)?;
    /// assert_eq!((e.ns.as_str(), e.local.as_str()), ("urn:p", "a"));
    /// assert_eq!(e.attribute("", "b"), Some("1"));
    /// assert_eq!(e.text(), "x");
    /// assert_eq!(e.children().count(), 1);
    /// # Ok::<(), soapstone::bind::DeError>(())
    /// ```
    pub fn parse(xml: &str) -> Result<Element, DeError> {
        let doc = Document::parse(xml.as_bytes(), &ReadOptions::default())?;
        Ok(doc.root().to_element())
    }

    /// True when this is `{ns}local`.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.local == local && self.ns == ns
    }

    /// The value of `{ns}local`.
    pub fn attribute(&self, ns: &str, local: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.local == local && a.ns == ns)
            .map(|a| a.value.as_str())
    }

    /// Child elements in order.
    pub fn children(&self) -> impl Iterator<Item = &Element> {
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

    /// Writes the element.
    pub fn write(&self, w: &mut XmlWriter<'_>) {
        self.write_as(w, &self.ns, &self.local);
    }

    /// Writes the element under another name (its prefixes, attributes
    /// and content kept).
    pub fn write_as(&self, w: &mut XmlWriter<'_>, ns: &str, local: &str) {
        self.write_in(w, ns, local, None);
    }

    /// [`write_as`](Self::write_as) inside a kept parent whose default
    /// namespace is `inherited`.
    fn write_in(&self, w: &mut XmlWriter<'_>, ns: &str, local: &str, inherited: Option<&str>) {
        w.start_declaring(ns, local, &self.namespaces);
        let default = self.default_namespace.as_deref().or(inherited);
        // An element written in no namespace keeps none as its default.
        if let Some(default) = default.filter(|_| !ns.is_empty()) {
            w.declare_default(default);
        }
        for a in &self.attributes {
            w.attribute(&a.ns, &a.local, &a.value);
        }
        for c in &self.content {
            match c {
                Content::Text(t) => w.text(t),
                Content::Element(e) => e.write_in(w, &e.ns, &e.local, default),
            }
        }
        w.end();
    }
}
