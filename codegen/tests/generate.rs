//! `generate` over small inline schemas: each test pins a generator bug
//! found by the corpus compile run (tests/tests/corpus_compile.rs), by the
//! shape of the code it must produce. The code must parse (`syn`); the
//! corpus run is what compiles it.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone_codegen::{generate, Settings};
use std::path::PathBuf;

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let d =
            std::env::temp_dir().join(format!("soapstone-generate-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        Dir(d)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Generates from a schema body (inside `<xs:schema targetNamespace="urn:t">`)
/// and parses the result.
fn gen(name: &str, body: &str) -> (String, syn::File) {
    let d = Dir::new(name);
    let path = d.0.join("schema.xsd");
    std::fs::write(
        &path,
        format!(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t"
                targetNamespace="urn:t" elementFormDefault="qualified">{body}</xs:schema>"#
        ),
    )
    .unwrap();
    let code = match generate(&Settings::new(&path)) {
        Ok(g) => g.code,
        Err(e) => panic!("{name}: generation failed:\n{e}"),
    };
    let file = syn::parse_file(&code).unwrap_or_else(|e| panic!("{name}: {e}\n{code}"));
    (code, file)
}

fn find_struct<'f>(file: &'f syn::File, name: &str) -> &'f syn::ItemStruct {
    file.items
        .iter()
        .find_map(|i| match i {
            syn::Item::Struct(s) if s.ident == name => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no struct {name}"))
}

fn find_enum<'f>(file: &'f syn::File, name: &str) -> &'f syn::ItemEnum {
    file.items
        .iter()
        .find_map(|i| match i {
            syn::Item::Enum(e) if e.ident == name => Some(e),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no enum {name}"))
}

fn field_names(s: &syn::ItemStruct) -> Vec<String> {
    s.fields
        .iter()
        .filter_map(|f| f.ident.as_ref().map(|i| i.to_string()))
        .collect()
}

fn tokens(t: &impl quote::ToTokens) -> String {
    t.to_token_stream().to_string().replace(' ', "")
}

/// xsd-parser's extension_simple_content: an attribute named `value` beside
/// simple content (E0124, field declared twice).
#[test]
fn attribute_named_value_beside_simple_content_gets_another_name() {
    let (_, file) = gen(
        "attr-value",
        r#"<xs:complexType name="Amount">
             <xs:simpleContent>
               <xs:extension base="xs:decimal">
                 <xs:attribute name="value" type="xs:string"/>
                 <xs:attribute name="content" type="xs:string"/>
               </xs:extension>
             </xs:simpleContent>
           </xs:complexType>
           <xs:complexType name="Para" mixed="true">
             <xs:sequence><xs:element name="b" type="xs:string"/></xs:sequence>
             <xs:attribute name="content" type="xs:string"/>
           </xs:complexType>"#,
    );
    for name in ["Amount", "Para"] {
        let fields = field_names(find_struct(&file, name));
        let mut unique = fields.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(fields.len(), unique.len(), "{name}: {fields:?}");
    }
    assert!(field_names(find_struct(&file, "Amount")).contains(&"value".to_string()));
    assert!(field_names(find_struct(&file, "Para")).contains(&"content".to_string()));
}

/// bmecat_etim_501: a length facet on a restriction of a generated string
/// newtype called `chars()` on the newtype (E0599). A restriction of a
/// restriction now holds the built-in and checks both steps' facets.
#[test]
fn length_facets_on_a_restricted_newtype_do_not_treat_it_as_a_string() {
    let (code, file) = gen(
        "newtype-of-newtype",
        r#"<xs:simpleType name="dtString">
             <xs:restriction base="xs:string"><xs:minLength value="1"/></xs:restriction>
           </xs:simpleType>
           <xs:simpleType name="shortString">
             <xs:restriction base="tns:dtString"><xs:maxLength value="10"/></xs:restriction>
           </xs:simpleType>"#,
    );
    find_struct(&file, "DtString");
    let short = find_struct(&file, "ShortString");
    assert_eq!(tokens(&short.fields), "(::std::string::String)");
    // Each counts characters once; ShortString checks its base's minLength too.
    assert_eq!(code.matches(".chars().count()").count(), 2, "{code}");
    let short_new = code
        .split("impl ShortString")
        .nth(1)
        .and_then(|rest| rest.split("pub fn get").next())
        .unwrap_or_default();
    assert!(
        short_new.contains("minLength 1") && short_new.contains("maxLength 10"),
        "{code}"
    );
}

/// EWS ConfigurationRequestDetailsType: `<xs:choice><xs:any maxOccurs="unbounded"/></xs:choice>`
/// declared a `Vec` but read one element (E0308).
#[test]
fn repeated_wildcard_in_a_choice_reads_a_vec() {
    let (code, file) = gen(
        "choice-any",
        r#"<xs:complexType name="Details">
             <xs:choice><xs:any processContents="lax" maxOccurs="unbounded"/></xs:choice>
           </xs:complexType>"#,
    );
    let choice = find_enum(&file, "DetailsChoice");
    assert_eq!(
        tokens(&choice.variants[0].fields),
        "(::std::vec::Vec<::soapstone::__private::AnyElement>)"
    );
    assert!(
        code.contains("let mut all = ::std::vec!["),
        "reads every element: {code}"
    );
}

/// BPMN20: a cycle through a `{Base}Kind` enum (tBaseElement's derived
/// tLane holds a tLaneSet that holds tLane...) was not boxed (E0072).
#[test]
fn cycles_through_xsi_type_enums_are_boxed() {
    let (_, file) = gen(
        "poly-cycle",
        r#"<xs:complexType name="Base">
             <xs:sequence><xs:element name="id" type="xs:string"/></xs:sequence>
           </xs:complexType>
           <xs:complexType name="Lane">
             <xs:complexContent>
               <xs:extension base="tns:Base">
                 <xs:sequence><xs:element name="child" type="tns:Base" minOccurs="0"/></xs:sequence>
               </xs:extension>
             </xs:complexContent>
           </xs:complexType>
           <xs:element name="root" type="tns:Base"/>"#,
    );
    let kind = find_enum(&file, "BaseKind");
    let lane = kind
        .variants
        .iter()
        .find(|v| v.ident == "Lane")
        .expect("Lane variant");
    let lane_struct = find_struct(&file, "Lane");
    let child = lane_struct
        .fields
        .iter()
        .find(|f| f.ident.as_ref().is_some_and(|i| i == "child"))
        .unwrap();
    let boxed = tokens(&lane.fields).contains("Box<Lane>") || tokens(&child.ty).contains("Box<");
    assert!(boxed, "{} / {}", tokens(&lane.fields), tokens(&child.ty));
}

/// What tests/benches/order/generated.rs starts with, before the generator's
/// own `@generated` header.
/// The header of the committed benchmark bindings; `{flags}` is the extra
/// generate flags.
fn order_prefix(flags: &str) -> String {
    format!(
        "\
// The bindings of tests/benches/order/order.xsd for the ser/de benchmark
// (tests/benches/serde.rs), produced from codegen/ by
//   cargo run -p soapstone-cli --bin soapstone -- generate ../tests/benches/order/order.xsd{flags}
// with these five lines in front. codegen/tests/generate.rs checks they are
// current; `SOAPSTONE_BLESS=1 cargo test -p soapstone-codegen --test generate` rewrites them.
"
    )
}

/// The committed benchmark bindings (owned and shared strings) are what the
/// generator writes today.
#[test]
fn bench_order_bindings_are_current() {
    use soapstone_codegen::settings::Strings;
    for (file, flags, strings) in [
        ("generated.rs", "", Strings::Owned),
        ("generated_shared.rs", " --strings shared", Strings::Shared),
    ] {
        // Relative to codegen/ (cargo's working directory for this test), as
        // in the command above, so the `@generated` header matches.
        let input = std::path::Path::new("../tests/benches/order/order.xsd");
        let committed = std::path::Path::new("../tests/benches/order").join(file);
        let mut settings = Settings::new(input);
        settings.strings = strings;
        let code = match generate(&settings) {
            Ok(g) => g.code,
            Err(e) => panic!("order.xsd: generation failed:\n{e}"),
        };
        let want = format!("{}{code}", order_prefix(flags));
        if std::env::var_os("SOAPSTONE_BLESS").is_some() {
            std::fs::write(&committed, &want).unwrap();
            continue;
        }
        let on_disk = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            on_disk == want,
            "{} is stale: run SOAPSTONE_BLESS=1 cargo test -p soapstone-codegen --test generate",
            committed.display()
        );
    }
}

/// Bindings named like Rust keywords (`type`, `match`, `self`) get modules
/// that parse (generation used to fail on `pub mod type`).
#[test]
fn bindings_named_like_keywords_get_modules_that_parse() {
    let binding = |name: &str| {
        format!(
            r#"<wsdl:binding name="{name}" type="tns:PT">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="put"><soap:operation soapAction=""/>
      <wsdl:input><soap:body use="literal"/></wsdl:input></wsdl:operation>
  </wsdl:binding>"#
        )
    };
    let bindings: String = ["type", "match", "self", "Type"].map(binding).concat();
    let wsdl = format!(
        r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t" targetNamespace="urn:t">
  <wsdl:types><xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
    <xs:element name="put"><xs:complexType><xs:sequence>
      <xs:element name="a" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
  </xs:schema></wsdl:types>
  <wsdl:message name="putIn"><wsdl:part name="p" element="tns:put"/></wsdl:message>
  <wsdl:portType name="PT"><wsdl:operation name="put"><wsdl:input message="tns:putIn"/></wsdl:operation></wsdl:portType>
  {bindings}
</wsdl:definitions>"#
    );
    let d = Dir::new("keyword-bindings");
    let path = d.0.join("k.wsdl");
    std::fs::write(&path, wsdl).unwrap();
    let mut settings = Settings::new(&path);
    settings.client = true;
    settings.server = true;
    let g = generate(&settings).unwrap_or_else(|e| panic!("generation failed:\n{e}"));
    let file = syn::parse_file(&g.code).unwrap();
    let mut modules: Vec<String> = file
        .items
        .iter()
        .filter_map(|i| match i {
            syn::Item::Mod(m) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    modules.sort();
    assert_eq!(
        modules,
        ["elements", "match_", "self_", "type_", "type__binding"],
        "{}",
        g.code
    );
}

/// A document-style message with two parts in the body has no element to
/// name the body: the wrapper soapstone makes up is reported. One with no
/// body part is an empty Body.
#[test]
fn document_bodies_of_other_than_one_part_are_reported() {
    let wsdl = r#"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tns="urn:t" targetNamespace="urn:t">
  <wsdl:types><xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
    <xs:element name="a" type="xs:string"/><xs:element name="b" type="xs:int"/>
  </xs:schema></wsdl:types>
  <wsdl:message name="none"/>
  <wsdl:message name="two"><wsdl:part name="a" element="tns:a"/><wsdl:part name="b" element="tns:b"/></wsdl:message>
  <wsdl:message name="one"><wsdl:part name="a" element="tns:a"/></wsdl:message>
  <wsdl:portType name="PT">
    <wsdl:operation name="ping"><wsdl:input message="tns:none"/><wsdl:output message="tns:two"/></wsdl:operation>
    <wsdl:operation name="fine"><wsdl:input message="tns:one"/><wsdl:output message="tns:one"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="B" type="tns:PT">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="ping"><soap:operation soapAction=""/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
    <wsdl:operation name="fine"><soap:operation soapAction=""/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
      <wsdl:output><soap:body use="literal"/></wsdl:output></wsdl:operation>
  </wsdl:binding>
</wsdl:definitions>"#;
    let d = Dir::new("document-parts");
    let path = d.0.join("p.wsdl");
    std::fs::write(&path, wsdl).unwrap();
    let g = generate(&Settings::new(&path)).unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = g
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .filter(|m| m.contains("R2201"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("output of document-style operation `ping` has 2 body parts"));
    // No body part is an empty Body (WS-I BP R2202), read and written as ().
    let squashed = g.code.replace([' ', '\n'], "");
    assert!(
        squashed.contains("name:\"ping\"")
            && squashed.contains("input:::std::option::Option::Some((\"\",\"\"))"),
        "{}",
        g.code
    );
}

/// A WSDL whose MTOM policy (A11) is attached to the port, not to the
/// binding: the binding's operations are MTOM all the same.
#[test]
fn mtom_policy_on_the_port_counts_for_its_binding() {
    let wsdl = |port_policy: &str, more_ports: &str| {
        format!(
            r##"<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
    xmlns:wsp="http://www.w3.org/ns/ws-policy"
    xmlns:wsoma="http://www.w3.org/2007/08/soap12-mtom-policy"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:tns="urn:t" targetNamespace="urn:t">
  <wsdl:types>
    <xs:schema targetNamespace="urn:t" elementFormDefault="qualified">
      <xs:element name="put"><xs:complexType><xs:sequence>
        <xs:element name="data" type="xs:base64Binary"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>
  </wsdl:types>
  <wsdl:message name="putIn"><wsdl:part name="p" element="tns:put"/></wsdl:message>
  <wsdl:portType name="PT">
    <wsdl:operation name="put"><wsdl:input message="tns:putIn"/></wsdl:operation>
  </wsdl:portType>
  <wsdl:binding name="B" type="tns:PT">
    <soap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>
    <wsdl:operation name="put">
      <soap:operation soapAction="urn:t:put"/>
      <wsdl:input><soap:body use="literal"/></wsdl:input>
    </wsdl:operation>
  </wsdl:binding>
  <wsdl:service name="S">
    <wsdl:port name="P" binding="tns:B">
      {port_policy}
      <soap:address location="http://127.0.0.1:9/"/>
    </wsdl:port>
    {more_ports}
  </wsdl:service>
</wsdl:definitions>"##
        )
    };
    let generated = |port_policy: &str, more_ports: &str| {
        let d = Dir::new("port-policy");
        let path = d.0.join("s.wsdl");
        std::fs::write(&path, wsdl(port_policy, more_ports)).unwrap();
        match generate(&Settings::new(&path)) {
            Ok(g) => g,
            Err(e) => panic!("generation failed:\n{e}"),
        }
    };
    let info = |port_policy: &str| {
        let code = generated(port_policy, "").code;
        let squashed = code.replace([' ', '\n'], "");
        let at = squashed
            .find("name:\"put\"")
            .unwrap_or_else(|| panic!("no OperationInfo for put:\n{code}"));
        let rest = &squashed[at..];
        (
            rest.contains("mtom:\"required\""),
            rest.contains("use_mtom:true"),
        )
    };
    assert_eq!(
        info("<wsp:Policy><wsoma:MTOM/></wsp:Policy>"),
        (true, true),
        "policy on the port"
    );
    assert_eq!(info(""), (false, false), "no policy anywhere");
    // Two ports of the binding, one without the policy: the operations
    // take the strongest, and the other port is listed so that its client
    // sends inline.
    let g = generated(
        "<wsp:Policy><wsoma:MTOM/></wsp:Policy>",
        r#"<wsdl:port name="Plain" binding="tns:B"><soap:address location="http://127.0.0.1:10/"/></wsdl:port>"#,
    );
    assert!(g.diagnostics.is_empty(), "{:?}", g.diagnostics);
    let squashed = g.code.replace([' ', '\n'], "");
    assert!(
        squashed.contains(r#"pubconstPORTS_WITHOUT_MTOM:&[&str]=&["Plain"];"#),
        "{}",
        g.code
    );
    let single = generated("<wsp:Policy><wsoma:MTOM/></wsp:Policy>", "");
    assert!(
        !single.code.contains("PORTS_WITHOUT_MTOM"),
        "a single port is no disagreement"
    );
}

/// Default and fixed values of a type holding QNames carry the schema's
/// namespace declarations they use (`Scoped`), so they resolve where the
/// schema writes them; a string's default stays plain text.
#[test]
fn qname_defaults_and_fixed_values_carry_the_schema_scope() {
    let (code, _) = gen(
        "qname-defaults",
        r#"<xs:simpleType name="Names"><xs:list itemType="xs:QName"/></xs:simpleType>
        <xs:element name="r"><xs:complexType><xs:sequence>
          <xs:element name="q" type="xs:QName" default="tns:a" xmlns:tns="urn:elsewhere"/>
          <xs:element name="names" type="tns:Names" default="tns:a b"/>
          <xs:element name="s" type="xs:string" default="tns:a"/>
        </xs:sequence>
        <xs:attribute name="f" type="xs:QName" fixed="tns:f"/>
        </xs:complexType></xs:element>"#,
    );
    let squashed = code.replace([' ', '\n'], "");
    // The declaration's own binding of tns wins over the schema element's.
    assert!(
        squashed.contains(r#"Scoped("tns:a","<valuexmlns:tns=\"urn:elsewhere\"/>""#),
        "{code}"
    );
    // A list: each prefix used; the unprefixed item takes no default
    // namespace, since the schema declares none.
    assert!(
        squashed.contains(r#"Scoped("tns:ab","<valuexmlns:tns=\"urn:t\"/>""#),
        "{code}"
    );
    assert!(
        squashed.contains(r#"Scoped("tns:f","<valuexmlns:tns=\"urn:t\"/>""#),
        "{code}"
    );
    assert!(
        squashed.contains(r#"read_simple_or::<::std::string::String>(n,"tns:a")"#),
        "{code}"
    );
}

/// An enumeration of QNames compares by namespace and local name: its
/// variants are named after local parts, and a value whose prefix the
/// schema does not declare is an error (S001), not a value no instance
/// could match.
#[test]
fn qname_enumerations_are_namespace_and_local_name() {
    let (code, file) = gen(
        "qname-enum",
        r#"<xs:simpleType name="Code"><xs:restriction base="xs:QName">
          <xs:enumeration value="tns:Sender"/><xs:enumeration value="Receiver"/>
        </xs:restriction></xs:simpleType>
        <xs:element name="code" type="tns:Code"/>"#,
    );
    let variants: Vec<String> = find_enum(&file, "Code")
        .variants
        .iter()
        .map(|v| v.ident.to_string())
        .collect();
    assert_eq!(variants, ["Sender", "Receiver"]);
    let squashed = code.replace([' ', '\n'], "");
    assert!(
        squashed.contains(r#"(Self::Sender,"urn:t","Sender"),(Self::Receiver,"","Receiver")"#),
        "{code}"
    );
    let d = Dir::new("qname-enum-undeclared");
    let path = d.0.join("schema.xsd");
    std::fs::write(
        &path,
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t">
          <xs:simpleType name="Code"><xs:restriction base="xs:QName">
            <xs:enumeration value="nope:Sender"/>
          </xs:restriction></xs:simpleType>
          <xs:element name="code" type="Code" xmlns="urn:t"/></xs:schema>"#,
    )
    .unwrap();
    let err = match generate(&Settings::new(&path)) {
        Ok(g) => panic!("generated despite an undeclared prefix:\n{}", g.code),
        Err(e) => e.to_string(),
    };
    assert!(err.contains("S001") && err.contains("nope:Sender"), "{err}");
}

/// Generates from `files` (name, text) written into one directory, the
/// first being the one generated from.
fn gen_files(name: &str, files: &[(&str, &str)]) -> Result<String, String> {
    let d = Dir::new(name);
    for (file, text) in files {
        std::fs::write(d.0.join(file), text).unwrap();
    }
    generate(&Settings::new(d.0.join(files[0].0)))
        .map(|g| g.code)
        .map_err(|e| e.to_string())
}

/// The edges of QName values in a schema: unprefixed ones in a chameleon
/// include take the including schema's namespace, as its type references
/// do; a default using an undeclared prefix is S001; a namespace name
/// holding `&` (which the runtime's scope tag cannot carry) leaves the
/// value resolved in the instance, as before.
#[test]
fn qname_values_in_chameleon_includes_and_odd_scopes() {
    let main = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"
        xmlns:tns="urn:t" elementFormDefault="qualified">
      <xs:include schemaLocation="chameleon.xsd"/>
      <xs:element name="r" type="tns:R"/></xs:schema>"#;
    let chameleon = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:simpleType name="Code"><xs:restriction base="xs:QName">
        <xs:enumeration value="Receiver"/></xs:restriction></xs:simpleType>
      <xs:complexType name="R"><xs:sequence>
        <xs:element name="c" type="Code"/>
        <xs:element name="q" type="xs:QName" default="Receiver"/>
      </xs:sequence></xs:complexType></xs:schema>"#;
    let code = gen_files(
        "qname-chameleon",
        &[("main.xsd", main), ("chameleon.xsd", chameleon)],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let squashed = code.replace([' ', '\n'], "");
    assert!(
        squashed.contains(r#"(Self::Receiver,"urn:t","Receiver")"#),
        "{code}"
    );
    assert!(
        squashed.contains(r#"Scoped("Receiver","<valuexmlns=\"urn:t\"/>""#),
        "{code}"
    );

    let schema = |body: &str| {
        format!(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:t"
            elementFormDefault="qualified">{body}</xs:schema>"#
        )
    };
    let wrapped = |element: &str| {
        schema(&format!(
            r#"<xs:element name="r"><xs:complexType><xs:sequence>{element}</xs:sequence></xs:complexType></xs:element>"#
        ))
    };
    let undeclared = wrapped(r#"<xs:element name="q" type="xs:QName" default="nope:x"/>"#);
    let err = gen_files("qname-default-undeclared", &[("s.xsd", &undeclared)]).unwrap_err();
    assert!(err.contains("S001") && err.contains("nope:x"), "{err}");

    let ampersand = wrapped(
        r#"<xs:element name="q" type="xs:QName" default="p:x" xmlns:p="urn:a?b=1&amp;c=2"/>"#,
    );
    let code = gen_files("qname-default-ampersand", &[("s.xsd", &ampersand)])
        .unwrap_or_else(|e| panic!("{e}"));
    let squashed = code.replace([' ', '\n'], "");
    assert!(
        squashed.contains(r#">(n,"p:x")"#) && !squashed.contains("Scoped"),
        "{code}"
    );
}
