//! SOAP envelopes: version detection, header and body access, and writing.

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::soap::fault::Fault;
use crate::soap::SoapVersion;
use crate::xop::{scan, ScanMode};
use bytes::Bytes;
use std::ops::Range;

/// A parsed SOAP envelope over its XML bytes (zero-copy: every accessor is a
/// slice of the original buffer).
#[derive(Debug, Clone)]
pub struct Envelope {
    xml: Bytes,
    version: SoapVersion,
    header: Option<Range<usize>>,
    body: Range<usize>,
    header_blocks: Vec<Range<usize>>,
    body_children: Vec<Range<usize>>,
    is_fault: bool,
}

impl Envelope {
    /// Parses an envelope with the default limits.
    pub fn parse(xml: impl Into<Bytes>) -> Result<Self> {
        Self::parse_with(xml.into(), &Limits::default())
    }

    /// Parses an envelope (no DTD, depth and attribute limits enforced).
    pub fn parse_with(xml: Bytes, limits: &Limits) -> Result<Self> {
        let s = scan(&xml, limits, ScanMode::Xop)?;
        let Some(version) = s.version else {
            return Err(Error::Envelope(
                "document element is not a SOAP 1.1 or 1.2 Envelope".into(),
            ));
        };
        let Some(body) = s.body else {
            return Err(Error::Envelope("no Body".into()));
        };
        Ok(Envelope {
            xml,
            version,
            header: s.header,
            body,
            header_blocks: s.header_blocks,
            body_children: s.body_children,
            is_fault: s.is_fault,
        })
    }

    /// The SOAP version, from the envelope namespace.
    pub fn version(&self) -> SoapVersion {
        self.version
    }

    /// The whole envelope.
    pub fn xml(&self) -> &Bytes {
        &self.xml
    }

    /// The Header element's content, if there is a Header.
    pub fn header(&self) -> Option<Bytes> {
        self.header.clone().map(|r| self.xml.slice(r))
    }

    /// Each header block (child element of Header), as written.
    pub fn header_blocks(&self) -> Vec<Bytes> {
        self.header_blocks
            .iter()
            .map(|r| self.xml.slice(r.clone()))
            .collect()
    }

    /// The Body element's content.
    pub fn body(&self) -> Bytes {
        self.xml.slice(self.body.clone())
    }

    /// Each child element of Body, as written.
    pub fn body_children(&self) -> Vec<Bytes> {
        self.body_children
            .iter()
            .map(|r| self.xml.slice(r.clone()))
            .collect()
    }

    /// Whether the Body holds a Fault.
    pub fn is_fault(&self) -> bool {
        self.is_fault
    }

    /// The fault, when the Body holds one.
    pub fn fault(&self) -> Result<Option<Fault>> {
        if !self.is_fault {
            return Ok(None);
        }
        Fault::parse(&self.xml).map(Some)
    }
}

/// Writes an envelope around header blocks and body content (each already XML).
/// The envelope prefix is `soap`.
pub fn write_envelope(version: SoapVersion, header_blocks: &[&str], body: &str) -> String {
    let ns = version.namespace();
    let mut out = String::with_capacity(body.len() + 160);
    out.push_str("<soap:Envelope xmlns:soap=\"");
    out.push_str(ns);
    out.push_str("\">");
    if !header_blocks.is_empty() {
        out.push_str("<soap:Header>");
        for h in header_blocks {
            out.push_str(h);
        }
        out.push_str("</soap:Header>");
    }
    out.push_str("<soap:Body>");
    out.push_str(body);
    out.push_str("</soap:Body></soap:Envelope>");
    out
}

/// The SOAP 1.2 `NotUnderstood` header block naming `{ns}local`, which a
/// MustUnderstand fault carries for each block it did not understand
/// (SOAP 1.2 Part 1 §5.4.8). Its prefix `soap` is the envelope's.
pub fn not_understood_block(ns: &str, local: &str) -> String {
    // A block in no namespace has an unprefixed QName (no prefix may be
    // bound to the empty name; the fault's default namespace is none).
    // Characters XML cannot carry (a hostile request's names) become
    // U+FFFD: the fault stays well-formed.
    let text = crate::xml::escape_lossy;
    if ns.is_empty() {
        return format!("<soap:NotUnderstood qname=\"{}\"/>", text(local));
    }
    format!(
        "<soap:NotUnderstood qname=\"q:{}\" xmlns:q=\"{}\"/>",
        text(local),
        text(ns)
    )
}

/// The `Upgrade` header block a VersionMismatch fault carries: the
/// envelope versions this node speaks, SOAP 1.2 first (SOAP 1.2 Part 1
/// §5.4.7; Appendix A puts the same block in a SOAP 1.1 fault).
pub fn upgrade_block() -> String {
    format!(
        "<upg:Upgrade xmlns:upg=\"{v12}\">\
         <upg:SupportedEnvelope qname=\"e12:Envelope\" xmlns:e12=\"{v12}\"/>\
         <upg:SupportedEnvelope qname=\"e11:Envelope\" xmlns:e11=\"{v11}\"/>\
         </upg:Upgrade>",
        v12 = crate::xml::SOAP12_NS,
        v11 = crate::xml::SOAP11_NS
    )
}
