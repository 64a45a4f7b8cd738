//! The one module generated code uses. Not a stable API for people: names
//! here change with the generator.

pub use crate::bind::{
    expect_xsi_type, from_xml, other_attributes, read_any, read_attribute, read_attribute_fixed,
    read_attribute_or, read_binary, read_complex, read_simple, read_simple_fixed, read_simple_or,
    required_attribute, to_xml, unexpected_xsi_type, write_any_as, write_attribute,
    write_attribute_fixed, write_binary, write_complex, write_nil, write_simple,
    write_simple_fixed, write_xsi_type, AnyAttribute, AnyElement, Cursor, DeError, Decimal,
    DecimalValue, Encoding, HexBinary, Integer, MixedContent, NegativeInteger, Nillable,
    NonNegativeInteger, NonPositiveInteger, Optimize, PositiveInteger, QName, ReadCtx, XmlComplex,
    XmlNode, XmlSimple, XmlWriter,
};
pub use crate::Binary;
pub use crate::Result;
pub use crate::SharedStr;
pub use std::boxed::Box;
pub use std::option::Option;
pub use std::string::String;
pub use std::vec::Vec;

pub use crate::bind::{
    nil_of_fixed, qname_text, resolve_qname_text, write_nil_of_fixed, xml_part, BinaryElement,
    FaultDetail, Scoped, SimpleElement,
};
pub use crate::operation::{BinaryFields, OperationInfo};
pub use crate::soap::Fault;
pub use crate::xml::trim_xml;

#[cfg(feature = "client")]
pub use crate::http::client::{
    optional_response_part, response_part, CallError, Client as HttpClient,
};
#[cfg(feature = "server")]
pub use crate::http::server::{RequestCtx, ResponseMtom, Service as HttpService};
#[cfg(feature = "server")]
pub use axum::Router;
