//! [`Message`]: a received or outgoing SOAP message with its attachments.

use crate::binary::Binary;
use crate::error::Result;
use crate::mime::header::Headers;
use crate::mime::multipart::TransferEncoding;
use crate::soap::{Envelope, Fault, SoapVersion};
use crate::xop::{BodyPath, RefKind, Section};
use bytes::Bytes;
use std::fmt;

/// How the message was packaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PackageKind {
    /// multipart/related with an `application/xop+xml` root (MTOM/XOP).
    Mtom,
    /// multipart/related with a plain XML root (SOAP with Attachments).
    Swa,
    /// A single XML document (`text/xml`, `application/soap+xml`), D13.
    Plain,
}

impl PackageKind {
    /// `"mtom"`, `"swa"` or `"plain"`.
    pub fn as_str(self) -> &'static str {
        match self {
            PackageKind::Mtom => "mtom",
            PackageKind::Swa => "swa",
            PackageKind::Plain => "plain",
        }
    }
}

/// True when the Content-ID of `a` names WSDL part `part_name` (WS-I AP
/// `<name=...>`, the name as written or percent-encoded).
fn names_part(a: &Attachment, part_name: &str) -> bool {
    a.part
        .content_id
        .as_deref()
        .and_then(|c| c.split_once('='))
        .is_some_and(|(name, _)| {
            name == part_name
                || name.contains('%')
                    && crate::swa::decode_part_name(name).as_deref() == Some(part_name)
        })
}

/// How an attachment is identified: its Content-ID, or its part index when the
/// part had none (D7).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum AttachmentId {
    /// The Content-ID without `<>`.
    ContentId(String),
    /// The 0-based index of the part in the message (the root counts).
    Index(usize),
}

impl fmt::Display for AttachmentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AttachmentId::ContentId(c) => f.write_str(c),
            AttachmentId::Index(i) => write!(f, "{i}"),
        }
    }
}

/// Facts about one MIME part as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartInfo {
    /// 0-based index of the part in the message.
    pub index: usize,
    /// Content-ID without `<>`, if the part had one.
    pub content_id: Option<String>,
    /// Content-Type header value, if the part had one.
    pub content_type: Option<String>,
    /// Content-Transfer-Encoding.
    pub transfer_encoding: TransferEncoding,
    /// All header fields.
    pub headers: Headers,
}

/// One attachment of a message.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// Content-ID, or index when the part had none.
    pub id: AttachmentId,
    /// The part as received (for an outgoing message: as it will be written).
    pub part: PartInfo,
    /// Decoded bytes (in memory or spilled to disk), carrying content type and id.
    pub data: Binary,
    /// Where the reference to this part stood; `None` for an unreferenced part (D12).
    pub referenced_by: Option<BodyPath>,
    /// How it was referenced.
    pub reference_kind: Option<RefKind>,
    /// The `xmime:contentType` attribute of the referencing element, if any (A5).
    pub content_type_attr: Option<String>,
}

impl Attachment {
    /// The content type (header value), if any.
    pub fn content_type(&self) -> Option<&str> {
        self.part.content_type.as_deref()
    }

    /// The content type a typed field gets (A5): the referencing element's
    /// `xmime:contentType` attribute, else the part's Content-Type header.
    pub fn effective_content_type(&self) -> Option<&str> {
        self.content_type_attr.as_deref().or(self.content_type())
    }

    /// Whether no element of the root referenced this part (D12).
    pub fn is_unreferenced(&self) -> bool {
        self.referenced_by.is_none()
    }
}

/// A problem or notable fact found while reading, tagged with its checklist id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Checklist id, e.g. `"D1"`.
    pub id: &'static str,
    /// What was found.
    pub message: String,
}

/// A SOAP message and its attachments.
#[derive(Debug, Clone)]
pub struct Message {
    /// Unique id of the root document, generated for every message read.
    pub root_document_id: String,
    /// How the message was packaged.
    pub kind: PackageKind,
    /// SOAP version (envelope namespace, else the media types); `None` for a
    /// document that is not a SOAP envelope.
    pub version: Option<SoapVersion>,
    /// The action (D14: `action` parameter, inside `start-info`, or on the root
    /// part's type; the `SOAPAction` header when the caller supplies it).
    pub action: Option<String>,
    /// The root part as received (plain messages: a synthetic part 0).
    pub root: PartInfo,
    /// The root XML, decoded; references stay as written (`xop:Include`).
    pub root_xml: Bytes,
    /// Attachments in message order (the root excluded).
    pub attachments: Vec<Attachment>,
    /// Non-fatal problems and notable facts (for diagnostics).
    pub problems: Vec<Problem>,
}

/// `path` as a path within `p`'s section: for a reference in a header
/// block, what follows its `/Header` prefix (`None` without one); for any
/// other, `path` itself.
fn in_section<'a>(p: &BodyPath, path: &'a str) -> Option<&'a str> {
    match p.section {
        Section::Header => path.strip_prefix("/Header").filter(|r| r.starts_with('/')),
        Section::Body | Section::Document => Some(path),
    }
}

impl Message {
    /// Parses the root as a SOAP envelope.
    pub fn envelope(&self) -> Result<Envelope> {
        Envelope::parse(self.root_xml.clone())
    }

    /// The fault, if the body holds one (E3: works the same for plain and MTOM).
    pub fn fault(&self) -> Result<Option<Fault>> {
        self.envelope()?.fault()
    }

    /// The attachment referenced from a path: plain (`/a/b`, first occurrence),
    /// or indexed as in [`BodyPath::indexed`] (`/a/b[2]`). A path in a
    /// header block starts with `/Header`, as a [`BodyPath`] displays it
    /// (`/Header/sig/v`); without it, a path is in the Body (or the
    /// document element of a message that is not SOAP).
    pub fn attachment_at(&self, path: &str) -> Option<&Attachment> {
        self.attachments.iter().find(|a| {
            a.referenced_by.as_ref().is_some_and(|p| {
                in_section(p, path)
                    .is_some_and(|rest| p.indexed == rest || (p.path == rest && p.occurrence == 1))
            })
        })
    }

    /// All attachments referenced from a plain path (`/Header` in front for
    /// a header block, as in [`attachment_at`](Self::attachment_at)), in
    /// document order.
    pub fn attachments_at<'a>(
        &'a self,
        path: &'a str,
    ) -> impl Iterator<Item = &'a Attachment> + 'a {
        let mut v: Vec<&Attachment> = self
            .attachments
            .iter()
            .filter(|a| {
                a.referenced_by
                    .as_ref()
                    .is_some_and(|p| in_section(p, path) == Some(p.path.as_str()))
            })
            .collect();
        v.sort_by_key(|a| a.referenced_by.as_ref().map_or(0, |p| p.occurrence));
        v.into_iter()
    }

    /// The attachment with a Content-ID (compared after stripping `<>`/`cid:`).
    pub fn attachment(&self, content_id: &str) -> Option<&Attachment> {
        let want = crate::mime::header::normalize_cid(content_id);
        self.attachments
            .iter()
            .find(|a| a.part.content_id.as_deref() == Some(want))
    }

    /// The attachment for a WSDL `mime:content part="..."`: WS-I AP Content-ID
    /// `<partname=unique@domain>` (A10), the name as written or
    /// percent-encoded ([`encode_part_name`](crate::swa::encode_part_name)).
    /// The first such one: [`part_data`](Self::part_data) also refuses a
    /// name that several parts carry.
    pub fn attachment_for_part(&self, part_name: &str) -> Option<&Attachment> {
        self.attachments.iter().find(|a| names_part(a, part_name))
    }

    /// The bytes of the one part named `part_name` (see
    /// [`attachment_for_part`](Self::attachment_for_part)), shared with the
    /// message and carrying the part's content type; `None` when there is
    /// none.
    ///
    /// # Errors
    /// [`Error::RepeatedPart`](crate::Error::RepeatedPart) when several parts
    /// carry the name.
    pub fn part_data(&self, part_name: &str) -> Result<Option<Binary>> {
        let mut found = self.attachments.iter().filter(|a| names_part(a, part_name));
        let first = found.next();
        if found.next().is_some() {
            return Err(crate::Error::RepeatedPart(part_name.to_string()));
        }
        Ok(first.map(|a| a.data.clone()))
    }

    /// Attachments that nothing in the root referenced (D12).
    pub fn unreferenced(&self) -> impl Iterator<Item = &Attachment> {
        self.attachments.iter().filter(|a| a.is_unreferenced())
    }
}

pub(crate) fn new_root_document_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
