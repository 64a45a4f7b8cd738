//! SOAP over HTTP for generated bindings: a `client` (feature `client`,
//! reqwest) and a `server` (feature `server`, axum). Both stream bodies:
//! requests and responses go out as the package's chunks (attachment bytes
//! never copied, F2) and come in through the streaming reader, which spills
//! large parts to a private temporary directory (F3).

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
pub mod server;

use crate::soap::SoapVersion;
use crate::Message;

/// The SOAP version a received message uses (envelope namespace first, then
/// the Content-Type).
pub fn version_of(message: &Message, content_type: &str) -> SoapVersion {
    message.version.unwrap_or_else(|| {
        if content_type
            .to_ascii_lowercase()
            .contains("application/soap+xml")
        {
            SoapVersion::V12
        } else {
            SoapVersion::V11
        }
    })
}
