//! Multipart framing over one buffer (D3, D4, D6) and transfer decoding (D5).

use crate::error::{Error, Result};
use crate::limits::{Limit, Limits};
use crate::mime::header::Headers;
use base64::Engine as _;
use bytes::Bytes;
use memchr::memmem;

/// Content-Transfer-Encoding of a part (D5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransferEncoding {
    /// `binary` (also the default when the header is absent).
    Binary,
    /// `8bit`.
    EightBit,
    /// `7bit`.
    SevenBit,
    /// `base64`.
    Base64,
    /// `quoted-printable`.
    QuotedPrintable,
}

impl TransferEncoding {
    /// Parses the header value (case-insensitive); unknown encodings are an error.
    pub fn parse(value: Option<&str>) -> Result<Self> {
        let Some(v) = value else {
            return Ok(TransferEncoding::Binary);
        };
        let v = v.trim();
        Ok(match v.to_ascii_lowercase().as_str() {
            "" | "binary" => TransferEncoding::Binary,
            "8bit" => TransferEncoding::EightBit,
            "7bit" => TransferEncoding::SevenBit,
            "base64" => TransferEncoding::Base64,
            "quoted-printable" => TransferEncoding::QuotedPrintable,
            _ => return Err(Error::UnknownTransferEncoding(v.to_string())),
        })
    }

    /// The canonical name.
    pub fn as_str(self) -> &'static str {
        match self {
            TransferEncoding::Binary => "binary",
            TransferEncoding::EightBit => "8bit",
            TransferEncoding::SevenBit => "7bit",
            TransferEncoding::Base64 => "base64",
            TransferEncoding::QuotedPrintable => "quoted-printable",
        }
    }

    /// Whether the body is taken as is.
    pub fn is_identity(self) -> bool {
        !matches!(
            self,
            TransferEncoding::Base64 | TransferEncoding::QuotedPrintable
        )
    }
}

/// One part as framed: its headers and its raw (still encoded) body.
#[derive(Debug, Clone)]
pub struct RawPart {
    /// Header fields.
    pub headers: Headers,
    /// Body bytes exactly as on the wire (slice of the message buffer).
    pub body: Bytes,
}

/// The base64 engine used for reading: standard alphabet, padding optional.
pub(crate) fn b64_lenient() -> base64::engine::GeneralPurpose {
    base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    )
}

/// Decodes base64 text, ignoring ASCII whitespace (line breaks, D5, D11).
pub fn decode_base64(raw: &[u8]) -> Result<Vec<u8>> {
    let clean: Vec<u8> = raw
        .iter()
        .copied()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    b64_lenient()
        .decode(&clean)
        .map_err(|e| Error::BadEncoding {
            encoding: "base64",
            reason: e.to_string(),
        })
}

/// Decodes quoted-printable (RFC 2045 §6.7): `=XX` escapes and soft line breaks;
/// a malformed escape is kept literally, as most mail readers do. More than
/// 1,000 blanks after an `=` (lines are at most 76 characters) is an error.
pub fn decode_quoted_printable(raw: &[u8]) -> Result<Vec<u8>> {
    decode_qp(raw, true)
}

/// [`decode_quoted_printable`] on a piece of a body that the streaming
/// reader cut right before an `=` (see its `qp_cut`): an `=` and blanks
/// ending the piece are then followed by that `=`, so they are literal, not
/// a soft line break at the end of the body.
pub(crate) fn decode_quoted_printable_piece(raw: &[u8]) -> Result<Vec<u8>> {
    decode_qp(raw, false)
}

/// Quoted-printable decoding; `whole` when `raw` ends the body.
fn decode_qp(raw: &[u8], whole: bool) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        if c != b'=' {
            out.push(c);
            i += 1;
            continue;
        }
        let rest = &raw[i + 1..];
        // Soft line break, possibly after trailing whitespace.
        let ws = rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        if ws > 1000 {
            return Err(Error::BadEncoding {
                encoding: "quoted-printable",
                reason: "more than 1,000 blanks after '='".into(),
            });
        }
        let after = &rest[ws..];
        if after.starts_with(b"\r\n") {
            i += 1 + ws + 2;
            continue;
        }
        if after.starts_with(b"\n") {
            i += 1 + ws + 1;
            continue;
        }
        if after.is_empty() && whole {
            i = raw.len();
            continue;
        }
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            rest.first().and_then(|&b| hex(b)),
            rest.get(1).and_then(|&b| hex(b)),
        ) {
            (Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            _ => {
                out.push(b'=');
                i += 1;
            }
        }
    }
    Ok(out)
}

/// Decodes a raw body per its transfer encoding; identity encodings return the
/// same `Bytes` (no copy, D6).
pub fn decode_body(raw: &Bytes, enc: TransferEncoding) -> Result<Bytes> {
    Ok(match enc {
        TransferEncoding::Base64 => Bytes::from(decode_base64(raw)?),
        TransferEncoding::QuotedPrintable => Bytes::from(decode_quoted_printable(raw)?),
        _ => raw.clone(),
    })
}

/// What follows a candidate delimiter `--boundary`.
pub(crate) enum After {
    /// `--`: the close delimiter.
    Close,
    /// Transport padding then a line end; the part starts at the given offset
    /// (relative to the end of `--boundary`).
    Open(usize),
    /// Not a delimiter (the boundary text continues with other characters).
    NotDelimiter,
    /// More input is needed to decide.
    NeedMore,
}

/// Classifies the bytes after `--boundary` (D3: bounded padding).
pub(crate) fn classify_after(rest: &[u8], limits: &Limits) -> Result<After> {
    if rest.starts_with(b"--") {
        return Ok(After::Close);
    }
    if rest.len() < 2 && rest.first().is_none_or(|&c| c == b'-') {
        return Ok(After::NeedMore);
    }
    let pad = rest
        .iter()
        .take_while(|&&c| c == b' ' || c == b'\t')
        .count();
    if pad > limits.max_transport_padding {
        return Err(Error::limit(
            Limit::TransportPadding,
            limits.max_transport_padding as u64,
            pad as u64,
        ));
    }
    match rest.get(pad..) {
        Some([b'\r', b'\n', ..]) => Ok(After::Open(pad + 2)),
        Some([b'\n', ..]) => Ok(After::Open(pad + 1)),
        Some([b'\r']) | Some([]) | None => Ok(After::NeedMore),
        _ => Ok(After::NotDelimiter),
    }
}

/// Splits a whole multipart body into raw parts (zero-copy: every body is a
/// slice of `body`). Enforces the part count, header and padding limits.
pub fn split(body: &Bytes, boundary: &str, limits: &Limits) -> Result<(Vec<RawPart>, SplitInfo)> {
    let mut info = SplitInfo::default();
    let delim_nl = [b"\n--".as_slice(), boundary.as_bytes()].concat();
    let finder = memmem::Finder::new(&delim_nl);
    let dlen = delim_nl.len() - 1; // length of `--boundary`
    let buf: &[u8] = body;

    // The first delimiter: at offset 0 or right after a LF (preamble skipped).
    let mut search_from = 0usize;
    let mut next_delim: Option<usize> = if buf.starts_with(&delim_nl[1..]) {
        Some(0)
    } else {
        None
    };
    let mut parts = Vec::new();
    loop {
        let at = match next_delim.take() {
            Some(p) => p,
            None => match find_delim(&finder, buf, search_from, dlen, limits)? {
                Some(p) => p,
                None if parts.is_empty() => return Err(Error::NoDelimiter),
                None => return Err(Error::MissingCloseDelimiter),
            },
        };
        let rest = &buf[at + dlen..];
        let start = match classify_after(rest, limits)? {
            After::Close => {
                let tail = &rest[2..];
                info.epilogue = !crate::mime::header::trim_ascii(tail).is_empty();
                return Ok((parts, info));
            }
            After::Open(skip) => at + dlen + skip,
            After::NeedMore => return Err(Error::MissingCloseDelimiter),
            After::NotDelimiter => {
                search_from = at + dlen;
                continue;
            }
        };
        // The LF ending the delimiter line is at start - 1: searching from there
        // finds an empty part too.
        let Some(next) = find_delim(&finder, buf, start - 1, dlen, limits)? else {
            return Err(Error::MissingCloseDelimiter);
        };
        let mut end = next.saturating_sub(1); // the LF before `--boundary`
        if end > start && buf[end - 1] == b'\r' {
            end -= 1;
        } else {
            info.lf_only_delimiters += 1;
        }
        if parts.is_empty() && at > 0 {
            info.preamble = true;
        }
        let end = end.max(start);
        if parts.len() >= limits.max_parts {
            return Err(Error::limit(
                Limit::Parts,
                limits.max_parts as u64,
                parts.len() as u64 + 1,
            ));
        }
        parts.push(frame_part(body, start, end, limits)?);
        next_delim = Some(next);
    }
}

/// Facts about the framing, for diagnostics (`mime inspect`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SplitInfo {
    /// Delimiters preceded by a bare LF rather than CRLF (D3).
    pub lf_only_delimiters: usize,
    /// Whether there was a preamble before the first delimiter (D3).
    pub preamble: bool,
    /// Whether there was a non-blank epilogue after the close delimiter (D3).
    pub epilogue: bool,
}

/// Finds the next real delimiter `--boundary` at or after `from` that starts a
/// line; returns the offset of its first `-`.
fn find_delim(
    finder: &memmem::Finder<'_>,
    buf: &[u8],
    mut from: usize,
    dlen: usize,
    limits: &Limits,
) -> Result<Option<usize>> {
    while from <= buf.len() {
        let Some(i) = finder.find(&buf[from..]) else {
            return Ok(None);
        };
        let at = from + i + 1;
        match classify_after(&buf[at + dlen..], limits)? {
            After::NotDelimiter => from = at,
            _ => return Ok(Some(at)),
        }
    }
    Ok(None)
}

fn frame_part(body: &Bytes, start: usize, end: usize, limits: &Limits) -> Result<RawPart> {
    let content = &body[start..end];
    let (hdr_end, body_start) = match crate::mime::header::find_header_end(content, limits)? {
        Some(x) => x,
        // Headers with no blank line before the delimiter: no body.
        None => (content.len(), content.len()),
    };
    let headers = Headers::parse(&content[..hdr_end], limits)?;
    Ok(RawPart {
        headers,
        body: body.slice(start + body_start..end),
    })
}

/// D4: without a `boundary` parameter, takes it from the first `--` line in the
/// first 2 KiB.
pub fn sniff_boundary(buf: &[u8]) -> Option<String> {
    let head = &buf[..buf.len().min(2048)];
    for line in head.split(|&c| c == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(b) = line.strip_prefix(b"--") {
            let b = crate::mime::header::trim_ascii(b);
            if !b.is_empty() && b.len() <= 200 {
                return std::str::from_utf8(b).ok().map(str::to_string);
            }
        }
    }
    None
}
