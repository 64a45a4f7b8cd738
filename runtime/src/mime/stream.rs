//! The streaming reader: incremental over an async reader (tokio `AsyncRead`).
//!
//! The root part is delivered first ([`StreamReader::root`]); attachment parts
//! above [`Limits::spill_threshold`] spill to a private temporary directory
//! (files mode 0600) and are deleted when their last handle drops (F3). Every
//! §G limit is enforced while reading, before memory or disk is used.

use crate::binary::{Binary, BinaryData, FileData};
use crate::error::{Error, Result};
use crate::limits::{Limit, Limits};
use crate::message::{Message, PartInfo, Problem};
use crate::mime::header::{find_header_end, normalize_cid, same_content_id, ContentType, Headers};
use crate::mime::multipart::{
    b64_lenient, classify_after, decode_quoted_printable, decode_quoted_printable_piece, After,
    SplitInfo, TransferEncoding,
};
use crate::mime::reader::{assemble, boundary_of, framing_problems, part_info, DecodedPart};
use crate::mime::spill;
use base64::Engine as _;
use bytes::{Buf, Bytes, BytesMut};
use memchr::memmem;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};

const READ_CHUNK: usize = 256 * 1024;

/// Reads a whole message from an async reader (see [`StreamReader`]).
pub async fn read_message<R: AsyncRead + Unpin>(
    reader: R,
    content_type: &str,
    limits: &Limits,
) -> Result<Message> {
    StreamReader::new(reader, content_type, limits.clone())?
        .into_message()
        .await
}

/// The root part, delivered before any attachment is read past it.
#[derive(Debug, Clone)]
pub struct RootPart {
    /// The part's headers and facts.
    pub info: PartInfo,
    /// The decoded root XML.
    pub xml: Bytes,
}

#[derive(Debug, PartialEq, Eq)]
enum State {
    Start,
    Headers,
    Done,
}

/// An incremental multipart reader over an async byte source.
#[derive(Debug)]
pub struct StreamReader<R> {
    reader: R,
    limits: Limits,
    ct: ContentType,
    raw_ct: String,
    multipart: bool,
    boundary: Option<String>,
    buf: BytesMut,
    eof: bool,
    total: u64,
    state: State,
    spill_base: Option<PathBuf>,
    dir: Option<Arc<tempfile::TempDir>>,
    parts: Vec<DecodedPart>,
    root_index: Option<usize>,
    delivered: usize,
    problems: Vec<Problem>,
    info: SplitInfo,
}

impl<R: AsyncRead + Unpin> StreamReader<R> {
    /// A reader for a body with the given HTTP Content-Type.
    pub fn new(reader: R, content_type: &str, limits: Limits) -> Result<Self> {
        let ct = ContentType::parse(content_type)?;
        let multipart = ct.is_multipart();
        Ok(StreamReader {
            reader,
            limits,
            raw_ct: content_type.to_string(),
            multipart,
            boundary: None,
            buf: BytesMut::with_capacity(READ_CHUNK * 2),
            eof: false,
            total: 0,
            state: State::Start,
            spill_base: None,
            dir: None,
            parts: Vec::new(),
            root_index: None,
            delivered: 0,
            problems: Vec::new(),
            info: SplitInfo::default(),
            ct,
        })
    }

    /// Spill into a private directory created under `base` instead of the system
    /// temporary directory.
    pub fn spill_dir(mut self, base: impl Into<PathBuf>) -> Self {
        self.spill_base = Some(base.into());
        self
    }

    /// Reads more input; returns false at end of input.
    async fn fill(&mut self) -> Result<bool> {
        if self.eof {
            return Ok(false);
        }
        self.buf.reserve(READ_CHUNK);
        let n = self.reader.read_buf(&mut self.buf).await?;
        if n == 0 {
            self.eof = true;
            return Ok(false);
        }
        self.total += n as u64;
        if self.total > self.limits.max_message_size {
            return Err(Error::limit(
                Limit::MessageSize,
                self.limits.max_message_size,
                self.total,
            ));
        }
        Ok(true)
    }

    /// Reads up to the root part and returns it; parts before it are kept and
    /// handed out later by [`StreamReader::next_attachment`].
    pub async fn root(&mut self) -> Result<RootPart> {
        if !self.multipart {
            if self.parts.is_empty() {
                self.read_plain().await?;
            }
        } else {
            while self.root_index.is_none() {
                if !self.read_part().await? {
                    break;
                }
            }
        }
        let i = self.root_index.unwrap_or(0);
        let Some(p) = self.parts.get(i) else {
            return Err(Error::MalformedHeader(
                "multipart message without parts".into(),
            ));
        };
        let xml = Binary::from_data(p.data.clone()).to_bytes()?;
        if xml.len() as u64 > self.limits.max_root_size {
            return Err(Error::limit(
                Limit::RootSize,
                self.limits.max_root_size,
                xml.len() as u64,
            ));
        }
        Ok(RootPart {
            info: p.info.clone(),
            xml,
        })
    }

    /// The next attachment (a part other than the root), or `None` at the end.
    /// Call [`StreamReader::root`] first.
    pub async fn next_attachment(&mut self) -> Result<Option<(PartInfo, Binary)>> {
        loop {
            while self.delivered < self.parts.len() {
                let i = self.delivered;
                self.delivered += 1;
                if Some(i) == self.root_index || (self.root_index.is_none() && i == 0) {
                    continue;
                }
                let p = &self.parts[i];
                return Ok(Some((p.info.clone(), Binary::from_data(p.data.clone()))));
            }
            if !self.multipart || !self.read_part().await? {
                return Ok(None);
            }
        }
    }

    /// Reads everything and resolves references into a [`Message`].
    pub async fn into_message(mut self) -> Result<Message> {
        if !self.multipart {
            let root = self.root().await?;
            return crate::mime::reader::decode(&self.raw_ct, root.xml, &self.limits);
        }
        while self.read_part().await? {}
        let mut problems = std::mem::take(&mut self.problems);
        framing_problems(&self.info, &mut problems);
        let parts = std::mem::take(&mut self.parts);
        assemble(&self.ct, parts, &self.limits, problems, false)
    }

    async fn read_plain(&mut self) -> Result<()> {
        while self.fill().await? {
            if self.buf.len() as u64 > self.limits.max_root_size {
                return Err(Error::limit(
                    Limit::RootSize,
                    self.limits.max_root_size,
                    self.buf.len() as u64,
                ));
            }
        }
        let data = std::mem::take(&mut self.buf).freeze();
        let info = PartInfo {
            index: 0,
            content_id: None,
            content_type: Some(self.raw_ct.clone()),
            transfer_encoding: TransferEncoding::Binary,
            headers: Headers::default(),
        };
        self.parts.push(DecodedPart {
            info,
            data: BinaryData::Bytes(data),
        });
        self.root_index = Some(0);
        Ok(())
    }

    fn delim(&self) -> Vec<u8> {
        let b = self.boundary.as_deref().unwrap_or("");
        [b"\n--".as_slice(), b.as_bytes()].concat()
    }

    /// Finds the first delimiter, skipping the preamble.
    async fn start(&mut self) -> Result<()> {
        // The boundary may need sniffing from the first 2 KiB (D4).
        if self.ct.param("boundary").is_none_or(str::is_empty) {
            while self.buf.len() < 2048 && self.fill().await? {}
        }
        let b = boundary_of(&self.ct, &self.buf, &mut self.problems)?;
        self.boundary = Some(b);
        let delim = self.delim();
        let dlen = delim.len() - 1;
        let finder = memmem::Finder::new(&delim).into_owned();
        let mut at_input_start = true;
        loop {
            let found = if at_input_start && self.buf.starts_with(&delim[1..]) {
                Some(0)
            } else {
                finder.find(&self.buf).map(|i| i + 1)
            };
            if let Some(at) = found {
                match classify_after(&self.buf[at + dlen..], &self.limits)? {
                    After::Open(skip) => {
                        if at > 0 || !at_input_start {
                            self.info.preamble = true;
                        }
                        self.buf.advance(at + dlen + skip);
                        self.state = State::Headers;
                        return Ok(());
                    }
                    After::Close => {
                        self.state = State::Done;
                        return Ok(());
                    }
                    After::NotDelimiter => {
                        self.buf.advance(at + dlen);
                        at_input_start = false;
                        continue;
                    }
                    After::NeedMore => {
                        // Drop the preamble before the candidate's line
                        // end: more input is searched from there, not from
                        // the start again.
                        if at > 1 {
                            self.buf.advance(at - 1);
                            self.info.preamble = true;
                            at_input_start = false;
                        }
                        if !self.fill().await? {
                            return Err(Error::MissingCloseDelimiter);
                        }
                        continue;
                    }
                }
            }
            if !(at_input_start && self.buf.len() < delim.len()) && self.buf.len() > delim.len() {
                // Drop preamble bytes that cannot start a delimiter.
                let drop = self.buf.len() - delim.len();
                self.buf.advance(drop);
                self.info.preamble = true;
                at_input_start = false;
            }
            if !self.fill().await? {
                return Err(Error::NoDelimiter);
            }
        }
    }

    /// Reads one part; returns false when the close delimiter was reached.
    async fn read_part(&mut self) -> Result<bool> {
        if self.state == State::Start {
            self.start().await?;
        }
        if self.state == State::Done {
            return Ok(false);
        }
        if self.parts.len() >= self.limits.max_parts {
            return Err(Error::limit(
                Limit::Parts,
                self.limits.max_parts as u64,
                self.parts.len() as u64 + 1,
            ));
        }
        let delim = self.delim();
        let dlen = delim.len() - 1;
        let finder = memmem::Finder::new(&delim).into_owned();
        // Headers. The blank line may be the delimiter's own CRLF (empty part).
        let (hdr_end, body_start) = loop {
            // Look for the blank line only before the next delimiter, so that a
            // part without one is not read into the next part's headers.
            // The delimiter may start the buffer without its LF (nothing
            // before it to search); a match of the finder keeps its LF in
            // the window, which may be the blank line itself.
            let at_start = self.buf.starts_with(&delim[1..]);
            let next = if at_start {
                Some(0)
            } else {
                finder.find(&self.buf)
            };
            let window = match next {
                Some(_) if at_start => &self.buf[..0],
                Some(d) => &self.buf[..=d],
                None => &self.buf[..],
            };
            match (find_header_end(window, &self.limits)?, next) {
                (Some(x), _) => break x,
                (None, Some(d)) => {
                    // No blank line before the next delimiter: headers only.
                    let end = if d > 0 && self.buf[d - 1] == b'\r' {
                        d - 1
                    } else {
                        d
                    };
                    break (end, end);
                }
                (None, None) => {}
            }
            if !self.fill().await? {
                return Err(Error::MissingCloseDelimiter);
            }
        };
        let headers = Headers::parse(&self.buf[..hdr_end], &self.limits)?;
        let index = self.parts.len();
        let info = part_info(index, headers)?;
        self.buf.advance(body_start);
        let is_root = self.is_root(&info);
        if is_root {
            self.root_index = Some(index);
        }
        let (max, limit) = if is_root {
            (self.limits.max_root_size, Limit::RootSize)
        } else {
            (self.limits.max_attachment_size, Limit::AttachmentSize)
        };
        let threshold = if is_root {
            usize::MAX
        } else {
            self.limits.spill_threshold
        };
        let mut sink = Sink::new(info.transfer_encoding, max, limit, threshold);
        // The body: everything up to the next real delimiter. When body_start
        // consumed the line end that precedes the delimiter, an empty body
        // starts right at `--boundary`.
        let mut from = 0usize;
        let mut at_body_start = true;
        loop {
            let found = if at_body_start && self.buf.starts_with(&delim[1..]) {
                Some(0usize)
            } else {
                finder.find(&self.buf[from..]).map(|i| from + i + 1)
            };
            if let Some(at) = found {
                match classify_after(&self.buf[at + dlen..], &self.limits)? {
                    After::NotDelimiter => {
                        from = at;
                        at_body_start = false;
                        continue;
                    }
                    After::NeedMore => {
                        // Emit what lies before the candidate (a CR that
                        // may end the body kept) and search from the
                        // candidate's line end when more input comes: a
                        // trickle of bytes after it costs no rescan of the
                        // whole buffer.
                        if at > 2 {
                            let chunk = self.buf.split_to(at - 2);
                            sink.write(&chunk, self).await?;
                            at_body_start = false;
                            from = 1;
                        } else {
                            from = at.saturating_sub(1);
                        }
                        if !self.fill().await? {
                            return Err(Error::MissingCloseDelimiter);
                        }
                        continue;
                    }
                    outcome => {
                        let mut end = at.saturating_sub(1);
                        if end > 0 && self.buf[end - 1] == b'\r' {
                            end -= 1;
                        } else if at > 0 {
                            self.info.lf_only_delimiters += 1;
                        }
                        let body = self.buf.split_to(end);
                        sink.write(&body, self).await?;
                        match outcome {
                            After::Open(skip) => {
                                let consumed = at - end + dlen + skip;
                                self.buf.advance(consumed);
                            }
                            _ => {
                                let tail_start = at - end + dlen + 2;
                                self.buf.advance(tail_start.min(self.buf.len()));
                                while self.fill().await? {
                                    if !crate::mime::header::trim_ascii(&self.buf).is_empty() {
                                        self.info.epilogue = true;
                                    }
                                    self.buf.clear();
                                }
                                if !crate::mime::header::trim_ascii(&self.buf).is_empty() {
                                    self.info.epilogue = true;
                                }
                                self.state = State::Done;
                            }
                        }
                        break;
                    }
                }
            }
            // Emit what cannot be part of a delimiter, keep the rest.
            let keep = delim.len() + 1;
            if self.buf.len() > keep {
                let n = self.buf.len() - keep;
                let chunk = self.buf.split_to(n);
                sink.write(&chunk, self).await?;
                from = 0;
                at_body_start = false;
            }
            if !self.fill().await? {
                return Err(Error::MissingCloseDelimiter);
            }
        }
        let data = sink.finish().await?;
        self.parts.push(DecodedPart { info, data });
        Ok(true)
    }

    fn is_root(&self, info: &PartInfo) -> bool {
        if self.root_index.is_some() {
            return false;
        }
        match self.ct.param("start") {
            None => info.index == 0,
            Some(start) => {
                let raw = normalize_cid(start);
                info.content_id
                    .as_deref()
                    .is_some_and(|c| same_content_id(c, raw))
            }
        }
    }

    async fn spill_dir_handle(&mut self) -> Result<Arc<tempfile::TempDir>> {
        if let Some(d) = &self.dir {
            return Ok(d.clone());
        }
        let d = Arc::new(spill::private_dir(self.spill_base.as_deref())?);
        self.dir = Some(d.clone());
        Ok(d)
    }
}

enum Store {
    Mem(Vec<u8>),
    File {
        path: PathBuf,
        file: tokio::fs::File,
        dir: Arc<tempfile::TempDir>,
    },
}

/// Where one part's decoded bytes go: memory, then a spill file.
struct Sink {
    store: Store,
    len: u64,
    enc: TransferEncoding,
    carry: Vec<u8>,
    // Base64 padding was seen: any further data is an error, as it is for the
    // in-memory reader that decodes the body whole.
    padded: bool,
    scratch: Vec<u8>,
    max: u64,
    limit: Limit,
    threshold: usize,
}

impl Sink {
    fn new(enc: TransferEncoding, max: u64, limit: Limit, threshold: usize) -> Self {
        Sink {
            store: Store::Mem(Vec::new()),
            len: 0,
            enc,
            carry: Vec::new(),
            padded: false,
            scratch: Vec::new(),
            max,
            limit,
            threshold,
        }
    }

    async fn write<R: AsyncRead + Unpin>(
        &mut self,
        raw: &[u8],
        owner: &mut StreamReader<R>,
    ) -> Result<()> {
        match self.enc {
            TransferEncoding::Base64 => {
                self.carry
                    .extend(raw.iter().copied().filter(|c| !c.is_ascii_whitespace()));
                if self.padded && !self.carry.is_empty() {
                    return Err(Error::BadEncoding {
                        encoding: "base64",
                        reason: "data after padding".into(),
                    });
                }
                let n = self.carry.len() / 4 * 4;
                if n == 0 {
                    return Ok(());
                }
                self.padded = self.carry[n - 1] == b'=';
                let mut out = std::mem::take(&mut self.scratch);
                out.clear();
                b64_lenient()
                    .decode_vec(&self.carry[..n], &mut out)
                    .map_err(|e| Error::BadEncoding {
                        encoding: "base64",
                        reason: e.to_string(),
                    })?;
                self.carry.drain(..n);
                // What is left of this read after a padded group is data
                // after padding too, whatever the read sizes were.
                if self.padded && !self.carry.is_empty() {
                    return Err(Error::BadEncoding {
                        encoding: "base64",
                        reason: "data after padding".into(),
                    });
                }
                let r = self.put(&out, owner).await;
                self.scratch = out;
                r
            }
            TransferEncoding::QuotedPrintable => {
                // Decoded incrementally up to a cut where no escape or soft
                // line break can straddle (see `qp_cut`).
                self.carry.extend_from_slice(raw);
                let cut = qp_cut(&self.carry);
                if cut == 0 {
                    if self.carry.len() > 4096 {
                        // Only an `=` followed by over 1,000 blanks gets here.
                        decode_quoted_printable(&self.carry)?;
                    }
                    return Ok(());
                }
                let out = decode_quoted_printable_piece(&self.carry[..cut])?;
                self.carry.drain(..cut);
                self.put(&out, owner).await
            }
            _ => self.put(raw, owner).await,
        }
    }

    async fn put<R: AsyncRead + Unpin>(
        &mut self,
        data: &[u8],
        owner: &mut StreamReader<R>,
    ) -> Result<()> {
        self.len += data.len() as u64;
        if self.len > self.max {
            return Err(Error::limit(self.limit, self.max, self.len));
        }
        match &mut self.store {
            Store::Mem(v) => {
                if v.len() + data.len() > self.threshold {
                    let dir = owner.spill_dir_handle().await?;
                    let (path, mut file) = spill::create_file(&dir).await?;
                    file.write_all(v).await?;
                    file.write_all(data).await?;
                    self.store = Store::File { path, file, dir };
                } else {
                    v.extend_from_slice(data);
                }
            }
            Store::File { file, .. } => file.write_all(data).await?,
        }
        Ok(())
    }

    async fn finish(mut self) -> Result<BinaryData> {
        match self.enc {
            TransferEncoding::Base64 if !self.carry.is_empty() => {
                let rest = std::mem::take(&mut self.carry);
                let out = b64_lenient()
                    .decode(&rest)
                    .map_err(|e| Error::BadEncoding {
                        encoding: "base64",
                        reason: e.to_string(),
                    })?;
                self.put_final(&out).await?;
            }
            TransferEncoding::QuotedPrintable => {
                let out = decode_quoted_printable(&std::mem::take(&mut self.carry))?;
                self.put_final(&out).await?;
            }
            _ => {}
        }
        Ok(match self.store {
            Store::Mem(v) => BinaryData::Bytes(Bytes::from(v)),
            Store::File {
                path,
                mut file,
                dir,
            } => {
                file.flush().await?;
                drop(file);
                BinaryData::File(Arc::new(FileData::spooled(path, self.len, dir)))
            }
        })
    }

    async fn put_final(&mut self, data: &[u8]) -> Result<()> {
        self.len += data.len() as u64;
        if self.len > self.max {
            return Err(Error::limit(self.limit, self.max, self.len));
        }
        match &mut self.store {
            Store::Mem(v) => v.extend_from_slice(data),
            Store::File { file, .. } => file.write_all(data).await?,
        }
        Ok(())
    }
}

/// Where quoted-printable input can be cut so that decoding the two halves
/// separately equals decoding the whole: after the last LF (an escape or soft
/// line break never spans one), or, for a long line without LF, before a
/// trailing `=` whose escape may be incomplete. 0 when nothing can be decoded yet.
fn qp_cut(b: &[u8]) -> usize {
    if let Some(nl) = memchr::memrchr(b'\n', b) {
        return nl + 1;
    }
    const KEEP: usize = 1024;
    if b.len() <= 2 * KEEP {
        return 0;
    }
    let mut p = b.len() - KEEP;
    if let Some(e) = memchr::memrchr(b'=', &b[..p]) {
        // An escape `=XY` needs two more bytes; a soft break is `=`, blanks, LF.
        if p - e <= 2 || b[e + 1..p].iter().all(|c| *c == b' ' || *c == b'\t') {
            p = e;
        }
    }
    p
}
