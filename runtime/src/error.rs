//! Typed errors. Every error a reader returns for external input maps to a SOAP
//! Sender (1.2) / Client (1.1) fault; size limits map to HTTP 413.

use crate::limits::Limit;
use crate::soap::fault::FaultCode;

/// Result alias of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong reading or writing a message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A limit of [`crate::Limits`] was exceeded.
    #[error("limit {limit} exceeded: {actual} > {max}")]
    LimitExceeded {
        /// Which limit.
        limit: Limit,
        /// The configured maximum.
        max: u64,
        /// What was found (or a lower bound of it).
        actual: u64,
    },
    /// The Content-Type header could not be parsed or is not usable.
    #[error("bad Content-Type: {0}")]
    ContentType(String),
    /// A multipart message without a usable boundary (D4).
    #[error("multipart message without a boundary")]
    MissingBoundary,
    /// The input ended before the close delimiter (D3).
    #[error("missing close delimiter: input ended inside a part")]
    MissingCloseDelimiter,
    /// No delimiter line was found at all.
    #[error("no multipart delimiter found")]
    NoDelimiter,
    /// A part's headers are malformed.
    #[error("malformed part header: {0}")]
    MalformedHeader(String),
    /// A Content-Transfer-Encoding other than binary, 8bit, 7bit, base64, quoted-printable (D5).
    #[error("unknown Content-Transfer-Encoding {0:?}")]
    UnknownTransferEncoding(String),
    /// A base64 or quoted-printable body that does not decode (D5).
    #[error("part body does not decode as {encoding}: {reason}")]
    BadEncoding {
        /// The transfer encoding.
        encoding: &'static str,
        /// Why.
        reason: String,
    },
    /// Two parts with the same Content-ID (D8).
    #[error("duplicate Content-ID {0:?}")]
    DuplicateContentId(String),
    /// Several MIME parts carry one WSDL part name (WS-I AP Content-ID
    /// `<name=...>`, A10): a MIME binding sends each part once, and taking
    /// one would drop the others.
    #[error("MIME part {0:?} is given more than once")]
    RepeatedPart(String),
    /// A part referenced more often than allowed (D8).
    #[error("part {0:?} is referenced more than once")]
    ReferencedTwice(String),
    /// An `xop:Include` that breaks XOP rules (D9).
    #[error("invalid xop:Include: {0}")]
    InvalidInclude(String),
    /// An `xop:Include` href that is not a `cid:` URI (D10); it is never dereferenced.
    #[error("xop:Include href {0:?} is not a cid: URI")]
    NonCidHref(String),
    /// An `xop:Include` href that matches no part (D7).
    #[error("xop:Include href {0:?} matches no part")]
    UnresolvedHref(String),
    /// The root part contains a document type declaration (§G: forbidden).
    #[error("DTD in the root part is forbidden")]
    DtdForbidden,
    /// The root part is not well-formed XML.
    #[error("malformed XML: {0}")]
    Xml(String),
    /// The root part is XML but not a usable SOAP envelope.
    #[error("not a SOAP envelope: {0}")]
    Envelope(String),
    /// An HTTP message (for `mime inspect`) could not be parsed.
    #[error("malformed HTTP message: {0}")]
    Http(String),
    /// A caller-supplied header value holds CR or LF (C7).
    #[error("header value contains CR or LF: {0:?}")]
    InvalidHeaderValue(String),
    /// Content handed to the XOP writer already holds an `xop:Include` it did not make (B2),
    /// or one of its includes is missing or repeated (B4).
    #[error("cannot XOP-serialize: {0}")]
    XopConflict(String),
    /// An I/O error reading the input or spilling to disk.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// Shorthand for a limit breach.
    pub fn limit(limit: Limit, max: u64, actual: u64) -> Self {
        Error::LimitExceeded { limit, max, actual }
    }

    /// The MTOM-CHECKLIST item the error is about, if any.
    pub fn checklist_id(&self) -> Option<&'static str> {
        Some(match self {
            Error::LimitExceeded { .. } | Error::DtdForbidden => "G",
            Error::ContentType(_) => "D2",
            Error::MissingBoundary => "D4",
            Error::MissingCloseDelimiter | Error::NoDelimiter => "D3",
            Error::UnknownTransferEncoding(_) | Error::BadEncoding { .. } => "D5",
            Error::DuplicateContentId(_) | Error::ReferencedTwice(_) => "D8",
            Error::InvalidInclude(_) => "D9",
            Error::NonCidHref(_) => "D10",
            Error::UnresolvedHref(_) => "D7",
            Error::InvalidHeaderValue(_) => "C7",
            Error::XopConflict(_) => "B2",
            _ => return None,
        })
    }

    /// The HTTP status a server answers with: 413 for size limits, 500 for local
    /// I/O failures, 400 otherwise (the fault itself is what the client reads).
    pub fn http_status(&self) -> u16 {
        match self {
            Error::LimitExceeded { limit, .. } if limit.is_size() => 413,
            Error::Io(_) | Error::InvalidHeaderValue(_) | Error::XopConflict(_) => 500,
            _ => 400,
        }
    }

    /// The SOAP fault code: Sender (Client in 1.1) for anything wrong with the
    /// input, Receiver (Server) for local failures.
    pub fn fault_code(&self) -> FaultCode {
        match self.http_status() {
            500 => FaultCode::Receiver,
            _ => FaultCode::Sender,
        }
    }
}
