//! The one module generated code uses. Not a stable API for people: names
//! here change with the generator.

pub use crate::bind::{
    from_xml, other_attributes, read_any, read_attribute, read_binary, read_complex, read_simple,
    read_simple_or, required_attribute, to_xml, write_any_as, write_attribute, write_binary,
    write_complex, write_nil, write_simple, write_xsi_type, AnyAttribute, AnyElement, Cursor,
    DeError, Decimal, HexBinary, Integer, MixedContent, Nillable, Optimize, QName, ReadCtx,
    XmlComplex, XmlNode, XmlSimple, XmlWriter,
};
pub use crate::Binary;
pub use crate::Result;
pub use std::boxed::Box;
pub use std::option::Option;
pub use std::string::String;
pub use std::vec::Vec;

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
