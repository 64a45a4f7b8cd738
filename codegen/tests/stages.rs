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

/// The codes and messages of `schema`'s errors (body of an `xs:schema` in
/// namespace `urn:t`, prefix `t`), checked as a whole run of the generator.
fn errors_of(name: &str, schema: &str) -> Vec<(String, String)> {
    let d = Dir::new(name);
    let a = d.write(
        "a.xsd",
        &format!(
            r#"<xs:schema xmlns:xs="{XS}" xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">{schema}</xs:schema>"#
        ),
    );
    let report = soapstone_codegen::check::check(&Settings::new(Path::new(&a)));
    report
        .diagnostics
        .iter()
        .filter(|d| d.severity == soapstone_codegen::diag::Severity::Error)
        .map(|d| (d.code.to_string(), d.message.clone()))
        .collect()
}

#[test]
fn forbidden_cycles_are_s009_errors_not_crashes_or_hangs() {
    // A group that contains itself, through a sequence and through a choice.
    for compositor in ["sequence", "choice"] {
        let errors = errors_of(
            &format!("group-{compositor}"),
            &format!(
                r#"<xs:group name="g"><xs:{compositor}><xs:element name="a" type="xs:string"/>
                     <xs:group ref="t:g" minOccurs="0"/></xs:{compositor}></xs:group>
                   <xs:complexType name="T"><xs:sequence><xs:group ref="t:g"/></xs:sequence></xs:complexType>
                   <xs:element name="e" type="t:T"/>"#
            ),
        );
        assert_eq!(errors.len(), 1, "{compositor}: {errors:?}");
        assert_eq!(errors[0].0, "S009");
        assert!(errors[0].1.contains("group `{urn:t}g`"), "{errors:?}");
    }
    // Two groups that contain each other.
    let errors = errors_of(
        "group-pair",
        r#"<xs:group name="g"><xs:sequence><xs:group ref="t:h"/></xs:sequence></xs:group>
           <xs:group name="h"><xs:sequence><xs:element name="b" type="xs:int"/><xs:group ref="t:g"/></xs:sequence></xs:group>
           <xs:element name="e"><xs:complexType><xs:group ref="t:g"/></xs:complexType></xs:element>"#,
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].0, "S009");
    // An attribute group referring to itself three times (each level
    // tripled the work before: 3^32 calls) on a binary simpleContent type,
    // which analysis walks too.
    let errors = errors_of(
        "attribute-group",
        r#"<xs:attributeGroup name="ag"><xs:attribute name="x" type="xs:string"/>
             <xs:attributeGroup ref="t:ag"/><xs:attributeGroup ref="t:ag"/><xs:attributeGroup ref="t:ag"/>
           </xs:attributeGroup>
           <xs:complexType name="B"><xs:simpleContent><xs:extension base="xs:base64Binary">
             <xs:attributeGroup ref="t:ag"/></xs:extension></xs:simpleContent></xs:complexType>
           <xs:element name="e" type="t:B"/>"#,
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].0 == "S009" && errors[0].1.contains("attribute group `{urn:t}ag`"),
        "{errors:?}"
    );
    // Types derived from themselves: a simple type, a pair of simple types,
    // a list of itself, a complex type extending itself.
    for (name, types) in [
        (
            "simple-self",
            r#"<xs:simpleType name="A"><xs:restriction base="t:A"/></xs:simpleType>
               <xs:element name="e" type="t:A"/>"#,
        ),
        (
            "simple-pair",
            r#"<xs:simpleType name="A"><xs:restriction base="t:B"/></xs:simpleType>
               <xs:simpleType name="B"><xs:restriction base="t:A"><xs:maxLength value="3"/></xs:restriction></xs:simpleType>
               <xs:element name="e" type="t:A"/>"#,
        ),
        (
            "list-self",
            r#"<xs:simpleType name="L"><xs:list itemType="t:L"/></xs:simpleType>
               <xs:element name="e" type="t:L"/>"#,
        ),
        (
            "complex-self",
            r#"<xs:complexType name="C"><xs:complexContent><xs:extension base="t:C">
                 <xs:sequence><xs:element name="x" type="xs:string"/></xs:sequence>
               </xs:extension></xs:complexContent></xs:complexType>
               <xs:element name="e" type="t:C"/>"#,
        ),
    ] {
        let errors = errors_of(name, types);
        let s009: Vec<_> = errors.iter().filter(|e| e.0 == "S009").collect();
        assert_eq!(s009.len(), 1, "{name}: {errors:?}");
        assert!(s009[0].1.contains("derived from"), "{name}: {errors:?}");
    }
    // Recursion through elements stays legal.
    let errors = errors_of(
        "element-recursion",
        r#"<xs:complexType name="Node"><xs:sequence>
             <xs:element name="child" type="t:Node" minOccurs="0" maxOccurs="unbounded"/>
           </xs:sequence></xs:complexType>
           <xs:element name="root" type="t:Node"/>"#,
    );
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn policy_reference_cycles_end_and_keep_what_they_say() {
    // A policy referring to itself thirty times over, beside the MTOM
    // assertion (each level multiplied the work by thirty before).
    let refs = r##"<wsp:PolicyReference URI="#P"/>"##.repeat(30);
    let d = Dir::new("policy-cycle");
    let wsdl = d.write(
        "p.wsdl",
        &format!(
            r##"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
                 xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
                 xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"
                 xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
                 xmlns:wsoma="http://schemas.xmlsoap.org/ws/2004/09/policy/optimizedmimeserialization"
                 xmlns:xs="{XS}" xmlns:t="urn:t" targetNamespace="urn:t">
               <wsp:Policy wsu:Id="P">{refs}<wsoma:OptimizedMimeSerialization/></wsp:Policy>
               <wsdl:types><xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
                 <xs:element name="ping" type="xs:string"/></xs:schema></wsdl:types>
               <wsdl:message name="m"><wsdl:part name="p" element="t:ping"/></wsdl:message>
               <wsdl:portType name="PT"><wsdl:operation name="ping"><wsdl:input message="t:m"/><wsdl:output message="t:m"/></wsdl:operation></wsdl:portType>
               <wsdl:binding name="B" type="t:PT"><wsp:PolicyReference URI="#P"/>
                 <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
                 <wsdl:operation name="ping"><wsdl:input><soap:body use="literal"/></wsdl:input>
                   <wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation></wsdl:binding>
             </wsdl:definitions>"##
        ),
    );
    let generated = soapstone_codegen::generate(&Settings::new(Path::new(&wsdl)))
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    assert!(
        generated.code.contains(r#"mtom: "required""#),
        "{}",
        generated.code
    );
}

/// A WSDL whose portType overloads `get`: by id and by name, each with its
/// own messages; `binding_names` gives the binding operations' input and
/// output names (`None`: none written).
fn overloaded(name: &str, binding_names: [(Option<&str>, Option<&str>); 2]) -> (Dir, PathBuf) {
    let io = |(i, o): (Option<&str>, Option<&str>)| {
        let attr = |n: Option<&str>| n.map(|n| format!(" name=\"{n}\"")).unwrap_or_default();
        format!(
            r#"<wsdl:input{}><soap:body use="literal"/></wsdl:input><wsdl:output{}><soap:body use="literal"/></wsdl:output>"#,
            attr(i),
            attr(o)
        )
    };
    let d = Dir::new(name);
    let wsdl = d.write(
        "o.wsdl",
        &format!(
            r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
                 xmlns:xs="{XS}" xmlns:t="urn:t" targetNamespace="urn:t">
               <wsdl:types><xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
                 <xs:element name="getById" type="xs:int"/><xs:element name="getByName" type="xs:string"/>
                 <xs:element name="byIdResult" type="xs:string"/><xs:element name="byNameResult" type="xs:string"/>
               </xs:schema></wsdl:types>
               <wsdl:message name="idIn"><wsdl:part name="p" element="t:getById"/></wsdl:message>
               <wsdl:message name="nameIn"><wsdl:part name="p" element="t:getByName"/></wsdl:message>
               <wsdl:message name="idOut"><wsdl:part name="p" element="t:byIdResult"/></wsdl:message>
               <wsdl:message name="nameOut"><wsdl:part name="p" element="t:byNameResult"/></wsdl:message>
               <wsdl:portType name="PT">
                 <wsdl:operation name="get"><wsdl:input name="byId" message="t:idIn"/><wsdl:output name="byIdR" message="t:idOut"/></wsdl:operation>
                 <wsdl:operation name="get"><wsdl:input name="byName" message="t:nameIn"/><wsdl:output name="byNameR" message="t:nameOut"/></wsdl:operation>
               </wsdl:portType>
               <wsdl:binding name="B" type="t:PT"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
                 <wsdl:operation name="get">{}</wsdl:operation>
                 <wsdl:operation name="get">{}</wsdl:operation>
               </wsdl:binding>
             </wsdl:definitions>"#,
            io(binding_names[0]),
            io(binding_names[1])
        ),
    );
    (d, wsdl)
}

#[test]
fn overloaded_operations_bind_by_their_input_and_output_names() {
    // Named in the binding, in either order: each binds its own overload.
    let (_dir, wsdl) = overloaded(
        "overload-named",
        [
            (Some("byName"), Some("byNameR")),
            (Some("byId"), Some("byIdR")),
        ],
    );
    let code = soapstone_codegen::generate(&Settings::new(&wsdl))
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics))
        .code;
    // The constant of each binding operation, in binding order.
    let constant = |name: &str| {
        let at = code
            .find(&format!(
                "pub const {name}: ::soapstone::__private::OperationInfo"
            ))
            .unwrap_or_else(|| panic!("no {name}: {code}"));
        code[at..]
            .split("};")
            .next()
            .unwrap_or_default()
            .to_string()
    };
    let (first, second) = (constant("GET"), constant("GET_OP"));
    assert!(
        first.contains(r#"Some(("urn:t", "getByName"))"#)
            && first.contains(r#"Some(("urn:t", "byNameResult"))"#),
        "{first}"
    );
    assert!(
        second.contains(r#"Some(("urn:t", "getById"))"#)
            && second.contains(r#"Some(("urn:t", "byIdResult"))"#),
        "{second}"
    );
    // Unnamed in the binding: both overloads match both, which is an error
    // naming the operation, not a silent pick.
    let (_dir2, wsdl) = overloaded("overload-unnamed", [(None, None), (None, None)]);
    let e = soapstone_codegen::generate(&Settings::new(&wsdl)).unwrap_err();
    let messages: Vec<String> = e.diagnostics.iter().map(|d| d.message.clone()).collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("matches several overloaded operations")),
        "{messages:?}"
    );
}

#[test]
fn an_empty_sequence_beside_an_all_keeps_the_any_order() {
    // JAXB writes a subclass without fields as an extension with an empty
    // sequence; its content is the base's xs:all (XSD 1.0 §3.4.2).
    let d = Dir::new("all-empty-seq");
    let xsd = d.write(
        "a.xsd",
        &format!(
            r#"<xs:schema xmlns:xs="{XS}" xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">
                 <xs:complexType name="Base"><xs:all>
                   <xs:element name="a" type="xs:int"/><xs:element name="b" type="xs:int"/>
                 </xs:all></xs:complexType>
                 <xs:complexType name="Derived"><xs:complexContent><xs:extension base="t:Base">
                   <xs:sequence/><xs:attribute name="tag" type="xs:string"/>
                 </xs:extension></xs:complexContent></xs:complexType>
                 <xs:element name="d" type="t:Derived"/>
               </xs:schema>"#
        ),
    );
    let code = soapstone_codegen::generate(&Settings::new(&xsd))
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics))
        .code;
    let read_of = |ty: &str| {
        let at = code
            .find(&format!("XmlComplex for {ty} {{"))
            .unwrap_or_else(|| panic!("no {ty}: {code}"));
        code[at..]
            .split("\n}\n")
            .next()
            .unwrap_or_default()
            .to_string()
    };
    // Both read their elements in a loop that takes them in any order.
    for ty in ["Base", "Derived"] {
        let read = read_of(ty);
        assert!(
            read.contains("while let ::std::option::Option::Some(n) = __c.peek()"),
            "{ty}: {read}"
        );
    }
}

#[test]
fn default_and_fixed_on_an_attribute_reference_apply_to_that_use() {
    let d = Dir::new("attr-ref-default");
    let xsd = d.write(
        "a.xsd",
        &format!(
            r#"<xs:schema xmlns:xs="{XS}" xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">
                 <xs:attribute name="version" type="xs:string"/>
                 <xs:attribute name="scale" type="xs:decimal"/>
                 <xs:complexType name="Plain"><xs:attribute ref="t:version"/></xs:complexType>
                 <xs:complexType name="Defaulted"><xs:attribute ref="t:version" default="1.0"/></xs:complexType>
                 <xs:complexType name="Fixed"><xs:attribute ref="t:scale" fixed="2"/></xs:complexType>
                 <xs:element name="p" type="t:Plain"/><xs:element name="d" type="t:Defaulted"/>
                 <xs:element name="f" type="t:Fixed"/>
               </xs:schema>"#
        ),
    );
    let code = soapstone_codegen::generate(&Settings::new(&xsd))
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics))
        .code;
    let read_of = |ty: &str| {
        let at = code
            .find(&format!("XmlComplex for {ty} {{"))
            .unwrap_or_else(|| panic!("no {ty}: {code}"));
        // Without whitespace: the formatter wraps long calls.
        code[at..]
            .split("\n}\n")
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .collect::<String>()
    };
    assert!(
        read_of("Plain").contains("read_attribute(node,\"urn:t\",\"version\")"),
        "{}",
        read_of("Plain")
    );
    assert!(
        read_of("Defaulted").contains("read_attribute_or(node,\"urn:t\",\"version\",\"1.0\""),
        "{}",
        read_of("Defaulted")
    );
    assert!(
        read_of("Fixed").contains("read_attribute_fixed(") && read_of("Fixed").contains("\"2\""),
        "{}",
        read_of("Fixed")
    );
}

#[test]
fn deeply_nested_documents_are_refused_with_a_short_diagnostic() {
    // 20,000 nested sequences on one line: no stack overflow anywhere (the
    // XML parser, the schema builder), one L002 error, and the rendered
    // line cut to a window around the column.
    let n = 20_000;
    let d = Dir::new("deep");
    let xsd = d.write(
        "deep.xsd",
        &format!(
            r#"<xs:schema xmlns:xs="{XS}" targetNamespace="urn:t"><xs:complexType name="T">{}<xs:element name="a" type="xs:string"/>{}</xs:complexType></xs:schema>"#,
            "<xs:sequence>".repeat(n),
            "</xs:sequence>".repeat(n)
        ),
    );
    let report = soapstone_codegen::check::check(&Settings::new(&xsd));
    let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["L002"], "{:?}", report.diagnostics);
    assert!(report.diagnostics[0]
        .message
        .contains("nested deeper than 512"));
    let rendered = report.rendered.join("\n");
    assert!(rendered.len() < 2_000, "{} bytes rendered", rendered.len());
    assert!(rendered.contains('…'), "{rendered}");
    // 500 levels are fine.
    let ok = d.write(
        "ok.xsd",
        &format!(
            r#"<xs:schema xmlns:xs="{XS}" targetNamespace="urn:t"><xs:complexType name="T">{}<xs:element name="a" type="xs:string"/>{}</xs:complexType></xs:schema>"#,
            "<xs:sequence>".repeat(500),
            "</xs:sequence>".repeat(500)
        ),
    );
    let report = soapstone_codegen::check::check(&Settings::new(&ok));
    assert!(!report.has_errors(), "{:?}", report.diagnostics);
}

#[test]
fn operations_an_endpoint_cannot_tell_apart_are_a_warning() {
    let d = Dir::new("same-body");
    let wsdl = d.write(
        "s.wsdl",
        &format!(
            r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
                 xmlns:xs="{XS}" xmlns:t="urn:t" targetNamespace="urn:t">
               <wsdl:types><xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
                 <xs:element name="query" type="xs:string"/><xs:element name="result" type="xs:string"/>
               </xs:schema></wsdl:types>
               <wsdl:message name="in"><wsdl:part name="p" element="t:query"/></wsdl:message>
               <wsdl:message name="out"><wsdl:part name="p" element="t:result"/></wsdl:message>
               <wsdl:portType name="PT">
                 <wsdl:operation name="find"><wsdl:input message="t:in"/><wsdl:output message="t:out"/></wsdl:operation>
                 <wsdl:operation name="search"><wsdl:input message="t:in"/><wsdl:output message="t:out"/></wsdl:operation>
                 <wsdl:operation name="lookup"><wsdl:input message="t:in"/><wsdl:output message="t:out"/></wsdl:operation>
               </wsdl:portType>
               <wsdl:binding name="B" type="t:PT"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
                 <wsdl:operation name="find"><soap:operation soapAction=""/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
                 <wsdl:operation name="search"><soap:operation soapAction=""/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
                 <wsdl:operation name="lookup"><soap:operation soapAction="urn:lookup"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
               </wsdl:binding>
             </wsdl:definitions>"#
        ),
    );
    let generated = soapstone_codegen::generate(&Settings::new(&wsdl))
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    let warnings: Vec<String> = generated
        .diagnostics
        .iter()
        .filter(|d| d.code == Code::InvalidWsdl)
        .map(|d| d.message.clone())
        .collect();
    // find and search collide; lookup has an action of its own.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("`find` and `search`") && !warnings[0].contains("lookup"),
        "{warnings:?}"
    );
}

#[test]
fn a_chain_of_redefines_extends_each_definition_once() {
    // a.xsd redefines b.xsd, which redefines c.xsd; each extends T.
    let d = Dir::new("redefine-chain");
    let schema = |body: &str| {
        format!(
            r#"<xs:schema xmlns:xs="{XS}" xmlns:t="urn:t" targetNamespace="urn:t" elementFormDefault="qualified">{body}</xs:schema>"#
        )
    };
    let extend = |file: &str, field: &str| {
        format!(
            r#"<xs:redefine schemaLocation="{file}"><xs:complexType name="T"><xs:complexContent><xs:extension base="t:T">
                 <xs:sequence><xs:element name="{field}" type="xs:string"/></xs:sequence></xs:extension></xs:complexContent></xs:complexType></xs:redefine>"#
        )
    };
    d.write(
        "c.xsd",
        &schema(r#"<xs:complexType name="T"><xs:sequence><xs:element name="c" type="xs:string"/></xs:sequence></xs:complexType>"#),
    );
    d.write("b.xsd", &schema(&extend("c.xsd", "b")));
    let a = d.write(
        "a.xsd",
        &schema(&format!(
            r#"{}<xs:element name="e" type="t:T"/>"#,
            extend("b.xsd", "a")
        )),
    );
    let code = soapstone_codegen::generate(&Settings::new(&a))
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics))
        .code;
    // The element's type has c, b and a, once each, in that order.
    let at = code
        .find("pub struct T {")
        .unwrap_or_else(|| panic!("{code}"));
    let body = code[at..].split("\n}\n").next().unwrap_or_default();
    let fields: Vec<&str> = body
        .lines()
        .skip(1)
        .filter_map(|l| l.trim().strip_prefix("pub "))
        .filter_map(|l| l.split(':').next())
        .collect();
    assert_eq!(fields, ["c", "b", "a"], "{body}");
}

/// A document/literal WSDL with one operation `put` whose request is
/// `mime:multipartRelated`: the root part's `soap:body` (`body_parts`: its
/// `parts=` attribute, if any), then `mime_parts` (the `mime:part`
/// elements). `schema` and `in_parts` add global elements and parts of the
/// request message beside `body` (element `t:put`).
fn mime_put_wsdl(
    name: &str,
    schema: &str,
    in_parts: &str,
    body_parts: &str,
    mime_parts: &str,
) -> (Dir, PathBuf) {
    let d = Dir::new(name);
    let wsdl = d.write(
        "m.wsdl",
        &format!(
            r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
                 xmlns:mime="http://schemas.xmlsoap.org/wsdl/mime/" xmlns:xs="{XS}" xmlns:t="urn:t" targetNamespace="urn:t">
               <wsdl:types><xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
                 <xs:element name="put" type="xs:string"/><xs:element name="putResult" type="xs:string"/>{schema}
               </xs:schema></wsdl:types>
               <wsdl:message name="in"><wsdl:part name="body" element="t:put"/>{in_parts}</wsdl:message>
               <wsdl:message name="out"><wsdl:part name="body" element="t:putResult"/></wsdl:message>
               <wsdl:portType name="PT"><wsdl:operation name="put"><wsdl:input message="t:in"/><wsdl:output message="t:out"/></wsdl:operation></wsdl:portType>
               <wsdl:binding name="B" type="t:PT"><soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
                 <wsdl:operation name="put">
                   <wsdl:input><mime:multipartRelated>
                     <mime:part><soap:body{body_parts} use="literal"/></mime:part>{mime_parts}
                   </mime:multipartRelated></wsdl:input>
                   <wsdl:output><soap:body use="literal"/></wsdl:output>
                 </wsdl:operation>
               </wsdl:binding>
             </wsdl:definitions>"#
        ),
    );
    (d, wsdl)
}

/// A `mime:mimeXml` part is its own MIME part, not part of the SOAP body,
/// even when `soap:body` lists no parts: the body stays the one element
/// (no several-parts wrapper), and the part is typed as its element.
#[test]
fn mime_xml_parts_stay_out_of_the_body_and_are_typed() {
    let (_dir, wsdl) = mime_put_wsdl(
        "mimexml",
        r#"<xs:element name="note"><xs:complexType><xs:sequence><xs:element name="text" type="xs:string"/></xs:sequence></xs:complexType></xs:element>"#,
        r#"<wsdl:part name="note" element="t:note"/>"#,
        "",
        r#"<mime:part><mime:mimeXml part="note"/></mime:part>"#,
    );
    let out = soapstone_codegen::generate(&Settings::new(&wsdl))
        .unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let code = out.code;
    assert!(
        code.contains(r#"input: ::std::option::Option::Some(("urn:t", "put"))"#),
        "{code}"
    );
    assert!(code.contains("pub struct PutInputParts"), "{code}");
    assert!(code.contains("pub note: super::Note"), "{code}");
}

/// `mime:content` alternatives: the media type sent by default is the first
/// that names one type (not a range); alternatives naming different parts
/// give each part a field of its own, with a warning, none unreachable.
#[test]
fn mime_content_alternatives_pick_a_type_and_keep_every_part() {
    let (_dir, wsdl) = mime_put_wsdl(
        "mimealt",
        "",
        r#"<wsdl:part name="pic" type="xs:base64Binary"/><wsdl:part name="png" type="xs:base64Binary"/><wsdl:part name="gif" type="xs:base64Binary"/>"#,
        r#" parts="body""#,
        r#"<mime:part><mime:content part="pic" type="image/*"/><mime:content part="pic" type="image/png"/></mime:part>
           <mime:part><mime:content part="png" type="image/png"/><mime:content part="gif" type="image/gif"/></mime:part>"#,
    );
    let mut settings = Settings::new(&wsdl);
    settings.client = true;
    let out =
        soapstone_codegen::generate(&settings).unwrap_or_else(|e| panic!("{:?}", e.diagnostics));
    let warnings: Vec<&str> = out.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert!(
        warnings.len() == 1
            && warnings[0].contains("name different parts (png, gif)")
            && warnings[0].contains("each is optional"),
        "{warnings:?}"
    );
    // The pic part is always sent, with the first media type that is not a
    // range; png and gif are alternatives, optional, the one present sent.
    let code = out.code.replace([' ', '\n'], "");
    assert!(
        code.contains(r#"__parts.push(("pic","image/png",&parts.pic));"#),
        "{code}"
    );
    assert!(
        code.contains("pubpic:::soapstone::__private::Binary,"),
        "{code}"
    );
    for (part, media_type) in [("png", "image/png"), ("gif", "image/gif")] {
        let field = format!("pub{part}:::std::option::Option<::soapstone::__private::Binary>,");
        assert!(code.contains(&field), "{field}: {code}");
        let sent =
            format!(r#"ifletSome(v)=&parts.{part}{{__parts.push(("{part}","{media_type}",v));}}"#);
        let sent = sent.replace("Some", "::std::option::Option::Some");
        assert!(code.contains(&sent), "{sent}: {code}");
    }
}
