//! Typed XML binding: the contract between soapstone-generated code and the
//! runtime. Generated types implement [`XmlComplex`] (element content) or
//! [`XmlSimple`] (text); they write through an [`XmlWriter`] (which turns
//! binaries into `xop:Include` parts when MTOM is on) and read from an
//! [`XmlNode`] of a parsed [`Document`] (an `xop:Include` is resolved to its
//! part through the [`ReadCtx`]).
//!
//! ```
//! use soapstone::bind::{self, Document, XmlWriter};
//! let mut w = XmlWriter::new();
//! w.start("urn:x", "greeting");
//! w.text("hi & bye");
//! w.end();
//! let xml = w.finish()?;
//! let doc = Document::parse(xml.as_bytes(), &bind::ReadOptions::default())?;
//! assert_eq!(doc.root().local(), "greeting");
//! assert_eq!(doc.root().text(), "hi & bye");
//!
//! // A character XML cannot carry is an error, not malformed XML.
//! let mut w = XmlWriter::new();
//! w.start("urn:x", "greeting");
//! w.text("bell \u{7}");
//! assert!(w.finish().is_err());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod any;
mod element;
mod envelope;
mod fault;
mod field;
mod node;
mod schema_value;
mod simple;
mod writer;

pub use any::{other_attributes, AnyAttribute, AnyElement, MixedContent};
pub use element::{Attr, Content, Element};
#[cfg(any(feature = "client", feature = "server"))]
pub(crate) use envelope::describe_body;
pub use envelope::{
    aimed_at_receiver, body_element, body_entry, from_message, header_block, header_from_message,
    header_from_message_with, not_understood, package_envelope, package_swa, read_xml_part,
    to_package, xml_part, Encoding, NamedPart, UnderstoodHeaders,
};
pub use fault::FaultDetail;
pub(crate) use node::decode_text;
pub use node::{shared_source, Attribute, ContentRef, Cursor, Document, ReadOptions, XmlNode};
pub use schema_value::{SchemaText, Scoped};
pub use simple::{
    qname_text, resolve_qname_text, Decimal, DecimalValue, HexBinary, Integer, NegativeInteger,
    NonNegativeInteger, NonPositiveInteger, PositiveInteger, QName,
};
pub use writer::{Optimize, XmlWriter};

use crate::{Binary, Message};

/// Why a value could not be read from XML: what, and at which element.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct DeError {
    /// Element path where it happened (`/a/b[2]/c`), or `/` for the document.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl DeError {
    /// An error at an element.
    pub fn at(node: XmlNode<'_>, message: impl Into<String>) -> Self {
        DeError {
            path: node.path(),
            message: message.into(),
        }
    }
}

/// Where the bytes of an `xop:Include` come from while reading.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadCtx<'m> {
    /// The received package; `None` for plain XML.
    pub message: Option<&'m Message>,
}

/// A type with element content: a generated struct or enum.
pub trait XmlComplex: Sized {
    /// Writes this value's attributes onto the open start tag (none by
    /// default).
    fn write_attributes(&self, w: &mut XmlWriter<'_>) -> crate::Result<()> {
        let _ = w;
        Ok(())
    }
    /// Writes this value's children (or text).
    fn write_children(&self, w: &mut XmlWriter<'_>) -> crate::Result<()>;
    /// Reads a value from the element that holds it.
    fn read(node: XmlNode<'_>, ctx: &ReadCtx<'_>) -> Result<Self, DeError>;
}

/// The content of an empty `soap:Body`: what an operation whose message has
/// no body part sends and receives (WS-I BP R2202; every part a header
/// block or an attachment). Its body element name is [`EMPTY_BODY`].
impl XmlComplex for () {
    fn write_children(&self, w: &mut XmlWriter<'_>) -> crate::Result<()> {
        let _ = w;
        Ok(())
    }
    fn read(node: XmlNode<'_>, ctx: &ReadCtx<'_>) -> Result<Self, DeError> {
        let _ = (node, ctx);
        Ok(())
    }
}

/// The body element "name" of an operation whose message has no body part:
/// its `soap:Body` is empty ([`OperationInfo`](crate::operation::OperationInfo)
/// input or output, server routes).
pub const EMPTY_BODY: (&str, &str) = ("", "");

/// Writes `value` as the body element `name`, or, for [`EMPTY_BODY`],
/// writes nothing (its value is `()`).
pub fn write_body<T: XmlComplex>(
    w: &mut XmlWriter<'_>,
    name: (&str, &str),
    value: &T,
) -> crate::Result<()> {
    if name == EMPTY_BODY {
        return value.write_children(w);
    }
    write_complex(w, name.0, name.1, value)
}

/// A type written as text: built-in datatypes and generated simple types.
pub trait XmlSimple: Sized {
    /// The lexical form. QName values declare their prefix on `w`.
    fn to_text(&self, w: &mut XmlWriter<'_>) -> String;
    /// Writes the lexical form as element content (what [`to_text`] gives,
    /// escaped; types whose form is already at hand write it without the
    /// intermediate string).
    ///
    /// [`to_text`]: XmlSimple::to_text
    fn write_text(&self, w: &mut XmlWriter<'_>) {
        let text = self.to_text(w);
        w.text(&text);
    }
    /// Parses the lexical form; `node` resolves QName prefixes.
    fn from_text(text: &str, node: XmlNode<'_>) -> Result<Self, String>;
}

/// An element whose content is a simple value, as a complex value: the
/// body of a document/literal message whose part element has a simple type
/// (`<element name="echo" type="xs:string"/>`).
///
/// ```
/// use soapstone::bind::{from_xml, to_xml, SimpleElement};
/// let xml = to_xml(&SimpleElement(42i32), "urn:x", "answer")?;
/// assert!(xml.contains(">42</"), "{xml}");
/// let back: SimpleElement<i32> = from_xml(xml.as_bytes(), "urn:x", "answer").unwrap();
/// assert_eq!(back, SimpleElement(42));
/// # Ok::<(), soapstone::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct SimpleElement<T>(pub T);

impl<T: XmlSimple> XmlComplex for SimpleElement<T> {
    fn write_attributes(&self, _: &mut XmlWriter<'_>) -> crate::Result<()> {
        Ok(())
    }

    fn write_children(&self, w: &mut XmlWriter<'_>) -> crate::Result<()> {
        self.0.write_text(w);
        Ok(())
    }

    fn read(node: XmlNode<'_>, _: &ReadCtx<'_>) -> Result<Self, DeError> {
        read_simple(node).map(SimpleElement)
    }
}

/// An element whose content is a binary, as a complex value: the body of a
/// message whose part element is `xs:base64Binary` (an `xop:Include` under
/// MTOM, else base64 text).
///
/// ```
/// use soapstone::bind::{from_xml, to_xml, BinaryElement};
/// let value = BinaryElement(soapstone::Binary::from(vec![1u8, 2, 3]));
/// let xml = to_xml(&value, "urn:x", "data")?;
/// assert!(xml.contains(">AQID</"), "{xml}");
/// let back: BinaryElement = from_xml(xml.as_bytes(), "urn:x", "data").unwrap();
/// assert_eq!(back.0.to_bytes()?.as_ref(), &[1, 2, 3]);
/// # Ok::<(), soapstone::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct BinaryElement(pub Binary);

impl XmlComplex for BinaryElement {
    fn write_attributes(&self, _: &mut XmlWriter<'_>) -> crate::Result<()> {
        Ok(())
    }

    fn write_children(&self, w: &mut XmlWriter<'_>) -> crate::Result<()> {
        w.binary(&self.0, None, Optimize::Default)
    }

    fn read(node: XmlNode<'_>, ctx: &ReadCtx<'_>) -> Result<Self, DeError> {
        read_binary(node, ctx).map(BinaryElement)
    }
}

/// An element that is nillable: `xsi:nil="true"` or a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nillable<T> {
    /// `xsi:nil="true"`.
    Nil,
    /// A value.
    Value(T),
}

impl<T> Nillable<T> {
    /// The value, if not nil.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nillable::Nil => None,
            Nillable::Value(v) => Some(v),
        }
    }
}

impl<T: Default> Default for Nillable<T> {
    fn default() -> Self {
        Nillable::Value(T::default())
    }
}

/// Writes `value` as the element `{ns}local` into a standalone XML string,
/// binaries inline.
pub fn to_xml<T: XmlComplex>(value: &T, ns: &str, local: &str) -> crate::Result<String> {
    let mut w = XmlWriter::new();
    write_complex(&mut w, ns, local, value)?;
    w.finish()
}

/// Reads `T` from an XML document whose root element is `{ns}local`.
pub fn from_xml<T: XmlComplex>(xml: &[u8], ns: &str, local: &str) -> Result<T, DeError> {
    let doc = Document::parse(xml, &ReadOptions::default())?;
    read_root(doc.root(), ns, local)
}

/// Reads `T` from an XML document whose root element is `{ns}local`,
/// sharing its buffer: [`SharedStr`](crate::SharedStr) fields are slices of
/// `xml`, not copies.
pub fn from_bytes<T: XmlComplex>(xml: bytes::Bytes, ns: &str, local: &str) -> Result<T, DeError> {
    from_bytes_with(xml, ns, local, &ReadOptions::default())
}

/// [`from_bytes`] within `opts`.
pub fn from_bytes_with<T: XmlComplex>(
    xml: bytes::Bytes,
    ns: &str,
    local: &str,
    opts: &ReadOptions,
) -> Result<T, DeError> {
    let src = shared_source(xml)?;
    let doc = Document::parse_shared(&src, opts)?;
    read_root(doc.root(), ns, local)
}

/// Reads the root element `root` as `T`, checking it is `{ns}local`.
pub(crate) fn read_root<T: XmlComplex>(
    root: XmlNode<'_>,
    ns: &str,
    local: &str,
) -> Result<T, DeError> {
    if !root.is(ns, local) {
        return Err(DeError::at(
            root,
            format!(
                "expected element {{{ns}}}{local}, found {{{}}}{}",
                root.ns(),
                root.local()
            ),
        ));
    }
    T::read(root, &ReadCtx::default())
}

/// Writes a complex value as the element `{ns}local`.
pub fn write_complex<T: XmlComplex>(
    w: &mut XmlWriter<'_>,
    ns: &str,
    local: &str,
    value: &T,
) -> crate::Result<()> {
    w.start(ns, local);
    value.write_attributes(w)?;
    value.write_children(w)?;
    w.end();
    Ok(())
}

/// Writes a simple value as the element `{ns}local`.
pub fn write_simple<T: XmlSimple>(
    w: &mut XmlWriter<'_>,
    ns: &str,
    local: &str,
    value: &T,
) -> crate::Result<()> {
    w.start(ns, local);
    value.write_text(w);
    w.end();
    Ok(())
}

/// Writes a nil element `{ns}local xsi:nil="true"`.
pub fn write_nil(w: &mut XmlWriter<'_>, ns: &str, local: &str) -> crate::Result<()> {
    w.start(ns, local);
    w.nil();
    w.end();
    Ok(())
}

/// [`XmlNode::nil`] for an element whose value the schema fixes: such an
/// element cannot be nil (XML Schema Part 1 §3.3.4, clause 3.2.2), so nil is
/// an error; otherwise `false`.
pub fn nil_of_fixed(node: XmlNode<'_>) -> Result<bool, DeError> {
    if node.nil()? {
        return Err(DeError::at(
            node,
            format!(
                "element {} has a fixed value and cannot be nil",
                node.local()
            ),
        ));
    }
    Ok(false)
}

/// [`write_nil`] for an element whose value the schema fixes: recorded on
/// `w` as an error, since a reader must refuse it ([`nil_of_fixed`]).
pub fn write_nil_of_fixed(w: &mut XmlWriter<'_>, ns: &str, local: &str) -> crate::Result<()> {
    w.start(ns, local);
    w.fail("the schema fixes this element's value, so it cannot be nil");
    w.nil();
    w.end();
    Ok(())
}

/// Writes a binary as the element `{ns}local`: an `xop:Include` when the
/// writer does MTOM and the policy and threshold say so, else inline base64.
pub fn write_binary(
    w: &mut XmlWriter<'_>,
    ns: &str,
    local: &str,
    value: &Binary,
    expected: Option<&str>,
    optimize: Optimize,
) -> crate::Result<()> {
    w.start(ns, local);
    w.binary(value, expected, optimize)?;
    w.end();
    Ok(())
}

/// Reads a complex value from `node`.
pub fn read_complex<T: XmlComplex>(node: XmlNode<'_>, ctx: &ReadCtx<'_>) -> Result<T, DeError> {
    T::read(node, ctx)
}

/// Reads a simple value from `node`'s text (an element with child
/// elements holds no simple value: an error).
pub fn read_simple<T: XmlSimple>(node: XmlNode<'_>) -> Result<T, DeError> {
    text_only(node)?;
    T::from_text(&node.text(), node).map_err(|m| DeError::at(node, m))
}

/// An error when `node` has a child element: simple values and inline
/// binaries are text only; or when it is `xsi:nil="true"`, which only a
/// nillable element may be (its readers look before reading a value).
fn text_only(node: XmlNode<'_>) -> Result<(), DeError> {
    node::not_nil(node)?;
    no_child_element(node)
}

/// An error when `node` has a child element (see [`text_only`]).
fn no_child_element(node: XmlNode<'_>) -> Result<(), DeError> {
    match node.children().next() {
        None => Ok(()),
        Some(child) => Err(DeError::at(
            node,
            format!(
                "a simple value is text only; found a child element <{}>",
                child.local()
            ),
        )),
    }
}

/// Reads a binary from `node`: the part an `xop:Include` references (bytes
/// shared, not copied), or the base64 text. The content type is the
/// `xmime:contentType` attribute, else the part's header (A5).
pub fn read_binary(node: XmlNode<'_>, ctx: &ReadCtx<'_>) -> Result<Binary, DeError> {
    node::not_nil(node)?;
    let attr_ct = node
        .attributes()
        .find(|a| a.local == "contentType" && crate::bind::node::is_xmime(a.ns))
        .map(|a| a.value);
    let mut binary = if let Some(href) = node.include_href() {
        let Some(msg) = ctx.message else {
            return Err(DeError::at(
                node,
                format!("xop:Include {href} outside an MTOM message"),
            ));
        };
        // D7: strip `cid:`, percent-decode and compare; then the raw value
        // (WCF writes `cid:http://tempuri.org/1/...` unescaped).
        let raw = crate::mime::header::normalize_cid(href);
        let decoded = crate::mime::header::percent_decode(raw);
        let att = decoded
            .as_deref()
            .and_then(|d| msg.attachment(d))
            .or_else(|| msg.attachment(raw))
            .ok_or_else(|| DeError::at(node, format!("xop:Include {href} matches no part")))?;
        if !crate::xml::trim_xml(&node.text()).is_empty() {
            return Err(DeError::at(node, "text beside an xop:Include (D9)"));
        }
        let mut b = att.data.clone();
        if let Some(ct) = att.content_type() {
            b = b.with_content_type(ct);
        }
        b
    } else {
        no_child_element(node)?;
        let text = node.text();
        let bytes = crate::xml::decode_base64_text(text.as_bytes())
            .map_err(|e| DeError::at(node, e.to_string()))?;
        Binary::from(bytes)
    };
    if let Some(ct) = attr_ct {
        binary = binary.with_content_type(ct);
    }
    Ok(binary)
}

/// Reads the `{ns}local` attribute as a simple value, if present.
pub fn read_attribute<T: XmlSimple>(
    node: XmlNode<'_>,
    ns: &str,
    local: &str,
) -> Result<Option<T>, DeError> {
    Ok(attribute_value(node, ns, local)?.map(|(value, _)| value))
}

/// The attribute `{ns}local` read as `T`, with its text.
fn attribute_value<'d, T: XmlSimple>(
    node: XmlNode<'d>,
    ns: &str,
    local: &str,
) -> Result<Option<(T, &'d str)>, DeError> {
    match node.attribute(ns, local) {
        None => Ok(None),
        Some(raw) => T::from_text(raw, node)
            .map(|value| Some((value, raw)))
            .map_err(|m| DeError::at(node, format!("attribute {local}: {m}"))),
    }
}

/// The error for a required attribute that is absent.
fn missing_attribute(node: XmlNode<'_>, local: &str) -> DeError {
    DeError::at(node, format!("missing required attribute {local}"))
}

/// Reads a required attribute.
pub fn required_attribute<T: XmlSimple>(
    node: XmlNode<'_>,
    ns: &str,
    local: &str,
) -> Result<T, DeError> {
    read_attribute(node, ns, local)?.ok_or_else(|| missing_attribute(node, local))
}

/// Reads the optional attribute `{ns}local`, its schema `default` when it
/// is absent (XSD: an absent attribute with a default has that value).
pub fn read_attribute_or<T: XmlSimple>(
    node: XmlNode<'_>,
    ns: &str,
    local: &str,
    default: impl SchemaText,
) -> Result<Option<T>, DeError> {
    match read_attribute(node, ns, local)? {
        Some(v) => Ok(Some(v)),
        None => default
            .value(Some(node))
            .map(Some)
            .map_err(|m| DeError::at(node, format!("default of attribute {local}: {m}"))),
    }
}

/// Reads the attribute `{ns}local` whose schema value is `fixed`: absent,
/// it has that value; present, it must have it, compared as values
/// (`decimal`: as decimal numbers, so `1.0` and `1.00` agree for the
/// lexical-form [`Decimal`] and [`Integer`]). `required`: absence is an
/// error.
pub fn read_attribute_fixed<T: XmlSimple + PartialEq>(
    node: XmlNode<'_>,
    ns: &str,
    local: &str,
    fixed: impl SchemaText,
    required: bool,
    decimal: bool,
) -> Result<T, DeError> {
    let want = fixed
        .value(Some(node))
        .map_err(|m| DeError::at(node, format!("fixed value of attribute {local}: {m}")))?;
    let Some((value, raw)) = attribute_value(node, ns, local)? else {
        if required {
            return Err(missing_attribute(node, local));
        }
        return Ok(want);
    };
    if is_fixed_value(&value, &want, raw, fixed.text(), decimal) {
        Ok(value)
    } else {
        Err(DeError::at(
            node,
            format!(
                "attribute {local} must be {:?} (fixed by the schema)",
                fixed.text()
            ),
        ))
    }
}

/// Writes an attribute from a simple value.
pub fn write_attribute<T: XmlSimple>(w: &mut XmlWriter<'_>, ns: &str, local: &str, value: &T) {
    let text = value.to_text(w);
    w.attribute(ns, local, &text);
}

/// Writes an `xs:anyType` value under the element name `{ns}local`: the kept
/// element's attributes and content, renamed.
pub fn write_any_as(
    w: &mut XmlWriter<'_>,
    ns: &str,
    local: &str,
    value: &AnyElement,
) -> crate::Result<()> {
    value.0.write_as(w, ns, local);
    Ok(())
}

/// Reads an `xs:anyType` value: the element kept whole.
pub fn read_any(node: XmlNode<'_>) -> AnyElement {
    AnyElement(node.to_element())
}

/// Reads a simple value; an empty element takes the schema's `default` (or `fixed`) value.
pub fn read_simple_or<T: XmlSimple>(
    node: XmlNode<'_>,
    default: impl SchemaText,
) -> Result<T, DeError> {
    text_only(node)?;
    if node.is_empty() {
        return default.value(Some(node)).map_err(|m| DeError::at(node, m));
    }
    T::from_text(&node.text(), node).map_err(|m| DeError::at(node, m))
}

/// True when `value` (read from `raw`) is the schema's `fixed` value
/// `want`: equal as values, or (`decimal`, for the lexical-form
/// [`Decimal`] and [`Integer`]) as decimal numbers, so `1.0` and `1.00`
/// agree.
fn is_fixed_value<T: PartialEq>(
    value: &T,
    want: &T,
    raw: &str,
    fixed: &str,
    decimal: bool,
) -> bool {
    value == want
        || decimal
            && DecimalValue::parse(raw)
                .zip(DecimalValue::parse(fixed))
                .is_some_and(|(a, b)| a == b)
}

/// True when `value`, written as `text`, is the value `fixed` stands for:
/// the same value, the same decimal number (`decimal`), or another lexical
/// form of the same value (`1` and `true`), parsed as a reader would. An
/// unscoped prefixed fixed value, which only an instance's declarations
/// would resolve, is not held against the value; any other that does not
/// parse fits no value.
fn is_fixed_text<T: XmlSimple + PartialEq>(
    value: &T,
    text: &str,
    fixed: impl SchemaText,
    decimal: bool,
) -> bool {
    if text == fixed.text() && !fixed.is_scoped() {
        return true;
    }
    match fixed.value::<T>(None) {
        Ok(want) => is_fixed_value(value, &want, text, fixed.text(), decimal),
        // A prefixed value only an instance's declarations resolve: not
        // judged here. Any other fixed value that does not parse fits no
        // value (the reader refuses every instance too).
        Err(_) => !fixed.is_scoped() && fixed.text().contains(':'),
    }
}

/// The text of `value`, whose value the schema fixes: another value is
/// recorded on `w` as an error (naming `attribute`, when it is one), so
/// [`XmlWriter::finish`] refuses the document a reader would refuse.
fn fixed_text<T: XmlSimple + PartialEq>(
    w: &mut XmlWriter<'_>,
    value: &T,
    fixed: impl SchemaText,
    decimal: bool,
    attribute: Option<&str>,
) -> String {
    let text = value.to_text(w);
    if !is_fixed_text(value, &text, fixed, decimal) {
        let what = attribute.map_or(String::new(), |a| format!("attribute {a}: "));
        w.fail(format!(
            "{what}the value {text:?} is not {:?}, fixed by the schema",
            fixed.text()
        ));
    }
    text
}

/// Writes the element `{ns}local` whose value the schema fixes; a value
/// other than `fixed` is recorded on `w` as an error.
pub fn write_simple_fixed<T: XmlSimple + PartialEq>(
    w: &mut XmlWriter<'_>,
    ns: &str,
    local: &str,
    value: &T,
    fixed: impl SchemaText,
    decimal: bool,
) -> crate::Result<()> {
    w.start(ns, local);
    let text = fixed_text(w, value, fixed, decimal, None);
    w.text(&text);
    w.end();
    Ok(())
}

/// Writes the attribute `{ns}local` whose value the schema fixes; another
/// value is recorded on `w` as an error, as [`write_simple_fixed`].
pub fn write_attribute_fixed<T: XmlSimple + PartialEq>(
    w: &mut XmlWriter<'_>,
    ns: &str,
    local: &str,
    value: &T,
    fixed: impl SchemaText,
    decimal: bool,
) {
    let text = fixed_text(w, value, fixed, decimal, Some(local));
    w.attribute(ns, local, &text);
}

/// Reads a simple value whose element the schema gives a `fixed` value:
/// an empty element has it; any other content must be it, compared as
/// values (`decimal`: as decimal numbers, as [`read_attribute_fixed`]).
pub fn read_simple_fixed<T: XmlSimple + PartialEq>(
    node: XmlNode<'_>,
    fixed: impl SchemaText,
    decimal: bool,
) -> Result<T, DeError> {
    text_only(node)?;
    let want = fixed
        .value(Some(node))
        .map_err(|m| DeError::at(node, format!("fixed value: {m}")))?;
    if node.is_empty() {
        return Ok(want);
    }
    let raw = node.text();
    let value = T::from_text(&raw, node).map_err(|m| DeError::at(node, m))?;
    if is_fixed_value(&value, &want, &raw, fixed.text(), decimal) {
        Ok(value)
    } else {
        Err(DeError::at(
            node,
            format!(
                "element {} must be {:?} (fixed by the schema)",
                node.local(),
                fixed.text()
            ),
        ))
    }
}

/// The error for an `xsi:type` that names no type the element may hold:
/// one not derived from `declared` (or not known to the bindings), or a
/// QName whose prefix is undeclared. Reading it as `declared` instead would
/// drop what the derived type adds, silently.
pub fn unexpected_xsi_type(node: XmlNode<'_>, value: &str, declared: &str) -> DeError {
    let named = match node.resolve_qname(value) {
        Some((ns, local)) if ns.is_empty() => local,
        Some((ns, local)) => format!("{{{ns}}}{local}"),
        None => {
            return DeError::at(
                node,
                format!("xsi:type {value:?} is not a QName in scope here"),
            )
        }
    };
    DeError::at(
        node,
        format!(
            "xsi:type {named} is neither {declared} nor a type derived from it that these \
             bindings know (an abstract type cannot stand for an element)"
        ),
    )
}

/// For an element read as the named type `{ns}local` (which has no derived
/// types these bindings know): an `xsi:type` naming another type is an
/// error ([`unexpected_xsi_type`]), since what that type adds would be lost.
pub fn expect_xsi_type(node: XmlNode<'_>, ns: &str, local: &str) -> Result<(), DeError> {
    let Some(t) = node.attribute(crate::xml::XSI_NS, "type") else {
        return Ok(());
    };
    match node.resolve_qname_ref(t) {
        Some((n, l)) if n == ns && l == local => Ok(()),
        _ => Err(unexpected_xsi_type(node, t, &format!("{{{ns}}}{local}"))),
    }
}

/// Writes `xsi:type="p:local"` on the open start tag, declaring the prefix.
pub fn write_xsi_type(w: &mut XmlWriter<'_>, ns: &str, local: &str) {
    let value = qname_text(w, ns, local);
    w.attribute(crate::xml::XSI_NS, "type", &value);
}
