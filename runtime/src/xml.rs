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

/// Converts a quick-xml error into [`Error::Xml`].
pub(crate) fn xml_err(e: impl std::fmt::Display) -> Error {
    Error::Xml(e.to_string())
}

/// Escapes text for element content or a double-quoted attribute value.
pub fn escape(s: &str) -> Cow<'_, str> {
    quick_xml::escape::escape(s)
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
