//! Schemas soapstone knows by heart, so that a WSDL importing one of these
//! namespaces (with or without a `schemaLocation`) needs no file and no
//! network. The texts are minimal descriptions written for soapstone: they
//! declare what bindings need (types, elements and attributes used by
//! references), not every annotation of the W3C originals.

use crate::names::ns;

/// A schema known by namespace.
#[derive(Debug, Clone, Copy)]
pub struct Builtin {
    /// The namespace it describes.
    pub namespace: &'static str,
    /// Well-known locations (URLs) that mean this schema.
    pub locations: &'static [&'static str],
    /// The schema text.
    pub text: &'static str,
}

/// An xmlmime schema: the `contentType` attribute, the expected-types
/// attribute (`expectedContentTypes`, or `expectedMediaType` in 2004/11), and
/// the `base64Binary` / `hexBinary` types that carry `contentType`.
macro_rules! xmime_schema {
    ($ns:literal, $expected:literal) => {
        concat!(
            "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xmime=\"", $ns, "\" targetNamespace=\"", $ns, "\">",
            "<xs:attribute name=\"contentType\"><xs:simpleType><xs:restriction base=\"xs:string\"><xs:minLength value=\"3\"/></xs:restriction></xs:simpleType></xs:attribute>",
            "<xs:attribute name=\"", $expected, "\" type=\"xs:string\"/>",
            "<xs:complexType name=\"base64Binary\"><xs:simpleContent><xs:extension base=\"xs:base64Binary\"><xs:attribute ref=\"xmime:contentType\"/></xs:extension></xs:simpleContent></xs:complexType>",
            "<xs:complexType name=\"hexBinary\"><xs:simpleContent><xs:extension base=\"xs:hexBinary\"><xs:attribute ref=\"xmime:contentType\"/></xs:extension></xs:simpleContent></xs:complexType>",
            "</xs:schema>"
        )
    };
}

const XMIME_2005: &str = xmime_schema!("http://www.w3.org/2005/05/xmlmime", "expectedContentTypes");
const XMIME_2004_11: &str = xmime_schema!("http://www.w3.org/2004/11/xmlmime", "expectedMediaType");
const XMIME_2004_06: &str =
    xmime_schema!("http://www.w3.org/2004/06/xmlmime", "expectedContentTypes");

const XOP: &str = r###"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    targetNamespace="http://www.w3.org/2004/08/xop/include" elementFormDefault="qualified">
  <xs:element name="Include">
    <xs:complexType>
      <xs:sequence><xs:any namespace="##other" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
      <xs:attribute name="href" type="xs:anyURI" use="required"/>
      <xs:anyAttribute namespace="##other"/>
    </xs:complexType>
  </xs:element>
</xs:schema>"###;

const SWAREF: &str = r###"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    targetNamespace="http://ws-i.org/profiles/basic/1.1/xsd">
  <xs:simpleType name="swaRef">
    <xs:restriction base="xs:anyURI"/>
  </xs:simpleType>
</xs:schema>"###;

const XML_NS: &str = r###"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:language"/>
  <xs:attribute name="space">
    <xs:simpleType>
      <xs:restriction base="xs:NCName">
        <xs:enumeration value="default"/><xs:enumeration value="preserve"/>
      </xs:restriction>
    </xs:simpleType>
  </xs:attribute>
  <xs:attribute name="base" type="xs:anyURI"/>
  <xs:attribute name="id" type="xs:ID"/>
  <xs:attributeGroup name="specialAttrs">
    <xs:attribute ref="xml:base"/><xs:attribute ref="xml:lang"/>
    <xs:attribute ref="xml:space"/><xs:attribute ref="xml:id"/>
  </xs:attributeGroup>
</xs:schema>"###;

const SOAP11_ENV: &str = r###"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="http://schemas.xmlsoap.org/soap/envelope/"
    targetNamespace="http://schemas.xmlsoap.org/soap/envelope/">
  <xs:element name="Envelope" type="tns:Envelope"/>
  <xs:complexType name="Envelope">
    <xs:sequence>
      <xs:element ref="tns:Header" minOccurs="0"/>
      <xs:element ref="tns:Body"/>
      <xs:any namespace="##other" minOccurs="0" maxOccurs="unbounded" processContents="lax"/>
    </xs:sequence>
    <xs:anyAttribute namespace="##other" processContents="lax"/>
  </xs:complexType>
  <xs:element name="Header" type="tns:Header"/>
  <xs:complexType name="Header">
    <xs:sequence><xs:any namespace="##other" minOccurs="0" maxOccurs="unbounded" processContents="lax"/></xs:sequence>
    <xs:anyAttribute namespace="##other" processContents="lax"/>
  </xs:complexType>
  <xs:element name="Body" type="tns:Body"/>
  <xs:complexType name="Body">
    <xs:sequence><xs:any namespace="##any" minOccurs="0" maxOccurs="unbounded" processContents="lax"/></xs:sequence>
    <xs:anyAttribute namespace="##any" processContents="lax"/>
  </xs:complexType>
  <xs:attribute name="mustUnderstand">
    <xs:simpleType><xs:restriction base="xs:boolean"><xs:pattern value="0|1"/></xs:restriction></xs:simpleType>
  </xs:attribute>
  <xs:attribute name="actor" type="xs:anyURI"/>
  <xs:simpleType name="encodingStyle"><xs:list itemType="xs:anyURI"/></xs:simpleType>
  <xs:attribute name="encodingStyle" type="tns:encodingStyle"/>
  <xs:element name="Fault" type="tns:Fault"/>
  <xs:complexType name="Fault" final="extension">
    <xs:sequence>
      <xs:element name="faultcode" type="xs:QName"/>
      <xs:element name="faultstring" type="xs:string"/>
      <xs:element name="faultactor" type="xs:anyURI" minOccurs="0"/>
      <xs:element name="detail" type="tns:detail" minOccurs="0"/>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="detail">
    <xs:sequence><xs:any namespace="##any" minOccurs="0" maxOccurs="unbounded" processContents="lax"/></xs:sequence>
    <xs:anyAttribute namespace="##any" processContents="lax"/>
  </xs:complexType>
</xs:schema>"###;

const SOAP12_ENV: &str = r###"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="http://www.w3.org/2003/05/soap-envelope"
    targetNamespace="http://www.w3.org/2003/05/soap-envelope" elementFormDefault="qualified">
  <xs:element name="Envelope" type="tns:Envelope"/>
  <xs:complexType name="Envelope">
    <xs:sequence>
      <xs:element ref="tns:Header" minOccurs="0"/>
      <xs:element ref="tns:Body"/>
    </xs:sequence>
    <xs:anyAttribute namespace="##other" processContents="lax"/>
  </xs:complexType>
  <xs:element name="Header" type="tns:Header"/>
  <xs:complexType name="Header">
    <xs:sequence><xs:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
    <xs:anyAttribute namespace="##other" processContents="lax"/>
  </xs:complexType>
  <xs:element name="Body" type="tns:Body"/>
  <xs:complexType name="Body">
    <xs:sequence><xs:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
    <xs:anyAttribute namespace="##other" processContents="lax"/>
  </xs:complexType>
  <xs:attribute name="mustUnderstand" type="xs:boolean" default="0"/>
  <xs:attribute name="relay" type="xs:boolean" default="0"/>
  <xs:attribute name="role" type="xs:anyURI"/>
  <xs:attribute name="encodingStyle" type="xs:anyURI"/>
  <xs:element name="Fault" type="tns:Fault"/>
  <xs:complexType name="Fault" final="extension">
    <xs:sequence>
      <xs:element name="Code" type="tns:faultcode"/>
      <xs:element name="Reason" type="tns:faultreason"/>
      <xs:element name="Node" type="xs:anyURI" minOccurs="0"/>
      <xs:element name="Role" type="xs:anyURI" minOccurs="0"/>
      <xs:element name="Detail" type="tns:detail" minOccurs="0"/>
    </xs:sequence>
    <xs:anyAttribute namespace="##other" processContents="lax"/>
  </xs:complexType>
  <xs:complexType name="faultreason">
    <xs:sequence><xs:element name="Text" type="tns:reasontext" maxOccurs="unbounded"/></xs:sequence>
  </xs:complexType>
  <xs:complexType name="reasontext">
    <xs:simpleContent>
      <xs:extension base="xs:string"><xs:attribute name="lang" type="xs:language" use="required"/></xs:extension>
    </xs:simpleContent>
  </xs:complexType>
  <xs:complexType name="faultcode">
    <xs:sequence>
      <xs:element name="Value" type="xs:QName"/>
      <xs:element name="Subcode" type="tns:subcode" minOccurs="0"/>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="subcode">
    <xs:sequence>
      <xs:element name="Value" type="xs:QName"/>
      <xs:element name="Subcode" type="tns:subcode" minOccurs="0"/>
    </xs:sequence>
  </xs:complexType>
  <xs:complexType name="detail">
    <xs:sequence><xs:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
    <xs:anyAttribute namespace="##other" processContents="lax"/>
  </xs:complexType>
  <xs:element name="NotUnderstood" type="tns:NotUnderstoodType"/>
  <xs:complexType name="NotUnderstoodType"><xs:attribute name="qname" type="xs:QName" use="required"/></xs:complexType>
</xs:schema>"###;

const SOAP11_ENC: &str = r###"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    targetNamespace="http://schemas.xmlsoap.org/soap/encoding/">
  <xs:attribute name="arrayType" type="xs:string"/>
  <xs:attribute name="offset" type="xs:string"/>
  <xs:complexType name="Array">
    <xs:sequence><xs:any namespace="##any" minOccurs="0" maxOccurs="unbounded" processContents="lax"/></xs:sequence>
    <xs:anyAttribute namespace="##other" processContents="lax"/>
  </xs:complexType>
  <xs:complexType name="Struct">
    <xs:sequence><xs:any namespace="##any" minOccurs="0" maxOccurs="unbounded" processContents="lax"/></xs:sequence>
    <xs:anyAttribute namespace="##other" processContents="lax"/>
  </xs:complexType>
  <xs:simpleType name="base64"><xs:restriction base="xs:base64Binary"/></xs:simpleType>
</xs:schema>"###;

/// An empty-ish schema for policy namespaces: their elements carry any content.
macro_rules! policy_schema {
    ($ns:literal, $($elem:literal),*) => {
        concat!(
            "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" elementFormDefault=\"qualified\" targetNamespace=\"",
            $ns,
            "\">",
            $(
                "<xs:element name=\"", $elem, "\"><xs:complexType><xs:sequence>",
                "<xs:any namespace=\"##any\" minOccurs=\"0\" maxOccurs=\"unbounded\" processContents=\"lax\"/>",
                "</xs:sequence><xs:anyAttribute namespace=\"##any\" processContents=\"lax\"/></xs:complexType></xs:element>",
            )*
            "</xs:schema>"
        )
    };
}

/// Every built-in schema.
pub const BUILTINS: &[Builtin] = &[
    Builtin {
        namespace: ns::XMIME_2005,
        locations: &[
            "http://www.w3.org/2005/05/xmlmime",
            "https://www.w3.org/2005/05/xmlmime",
            "http://www.w3.org/2005/05/xmlmime.xsd",
        ],
        text: XMIME_2005,
    },
    Builtin {
        namespace: ns::XMIME_2004_11,
        locations: &[
            "http://www.w3.org/2004/11/xmlmime",
            "http://www.w3.org/2004/11/xmlmime.xsd",
        ],
        text: XMIME_2004_11,
    },
    Builtin {
        namespace: ns::XMIME_2004_06,
        locations: &[
            "http://www.w3.org/2004/06/xmlmime",
            "http://www.w3.org/2004/06/xmlmime.xsd",
        ],
        text: XMIME_2004_06,
    },
    Builtin {
        namespace: ns::XOP,
        locations: &[
            "http://www.w3.org/2004/08/xop/include",
            "https://www.w3.org/2004/08/xop/include",
            "http://www.w3.org/2004/08/xop/include.xsd",
        ],
        text: XOP,
    },
    Builtin {
        namespace: ns::WSI_SWAREF,
        locations: &[
            "http://ws-i.org/profiles/basic/1.1/swaref.xsd",
            "http://ws-i.org/profiles/basic/1.1/xsd",
        ],
        text: SWAREF,
    },
    Builtin {
        namespace: ns::XML,
        locations: &[
            "http://www.w3.org/2001/xml.xsd",
            "http://www.w3.org/2001/03/xml.xsd",
            "http://www.w3.org/2009/01/xml.xsd",
            "https://www.w3.org/2001/xml.xsd",
        ],
        text: XML_NS,
    },
    Builtin {
        namespace: ns::SOAP11_ENV,
        locations: &["http://schemas.xmlsoap.org/soap/envelope/"],
        text: SOAP11_ENV,
    },
    Builtin {
        namespace: ns::SOAP12_ENV,
        locations: &[
            "http://www.w3.org/2003/05/soap-envelope",
            "https://www.w3.org/2003/05/soap-envelope",
            "http://www.w3.org/2003/05/soap-envelope/",
        ],
        text: SOAP12_ENV,
    },
    Builtin {
        namespace: ns::SOAP11_ENC,
        locations: &["http://schemas.xmlsoap.org/soap/encoding/"],
        text: SOAP11_ENC,
    },
    Builtin {
        namespace: ns::WSP_2004,
        locations: &["http://schemas.xmlsoap.org/ws/2004/09/policy"],
        text: policy_schema!(
            "http://schemas.xmlsoap.org/ws/2004/09/policy",
            "Policy",
            "PolicyReference",
            "ExactlyOne",
            "All"
        ),
    },
    Builtin {
        namespace: ns::WSP_15,
        locations: &["http://www.w3.org/ns/ws-policy"],
        text: policy_schema!(
            "http://www.w3.org/ns/ws-policy",
            "Policy",
            "PolicyReference",
            "ExactlyOne",
            "All"
        ),
    },
    Builtin {
        namespace: ns::WSOMA,
        locations: &["http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization"],
        text: policy_schema!(
            "http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization",
            "OptimizedMimeSerialization"
        ),
    },
    Builtin {
        namespace: ns::MTOM_POLICY,
        locations: &["http://www.w3.org/2007/08/soap12-mtom-policy"],
        text: policy_schema!("http://www.w3.org/2007/08/soap12-mtom-policy", "MTOM"),
    },
];

/// The built-in schema for a namespace.
pub fn by_namespace(namespace: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.namespace == namespace)
}

/// The built-in schema a well-known location stands for.
pub fn by_location(location: &str) -> Option<&'static Builtin> {
    BUILTINS.iter().find(|b| b.locations.contains(&location))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_is_well_formed_and_targets_its_namespace(
    ) -> Result<(), Box<dyn std::error::Error>> {
        for b in BUILTINS {
            let doc =
                roxmltree::Document::parse(b.text).map_err(|e| format!("{}: {e}", b.namespace))?;
            assert_eq!(
                doc.root_element().attribute("targetNamespace"),
                Some(b.namespace)
            );
        }
        Ok(())
    }

    #[test]
    fn lookups_by_namespace_and_location() {
        assert_eq!(by_namespace(ns::XOP).map(|b| b.namespace), Some(ns::XOP));
        assert_eq!(
            by_location("http://www.w3.org/2001/03/xml.xsd").map(|b| b.namespace),
            Some(ns::XML)
        );
        assert!(by_namespace("urn:nothing").is_none());
    }
}
