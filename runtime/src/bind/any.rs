//! Values that keep XML as XML: `xs:any`, `xs:anyAttribute` and mixed content.

use super::node::Content;
use super::{XmlNode, XmlWriter};

/// An element matched by `xs:any`, kept whole so that it round-trips.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnyElement(pub XmlNode);

impl AnyElement {
    /// Writes the element back.
    pub fn write(&self, w: &mut XmlWriter<'_>) {
        self.0.write(w);
    }

    /// Parses an element from XML text.
    pub fn parse(xml: &str) -> Result<Self, super::DeError> {
        XmlNode::parse(xml.as_bytes(), &super::ReadOptions::default()).map(AnyElement)
    }
}

/// An attribute matched by `xs:anyAttribute`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnyAttribute {
    /// Namespace URI (empty for none).
    pub ns: String,
    /// Local name.
    pub local: String,
    /// Value.
    pub value: String,
}

/// A piece of mixed content (`mixed="true"`), in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MixedContent {
    /// Text between elements.
    Text(String),
    /// An element.
    Element(AnyElement),
}

impl MixedContent {
    /// Reads the content of `node` in order.
    pub fn read_all(node: &XmlNode) -> Vec<MixedContent> {
        node.content()
            .iter()
            .map(|c| match c {
                Content::Text(t) => MixedContent::Text(t.clone()),
                Content::Element(e) => MixedContent::Element(AnyElement(e.clone())),
            })
            .collect()
    }

    /// Writes content in order.
    pub fn write_all(items: &[MixedContent], w: &mut XmlWriter<'_>) {
        for i in items {
            match i {
                MixedContent::Text(t) => w.text(t),
                MixedContent::Element(e) => e.write(w),
            }
        }
    }
}

/// Reads the attributes of `node` not in `known` (ns, local) and not
/// `xsi:`/`xmlns` (anyAttribute).
pub fn other_attributes(node: &XmlNode, known: &[(&str, &str)]) -> Vec<AnyAttribute> {
    node.attributes()
        .iter()
        .filter(|a| a.ns != "http://www.w3.org/2001/XMLSchema-instance")
        .filter(|a| !known.iter().any(|(ns, l)| a.ns == *ns && a.local == *l))
        .map(|a| AnyAttribute {
            ns: a.ns.clone(),
            local: a.local.clone(),
            value: a.value.clone(),
        })
        .collect()
}
