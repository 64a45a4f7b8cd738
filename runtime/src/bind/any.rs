//! Values that keep XML as XML: `xs:any`, `xs:anyAttribute` and mixed content.

use super::{ContentRef, Element, XmlNode, XmlWriter};

/// An element matched by `xs:any`, kept whole so that it round-trips.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnyElement(pub Element);

impl AnyElement {
    /// Writes the element back.
    pub fn write(&self, w: &mut XmlWriter<'_>) {
        self.0.write(w);
    }

    /// Parses an element from XML text.
    pub fn parse(xml: &str) -> Result<Self, super::DeError> {
        Element::parse(xml).map(AnyElement)
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
    pub fn read_all(node: XmlNode<'_>) -> Vec<MixedContent> {
        node.content()
            .map(|c| match c {
                ContentRef::Text(t) => MixedContent::Text(t.to_string()),
                ContentRef::Element(e) => MixedContent::Element(AnyElement(e.to_element())),
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
pub fn other_attributes(node: XmlNode<'_>, known: &[(&str, &str)]) -> Vec<AnyAttribute> {
    node.attributes()
        .filter(|a| a.ns != crate::xml::XSI_NS)
        .filter(|a| !known.iter().any(|(ns, l)| a.ns == *ns && a.local == *l))
        .map(|a| AnyAttribute {
            ns: a.ns.to_string(),
            local: a.local.to_string(),
            value: a.value.to_string(),
        })
        .collect()
}
