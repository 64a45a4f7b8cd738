//! XML helpers shared by the readers, the writers and generated code: a hardened
//! quick-xml reader (no DTD, bounded depth and attributes) and canonical base64.

use crate::error::{Error, Result};
use base64::Engine as _;
use quick_xml::NsReader;
use std::borrow::Cow;

/// XOP namespace (`xop:Include`).
pub const XOP_NS: &str = "http://www.w3.org/2004/08/xop/include";
/// `xmime` namespace of "Describing Media Content of Binary Data in XML".
pub const XMIME_NS: &str = "http://www.w3.org/2005/05/xmlmime";
/// SOAP 1.1 envelope namespace.
pub const SOAP11_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
/// SOAP 1.2 envelope namespace.
pub const SOAP12_NS: &str = "http://www.w3.org/2003/05/soap-envelope";
/// The namespace the `xml` prefix is bound to (`xml:lang`, `xml:space`).
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// A namespace-aware reader over bytes with the settings every reader in this
/// crate uses: end names checked, text untrimmed (DTDs are rejected by the
/// callers when they meet `Event::DocType`).
pub fn ns_reader(xml: &[u8]) -> NsReader<&[u8]> {
    let mut r = NsReader::from_reader(xml);
    let cfg = r.config_mut();
    cfg.trim_text(false);
    cfg.check_end_names = true;
    cfg.expand_empty_elements = false;
    r
}

/// Text with its line ends read as LF (XML 1.0 §2.11: CR LF and a lone
/// CR), as a conforming reader gives it.
pub(crate) fn normalize_line_ends(s: &str) -> Cow<'_, str> {
    if s.contains('\r') {
        Cow::Owned(s.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Converts a quick-xml error into [`Error::Xml`].
pub(crate) fn xml_err(e: impl std::fmt::Display) -> Error {
    Error::Xml(e.to_string())
}

/// Escapes text for element content or a double-quoted attribute value
/// (`<`, `&`, `>` and CR as references, so CR survives end-of-line
/// normalisation; `"`, tab and LF too, so attribute normalisation keeps them;
/// borrowed when nothing needs escaping).
pub fn escape(s: &str) -> Cow<'_, str> {
    if first_special(s.as_bytes(), true).is_none() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    push_escaped(&mut out, s, true);
    Cow::Owned(out)
}

/// XML whitespace (§2.3 S): space, tab, LF, CR. Unlike [`char::is_whitespace`]
/// it leaves out NBSP and the other Unicode spaces, which are data.
pub fn is_xml_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// `s` without leading and trailing XML whitespace (the `collapse` and
/// `replace` whiteSpace facets of every non-string simple type).
pub fn trim_xml(s: &str) -> &str {
    s.trim_matches(is_xml_space)
}

/// The first character of `s` XML 1.0 cannot carry in any form, escaped or
/// not (§2.2 `Char`): a C0 control other than tab, LF and CR, or U+FFFE /
/// U+FFFF (a `str` holds no surrogates).
pub fn disallowed_char(s: &str) -> Option<char> {
    /// True when `pick` marks no byte of `s`, folded over whole blocks
    /// (no early exit inside one, so the fold vectorizes).
    #[inline(always)]
    fn none(s: &[u8], pick: impl Fn(u8) -> bool) -> bool {
        s.chunks(4096)
            .all(|block| !block.iter().fold(false, |seen, &b| seen | pick(b)))
    }
    let bytes = s.as_bytes();
    // Any C0 control (a cheap pass most text passes), then those other
    // than tab, LF and CR.
    let control = |b: u8| (b < 0x20) & ((b & 0xFB) != 0x09) & (b != b'\n');
    let controls = !none(bytes, |b| b < 0x20) && !none(bytes, control);
    // U+FFFE is EF BF BE and U+FFFF is EF BF BF.
    let nonchars = memchr::memchr(0xEF, bytes).is_some()
        && memchr::memmem::find_iter(bytes, b"\xEF\xBF")
            .any(|at| matches!(bytes.get(at + 2), Some(0xBE | 0xBF)));
    if !controls && !nonchars {
        return None;
    }
    s.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    })
}

/// `s` with each character XML cannot carry (see [`disallowed_char`])
/// replaced by U+FFFD: for text meant for people, such as a fault's reason,
/// which may quote the bad input it reports.
pub fn replace_disallowed(s: &str) -> Cow<'_, str> {
    if disallowed_char(s).is_none() {
        return Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match disallowed_char(c.encode_utf8(&mut [0; 4])) {
            Some(_) => '\u{FFFD}',
            None => c,
        })
        .collect()
}

/// True for a byte [`push_escaped`] writes as a reference.
fn is_special(b: u8, attribute: bool) -> bool {
    match b {
        b'<' | b'&' | b'>' | b'\r' => true,
        b'"' | b'\t' | b'\n' => attribute,
        _ => false,
    }
}

/// The first byte that needs escaping. Text is mostly long and clean, so
/// it is searched with memchr; attribute values are short.
fn first_special(bytes: &[u8], attribute: bool) -> Option<usize> {
    if attribute {
        return bytes.iter().position(|&b| is_special(b, true));
    }
    let markup = memchr::memchr3(b'<', b'&', b'>', bytes);
    match memchr::memchr(b'\r', bytes) {
        Some(cr) => Some(markup.map_or(cr, |m| m.min(cr))),
        None => markup,
    }
}

/// Appends `s` escaped: `<`, `&`, `>` and CR (which a reader would turn
/// into LF) as references; in attribute values also `"`, tab and LF (which a
/// reader would turn into spaces).
pub(crate) fn push_escaped(out: &mut String, s: &str, attribute: bool) {
    let bytes = s.as_bytes();
    let Some(first) = first_special(bytes, attribute) else {
        out.push_str(s);
        return;
    };
    let mut clean = 0;
    for (i, b) in bytes.iter().enumerate().skip(first) {
        if !is_special(*b, attribute) {
            continue;
        }
        out.push_str(&s[clean..i]);
        out.push_str(match b {
            b'<' => "&lt;",
            b'&' => "&amp;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\t' => "&#9;",
            b'\n' => "&#10;",
            _ => "&#13;",
        });
        clean = i + 1;
    }
    out.push_str(&s[clean..]);
}

/// Canonical base64 (standard alphabet, padded, no line breaks) for a value
/// written inline (B5).
pub fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes base64 element text as written by any stack: whitespace and line
/// breaks ignored, padding optional (D11).
pub fn decode_base64_text(text: &[u8]) -> Result<Vec<u8>> {
    crate::mime::multipart::decode_base64(text)
}
