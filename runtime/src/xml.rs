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
/// The UTF-8 byte order mark, which quick-xml skips without counting it in
/// its positions.
pub(crate) const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";
/// The namespace the `xml` prefix is bound to (`xml:lang`, `xml:space`).
pub const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// The XML Schema instance namespace (`xsi:type`, `xsi:nil`).
pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

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
    if first_special(s.as_bytes(), true, true).is_none() {
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

/// The names written right before a colon in `s` (`p` of `p:T`, of
/// `xsi:type="p:T"`, of the text `p:T r:V`): the prefixes a value may use
/// as QNames.
pub(crate) fn colon_prefixes(s: &str) -> impl Iterator<Item = &str> {
    let name_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
    s.match_indices(':').filter_map(move |(colon, _)| {
        let before = &s[..colon];
        let start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !name_char(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        (start < colon).then(|| &before[start..])
    })
}

/// True for a character XML 1.0 cannot carry in any form, escaped or not
/// (§2.2 `Char`): a C0 control other than tab, LF and CR, or U+FFFE /
/// U+FFFF (a `str` holds no surrogates).
fn is_disallowed(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// True when `pick` marks no byte of `bytes`, folded over whole blocks (no
/// early exit inside one, so the fold vectorizes).
#[inline(always)]
fn none_of(bytes: &[u8], pick: impl Fn(u8) -> bool) -> bool {
    bytes
        .chunks(4096)
        .all(|block| !block.iter().fold(false, |seen, &b| seen | pick(b)))
}

/// The first character of `s` XML 1.0 cannot carry in any form, escaped or
/// not (§2.2 `Char`): a C0 control other than tab, LF and CR, or U+FFFE /
/// U+FFFF.
pub fn disallowed_char(s: &str) -> Option<char> {
    disallowed_in(s, !none_of(s.as_bytes(), |b| b < 0x20))
}

/// [`disallowed_char`], told whether `s` holds any C0 control byte (tab, LF
/// and CR included): most text holds none, and the escaping that follows
/// uses the same answer.
fn disallowed_in(s: &str, controls: bool) -> Option<char> {
    let bytes = s.as_bytes();
    let other_than_white = |b: u8| (b < 0x20) & ((b & 0xFB) != 0x09) & (b != b'\n');
    let bad_control = controls && !none_of(bytes, other_than_white);
    // U+FFFE is EF BF BE and U+FFFF is EF BF BF. The memchr gate skips
    // building a searcher for the text that has no EF byte at all.
    let nonchar = || {
        memchr::memchr(0xEF, bytes).is_some()
            && memchr::memmem::find_iter(bytes, b"\xEF\xBF")
                .any(|at| matches!(bytes.get(at + 2), Some(0xBE | 0xBF)))
    };
    if !bad_control && !nonchar() {
        return None;
    }
    s.chars().find(|&c| is_disallowed(c))
}

/// `s` with each character XML cannot carry (see [`disallowed_char`])
/// replaced by U+FFFD: for text meant for people, such as a fault's reason,
/// which may quote the bad input it reports.
pub fn replace_disallowed(s: &str) -> Cow<'_, str> {
    if disallowed_char(s).is_none() {
        return Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| if is_disallowed(c) { '\u{FFFD}' } else { c })
        .collect()
}

/// `s` escaped, each character XML cannot carry replaced by U+FFFD (see
/// [`replace_disallowed`]): text for people that may quote bad input, such
/// as a fault's reason or a name a request sent.
pub(crate) fn escape_lossy(s: &str) -> String {
    escape(&replace_disallowed(s)).into_owned()
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
/// it is searched with memchr (for CR only when `controls`: `bytes` may
/// hold a C0 control byte); attribute values are short.
fn first_special(bytes: &[u8], attribute: bool, controls: bool) -> Option<usize> {
    if attribute {
        return bytes.iter().position(|&b| is_special(b, true));
    }
    let markup = memchr::memchr3(b'<', b'&', b'>', bytes);
    let cr = if controls {
        memchr::memchr(b'\r', bytes)
    } else {
        None
    };
    match cr {
        Some(cr) => Some(markup.map_or(cr, |m| m.min(cr))),
        None => markup,
    }
}

/// Appends `s` escaped: `<`, `&`, `>` and CR (which a reader would turn
/// into LF) as references; in attribute values also `"`, tab and LF (which a
/// reader would turn into spaces).
pub(crate) fn push_escaped(out: &mut String, s: &str, attribute: bool) {
    push_escaped_from(
        out,
        s,
        attribute,
        first_special(s.as_bytes(), attribute, true),
    );
}

/// [`push_escaped`] for a value XML must be able to carry: nothing is
/// appended and the first character it cannot carry is the error
/// ([`disallowed_char`]). One pass over the bytes finds the C0 controls
/// both the check and the escaping look for.
pub(crate) fn push_checked(out: &mut String, s: &str, attribute: bool) -> Result<(), char> {
    let controls = !none_of(s.as_bytes(), |b| b < 0x20);
    if let Some(c) = disallowed_in(s, controls) {
        return Err(c);
    }
    push_escaped_from(
        out,
        s,
        attribute,
        first_special(s.as_bytes(), attribute, controls),
    );
    Ok(())
}

/// Appends `s` escaped, `first` being its first special byte.
fn push_escaped_from(out: &mut String, s: &str, attribute: bool, first: Option<usize>) {
    let bytes = s.as_bytes();
    let Some(first) = first else {
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
