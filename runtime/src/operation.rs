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
    /// MTOM policy of the binding or of a port bound to it: `"required"`,
    /// `"optional"` or `"none"`.
    pub mtom: &'static str,
    /// Whether to send MTOM: the generator's MTOM setting applied to the policy.
    pub use_mtom: bool,
    /// Optimize binaries larger than this many bytes.
    pub threshold: u64,
    /// SOAP header elements of the request (namespace, local name).
    pub input_headers: &'static [(&'static str, &'static str)],
    /// SOAP header elements of the response (namespace, local name): a
    /// client calling the operation processes them, so they may be marked
    /// `mustUnderstand`.
    pub output_headers: &'static [(&'static str, &'static str)],
    /// Request body element (namespace, local name).
    pub input: Option<(&'static str, &'static str)>,
    /// Response body element.
    pub output: Option<(&'static str, &'static str)>,
}

/// The binary fields of an operation's messages as the schema describes
/// them: one line per field, `BODY-PATH [expected=RANGE,RANGE] [contentType]`
/// (compact, so that a WSDL with thousands of them generates and compiles
/// quickly).
///
/// ```
/// use soapstone::operation::BinaryFields;
/// const BINS: BinaryFields = BinaryFields(&[
///     "/sendImage/input/imageData[1] expected=image/png,image/jpeg contentType",
///     "/sendImage/input/thumbnail",
/// ]);
/// let first = BINS.get(0).ok_or("no first field")?;
/// assert_eq!(first.body_path(), "/sendImage/input/imageData[1]");
/// assert_eq!(first.expected_content_types().collect::<Vec<_>>(), ["image/png", "image/jpeg"]);
/// assert!(first.content_type_attribute());
/// let second = BINS.iter().nth(1).ok_or("no second field")?;
/// assert_eq!(second.expected_content_types().count(), 0);
/// # Ok::<(), &str>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BinaryFields(pub &'static [&'static str]);

impl BinaryFields {
    /// How many binary fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The `i`th field.
    pub fn get(&self, i: usize) -> Option<BinaryFieldInfo> {
        self.0.get(i).map(|line| BinaryFieldInfo(line))
    }

    /// The fields in schema order.
    pub fn iter(&self) -> impl Iterator<Item = BinaryFieldInfo> {
        self.0.iter().map(|line| BinaryFieldInfo(line))
    }
}

/// A binary field as the schema describes it (one line of [`BinaryFields`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BinaryFieldInfo(pub &'static str);

impl BinaryFieldInfo {
    /// Body path from the schema (`/sendImage/input/imageData`), or
    /// `part:NAME` for a MIME-bound part.
    pub fn body_path(&self) -> &'static str {
        self.0.split(' ').next().unwrap_or_default()
    }

    /// `xmime:expectedContentTypes` ranges.
    pub fn expected_content_types(&self) -> impl Iterator<Item = &'static str> {
        self.0
            .split(' ')
            .skip(1)
            .filter_map(|w| w.strip_prefix("expected="))
            .flat_map(|list| list.split(','))
            .filter(|r| !r.is_empty())
    }

    /// True when the element has an `xmime:contentType` attribute.
    pub fn content_type_attribute(&self) -> bool {
        self.0.split(' ').skip(1).any(|w| w == "contentType")
    }
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
