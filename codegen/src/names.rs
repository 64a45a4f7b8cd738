//! Qualified names and the namespaces soapstone knows by heart.

use std::fmt;

/// An XML qualified name, resolved by namespace URI (never by prefix).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QName {
    /// Namespace URI; empty for no namespace.
    pub ns: String,
    /// Local part.
    pub local: String,
}

impl QName {
    /// A name in namespace `ns`.
    pub fn new(ns: impl Into<String>, local: impl Into<String>) -> Self {
        QName {
            ns: ns.into(),
            local: local.into(),
        }
    }

    /// True when this is `{ns}local`.
    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.ns == ns && self.local == local
    }
}

/// Clark notation: `{ns}local`, or `local` without a namespace.
impl fmt::Display for QName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ns.is_empty() {
            f.write_str(&self.local)
        } else {
            write!(f, "{{{}}}{}", self.ns, self.local)
        }
    }
}

/// Namespace URIs.
pub mod ns {
    /// XML Schema.
    pub const XS: &str = "http://www.w3.org/2001/XMLSchema";
    /// XML Schema instance.
    pub const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
    /// The `xml:` namespace.
    pub const XML: &str = "http://www.w3.org/XML/1998/namespace";
    /// WSDL 1.1.
    pub const WSDL: &str = "http://schemas.xmlsoap.org/wsdl/";
    /// WSDL 2.0 (recognised only to be refused clearly).
    pub const WSDL20: &str = "http://www.w3.org/ns/wsdl";
    /// WSDL 1.1 SOAP 1.1 binding.
    pub const WSDL_SOAP11: &str = "http://schemas.xmlsoap.org/wsdl/soap/";
    /// WSDL 1.1 SOAP 1.2 binding.
    pub const WSDL_SOAP12: &str = "http://schemas.xmlsoap.org/wsdl/soap12/";
    /// WSDL 1.1 MIME binding.
    pub const WSDL_MIME: &str = "http://schemas.xmlsoap.org/wsdl/mime/";
    /// WSDL 1.1 HTTP binding.
    pub const WSDL_HTTP: &str = "http://schemas.xmlsoap.org/wsdl/http/";
    /// SOAP 1.1 envelope.
    pub const SOAP11_ENV: &str = "http://schemas.xmlsoap.org/soap/envelope/";
    /// SOAP 1.2 envelope.
    pub const SOAP12_ENV: &str = "http://www.w3.org/2003/05/soap-envelope";
    /// SOAP 1.1 encoding.
    pub const SOAP11_ENC: &str = "http://schemas.xmlsoap.org/soap/encoding/";
    /// Describing Media Content of Binary Data in XML (REC, 2005/05).
    pub const XMIME_2005: &str = "http://www.w3.org/2005/05/xmlmime";
    /// The 2004/11 xmlmime draft (`expectedMediaType`).
    pub const XMIME_2004_11: &str = "http://www.w3.org/2004/11/xmlmime";
    /// The pre-REC 2004/06 xmlmime draft.
    pub const XMIME_2004_06: &str = "http://www.w3.org/2004/06/xmlmime";
    /// XOP include.
    pub const XOP: &str = "http://www.w3.org/2004/08/xop/include";
    /// WS-I Attachments Profile `swaRef`.
    pub const WSI_SWAREF: &str = "http://ws-i.org/profiles/basic/1.1/xsd";
    /// WS-Policy 2004/09.
    pub const WSP_2004: &str = "http://schemas.xmlsoap.org/ws/2004/09/policy";
    /// WS-Policy 1.5.
    pub const WSP_15: &str = "http://www.w3.org/ns/ws-policy";
    /// WS-Security utility (`wsu:Id` on policies).
    pub const WSU: &str =
        "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
    /// `wsoma:OptimizedMimeSerialization`.
    pub const WSOMA: &str =
        "http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization";
    /// `{…}MTOM` (SOAP 1.2 MTOM policy assertion).
    pub const MTOM_POLICY: &str = "http://www.w3.org/2007/08/soap12-mtom-policy";

    /// True for any xmlmime namespace (A2).
    pub fn is_xmime(ns: &str) -> bool {
        ns == XMIME_2005 || ns == XMIME_2004_11 || ns == XMIME_2004_06
    }
}
