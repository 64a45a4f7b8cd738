//! SOAP with Attachments: non-XOP multipart/related packages whose parts are
//! referenced by `href="cid:..."` attributes or `wsi:swaRef` values, with WS-I
//! Attachments Profile part-name Content-IDs (A9, A10).
//!
//! Reading SwA is done by the same readers as MTOM ([`crate::mime::reader`],
//! [`crate::mime::stream`]): they find `href` and swaRef references and report
//! where each stood.

use crate::binary::Binary;
use crate::error::{Error, Result};
use crate::mime::header::{check_header_value, percent_encode, quote};
use crate::mime::writer::{build_chunks, fresh_boundary, fresh_content_id, Package, PartSet};
use crate::soap::SoapVersion;
use bytes::Bytes;

/// The `cid:` URL for a Content-ID (for an `href` attribute, an
/// `xop:Include` or a swaRef value): bytes a URL cannot hold as they are,
/// `%` among them, as `%HH`, so that a receiver decoding the URL (RFC 2392)
/// gets the Content-ID back (`pi%C3%A8ce=...`, a part name encoded, becomes
/// `cid:pi%25C3%25A8ce=...`). `&`, `'`, `"`, `<` and `>` are encoded too,
/// so the URL stands in XML text and attribute values as it is.
pub fn href(content_id: &str) -> String {
    let plain = |c: u8| c.is_ascii_alphanumeric() || b"-._~!$()*+,;=:@/".contains(&c);
    format!("cid:{}", percent_encode(content_id, plain))
}

/// A `wsdl:part` name as it stands in a Content-ID: bytes outside
/// `[A-Za-z0-9._-]` (UTF-8 of non-ASCII letters, and anything else) as
/// `%HH`.
pub fn encode_part_name(name: &str) -> std::borrow::Cow<'_, str> {
    percent_encode(name, |c| c.is_ascii_alphanumeric() || b"-._".contains(&c))
}

/// The `wsdl:part` name a Content-ID's `name=` segment stands for, its
/// `%HH` escapes decoded; `None` when an escape is broken or the bytes are
/// not UTF-8.
pub fn decode_part_name(segment: &str) -> Option<String> {
    crate::mime::header::percent_decode(segment)
}

/// Builds a SwA package.
#[derive(Debug)]
pub struct SwaWriter {
    version: SoapVersion,
    action: Option<String>,
    boundary: String,
    root_cid: String,
    parts: PartSet,
    /// The part names attached so far.
    names: Vec<String>,
}

impl SwaWriter {
    /// A writer for a SOAP version.
    pub fn new(version: SoapVersion) -> Self {
        SwaWriter {
            version,
            action: None,
            boundary: fresh_boundary(),
            root_cid: format!("root.{}", fresh_content_id()),
            parts: PartSet::new(),
            names: Vec::new(),
        }
    }

    /// The action (SOAP 1.2 `action` parameter, SOAP 1.1 `SOAPAction` header).
    pub fn action(mut self, action: impl Into<String>) -> Result<Self> {
        let a = action.into();
        check_header_value(&a)?;
        self.action = Some(a);
        Ok(self)
    }

    /// Adds an attachment with a fresh Content-ID; returns the Content-ID (use
    /// [`href`] for the reference).
    pub fn attach(&mut self, b: &Binary) -> Result<String> {
        self.parts.add(b, fresh_content_id)
    }

    /// Adds the attachment for a WSDL `mime:content part="..."`, with the WS-I AP
    /// Content-ID `<partname=unique@domain>` (A10): a part name (an XML
    /// NCName) goes in percent-encoded where it is not `[A-Za-z0-9._-]`, as
    /// [`Message::attachment_for_part`](crate::Message::attachment_for_part)
    /// finds it.
    ///
    /// # Errors
    /// [`Error::RepeatedPart`] for a name already attached (a receiver
    /// refuses a message carrying one part name twice), and as
    /// [`attach`](Self::attach).
    pub fn attach_part(&mut self, part_name: &str, b: &Binary) -> Result<String> {
        if part_name.is_empty() {
            return Err(Error::InvalidHeaderValue(part_name.to_string()));
        }
        if self.names.iter().any(|n| n == part_name) {
            return Err(Error::RepeatedPart(part_name.to_string()));
        }
        let name = encode_part_name(part_name);
        let b = b.clone().with_content_id(String::new());
        let id = self
            .parts
            .add(&b, move || format!("{name}={}", fresh_content_id()))?;
        // Recorded once attached: a part refused (a bad content type) may be
        // attached again under its name.
        self.names.push(part_name.to_string());
        Ok(id)
    }

    /// Builds the package: root part `text/xml` (1.1) or `application/soap+xml`
    /// (1.2), then every attachment, binary transfer encoding, CRLF.
    pub fn finish(self, envelope: impl Into<Bytes>) -> Result<Package> {
        let soap_type = self.version.media_type();
        let mut ct = format!(
            "multipart/related; type=\"{soap_type}\"; boundary={}; start={}",
            quote(&self.boundary),
            quote(&format!("<{}>", self.root_cid))
        );
        let mut soap_action = None;
        match (self.version, &self.action) {
            (SoapVersion::V12, Some(a)) => ct.push_str(&format!("; action={}", quote(a))),
            (SoapVersion::V11, Some(a)) => soap_action = Some(a.clone()),
            _ => {}
        }
        let root_ct = format!("{soap_type}; charset=UTF-8");
        let chunks = build_chunks(
            &self.boundary,
            &self.root_cid,
            &root_ct,
            envelope.into(),
            &self.parts.parts,
        );
        Ok(Package::new(ct, chunks, soap_action))
    }
}
