//! The MTOM/XOP writer (B1–B5, C1–C8, E1–E2, F1, F2) and the [`Package`] it
//! produces: a list of chunks that are never copies of attachment bytes.

use crate::binary::{Binary, BinaryData, FileData};
use crate::error::{Error, Result};
use crate::limits::Limits;
use crate::mime::header::{check_header_value, quote};
use crate::soap::SoapVersion;
use crate::xml::{encode_base64, XOP_NS};
use crate::xop::{scan_bounded, RefKind, ScanMode};
use bytes::{Bytes, BytesMut};
use std::collections::HashSet;
use std::io::{self, Write};
use std::sync::Arc;

/// One piece of a package body.
#[derive(Debug, Clone)]
pub enum Chunk {
    /// Bytes in memory (MIME headers, the root XML, in-memory attachments).
    Bytes(Bytes),
    /// A file region (an attachment on disk), read when the package is written.
    File(Arc<FileData>),
}

impl Chunk {
    /// Length in bytes.
    pub fn len(&self) -> u64 {
        match self {
            Chunk::Bytes(b) => b.len() as u64,
            Chunk::File(f) => f.len(),
        }
    }

    /// Whether the chunk is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A ready-to-send message body: its Content-Type and its chunks. Building one
/// takes time proportional to the number of parts, not their size.
#[derive(Debug, Clone)]
pub struct Package {
    content_type: String,
    chunks: Vec<Chunk>,
    len: u64,
    soap_action: Option<String>,
}

impl Package {
    pub(crate) fn new(
        content_type: String,
        chunks: Vec<Chunk>,
        soap_action: Option<String>,
    ) -> Self {
        let len = chunks.iter().map(Chunk::len).sum();
        Package {
            content_type,
            chunks,
            len,
            soap_action,
        }
    }

    /// The HTTP Content-Type value.
    pub fn content_type(&self) -> &str {
        &self.content_type
    }

    /// The chunks, in order (for vectored I/O or a streamed HTTP body).
    pub fn chunks(&self) -> &[Chunk] {
        &self.chunks
    }

    /// Total length in bytes (known: every chunk's size is known).
    pub fn len(&self) -> u64 {
        self.len
    }

    /// Whether the body is empty (never, for a built package).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// HTTP headers to send with the body (C8, E1): Content-Type,
    /// `MIME-Version: 1.0` for multipart bodies, Content-Length, and the quoted
    /// `SOAPAction` for SOAP 1.1.
    pub fn http_headers(&self) -> Vec<(&'static str, String)> {
        let mut h = vec![("Content-Type", self.content_type.clone())];
        if self.content_type.starts_with("multipart/") {
            h.push(("MIME-Version", "1.0".into()));
        }
        h.push(("Content-Length", self.len.to_string()));
        if let Some(a) = &self.soap_action {
            h.push(("SOAPAction", quote(a)));
        }
        h
    }

    /// Writes the body, using vectored writes for runs of in-memory chunks and
    /// copying file regions in blocks.
    pub fn write_to<W: Write>(&self, w: &mut W) -> io::Result<u64> {
        let mut run: Vec<&[u8]> = Vec::new();
        for c in &self.chunks {
            match c {
                Chunk::Bytes(b) => run.push(b),
                Chunk::File(f) => {
                    write_all_vectored(w, &run)?;
                    run.clear();
                    use std::io::{Read, Seek, SeekFrom};
                    let mut file = std::fs::File::open(f.path())?;
                    file.seek(SeekFrom::Start(f.offset()))?;
                    let n = io::copy(&mut file.take(f.len()), w)?;
                    if n != f.len() {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "attachment file shrank",
                        ));
                    }
                }
            }
        }
        write_all_vectored(w, &run)?;
        Ok(self.len)
    }

    /// The in-memory chunks as I/O slices when the package holds no file
    /// region (for `writev`-style sends); `None` otherwise.
    pub fn io_slices(&self) -> Option<Vec<io::IoSlice<'_>>> {
        self.chunks
            .iter()
            .map(|c| match c {
                Chunk::Bytes(b) => Some(io::IoSlice::new(b)),
                Chunk::File(_) => None,
            })
            .collect()
    }

    /// Writes the body to an async writer.
    pub async fn write_to_async<W: tokio::io::AsyncWrite + Unpin>(
        &self,
        w: &mut W,
    ) -> io::Result<u64> {
        use tokio::io::AsyncWriteExt;
        for c in &self.chunks {
            match c {
                Chunk::Bytes(b) => w.write_all(b).await?,
                Chunk::File(f) => {
                    let n = tokio::io::copy(&mut f.open().await?, w).await?;
                    if n != f.len() {
                        return Err(io::Error::new(
                            io::ErrorKind::UnexpectedEof,
                            "attachment file shrank",
                        ));
                    }
                }
            }
        }
        w.flush().await?;
        Ok(self.len)
    }

    /// The body as an `AsyncRead` (a streamed HTTP body, e.g. through
    /// `tokio_util::io::ReaderStream`): in-memory chunks are handed out as they
    /// are, file regions are read when reached.
    pub fn reader(&self) -> PackageReader {
        PackageReader {
            chunks: self.chunks.clone().into_iter(),
            current: Current::Idle,
        }
    }

    /// The whole body in one buffer (one copy; reads files).
    pub fn to_bytes(&self) -> io::Result<Bytes> {
        let cap = usize::try_from(self.len).map_err(|_| io::Error::other("package too large"))?;
        let mut v = Vec::with_capacity(cap);
        self.write_to(&mut v)?;
        Ok(Bytes::from(v))
    }
}

/// A fresh, URI-safe Content-ID (C6): `[0-9a-f]` and one `@`.
pub fn fresh_content_id() -> String {
    format!("{}@soapstone", uuid::Uuid::new_v4().simple())
}

/// A fresh boundary with 122 random bits (C5).
pub fn fresh_boundary() -> String {
    format!("MIMEBoundary_{}", uuid::Uuid::new_v4().simple())
}

/// Whether a caller-supplied Content-ID uses only `A-Z a-z 0-9 - . _ ~` and one `@` (C6).
pub fn is_uri_safe_cid(cid: &str) -> bool {
    !cid.is_empty()
        && cid.bytes().filter(|&c| c == b'@').count() <= 1
        && cid
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"-._~@".contains(&c))
}

/// Checks a boundary against RFC 2046 (1–70 characters of the allowed set, not
/// ending in a space).
pub fn is_valid_boundary(b: &str) -> bool {
    (1..=70).contains(&b.len())
        && !b.ends_with(' ')
        && b.bytes()
            .all(|c| c.is_ascii_alphanumeric() || b"'()+_,-./:=? ".contains(&c))
}

/// One attachment part to write.
#[derive(Debug, Clone)]
pub(crate) struct OutPart {
    pub cid: String,
    pub content_type: String,
    pub data: Binary,
}

/// Serialises a multipart/related body: root first, then each part (C3–C5).
pub(crate) fn build_chunks(
    boundary: &str,
    root_cid: &str,
    root_content_type: &str,
    root: Bytes,
    parts: &[OutPart],
) -> Vec<Chunk> {
    let mut chunks = Vec::with_capacity(2 + parts.len() * 2);
    let mut head = BytesMut::with_capacity(256);
    head.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Type: {root_content_type}\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <{root_cid}>\r\n\r\n"
        )
        .as_bytes(),
    );
    chunks.push(Chunk::Bytes(head.freeze()));
    chunks.push(Chunk::Bytes(root));
    for p in parts {
        let h = format!(
            "\r\n--{boundary}\r\nContent-Type: {}\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <{}>\r\n\r\n",
            p.content_type, p.cid
        );
        chunks.push(Chunk::Bytes(Bytes::from(h)));
        match p.data.data() {
            BinaryData::Bytes(b) => chunks.push(Chunk::Bytes(b.clone())),
            BinaryData::File(f) => chunks.push(Chunk::File(f.clone())),
        }
    }
    chunks.push(Chunk::Bytes(Bytes::from(format!("\r\n--{boundary}--"))));
    chunks
}

/// Shared id and part bookkeeping of the MTOM and SwA writers.
#[derive(Debug)]
pub(crate) struct PartSet {
    pub parts: Vec<OutPart>,
    pub used: HashSet<String>,
}

impl PartSet {
    pub fn new() -> Self {
        PartSet {
            parts: Vec::new(),
            used: HashSet::new(),
        }
    }

    /// Registers a part: the Binary's own Content-ID when URI-safe and unused,
    /// else `fresh`; its content type or `application/octet-stream` (C4, C7).
    pub fn add(&mut self, b: &Binary, fresh: impl Fn() -> String) -> Result<String> {
        let content_type =
            check_header_value(b.content_type().unwrap_or("application/octet-stream"))?.to_string();
        let cid = match b.content_id() {
            Some(c) if is_uri_safe_cid(c) && !self.used.contains(c) => c.to_string(),
            _ => fresh(),
        };
        self.used.insert(cid.clone());
        self.parts.push(OutPart {
            cid: cid.clone(),
            content_type,
            data: b.clone(),
        });
        Ok(cid)
    }
}

/// Builds an MTOM/XOP package.
///
/// Serialise the envelope yourself, calling [`MtomWriter::content`] for the
/// content of each binary element (it returns either an `xop:Include` element or
/// inline base64), then [`MtomWriter::finish`] with the envelope.
#[derive(Debug)]
pub struct MtomWriter {
    version: SoapVersion,
    threshold: u64,
    action: Option<String>,
    boundary: String,
    root_cid: String,
    parts: PartSet,
    referenced: Vec<bool>,
}

impl MtomWriter {
    /// A writer for a SOAP version, threshold 0 (every non-empty value optimized).
    pub fn new(version: SoapVersion) -> Self {
        MtomWriter {
            version,
            threshold: 0,
            action: None,
            boundary: fresh_boundary(),
            root_cid: format!("root.{}", fresh_content_id()),
            parts: PartSet::new(),
            referenced: Vec::new(),
        }
    }

    /// Optimize a value iff its size is greater than `threshold` bytes (F1).
    pub fn threshold(mut self, threshold: u64) -> Self {
        self.threshold = threshold;
        self
    }

    /// The action: a `action` parameter for SOAP 1.2 (E2), the `SOAPAction`
    /// HTTP header for SOAP 1.1 (E1).
    pub fn action(mut self, action: impl Into<String>) -> Result<Self> {
        let a = action.into();
        check_header_value(&a)?;
        self.action = Some(a);
        Ok(self)
    }

    /// Uses a given boundary instead of a random one (tests); it must be valid (C5).
    pub fn with_boundary(mut self, boundary: impl Into<String>) -> Result<Self> {
        let b = boundary.into();
        if !is_valid_boundary(&b) {
            return Err(Error::InvalidHeaderValue(b));
        }
        self.boundary = b;
        Ok(self)
    }

    /// The boundary this writer uses.
    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    /// Whether a value would be optimized: non-empty and larger than the
    /// threshold (F1, B3).
    pub fn would_optimize(&self, b: &Binary) -> bool {
        !b.is_empty() && b.len() > self.threshold
    }

    /// The content of a binary element: an `xop:Include` (B1: the only child,
    /// no whitespace) referencing a new part (B4), or canonical inline base64 (B5).
    pub fn content(&mut self, b: &Binary) -> Result<String> {
        if self.would_optimize(b) {
            self.include(b)
        } else {
            Ok(encode_base64(&b.to_bytes()?))
        }
    }

    /// Always optimizes a non-empty value (per-field "always optimize", A7);
    /// an empty value is written inline as the empty string (B3).
    pub fn include(&mut self, b: &Binary) -> Result<String> {
        if b.is_empty() {
            return Ok(String::new());
        }
        let cid = self.parts.add(b, fresh_content_id)?;
        self.referenced.push(true);
        Ok(format!(
            "<xop:Include xmlns:xop=\"{XOP_NS}\" href=\"{}\"/>",
            crate::swa::href(&cid)
        ))
    }

    /// Adds a non-empty `b` as an optimized part and returns its Content-ID
    /// (without `cid:`), for writers that produce the `xop:Include` element
    /// themselves (the typed [`crate::bind::XmlWriter`]).
    pub fn include_cid(&mut self, b: &Binary) -> Result<String> {
        let cid = self.parts.add(b, fresh_content_id)?;
        self.referenced.push(true);
        Ok(cid)
    }

    /// Adds a part that no element references (D12); returns its Content-ID.
    pub fn attach_unreferenced(&mut self, b: &Binary) -> Result<String> {
        let cid = self.parts.add(b, fresh_content_id)?;
        self.referenced.push(false);
        Ok(cid)
    }

    /// Builds the package around the envelope. Checks that the envelope holds
    /// exactly the `xop:Include`s this writer made, each once (B2, B4).
    pub fn finish(self, envelope: impl Into<Bytes>) -> Result<Package> {
        let envelope: Bytes = envelope.into();
        // Our own envelope: as many references as this writer made parts,
        // and no reader's bounds on its depth or attributes (what sends
        // inline must send as MTOM too; the peer applies its own limits).
        let own = Limits {
            max_xml_depth: usize::MAX,
            max_attributes: usize::MAX,
            max_references_per_part: usize::MAX,
            ..Limits::unbounded_sizes()
        };
        let s = scan_bounded(&envelope, &own, ScanMode::Xop, usize::MAX)?;
        let mut seen = HashSet::new();
        for r in &s.references {
            if r.kind != RefKind::Include {
                continue;
            }
            let cid = crate::mime::header::normalize_cid(&r.href);
            if !self.parts.used.contains(cid) {
                return Err(Error::XopConflict(format!(
                    "foreign xop:Include {:?} in the content",
                    r.href
                )));
            }
            if !seen.insert(cid.to_string()) {
                return Err(Error::XopConflict(format!("part {cid:?} included twice")));
            }
        }
        for (p, referenced) in self.parts.parts.iter().zip(&self.referenced) {
            if *referenced && !seen.contains(&p.cid) {
                return Err(Error::XopConflict(format!(
                    "part {:?} is never included",
                    p.cid
                )));
            }
        }
        let soap_type = self.version.media_type();
        let mut ct = format!(
            "multipart/related; type=\"application/xop+xml\"; boundary={}; start={}; start-info=\"{soap_type}\"",
            quote(&self.boundary),
            quote(&format!("<{}>", self.root_cid)),
        );
        let mut soap_action = None;
        match (self.version, &self.action) {
            (SoapVersion::V12, Some(a)) => ct.push_str(&format!("; action={}", quote(a))),
            (SoapVersion::V11, Some(a)) => soap_action = Some(a.clone()),
            _ => {}
        }
        let root_ct = format!("application/xop+xml; charset=UTF-8; type=\"{soap_type}\"");
        let chunks = build_chunks(
            &self.boundary,
            &self.root_cid,
            &root_ct,
            envelope,
            &self.parts.parts,
        );
        Ok(Package::new(ct, chunks, soap_action))
    }
}

/// A plain (non-multipart) body: the envelope alone, `text/xml` or
/// `application/soap+xml` (E1, E2, E3).
pub fn plain(
    version: SoapVersion,
    envelope: impl Into<Bytes>,
    action: Option<&str>,
) -> Result<Package> {
    let mut ct = format!("{}; charset=UTF-8", version.media_type());
    let mut soap_action = None;
    if let Some(a) = action {
        check_header_value(a)?;
        match version {
            SoapVersion::V12 => ct.push_str(&format!("; action={}", quote(a))),
            SoapVersion::V11 => soap_action = Some(a.to_string()),
        }
    }
    Ok(Package::new(
        ct,
        vec![Chunk::Bytes(envelope.into())],
        soap_action,
    ))
}

/// `write_all` over several buffers with `write_vectored`.
fn write_all_vectored<W: Write>(w: &mut W, bufs: &[&[u8]]) -> io::Result<()> {
    let mut slices: Vec<io::IoSlice<'_>> = bufs
        .iter()
        .filter(|b| !b.is_empty())
        .map(|b| io::IoSlice::new(b))
        .collect();
    let mut rest: &mut [io::IoSlice<'_>] = &mut slices;
    while !rest.is_empty() {
        match w.write_vectored(rest) {
            Ok(0) => {
                return Err(io::Error::new(
                    io::ErrorKind::WriteZero,
                    "failed to write the package",
                ))
            }
            Ok(n) => io::IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

type OpenFuture = std::pin::Pin<
    Box<dyn std::future::Future<Output = io::Result<tokio::io::Take<tokio::fs::File>>> + Send>,
>;

enum Current {
    Idle,
    Bytes(Bytes),
    Opening(OpenFuture),
    File(tokio::io::Take<tokio::fs::File>),
}

/// A [`Package`] body as an `AsyncRead` (see [`Package::reader`]).
pub struct PackageReader {
    chunks: std::vec::IntoIter<Chunk>,
    current: Current,
}

impl std::fmt::Debug for PackageReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PackageReader")
            .field("chunks_left", &self.chunks.len())
            .finish()
    }
}

impl tokio::io::AsyncRead for PackageReader {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<io::Result<()>> {
        use bytes::Buf as _;
        use std::task::Poll;
        if buf.remaining() == 0 {
            return Poll::Ready(Ok(()));
        }
        loop {
            let this = &mut *self;
            match &mut this.current {
                Current::Bytes(b) if !b.is_empty() => {
                    let n = b.len().min(buf.remaining());
                    buf.put_slice(&b[..n]);
                    b.advance(n);
                    return Poll::Ready(Ok(()));
                }
                Current::Opening(fut) => match fut.as_mut().poll(cx) {
                    Poll::Ready(Ok(f)) => this.current = Current::File(f),
                    Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                    Poll::Pending => return Poll::Pending,
                },
                Current::File(f) => {
                    let before = buf.filled().len();
                    match std::pin::Pin::new(&mut *f).poll_read(cx, buf) {
                        Poll::Ready(Ok(())) if buf.filled().len() > before => {
                            return Poll::Ready(Ok(()))
                        }
                        Poll::Ready(Ok(())) => {
                            if f.limit() > 0 {
                                return Poll::Ready(Err(io::Error::new(
                                    io::ErrorKind::UnexpectedEof,
                                    "attachment file shrank",
                                )));
                            }
                            this.current = Current::Idle;
                        }
                        other => return other,
                    }
                }
                _ => match this.chunks.next() {
                    None => return Poll::Ready(Ok(())),
                    Some(Chunk::Bytes(b)) => this.current = Current::Bytes(b),
                    Some(Chunk::File(fd)) => {
                        this.current = Current::Opening(Box::pin(async move { fd.open().await }))
                    }
                },
            }
        }
    }
}
