//! MIME header parsing: Content-Type values with parameters (D2) and part header
//! blocks with their limits (§G).

use crate::error::{Error, Result};
use crate::limits::{Limit, Limits};

/// A parsed `Content-Type` value: lower-case media type plus parameters.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContentType {
    /// `type/subtype`, lower case.
    pub media_type: String,
    /// Parameters in order; names lower case, values unquoted.
    pub params: Vec<(String, String)>,
}

impl ContentType {
    /// Parses a header value. Tolerates tabs, folding, quoted or bare values, a
    /// trailing `;` and empty parameters (D2).
    pub fn parse(value: &str) -> Result<Self> {
        let value = unfold(value);
        let mut items = split_params(&value).into_iter();
        let media_type = items.next().unwrap_or_default().trim().to_ascii_lowercase();
        if media_type.is_empty() || !media_type.contains('/') {
            return Err(Error::ContentType(format!("no media type in {value:?}")));
        }
        let mut params = Vec::new();
        for item in items {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let Some((name, val)) = item.split_once('=') else {
                continue;
            };
            params.push((name.trim().to_ascii_lowercase(), unquote(val.trim())));
        }
        Ok(ContentType { media_type, params })
    }

    /// A parameter's value by (case-insensitive) name.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the media type is `multipart/*`.
    pub fn is_multipart(&self) -> bool {
        self.media_type.starts_with("multipart/")
    }
}

/// Replaces CRLF/LF followed by whitespace (folding) with a single space.
pub fn unfold(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' => {
                while matches!(chars.peek(), Some('\r' | '\n')) {
                    chars.next();
                }
                out.push(' ');
            }
            c => out.push(c),
        }
    }
    out
}

fn split_params(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for c in value.chars() {
        if escaped {
            cur.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' if quoted => {
                cur.push(c);
                escaped = true;
            }
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            ';' if !quoted => items.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    items.push(cur);
    items
}

fn unquote(v: &str) -> String {
    let Some(inner) = v.strip_prefix('"') else {
        return v.to_string();
    };
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut escaped = false;
    for c in inner.chars() {
        if escaped {
            out.push(c);
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else {
            out.push(c);
        }
    }
    out
}

/// Quotes a parameter value for writing (C1): always quoted, `"` and `\` escaped.
pub fn quote(v: &str) -> String {
    let mut out = String::with_capacity(v.len() + 2);
    out.push('"');
    for c in v.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Rejects CR and LF in a caller-supplied header value (C7).
pub fn check_header_value(v: &str) -> Result<&str> {
    if v.contains(['\r', '\n']) {
        Err(Error::InvalidHeaderValue(v.to_string()))
    } else {
        Ok(v)
    }
}

/// Normalises a Content-ID or `start` value for comparison: trims, strips
/// `cid:` and `<>` (D1, D7). Percent-decoding is separate ([`percent_decode`]).
pub fn normalize_cid(v: &str) -> &str {
    let mut s = v.trim();
    if s.len() >= 4 && s.as_bytes()[..4].eq_ignore_ascii_case(b"cid:") {
        s = s[4..].trim();
    }
    if let Some(inner) = s.strip_prefix('<') {
        s = inner.strip_suffix('>').unwrap_or(inner);
    }
    s.trim()
}

/// True when the part whose Content-ID is `cid` (brackets removed) is the
/// one `reference` names (a `start` parameter or `cid:` URL, normalized by
/// [`normalize_cid`]): the same text, or the same once percent-decoded. A
/// percent escape that does not decode matches nothing (D1, D7).
pub fn same_content_id(cid: &str, reference: &str) -> bool {
    if cid == reference {
        return true;
    }
    let Some(decoded) = percent_decode(reference) else {
        return false;
    };
    cid == decoded || percent_decode(cid).is_some_and(|c| c == decoded)
}

/// `v` with each byte that `plain` refuses written as `%HH` (the inverse
/// of [`percent_decode`] for those bytes).
pub(crate) fn percent_encode(v: &str, plain: impl Fn(u8) -> bool) -> std::borrow::Cow<'_, str> {
    if v.bytes().all(&plain) {
        return std::borrow::Cow::Borrowed(v);
    }
    let mut out = String::with_capacity(v.len() * 3);
    for c in v.bytes() {
        if plain(c) {
            out.push(char::from(c));
        } else {
            out.push_str(&format!("%{c:02X}"));
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Percent-decodes as UTF-8 (D7); `None` when the result is not UTF-8 or an
/// escape is malformed.
pub fn percent_decode(v: &str) -> Option<String> {
    if !v.contains('%') {
        return Some(v.to_string());
    }
    let b = v.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let hi = (hex[0] as char).to_digit(16)?;
            let lo = (hex[1] as char).to_digit(16)?;
            out.push((hi * 16 + lo) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The header fields of one MIME part, in order; names lower case.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Headers {
    /// `(name, value)` pairs, names lower case, values unfolded and trimmed.
    pub fields: Vec<(String, String)>,
}

impl Headers {
    /// The first value of a field (case-insensitive name).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Parses a header block (without the blank line that ends it), CRLF or LF
    /// line endings, folded lines joined; enforces the header limits of §G.
    pub fn parse(block: &[u8], limits: &Limits) -> Result<Self> {
        if block.len() > limits.max_header_bytes {
            return Err(Error::limit(
                Limit::HeaderBytes,
                limits.max_header_bytes as u64,
                block.len() as u64,
            ));
        }
        let mut logical: Vec<Vec<u8>> = Vec::new();
        for raw in block.split(|&c| c == b'\n') {
            let line = raw.strip_suffix(b"\r").unwrap_or(raw);
            if line.is_empty() {
                continue;
            }
            if matches!(line[0], b' ' | b'\t') {
                if let Some(last) = logical.last_mut() {
                    last.push(b' ');
                    last.extend_from_slice(trim_ascii(line));
                    check_line(last.len(), limits)?;
                    continue;
                }
            }
            check_line(line.len(), limits)?;
            logical.push(line.to_vec());
            if logical.len() > limits.max_headers_per_part {
                return Err(Error::limit(
                    Limit::HeadersPerPart,
                    limits.max_headers_per_part as u64,
                    logical.len() as u64,
                ));
            }
        }
        let mut fields = Vec::with_capacity(logical.len());
        for line in logical {
            let Some(colon) = memchr::memchr(b':', &line) else {
                return Err(Error::MalformedHeader(format!(
                    "no colon in {:?}",
                    String::from_utf8_lossy(&line)
                )));
            };
            let name = String::from_utf8_lossy(trim_ascii(&line[..colon])).to_ascii_lowercase();
            if name.is_empty() || name.contains([' ', '\t']) {
                return Err(Error::MalformedHeader(format!("bad field name {name:?}")));
            }
            let value = String::from_utf8_lossy(trim_ascii(&line[colon + 1..])).into_owned();
            fields.push((name, value));
        }
        Ok(Headers { fields })
    }
}

fn check_line(len: usize, limits: &Limits) -> Result<()> {
    if len > limits.max_header_line {
        Err(Error::limit(
            Limit::HeaderLine,
            limits.max_header_line as u64,
            len as u64,
        ))
    } else {
        Ok(())
    }
}

/// Trims ASCII whitespace at both ends.
pub fn trim_ascii(b: &[u8]) -> &[u8] {
    let start = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(start, |e| e + 1);
    &b[start..end.max(start)]
}

/// Finds the blank line ending a header block at the start of `buf`.
/// Returns `(end of header block, start of body)`; `Ok(None)` when more input is
/// needed; an error when the headers exceed [`Limits::max_header_bytes`].
pub fn find_header_end(buf: &[u8], limits: &Limits) -> Result<Option<(usize, usize)>> {
    // A part with no headers starts with the blank line directly.
    if buf.starts_with(b"\r\n") {
        return Ok(Some((0, 2)));
    }
    if buf.starts_with(b"\n") {
        return Ok(Some((0, 1)));
    }
    let mut pos = 0;
    for nl in memchr::memchr_iter(b'\n', buf) {
        let rest = &buf[nl + 1..];
        if rest.starts_with(b"\r\n") {
            return Ok(Some((nl + 1, nl + 3)));
        }
        if rest.starts_with(b"\n") {
            return Ok(Some((nl + 1, nl + 2)));
        }
        pos = nl;
        if pos > limits.max_header_bytes {
            break;
        }
    }
    let seen = buf.len().max(pos);
    if seen > limits.max_header_bytes + 2 {
        return Err(Error::limit(
            Limit::HeaderBytes,
            limits.max_header_bytes as u64,
            seen as u64,
        ));
    }
    Ok(None)
}
