//! Each pipeline stage on its own, over small documents written here.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone_codegen::diag::Code;
use soapstone_codegen::load::DocKind;
use soapstone_codegen::model::{self, TypeRef};
use soapstone_codegen::names::QName;
use soapstone_codegen::{load, parse, Settings};
use std::path::{Path, PathBuf};

struct Dir(PathBuf);
impl Dir {
    fn new(name: &str) -> Dir {
        let d =
            std::env::temp_dir().join(format!("soapstone-stages-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }
    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }
}
impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const XS: &str = "http://www.w3.org/2001/XMLSchema";

#[test]
fn load_follows_import_cycles_and_loads_each_document_once() {
    let d = Dir::new("cycle");
    let a = d.write(
        "a.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a">
             <xs:import namespace="urn:b" schemaLocation="sub/b.xsd"/>
           </xs:schema>"#,
    );
    d.write(
        "sub/b.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:b">
             <xs:import namespace="urn:a" schemaLocation="../a.xsd"/>
             <xs:import namespace="urn:a" schemaLocation="../a.xsd"/>
           </xs:schema>"#,
    );
    let sources = load(&Settings::new(&a));
    assert!(sources.diagnostics.is_empty(), "{:?}", sources.diagnostics);
    assert_eq!(sources.files.len(), 2);
    assert!(sources.kinds.iter().all(|k| *k == DocKind::Xsd));
    // Every edge reached a document.
    assert_eq!(sources.edges.len(), 3);
    assert!(sources.edges.iter().all(|e| e.target.is_some()));
}

#[test]
fn well_known_namespaces_need_no_file() {
    let d = Dir::new("builtin");
    let a = d.write(
        "a.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:m="http://www.w3.org/2005/05/xmlmime"
              xmlns:old="http://www.w3.org/2004/11/xmlmime" xmlns:w="http://ws-i.org/profiles/basic/1.1/xsd"
              targetNamespace="urn:a">
             <xs:import namespace="http://www.w3.org/2005/05/xmlmime"/>
             <xs:import namespace="http://www.w3.org/2004/11/xmlmime" schemaLocation="http://www.w3.org/2004/11/xmlmime"/>
             <xs:import namespace="http://ws-i.org/profiles/basic/1.1/xsd" schemaLocation="swaref.xsd"/>
             <xs:element name="photo" type="m:base64Binary"/>
             <xs:element name="old" type="old:base64Binary" old:expectedMediaType="image/png"/>
             <xs:element name="ref" type="w:swaRef"/>
           </xs:schema>"#,
    );
    let report = soapstone_codegen::inspect::inspect(&Settings::new(&a));
    assert!(report.diagnostics.is_empty(), "{:#?}", report.diagnostics);
    assert_eq!(
        report
            .documents
            .iter()
            .filter(|d| d.starts_with("<builtin"))
            .count(),
        3
    );
    let old = report
        .binaries
        .iter()
        .find(|b| b.body_path.as_deref() == Some("/old"))
        .unwrap();
    assert_eq!(old.expected_content_types, vec!["image/png"]);
    assert!(old.content_type_attribute);
}

#[test]
fn an_absolute_location_without_catalog_is_never_fetched() {
    let d = Dir::new("net");
    let a = d.write(
        "a.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a">
             <xs:import namespace="urn:x" schemaLocation="http://example.invalid/x.xsd"/>
           </xs:schema>"#,
    );
    let sources = load(&Settings::new(&a));
    let d0 = sources.diagnostics.iter().next().unwrap();
    assert_eq!(d0.code, Code::NeedsNetwork);
    assert_eq!(d0.span.map(|s| (s.line, s.column)), Some((2, 14)));
    assert!(d0.hint.contains("catalog"));
}

#[test]
fn qnames_resolve_by_namespace_uri_not_prefix() {
    let d = Dir::new("prefix");
    let a = d.write(
        "a.xsd",
        r#"<p:schema xmlns:p="http://www.w3.org/2001/XMLSchema" xmlns:one="urn:t" targetNamespace="urn:t">
             <p:include schemaLocation="b.xsd"/>
             <p:element name="e" type="one:T"/>
             <p:element name="f">
               <p:complexType xmlns:two="urn:t"><p:sequence><p:element ref="two:e"/></p:sequence></p:complexType>
             </p:element>
           </p:schema>"#,
    );
    d.write(
        "b.xsd",
        r#"<schema xmlns="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
             <simpleType name="T"><restriction base="base64Binary"/></simpleType>
           </schema>"#,
    );
    let sources = load(&Settings::new(&a));
    let parsed = parse(&sources);
    let (m, diags) = model::build(&parsed);
    assert!(diags.is_empty(), "{diags:?}");
    let e = m.element(&QName::new("urn:t", "e")).unwrap();
    let t = m.type_named(&QName::new("urn:t", "T")).unwrap();
    assert_eq!(m.elements[e].type_ref, TypeRef::Def(t));
    let (bins, _) = soapstone_codegen::analysis::binaries(&m);
    let paths: Vec<_> = bins.iter().filter_map(|b| b.body_path.clone()).collect();
    assert!(paths.contains(&"/f/e".to_string()), "{paths:?}");
    let _ = XS;
}

#[test]
fn unresolved_names_are_collected_not_thrown() {
    let d = Dir::new("many");
    let a = d.write(
        "a.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" xmlns:o="urn:other" targetNamespace="urn:t">
             <xs:element name="a" type="t:Missing"/>
             <xs:element name="b" type="o:Elsewhere"/>
             <xs:element name="c"><xs:complexType><xs:sequence><xs:element ref="t:nope"/><xs:group ref="t:g"/></xs:sequence>
               <xs:attributeGroup ref="t:ag"/></xs:complexType></xs:element>
             <xs:element name="d" type="zz:T"/>
           </xs:schema>"#,
    );
    let a = soapstone_codegen::analyze(&Settings::new(Path::new(&a)));
    let codes: Vec<_> = a.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, vec!["S002", "S002", "S003", "S005", "S006", "S001"]);
    // The hint tells a missing namespace apart from a misspelt name.
    let hints: Vec<_> = a.diagnostics.iter().map(|d| d.hint.clone()).collect();
    assert!(hints[0].contains("check the spelling"));
    assert!(hints[1].contains("no schema for namespace `urn:other`"));
}
