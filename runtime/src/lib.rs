//! `soapstone`: the runtime that soapstone-generated SOAP bindings link against.
//!
//! It carries the wire layer: [`Binary`] attachment values, MTOM/XOP and SwA
//! packaging ([`mime::writer`], [`swa`]), an in-memory zero-copy reader
//! ([`mime::reader::decode`]) and a streaming reader that spills large parts to
//! disk ([`mime::stream`]), XOP infoset resolution ([`xop`]), SOAP 1.1/1.2
//! envelopes and faults ([`soap`]), and the limits of MTOM-CHECKLIST §G
//! ([`Limits`]). See `DESIGN.md` ("The runtime") for the map.
//!
//! ```
//! use soapstone::{mime::writer::MtomWriter, soap::SoapVersion, Binary, Limits};
//!
//! let mut w = MtomWriter::new(SoapVersion::V12);
//! let content = w.content(&Binary::from(vec![7u8; 2000]).with_content_type("image/png"))?;
//! let body = format!("<m:send xmlns:m=\"urn:m\"><m:img>{content}</m:img></m:send>");
//! let envelope = soapstone::soap::envelope::write_envelope(SoapVersion::V12, &[], &body);
//! let package = w.finish(envelope)?;
//! let wire = package.to_bytes()?;
//!
//! let msg = soapstone::mime::reader::decode(package.content_type(), wire, &Limits::default())?;
//! let att = msg.attachment_at("/send/img").expect("referenced");
//! assert_eq!(att.data.len(), 2000);
//! # Ok::<(), soapstone::Error>(())
//! ```

pub mod binary;
pub mod bind;
pub mod error;
pub mod http;
pub mod inspect;
pub mod limits;
pub mod message;
pub mod mime;
pub mod operation;
pub mod soap;
pub mod store;
pub mod swa;
pub mod xml;
pub mod xop;

#[doc(hidden)]
pub mod __private;

pub use binary::{Binary, BinaryData};
/// A string that shares the buffer of the message it was read from: text
/// fields of bindings generated with shared strings (`--strings shared`)
/// are slices of the received XML instead of copies (text with entity
/// references, which unescaping changes, is copied). Cheap to clone;
/// derefs to `str`. (`bytestring::ByteString`.)
pub use bytestring::ByteString as SharedStr;
pub use error::{Error, Result};
pub use limits::{Limit, Limits};
pub use message::{Attachment, AttachmentId, Message, PackageKind};
pub use mime::reader::decode;
pub use soap::{Envelope, Fault, FaultCode, SoapVersion};
pub use store::AttachmentStore;

/// Generates bindings from a WSDL in place (feature `macros`); see
/// `soapstone_macros::wsdl`.
#[cfg(feature = "macros")]
pub use soapstone_macros::wsdl;
