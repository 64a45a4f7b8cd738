//! Inspection of a captured message (the library side of `soapstone mime
//! inspect`): HTTP framing, decoding, and a report of parts and problems.

use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::message::{Message, PackageKind, Problem};
use crate::soap::SoapVersion;
use bytes::Bytes;
use sha2::{Digest, Sha256};

/// An HTTP request or response read from a capture.
#[derive(Debug, Clone)]
pub struct HttpMessage {
    /// The request or status line.
    pub start_line: String,
    /// Header fields in order.
    pub headers: Vec<(String, String)>,
    /// The body (de-chunked when `Transfer-Encoding: chunked`).
    pub body: Bytes,
}

impl HttpMessage {
    /// Whether the bytes start like an HTTP request or response.
    pub fn looks_like_http(raw: &[u8]) -> bool {
        let line_end = memchr::memchr(b'\n', raw).unwrap_or(raw.len()).min(8192);
        let line = &raw[..line_end];
        line.starts_with(b"HTTP/") || memchr::memmem::find(line, b" HTTP/1.").is_some()
    }

    /// Parses a whole HTTP message.
    pub fn parse(raw: &Bytes) -> Result<Self> {
        let mut headers = [httparse::EMPTY_HEADER; 128];
        let (start_line, body_at, fields) = if raw.starts_with(b"HTTP/") {
            let mut r = httparse::Response::new(&mut headers);
            let n = match r.parse(raw).map_err(|e| Error::Http(e.to_string()))? {
                httparse::Status::Complete(n) => n,
                httparse::Status::Partial => return Err(Error::Http("incomplete header".into())),
            };
            let line = format!(
                "HTTP/1.{} {} {}",
                r.version.unwrap_or(1),
                r.code.unwrap_or(0),
                r.reason.unwrap_or("")
            );
            (line, n, collect(r.headers))
        } else {
            let mut r = httparse::Request::new(&mut headers);
            let n = match r.parse(raw).map_err(|e| Error::Http(e.to_string()))? {
                httparse::Status::Complete(n) => n,
                httparse::Status::Partial => return Err(Error::Http("incomplete header".into())),
            };
            let line = format!(
                "{} {} HTTP/1.{}",
                r.method.unwrap_or(""),
                r.path.unwrap_or(""),
                r.version.unwrap_or(1)
            );
            (line, n, collect(r.headers))
        };
        let mut body = raw.slice(body_at..);
        let chunked = fields.iter().any(|(n, v)| {
            n.eq_ignore_ascii_case("transfer-encoding")
                && v.to_ascii_lowercase().contains("chunked")
        });
        if chunked {
            body = Bytes::from(dechunk(&body)?);
        }
        Ok(HttpMessage {
            start_line,
            headers: fields,
            body,
        })
    }

    /// A header value by (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn collect(h: &[httparse::Header<'_>]) -> Vec<(String, String)> {
    h.iter()
        .map(|h| {
            (
                h.name.to_string(),
                String::from_utf8_lossy(h.value).trim().to_string(),
            )
        })
        .collect()
}

/// Decodes a chunked transfer-coded body.
pub fn dechunk(mut b: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(b.len());
    loop {
        let nl =
            memchr::memchr(b'\n', b).ok_or_else(|| Error::Http("truncated chunk size".into()))?;
        let line = String::from_utf8_lossy(&b[..nl]);
        let size_txt = line
            .trim()
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_string();
        let size = usize::from_str_radix(&size_txt, 16)
            .map_err(|_| Error::Http(format!("bad chunk size {size_txt:?}")))?;
        b = &b[nl + 1..];
        if size == 0 {
            return Ok(out);
        }
        let data = b
            .get(..size)
            .ok_or_else(|| Error::Http("truncated chunk".into()))?;
        out.extend_from_slice(data);
        b = &b[size..];
        b = b
            .strip_prefix(b"\r\n")
            .or_else(|| b.strip_prefix(b"\n"))
            .unwrap_or(b);
    }
}

/// One part in a [`Report`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartReport {
    /// 0-based index in the message.
    pub index: usize,
    /// Content-ID without `<>`.
    pub content_id: Option<String>,
    /// Content-Type header value.
    pub content_type: Option<String>,
    /// Content-Transfer-Encoding.
    pub transfer_encoding: String,
    /// Size of the decoded bytes.
    pub size: u64,
    /// SHA-256 of the decoded bytes, lower-case hex.
    pub sha256: String,
    /// Whether this is the root part.
    pub root: bool,
    /// Where the reference to it stood.
    pub referenced_by: Option<String>,
    /// The referencing element's `xmime:contentType` attribute (A5).
    pub xmime_content_type: Option<String>,
}

/// What `mime inspect` shows.
#[derive(Debug, Clone)]
pub struct Report {
    /// mtom, swa or plain.
    pub kind: PackageKind,
    /// SOAP version, if SOAP.
    pub soap_version: Option<SoapVersion>,
    /// The root part's Content-ID (or its index).
    pub root: String,
    /// The action, if any (D14 or `SOAPAction`).
    pub action: Option<String>,
    /// The Content-Type the message was decoded with.
    pub content_type: String,
    /// Whether the root holds a SOAP Fault.
    pub fault: bool,
    /// Each part, root included, in message order.
    pub parts: Vec<PartReport>,
    /// Problems and notable facts with checklist ids.
    pub problems: Vec<Problem>,
}

/// Decodes a capture: a whole HTTP message (headers read from it) or, with
/// `content_type`, a raw body. Returns the report and the decoded message.
pub fn inspect(
    raw: Bytes,
    content_type: Option<&str>,
    limits: &Limits,
) -> Result<(Report, Message)> {
    let (ct, body, soap_action) = match content_type {
        Some(ct) if !HttpMessage::looks_like_http(&raw) => (ct.to_string(), raw, None),
        _ => {
            if !HttpMessage::looks_like_http(&raw) {
                return Err(Error::Http(
                    "not an HTTP message; give the body's Content-Type with --content-type".into(),
                ));
            }
            let http = HttpMessage::parse(&raw)?;
            let ct = match (content_type, http.header("content-type")) {
                (Some(c), _) => c.to_string(),
                (None, Some(c)) => c.to_string(),
                (None, None) => return Err(Error::Http("no Content-Type header".into())),
            };
            let action = http
                .header("soapaction")
                .map(|a| a.trim().trim_matches('"').to_string());
            (ct, http.body, action)
        }
    };
    let mut msg = crate::mime::reader::decode(&ct, body, limits)?;
    if msg.action.is_none() {
        msg.action = soap_action.filter(|a| !a.is_empty());
    }
    let report = report(&msg, &ct)?;
    Ok((report, msg))
}

/// Builds the report of a decoded message (hashes every part).
pub fn report(msg: &Message, content_type: &str) -> Result<Report> {
    let mut parts = Vec::with_capacity(msg.attachments.len() + 1);
    parts.push(PartReport {
        index: msg.root.index,
        content_id: msg.root.content_id.clone(),
        content_type: msg.root.content_type.clone(),
        transfer_encoding: msg.root.transfer_encoding.as_str().to_string(),
        size: msg.root_xml.len() as u64,
        sha256: hex(&Sha256::digest(&msg.root_xml)),
        root: true,
        referenced_by: None,
        xmime_content_type: None,
    });
    for a in &msg.attachments {
        let mut h = Sha256::new();
        a.data.for_each_chunk(|c| h.update(c))?;
        parts.push(PartReport {
            index: a.part.index,
            content_id: a.part.content_id.clone(),
            content_type: a.part.content_type.clone(),
            transfer_encoding: a.part.transfer_encoding.as_str().to_string(),
            size: a.data.len(),
            sha256: hex(&h.finalize()),
            root: false,
            referenced_by: a.referenced_by.as_ref().map(|p| p.to_string()),
            xmime_content_type: a.content_type_attr.clone(),
        });
    }
    parts.sort_by_key(|p| p.index);
    let fault = msg.envelope().map(|e| e.is_fault()).unwrap_or(false);
    Ok(Report {
        kind: msg.kind,
        soap_version: msg.version,
        root: msg
            .root
            .content_id
            .clone()
            .unwrap_or_else(|| msg.root.index.to_string()),
        action: msg.action.clone(),
        content_type: content_type.to_string(),
        fault,
        parts,
        problems: msg.problems.clone(),
    })
}

/// Lower-case hex of bytes.
pub fn hex(b: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        let _ = write!(s, "{x:02x}");
    }
    s
}
