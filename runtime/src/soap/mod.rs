//! SOAP 1.1 and 1.2: versions, envelopes and faults.

pub mod envelope;
pub mod fault;

pub use envelope::Envelope;
pub use fault::{Fault, FaultCode, QName};

use crate::xml::{SOAP11_NS, SOAP12_NS};

/// A SOAP version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SoapVersion {
    /// SOAP 1.1 (`text/xml`, `SOAPAction` header).
    V11,
    /// SOAP 1.2 (`application/soap+xml; action=`).
    V12,
}

impl SoapVersion {
    /// The envelope namespace.
    pub fn namespace(self) -> &'static str {
        match self {
            SoapVersion::V11 => SOAP11_NS,
            SoapVersion::V12 => SOAP12_NS,
        }
    }

    /// The media type (E1, E2).
    pub fn media_type(self) -> &'static str {
        match self {
            SoapVersion::V11 => "text/xml",
            SoapVersion::V12 => "application/soap+xml",
        }
    }

    /// Detects the version from a media type (`text/xml` or `application/soap+xml`,
    /// case-insensitive, parameters ignored).
    pub fn from_media_type(media_type: &str) -> Option<Self> {
        let mt = media_type.split(';').next().unwrap_or("").trim();
        if mt.eq_ignore_ascii_case("text/xml") {
            Some(SoapVersion::V11)
        } else if mt.eq_ignore_ascii_case("application/soap+xml") {
            Some(SoapVersion::V12)
        } else {
            None
        }
    }

    /// Detects the version from an envelope namespace.
    pub fn from_namespace(ns: &str) -> Option<Self> {
        match ns {
            SOAP11_NS => Some(SoapVersion::V11),
            SOAP12_NS => Some(SoapVersion::V12),
            _ => None,
        }
    }

    /// `"1.1"` or `"1.2"`.
    pub fn as_str(self) -> &'static str {
        match self {
            SoapVersion::V11 => "1.1",
            SoapVersion::V12 => "1.2",
        }
    }
}
