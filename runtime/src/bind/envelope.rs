//! Typed values in and out of SOAP messages: the body element of a request
//! or response as an MTOM package or a plain envelope, and back.

use super::{
    shared_source, write_complex, DeError, Document, ReadCtx, ReadOptions, XmlComplex, XmlNode,
    XmlWriter,
};
use crate::mime::writer::{plain, MtomWriter, Package};
use crate::soap::SoapVersion;
use crate::{Binary, Message};

/// How binaries travel in an outgoing message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Plain SOAP; every binary inline as base64.
    Inline,
    /// MTOM/XOP: binaries larger than `threshold` bytes become parts (F1).
    Mtom {
        /// Optimize iff size > threshold.
        threshold: u64,
    },
}

/// Packages a SOAP envelope whose body `write_body` writes, with the header
/// blocks (serialized elements) given: an XOP package (`Encoding::Mtom`) or a
/// plain envelope. `attachments` travel as parts no element references (D12,
/// e.g. attachments taken from an [`AttachmentStore`](crate::AttachmentStore));
/// with any of them the message is an XOP package even for
/// `Encoding::Inline`, whose binaries then stay inline. With `parts` (the
/// MIME parts a WSDL MIME binding puts beside the envelope) the message is
/// SOAP with Attachments whatever `encoding` says ([`package_swa`]).
/// Attachment bytes are not copied into the package (F2).
pub fn package_envelope(
    version: SoapVersion,
    action: Option<&str>,
    encoding: Encoding,
    header_blocks: &[&str],
    parts: &[NamedPart<'_>],
    attachments: &[Binary],
    write_body: impl FnOnce(&mut XmlWriter<'_>) -> crate::Result<()>,
) -> crate::Result<Package> {
    if !parts.is_empty() {
        return package_swa(
            version,
            action,
            header_blocks,
            parts,
            attachments,
            write_body,
        );
    }
    let threshold = match encoding {
        Encoding::Inline if attachments.is_empty() => {
            let env = inline_envelope(version, header_blocks, write_body)?;
            return plain(version, env, action);
        }
        Encoding::Inline => u64::MAX,
        Encoding::Mtom { threshold } => threshold,
    };
    let mut m = MtomWriter::new(version).threshold(threshold);
    if let Some(a) = action {
        m = m.action(a)?;
    }
    let body = {
        let mut w = XmlWriter::with_mtom(&mut m);
        write_body(&mut w)?;
        w.finish()?
    };
    for a in attachments {
        m.attach_unreferenced(a)?;
    }
    let env = crate::soap::envelope::write_envelope(version, header_blocks, &body);
    m.finish(env)
}

/// A MIME part a WSDL MIME binding puts beside the SOAP envelope (SwA): the
/// `wsdl:part` name, the media type to send when the value carries none
/// (empty: the value's own, or `application/octet-stream`), and the value.
pub type NamedPart<'a> = (&'a str, &'a str, &'a Binary);

/// Packages a SOAP envelope as SOAP with Attachments: the envelope (its
/// binaries inline) as the root part, then each of `parts` with the WS-I
/// Attachments Profile Content-ID `<name=unique@domain>` (A10) that
/// [`Message::attachment_for_part`] finds, then `attachments` as
/// unreferenced parts. Part bytes are not copied (F2).
pub fn package_swa(
    version: SoapVersion,
    action: Option<&str>,
    header_blocks: &[&str],
    parts: &[NamedPart<'_>],
    attachments: &[Binary],
    write_body: impl FnOnce(&mut XmlWriter<'_>) -> crate::Result<()>,
) -> crate::Result<Package> {
    let env = inline_envelope(version, header_blocks, write_body)?;
    let mut swa = crate::swa::SwaWriter::new(version);
    if let Some(a) = action {
        swa = swa.action(a)?;
    }
    for (name, media_type, value) in parts {
        match value.content_type() {
            None if !media_type.is_empty() => {
                swa.attach_part(name, &(*value).clone().with_content_type(*media_type))?
            }
            _ => swa.attach_part(name, value)?,
        };
    }
    for a in attachments {
        swa.attach(a)?;
    }
    swa.finish(env)
}

/// The envelope holding the header blocks and the body `write_body`
/// writes, binaries inline.
fn inline_envelope(
    version: SoapVersion,
    header_blocks: &[&str],
    write_body: impl FnOnce(&mut XmlWriter<'_>) -> crate::Result<()>,
) -> crate::Result<String> {
    let mut w = XmlWriter::new();
    write_body(&mut w)?;
    Ok(crate::soap::envelope::write_envelope(
        version,
        header_blocks,
        &w.finish()?,
    ))
}

/// The XML document a `mime:mimeXml` part carries (WSDL 1.1 §5.6): `value`
/// as its root element `{ns}local`, media type `text/xml` with its charset
/// (UTF-8) said: without one, RFC 3023 lets a receiver read US-ASCII.
pub fn xml_part<T: XmlComplex>(value: &T, ns: &str, local: &str) -> crate::Result<Binary> {
    let xml = super::to_xml(value, ns, local)?;
    Ok(Binary::from(xml.into_bytes()).with_content_type("text/xml; charset=UTF-8"))
}

/// Reads a `mime:mimeXml` part as `T` within `opts` (the bounds the
/// message's envelope was read with): its document's root element must be
/// `{ns}local`. Text fields do not copy a part held in memory.
pub fn read_xml_part<T: XmlComplex>(
    part: &Binary,
    ns: &str,
    local: &str,
    opts: &ReadOptions,
) -> Result<T, DeError> {
    // Before reading it: a part spilled to a file is not loaded whole
    // only to be refused.
    if part.len() > opts.max_size {
        return Err(DeError {
            path: "/".into(),
            message: format!(
                "an XML part of {} bytes: at most {} are read as XML (the root part limit)",
                part.len(),
                opts.max_size
            ),
        });
    }
    let bytes = part.to_bytes().map_err(|e| DeError {
        path: "/".into(),
        message: format!("cannot read the XML part: {e}"),
    })?;
    super::from_bytes_with(bytes, ns, local, opts)
}

/// Writes `value` as the body element `{ns}local` of a SOAP envelope and
/// packages it (see [`package_envelope`]).
pub fn to_package<T: XmlComplex>(
    value: &T,
    ns: &str,
    local: &str,
    version: SoapVersion,
    action: Option<&str>,
    encoding: Encoding,
) -> crate::Result<Package> {
    package_envelope(version, action, encoding, &[], &[], &[], |w| {
        write_complex(w, ns, local, value)
    })
}

/// Reads the first body element of a received message (plain or MTOM) as
/// `T`, checking it is `{ns}local` ([`EMPTY_BODY`](super::EMPTY_BODY): an
/// empty Body, read as `()`). `xop:Include`s resolve to the message's parts
/// without copying their bytes (D11).
pub fn from_message<T: XmlComplex>(message: &Message, ns: &str, local: &str) -> Result<T, DeError> {
    let src = shared_source(message.root_xml.clone())?;
    let doc = Document::parse_shared(&src, &ReadOptions::default())?;
    let (body, name) = body_entry(doc.root())?;
    if name != (ns, local) {
        return Err(DeError::at(
            body,
            format!(
                "expected {}, found {}",
                describe_body((ns, local)),
                describe_body(name)
            ),
        ));
    }
    T::read(
        body,
        &ReadCtx {
            message: Some(message),
        },
    )
}

/// A body element name for messages: `body element {ns}local`, or `an
/// empty Body` for [`EMPTY_BODY`](super::EMPTY_BODY).
pub(crate) fn describe_body((ns, local): (&str, &str)) -> String {
    match local {
        "" => "an empty Body".to_string(),
        _ => format!("body element {{{ns}}}{local}"),
    }
}

/// What a received Body holds: its first element child and that
/// element's name, or, for an empty Body (WS-I BP R2202), the Body itself
/// and [`EMPTY_BODY`](super::EMPTY_BODY).
pub fn body_entry(envelope: XmlNode<'_>) -> Result<(XmlNode<'_>, (&str, &str)), DeError> {
    let body = envelope_child(envelope, "Body")?
        .ok_or_else(|| DeError::at(envelope, "envelope without Body"))?;
    Ok(match body.children().next() {
        Some(first) => (first, (first.ns(), first.local())),
        None => (body, super::EMPTY_BODY),
    })
}

/// The first element child of the envelope's Body (an empty Body is an
/// error here; see [`body_entry`]).
pub fn body_element(envelope: XmlNode<'_>) -> Result<XmlNode<'_>, DeError> {
    match body_entry(envelope)? {
        (body, super::EMPTY_BODY) => Err(DeError::at(body, "empty Body")),
        (first, _) => Ok(first),
    }
}

/// The `Header` or `Body` of a SOAP 1.1 or 1.2 envelope (`None` when there
/// is none); an error when `envelope` is not one.
fn envelope_child<'d>(envelope: XmlNode<'d>, local: &str) -> Result<Option<XmlNode<'d>>, DeError> {
    let env_ns = envelope.ns();
    if !(envelope.local() == "Envelope"
        && (env_ns == crate::xml::SOAP11_NS || env_ns == crate::xml::SOAP12_NS))
    {
        return Err(DeError::at(envelope, "not a SOAP envelope"));
    }
    Ok(envelope.children().find(|c| c.is(env_ns, local)))
}

/// The header block `{ns}local` of a SOAP envelope meant for this node
/// (see [`aimed_at_receiver`]; `None` when the envelope has none).
pub fn header_block<'d>(
    envelope: XmlNode<'d>,
    ns: &str,
    local: &str,
) -> Result<Option<XmlNode<'d>>, DeError> {
    let env_ns = envelope.ns();
    Ok(envelope_child(envelope, "Header")?.and_then(|h| {
        h.children()
            .find(|c| c.is(ns, local) && aimed_at_receiver(*c, env_ns))
    }))
}

/// `actor` (SOAP 1.1) or `role` (SOAP 1.2) values naming the next node.
const NEXT_ROLES: [&str; 2] = [
    "http://schemas.xmlsoap.org/soap/actor/next",
    "http://www.w3.org/2003/05/soap-envelope/role/next",
];
/// The SOAP 1.2 role of the ultimate receiver (what a role left out means).
const ULTIMATE_RECEIVER: &str = "http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver";

/// True when header block `block` of an envelope in namespace `env_ns` is
/// meant for the ultimate receiver (a soapstone client or endpoint): no
/// `actor`/`role`, the next node's, or SOAP 1.2's `ultimateReceiver`.
/// Blocks for other actors or roles, and SOAP 1.2's `none`, are not (SOAP
/// 1.1 §4.2.2, SOAP 1.2 Part 1 §5.2.2).
pub fn aimed_at_receiver(block: XmlNode<'_>, env_ns: &str) -> bool {
    let name = if env_ns == crate::xml::SOAP12_NS {
        "role"
    } else {
        "actor"
    };
    match block.attribute(env_ns, name).map(crate::xml::trim_xml) {
        None | Some("") => true,
        Some(role) => NEXT_ROLES.contains(&role) || role == ULTIMATE_RECEIVER,
    }
}

/// The header blocks a SOAP node processes, by name or by namespace: what
/// [`not_understood`] checks `mustUnderstand` blocks against, at an
/// endpoint (`http::server::Service`) and in a client
/// (`http::client::Client`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnderstoodHeaders {
    /// (namespace, local name); an empty local name stands for every block
    /// of the namespace.
    names: Vec<(String, String)>,
}

impl UnderstoodHeaders {
    /// Declares header block `{ns}local` understood.
    pub fn add(&mut self, ns: &str, local: &str) {
        if !self.names.iter().any(|(n, l)| n == ns && l == local) {
            self.names.push((ns.to_string(), local.to_string()));
        }
    }

    /// Declares every header block of namespace `ns` understood.
    pub fn add_namespace(&mut self, ns: &str) {
        self.add(ns, "");
    }

    /// True when header block `{ns}local` is declared understood, by name
    /// or by namespace.
    pub fn accepts(&self, ns: &str, local: &str) -> bool {
        self.names
            .iter()
            .any(|(n, l)| n == ns && (l == local || l.is_empty()))
    }
}

/// The header blocks of `envelope` meant for this node (see
/// [`aimed_at_receiver`]) that must be understood (`mustUnderstand` `1` or
/// `true`) and that `understood(ns, local)` does not accept. SOAP's
/// processing model has a receiver answer a MustUnderstand fault instead
/// of processing a message with any (SOAP 1.1 §4.2.3, SOAP 1.2 Part 1
/// §5.2.3); an error when `envelope` is not a SOAP envelope.
pub fn not_understood<'d>(
    envelope: XmlNode<'d>,
    understood: impl Fn(&str, &str) -> bool,
) -> Result<Vec<XmlNode<'d>>, DeError> {
    let env_ns = envelope.ns();
    let Some(header) = envelope_child(envelope, "Header")? else {
        return Ok(Vec::new());
    };
    Ok(header
        .children()
        .filter(|b| {
            let must = b
                .attribute(env_ns, "mustUnderstand")
                .map(crate::xml::trim_xml);
            matches!(must, Some("1" | "true"))
                && aimed_at_receiver(*b, env_ns)
                && !understood(b.ns(), b.local())
        })
        .collect())
}

/// Reads the header block `{ns}local` of a received message as `T` (a
/// generated type: the WSDL's `soap:header` elements), `None` when the
/// message has none. Binaries in it resolve to the message's parts.
pub fn header_from_message<T: XmlComplex>(
    message: &Message,
    ns: &str,
    local: &str,
) -> Result<Option<T>, DeError> {
    header_from_message_with(message, ns, local, &ReadOptions::default())
}

/// [`header_from_message`] with the bounds the message was read with (an
/// endpoint's [`Limits`](crate::Limits) may allow deeper XML than the
/// defaults).
pub fn header_from_message_with<T: XmlComplex>(
    message: &Message,
    ns: &str,
    local: &str,
    opts: &ReadOptions,
) -> Result<Option<T>, DeError> {
    let src = shared_source(message.root_xml.clone())?;
    let doc = Document::parse_shared(&src, opts)?;
    match header_block(doc.root(), ns, local)? {
        Some(block) => T::read(
            block,
            &ReadCtx {
                message: Some(message),
            },
        )
        .map(Some),
        None => Ok(None),
    }
}
