//! What the typed layer writes and reads at the edges of XML and XML
//! Schema: characters XML 1.0 cannot carry are an error (never malformed
//! XML), the `xml` prefix is never rebound, simple values are text only,
//! and the lexical forms of XSD 1.0 Part 2 (signs, float specials, XML
//! whitespace rather than Unicode's, list items, QNames, character
//! references).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone::bind::{
    read_simple, AnyElement, Document, ReadOptions, XmlNode, XmlSimple, XmlWriter,
};
use soapstone::{Fault, FaultCode, SoapVersion};

/// Reads `T` from the text of `<v>text</v>` (`text` is XML content).
fn read<T: XmlSimple>(text: &str) -> Result<T, String> {
    let xml = format!("<v>{text}</v>");
    let doc = Document::parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
    read_simple::<T>(doc.root()).map_err(|e| e.to_string())
}

/// Writes `<v>` with `value` through the writer's simple-value path.
fn write<T: XmlSimple>(value: &T) -> soapstone::Result<String> {
    let mut w = XmlWriter::new();
    w.start("", "v");
    let text = value.to_text(&mut w);
    w.text(&text);
    w.end();
    w.finish()
}

#[test]
fn characters_xml_cannot_carry_are_errors_not_output() {
    for bad in [
        "a\u{1}b",
        "\u{0}",
        "x\u{1F}",
        "\u{FFFE}",
        "end \u{FFFF}",
        "\u{B}",
    ] {
        let mut w = XmlWriter::new();
        w.start("urn:x", "t");
        w.text(bad);
        w.end();
        let err = w.finish().unwrap_err().to_string();
        assert!(
            err.contains("cannot carry") && err.contains("t>"),
            "{bad:?}: {err}"
        );

        let mut w = XmlWriter::new();
        w.start("urn:x", "a");
        w.attribute("", "v", bad);
        w.end();
        assert!(w.finish().is_err(), "attribute {bad:?}");
    }
    // Tab, LF, CR and the rest of Unicode are fine, and read back as written.
    let fine = "tab\there\nline\r\nend \u{FFFD} \u{FF21} \u{EFFF} \u{10FFFF} é";
    let mut w = XmlWriter::new();
    w.start("urn:x", "t");
    w.attribute("", "v", fine);
    w.text(fine);
    w.end();
    let xml = w.finish().unwrap();
    let doc = Document::parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
    assert_eq!(doc.root().text(), fine);
    assert_eq!(doc.root().attribute("", "v"), Some(fine));
}

#[test]
fn a_fault_reason_quoting_bad_input_stays_well_formed() {
    let f = Fault::new(FaultCode::Sender, "bad byte \u{1} in <name>");
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let env = f.to_envelope(version);
        let doc = Document::parse(env.as_bytes(), &ReadOptions::default());
        assert!(doc.is_ok(), "{env}");
        let back = Fault::parse(env.as_bytes()).unwrap();
        assert_eq!(back.reason, "bad byte \u{FFFD} in <name>");
    }
}

#[test]
fn the_xml_prefix_is_never_rebound() {
    let any = AnyElement::parse(
        "<p:doc xmlns:p='urn:p' xml:lang='en'><p:t xml:space='preserve'> x </p:t></p:doc>",
    )
    .unwrap();
    let mut w = XmlWriter::new();
    any.write(&mut w);
    let xml = w.finish().unwrap();
    // No prefix is bound to the xml namespace.
    assert!(
        !xml.contains("\"http://www.w3.org/XML/1998/namespace\""),
        "{xml}"
    );
    assert!(
        xml.contains(" xml:lang=\"en\"") && xml.contains(" xml:space=\"preserve\""),
        "{xml}"
    );
    let doc = Document::parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
    let xml_ns = "http://www.w3.org/XML/1998/namespace";
    assert_eq!(doc.root().attribute(xml_ns, "lang"), Some("en"));
    // An element in the xml namespace keeps the prefix too.
    let mut w = XmlWriter::new();
    w.start(xml_ns, "odd");
    w.end();
    assert_eq!(w.finish().unwrap(), "<xml:odd/>");
}

#[test]
fn simple_values_are_text_only() {
    assert!(read::<i32>("1<x/>2")
        .unwrap_err()
        .contains("child element <x>"));
    assert!(read::<String>("<b>hi</b>").is_err());
    assert_eq!(read::<i32>(" 12 ").unwrap(), 12);
    // An inline binary too; an xop:Include must stand alone.
    let xml = "<v>AQ<x/>ID</v>";
    let doc = Document::parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
    let ctx = soapstone::bind::ReadCtx::default();
    assert!(soapstone::bind::read_binary(doc.root(), &ctx).is_err());
}

#[test]
fn integers_take_one_sign_and_negative_zero() {
    assert_eq!(read::<i32>("+5").unwrap(), 5);
    assert_eq!(read::<i32>("-5").unwrap(), -5);
    for bad in ["++5", "+-5", "--5", "5 5", "", "0x10", "1\u{A0}"] {
        assert!(read::<i32>(bad).is_err(), "{bad:?}");
    }
    assert_eq!(read::<u32>("-0").unwrap(), 0);
    assert_eq!(read::<u64>("-000").unwrap(), 0);
    assert!(read::<u32>("-1").is_err());
    assert!(read::<u8>("256").is_err());
}

#[test]
fn floats_take_xsd_forms_only() {
    assert_eq!(read::<f64>("INF").unwrap(), f64::INFINITY);
    assert_eq!(read::<f64>("-INF").unwrap(), f64::NEG_INFINITY);
    assert!(read::<f64>("NaN").unwrap().is_nan());
    for (text, want) in [("1e5", 1e5), (".5", 0.5), ("5.", 5.0), ("-1.5E-3", -1.5e-3)] {
        assert_eq!(read::<f64>(text).unwrap(), want, "{text}");
    }
    for bad in [
        "inf", "infinity", "Infinity", "nan", "-NaN", "+inf", "1,5", "0x1p3",
    ] {
        assert!(read::<f64>(bad).is_err(), "{bad:?}");
        assert!(read::<f32>(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn only_xml_whitespace_is_trimmed_or_separates() {
    // NBSP and the ideographic space are data, not whitespace.
    assert!(read::<bool>("true\u{3000}").is_err());
    assert!(read::<bool>("\ttrue\r\n").unwrap());
    let items = read::<Vec<String>>(" a\u{A0}b \t c\n").unwrap();
    assert_eq!(items, ["a\u{A0}b", "c"]);
}

#[test]
fn a_list_item_that_would_not_read_back_is_an_error() {
    assert!(write(&vec!["a".to_string(), "b".to_string()]).is_ok());
    for bad in [
        vec!["a b".to_string()],
        vec![String::new()],
        vec!["x\ty".to_string()],
    ] {
        let err = write(&bad).unwrap_err().to_string();
        assert!(err.contains("list item"), "{bad:?}: {err}");
    }
}

#[test]
fn qnames_need_both_parts() {
    let xml = "<v xmlns:p='urn:p'/>";
    let doc = Document::parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
    let node: XmlNode<'_> = doc.root();
    assert_eq!(
        node.resolve_qname(" p:a "),
        Some(("urn:p".to_string(), "a".to_string()))
    );
    for bad in ["p:", ":a", "p:a:b", "a b", "p: a", ""] {
        assert_eq!(node.resolve_qname(bad), None, "{bad:?}");
    }
}

/// The integer types bounded by sign check it, on construction and on
/// read; zero has no sign (`-0` is a nonPositiveInteger and a
/// nonNegativeInteger, neither positive nor negative).
#[test]
fn sign_bounded_integers_check_their_sign() {
    use soapstone::bind::{
        NegativeInteger, NonNegativeInteger, NonPositiveInteger, PositiveInteger,
    };
    let doc = Document::parse(b"<v>-0</v>", &ReadOptions::default()).unwrap();
    let root = doc.root();
    assert!(PositiveInteger::new("+1").is_ok());
    assert!(PositiveInteger::new("0").is_err());
    assert!(PositiveInteger::new("-5").is_err());
    assert!(PositiveInteger::from_text("000", root).is_err());
    assert!(NonNegativeInteger::new("0").is_ok());
    assert!(NonNegativeInteger::new(" -0 ").is_ok());
    assert!(NonNegativeInteger::new("-1").is_err());
    assert!(NegativeInteger::new("-1").is_ok());
    assert!(NegativeInteger::new("-0").is_err());
    assert!(NonPositiveInteger::from_text(&root.text(), root).is_ok());
    assert!(NonPositiveInteger::new("1").is_err());
    let big = "123456789012345678901234567890";
    assert_eq!(PositiveInteger::new(big).unwrap().as_str(), big);
    assert!(read_simple::<PositiveInteger>(root)
        .unwrap_err()
        .message
        .contains("is not an xs:positiveInteger"));
}

/// A character reference may carry any number of leading zeros (XML 1.0
/// §4.1 only asks for digits); the scan stays linear over runs of `&`.
#[test]
fn character_references_take_leading_zeros() {
    let text = |xml: &str| {
        Document::parse(xml.as_bytes(), &ReadOptions::default())
            .map(|d| d.root().text().into_owned())
            .map_err(|e| e.message)
    };
    assert_eq!(
        text("<v>&#0000000065;&#x00000000042;</v>").as_deref(),
        Ok("AB")
    );
    assert!(text("<v>&#0000000065</v>").is_err());
    assert!(text("<v>&#00000000x;</v>").is_err());
    assert!(text("<v>&apos;&quote;</v>").is_err());
    let many = format!("<v>{}</v>", "&".repeat(100_000));
    assert!(text(&many).is_err());
}

#[test]
fn character_references_are_digits_only() {
    let parse = |xml: &str| Document::parse(xml.as_bytes(), &ReadOptions::default()).is_ok();
    assert!(parse("<v>&#65;&#x41;</v>"));
    for bad in [
        "<v>&#x+41;</v>",
        "<v>&#+65;</v>",
        "<v>&#-65;</v>",
        "<v>&#x;</v>",
    ] {
        assert!(!parse(bad), "{bad}");
    }
}

#[test]
fn a_not_understood_block_for_a_hostile_name_stays_well_formed() {
    let block = soapstone::soap::envelope::not_understood_block("urn:\u{1}x", "a\u{FFFF}b");
    assert!(
        !block.contains('\u{1}') && !block.contains('\u{FFFF}'),
        "{block:?}"
    );
    let doc = format!("<w xmlns:soap=\"urn:s\">{block}</w>");
    let parsed = soapstone::bind::Document::parse(doc.as_bytes(), &Default::default()).unwrap();
    let e = parsed.root().children().next().unwrap();
    assert_eq!(
        e.resolve_qname(e.attribute("", "qname").unwrap()),
        Some(("urn:\u{FFFD}x".to_string(), "a\u{FFFD}b".to_string()))
    );
}

#[test]
fn default_decimals_and_integers_write_values_that_read_back() {
    use soapstone::bind::{Decimal, Integer};
    let doc = Document::parse(b"<v>0</v>", &Default::default()).unwrap();
    let mut w = soapstone::bind::XmlWriter::new();
    let text = XmlSimple::to_text(&Decimal::default(), &mut w);
    assert_eq!(
        <Decimal as XmlSimple>::from_text(&text, doc.root()).unwrap(),
        Decimal::default()
    );
    let text = XmlSimple::to_text(&Integer::default(), &mut w);
    assert_eq!(
        <Integer as XmlSimple>::from_text(&text, doc.root()).unwrap(),
        Integer::default()
    );
}

/// A fixed or default value of a QName type resolves where the schema
/// writes it ([`Scoped`](soapstone::bind::Scoped)), not in the instance:
/// read, an instance's other prefix for the same namespace is the value
/// and the schema's prefix bound elsewhere is not; written, the value is
/// compared as a QName, whatever prefix the writer gives it.
#[test]
fn scoped_qname_fixed_values_compare_by_namespace() {
    use soapstone::bind::{
        read_attribute_fixed, read_attribute_or, read_simple_fixed, write_attribute_fixed, QName,
        Scoped,
    };
    let fixed = Scoped("tns:Local", r#"<value xmlns:tns="urn:schema"/>"#);
    let local = QName {
        ns: "urn:schema".into(),
        local: "Local".into(),
    };
    let read = |xml: &str| {
        let doc = Document::parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
        let attribute = read_attribute_fixed::<QName>(doc.root(), "", "realm", fixed, false, false);
        let element = doc
            .root()
            .children()
            .next()
            .map(|c| read_simple_fixed::<QName>(c, fixed, false));
        (
            attribute.map_err(|e| e.to_string()),
            element.map(|e| e.map_err(|e| e.to_string())),
        )
    };
    // Another prefix for the schema's namespace, on attribute and element.
    let (a, e) = read(r#"<r xmlns:s="urn:schema" realm="s:Local"><c>s:Local</c></r>"#);
    assert_eq!(a, Ok(local.clone()));
    assert_eq!(e, Some(Ok(local.clone())));
    // The schema's prefix bound elsewhere: not the fixed value.
    let (a, e) = read(r#"<r xmlns:tns="urn:other" realm="tns:Local"><c>tns:Local</c></r>"#);
    assert!(a.is_err_and(|m| m.contains("fixed by the schema")));
    assert!(e.is_some_and(|e| e.is_err_and(|m| m.contains("fixed by the schema"))));
    // Absent or empty: the fixed value, resolved in the schema.
    let (a, e) = read(r#"<r xmlns:tns="urn:other"><c/></r>"#);
    assert_eq!(a, Ok(local.clone()));
    assert_eq!(e, Some(Ok(local.clone())));
    // A default likewise.
    let doc = Document::parse(br#"<r xmlns:tns="urn:other"/>"#, &ReadOptions::default()).unwrap();
    assert_eq!(
        read_attribute_or::<QName>(doc.root(), "", "kind", fixed),
        Ok(Some(local.clone()))
    );
    // Written: the same QName passes under the writer's own prefix; one in
    // another namespace with the same lexical form does not.
    let write = |value: &QName| {
        let mut w = XmlWriter::new();
        w.start("urn:doc", "r");
        write_attribute_fixed(&mut w, "", "realm", value, fixed, false);
        w.finish()
    };
    let xml = write(&local).unwrap();
    let doc = Document::parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
    let realm = doc.root().attribute("", "realm").unwrap();
    assert_eq!(
        doc.root().resolve_qname(realm),
        Some(("urn:schema".to_string(), "Local".to_string())),
        "{xml}"
    );
    let other = QName {
        ns: "urn:other".into(),
        local: "Local".into(),
    };
    assert!(write(&other).is_err());
}
