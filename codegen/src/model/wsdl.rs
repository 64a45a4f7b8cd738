//! The WSDL 1.1 part of the model: messages, port types, bindings (SOAP 1.1,
//! 1.2, MIME), services, and the MTOM policy of each binding and port.

use super::arena::{BindingId, ElementId, MessageId, PortTypeId};
use super::schema::TypeRef;
use crate::diag::Span;
use crate::names::QName;
use serde::Serialize;

/// A `wsdl:message`.
#[derive(Debug, Clone)]
pub struct Message {
    /// Name.
    pub name: QName,
    /// Where it is defined.
    pub span: Span,
    /// Its parts in order.
    pub parts: Vec<Part>,
}

/// A `wsdl:part`.
#[derive(Debug, Clone)]
pub struct Part {
    /// Part name.
    pub name: String,
    /// Where it is defined.
    pub span: Span,
    /// `element=` or `type=`.
    pub content: PartContent,
}

/// What a part refers to.
#[derive(Debug, Clone)]
pub enum PartContent {
    /// `element=`.
    Element(ElementId),
    /// `type=`.
    Type(TypeRef),
    /// Neither, or unresolved (a diagnostic was reported).
    Missing,
}

/// A `wsdl:portType`.
#[derive(Debug, Clone)]
pub struct PortType {
    /// Name.
    pub name: QName,
    /// Where it is defined.
    pub span: Span,
    /// Its operations.
    pub operations: Vec<Operation>,
}

/// An abstract operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// Name.
    pub name: String,
    /// Where it is defined.
    pub span: Span,
    /// `wsdl:documentation`.
    pub doc: Option<String>,
    /// `wsdl:input`.
    pub input: Option<OperationMessage>,
    /// `wsdl:output`.
    pub output: Option<OperationMessage>,
    /// `wsdl:fault`s.
    pub faults: Vec<OperationMessage>,
}

/// An input, output or fault of an operation.
#[derive(Debug, Clone)]
pub struct OperationMessage {
    /// `name=`, when given.
    pub name: Option<String>,
    /// The message, when it resolved.
    pub message: Option<MessageId>,
    /// Where it is written.
    pub span: Span,
}

/// SOAP 1.1 or 1.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SoapVersion {
    /// SOAP 1.1.
    #[serde(rename = "1.1")]
    Soap11,
    /// SOAP 1.2.
    #[serde(rename = "1.2")]
    Soap12,
}

impl SoapVersion {
    /// `1.1` or `1.2`.
    pub fn as_str(self) -> &'static str {
        match self {
            SoapVersion::Soap11 => "1.1",
            SoapVersion::Soap12 => "1.2",
        }
    }
}

/// `style`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Style {
    /// document (the default).
    Document,
    /// rpc.
    Rpc,
}

/// `use`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Use {
    /// literal.
    Literal,
    /// encoded (SOAP encoding; not supported).
    Encoded,
}

/// Whether a binding or port requires MTOM by WS-Policy (A11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MtomPolicy {
    /// No MTOM assertion.
    None,
    /// An assertion marked `wsp:Optional="true"` or in an alternative.
    Optional,
    /// An assertion that must be honoured.
    Required,
}

/// A `wsdl:binding`.
#[derive(Debug, Clone)]
pub struct Binding {
    /// Name.
    pub name: QName,
    /// Where it is defined.
    pub span: Span,
    /// The port type it binds.
    pub port_type: Option<PortTypeId>,
    /// SOAP version, `None` for a non-SOAP (HTTP) binding.
    pub soap_version: Option<SoapVersion>,
    /// Default style from `soap:binding`.
    pub style: Style,
    /// `transport=`.
    pub transport: Option<String>,
    /// Bound operations.
    pub operations: Vec<BindingOperation>,
    /// MTOM policy attached to the binding.
    pub mtom: MtomPolicy,
}

/// A `wsdl:operation` inside a binding.
#[derive(Debug, Clone)]
pub struct BindingOperation {
    /// Name.
    pub name: String,
    /// Where it is defined.
    pub span: Span,
    /// Index of the abstract operation in the binding's port type.
    pub operation: Option<usize>,
    /// `soapAction`.
    pub soap_action: Option<String>,
    /// Effective style.
    pub style: Style,
    /// Input binding.
    pub input: Option<BindingMessage>,
    /// Output binding.
    pub output: Option<BindingMessage>,
    /// Fault bindings.
    pub faults: Vec<BindingFault>,
}

/// How an input or output travels.
#[derive(Debug, Clone, Default)]
pub struct BindingMessage {
    /// `soap:body` (the root part's, for a MIME binding).
    pub body: Option<SoapBody>,
    /// `soap:header`s.
    pub headers: Vec<SoapHeader>,
    /// `mime:multipartRelated`, when the message is SwA.
    pub mime: Option<Vec<MimePart>>,
}

/// A message part that a `mime:part` other than the root binds: it travels
/// as its own MIME part beside the envelope (SwA).
#[derive(Debug, Clone)]
pub struct BoundMimePart {
    /// The `wsdl:part` name.
    pub part: String,
    /// The media types of its `mime:content` alternatives, in order
    /// (`text/xml` for `mime:mimeXml`).
    pub types: Vec<String>,
    /// Bound by `mime:mimeXml`: an XML document of its own.
    pub xml: bool,
    /// One of `mime:content` alternatives that name different parts, of
    /// which a sender sends one (WSDL 1.1 §5.4): optional.
    pub alternative: bool,
    /// Where its binding is written.
    pub span: Option<Span>,
}

impl BindingMessage {
    /// The parts the non-root `mime:part`s bind, each once, in binding
    /// order; a part named again (in another `mime:part`, or by another
    /// alternative) gathers the media types.
    pub fn mime_parts(&self) -> Vec<BoundMimePart> {
        let mut out: Vec<BoundMimePart> = Vec::new();
        for mp in self.mime.iter().flatten().filter(|m| m.body.is_none()) {
            // (part, media type, span, is mimeXml)
            let contents: Vec<(&str, Option<&str>, Option<Span>, bool)> = mp
                .contents
                .iter()
                .filter_map(|c| {
                    Some((
                        c.part.as_deref()?,
                        c.content_type.as_deref(),
                        Some(c.span),
                        false,
                    ))
                })
                .collect();
            let alternative = contents
                .iter()
                .any(|(p, ..)| Some(*p) != contents.first().map(|n| n.0));
            let xml = mp
                .mime_xml
                .as_deref()
                .map(|p| (p, Some("text/xml"), None, true));
            for (part, media_type, span, xml) in xml.into_iter().chain(contents) {
                let alternative = alternative && !xml;
                let types = media_type.map(str::to_string);
                match out.iter_mut().find(|b| b.part == part) {
                    Some(b) => {
                        b.types.extend(types.filter(|t| !b.types.contains(t)));
                        b.alternative |= alternative;
                    }
                    None => out.push(BoundMimePart {
                        part: part.to_string(),
                        types: types.into_iter().collect(),
                        xml,
                        alternative,
                        span,
                    }),
                }
            }
        }
        out
    }
}

/// `soap:body`.
#[derive(Debug, Clone)]
pub struct SoapBody {
    /// `use`.
    pub use_: Use,
    /// `parts=`, when given.
    pub parts: Option<Vec<String>>,
    /// `namespace=` (rpc wrapper namespace).
    pub namespace: Option<String>,
    /// Where it is written.
    pub span: Span,
}

/// `soap:header`.
#[derive(Debug, Clone)]
pub struct SoapHeader {
    /// The message holding the part.
    pub message: Option<MessageId>,
    /// The part.
    pub part: String,
    /// `use`.
    pub use_: Use,
    /// Where it is written.
    pub span: Span,
}

/// A `mime:part` of a `mime:multipartRelated`.
#[derive(Debug, Clone, Default)]
pub struct MimePart {
    /// `soap:body` inside (the root part).
    pub body: Option<SoapBody>,
    /// `soap:header`s inside.
    pub headers: Vec<SoapHeader>,
    /// `mime:content` alternatives.
    pub contents: Vec<MimeContent>,
    /// `mime:mimeXml part=`.
    pub mime_xml: Option<String>,
}

/// `mime:content`.
#[derive(Debug, Clone)]
pub struct MimeContent {
    /// `part=`.
    pub part: Option<String>,
    /// `type=`.
    pub content_type: Option<String>,
    /// Where it is written.
    pub span: Span,
}

/// A fault binding.
#[derive(Debug, Clone)]
pub struct BindingFault {
    /// `name=`.
    pub name: String,
    /// `use` of `soap:fault`.
    pub use_: Use,
}

/// A `wsdl:service`.
#[derive(Debug, Clone)]
pub struct Service {
    /// Name.
    pub name: QName,
    /// Where it is defined.
    pub span: Span,
    /// `wsdl:documentation`.
    pub doc: Option<String>,
    /// Its ports.
    pub ports: Vec<Port>,
}

/// A `wsdl:port`.
#[derive(Debug, Clone)]
pub struct Port {
    /// Name.
    pub name: String,
    /// Where it is defined.
    pub span: Span,
    /// The binding.
    pub binding: Option<BindingId>,
    /// `soap:address location` / `soap12:address location`.
    pub address: Option<String>,
    /// MTOM policy of the port and its binding together.
    pub mtom: MtomPolicy,
}

/// Convenience: names of a message's parts.
pub fn part_names(message: &Message) -> Vec<&str> {
    message.parts.iter().map(|p| p.name.as_str()).collect()
}
