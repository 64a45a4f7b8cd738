//! What the WSDL says about each operation, as data: generated bindings
//! emit one [`OperationInfo`] per operation and binding, and the HTTP
//! [`client`](crate::http) and [`server`](crate::http) take it to know the
//! body elements, SOAPAction, SOAP version and MTOM use.

use crate::bind::Encoding;
use crate::soap::SoapVersion;

/// A SOAP operation as the WSDL binds it, for clients and servers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OperationInfo {
    /// Operation name.
    pub name: &'static str,
    /// SOAP version of the binding: `"1.1"` or `"1.2"`.
    pub soap_version: &'static str,
    /// `soapAction` (may be empty).
    pub action: &'static str,
    /// `document` or `rpc`.
    pub style: &'static str,
    /// MTOM policy of the binding: `"required"`, `"optional"` or `"none"`.
    pub mtom: &'static str,
    /// Whether to send MTOM: the generator's MTOM setting applied to the policy.
    pub use_mtom: bool,
    /// Optimize binaries larger than this many bytes.
    pub threshold: u64,
    /// SOAP header elements of the request (namespace, local name).
    pub input_headers: &'static [(&'static str, &'static str)],
    /// Request body element (namespace, local name).
    pub input: Option<(&'static str, &'static str)>,
    /// Response body element.
    pub output: Option<(&'static str, &'static str)>,
}

/// A binary field as the schema describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BinaryFieldInfo {
    /// Body path from the schema (`/sendImage/input/imageData`).
    pub body_path: &'static str,
    /// `xmime:expectedContentTypes` ranges.
    pub expected_content_types: &'static [&'static str],
    /// True when the element has an `xmime:contentType` attribute.
    pub content_type_attribute: bool,
}

impl OperationInfo {
    /// The binding's SOAP version.
    pub fn version(&self) -> SoapVersion {
        if self.soap_version == "1.2" {
            SoapVersion::V12
        } else {
            SoapVersion::V11
        }
    }

    /// How requests of this operation carry binaries: MTOM with the
    /// operation's threshold when `use_mtom`, else inline.
    pub fn encoding(&self) -> Encoding {
        if self.use_mtom {
            Encoding::Mtom {
                threshold: self.threshold,
            }
        } else {
            Encoding::Inline
        }
    }
}
