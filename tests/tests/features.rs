//! One test per XSD feature folder: every example*.xml reads into the
//! generated type, writes back, and reads again to the same value; the
//! written XML keeps every element and attribute of the input, and (when
//! Python's xmlschema is installed, as CI does) validates against the schema.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone::bind::{from_xml, to_xml, Document, XmlComplex, XmlNode};
use soapstone_tests::features;
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

static OUT: Mutex<()> = Mutex::new(());

fn out_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/feature-out")
}

/// Element paths and attribute names of a document, ignoring text values,
/// prefixes and namespace declarations.
fn shape(node: XmlNode<'_>, path: &str, out: &mut BTreeSet<String>) {
    let here = format!("{path}/{{{}}}{}", node.ns(), node.local());
    out.insert(here.clone());
    for a in node.attributes() {
        out.insert(format!("{here}@{{{}}}{}", a.ns, a.local));
    }
    for c in node.children() {
        shape(c, &here, out);
    }
}

fn roundtrip<T: XmlComplex + PartialEq + Debug>(folder: &str) {
    let dir = Path::new("features").join(folder);
    let mut examples: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("example")
                && p.extension().is_some_and(|x| x == "xml")
        })
        .collect();
    examples.sort();
    assert!(!examples.is_empty(), "{folder}: no examples");
    let out_dir = out_root().join(folder);
    let _guard = OUT.lock().unwrap_or_else(|e| e.into_inner());
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::copy(dir.join("schema.xsd"), out_dir.join("schema.xsd")).unwrap();
    for ex in &examples {
        let xml = std::fs::read(ex).unwrap();
        let doc = Document::parse(&xml, &Default::default()).unwrap();
        let root = doc.root();
        let (ns, local) = (root.ns().to_string(), root.local().to_string());
        let value: T =
            from_xml(&xml, &ns, &local).unwrap_or_else(|e| panic!("{}: read: {e}", ex.display()));
        let written = to_xml(&value, &ns, &local).unwrap();
        let again: T = from_xml(written.as_bytes(), &ns, &local)
            .unwrap_or_else(|e| panic!("{}: re-read: {e}\n{written}", ex.display()));
        // Debug text rather than ==, so NaN equals NaN.
        assert_eq!(
            format!("{value:?}"),
            format!("{again:?}"),
            "{}: value → XML → value differs\n{written}",
            ex.display()
        );
        let (mut a, mut b) = (BTreeSet::new(), BTreeSet::new());
        shape(root, "", &mut a);
        shape(
            Document::parse(written.as_bytes(), &Default::default())
                .unwrap()
                .root(),
            "",
            &mut b,
        );
        let lost: Vec<_> = a
            .iter()
            .filter(|p| !b.contains(*p) && !p.contains("XMLSchema-instance}type"))
            .collect();
        assert!(
            lost.is_empty(),
            "{}: lost on the way through: {lost:?}\n{written}",
            ex.display()
        );
        std::fs::write(out_dir.join(ex.file_name().unwrap()), &written).unwrap();
    }
}

macro_rules! features {
    ($($name:ident: $folder:literal => $ty:ident,)*) => {$(
        #[test]
        fn $name() {
            roundtrip::<features::$name::$ty>($folder);
        }
    )*};
}

features! {
    all: "all" => Root,
    any: "any" => Root,
    attributes: "attributes" => Root,
    binary: "binary" => Root,
    builtin_types: "builtin-types" => Root,
    choice: "choice" => Root,
    default_fixed: "default-fixed" => Root,
    enumeration: "enumeration" => Root,
    extension: "extension" => Root,
    facets: "facets" => Root,
    groups: "groups" => Root,
    list: "list" => Root,
    mixed: "mixed" => Paragraph,
    naming_collisions: "naming-collisions" => RootElement,
    nested_anonymous_types: "nested-anonymous-types" => Root,
    nillable: "nillable" => Root,
    optional_and_repeated: "optional-and-repeated" => Root,
    qnames: "qnames" => Root,
    qualified_attributes: "qualified-attributes" => Root,
    recursion: "recursion" => Node,
    reserved_names: "reserved-names" => Root,
    restriction: "restriction" => Root,
    sequence: "sequence" => Person,
    simple_content: "simple-content" => Root,
    substitution_group: "substitution-group" => Root,
    union: "union" => Root,
    unqualified: "unqualified" => Root,
}

#[test]
fn facets_are_checked_on_construction_and_read() {
    use soapstone::bind::XmlSimple;
    let src = std::fs::read_to_string("features/facets/expected.rs").unwrap();
    // Every newtype of the facets schema has a checking constructor.
    assert!(src.matches("pub fn new(").count() >= 3, "{src}");
    use features::facets::{Amount, CountryCode, Percent, Price, ShortName};
    use soapstone::bind::Decimal;
    let dec = |s: &str| Decimal::new(s).unwrap();
    // Construction checks every facet kind.
    assert!(Percent::new(100).is_ok() && Percent::new(101).is_err() && Percent::new(-1).is_err());
    assert!(ShortName::new("W".into()).is_ok());
    assert!(ShortName::new(String::new()).is_err());
    assert!(
        ShortName::new("ÅÅÅÅÅÅÅÅÅÅ".into()).is_ok(),
        "ten characters, twenty bytes"
    );
    assert!(ShortName::new("ÅÅÅÅÅÅÅÅÅÅÅ".into()).is_err());
    assert!(CountryCode::new("NZ".into()).is_ok() && CountryCode::new("NZL".into()).is_err());
    assert!(Price::new(dec("123456.78")).is_ok());
    assert!(Price::new(dec("1234567.8")).is_ok(), "eight digits");
    assert!(Price::new(dec("12345678.9")).is_err(), "totalDigits 8");
    assert!(Price::new(dec("1.234")).is_err(), "fractionDigits 2");
    // Decimal bounds compare exactly, beyond f64 precision.
    assert!(Amount::new(dec("12345678901234567890.5")).is_ok());
    assert!(Amount::new(dec("12345678901234567890.50000")).is_ok());
    assert!(Amount::new(dec("12345678901234567890.51")).is_err());
    assert!(Amount::new(dec("0.0000000001")).is_ok());
    assert!(Amount::new(dec("0")).is_err() && Amount::new(dec("-0.0")).is_err());
    // A restriction of a restriction checks both steps' facets.
    use features::facets::{ShortSku, SmallCount};
    use soapstone::bind::Integer;
    let int = |s: &str| Integer::new(s).unwrap();
    assert!(SmallCount::new(int("10")).is_ok() && SmallCount::new(int("0")).is_ok());
    assert!(SmallCount::new(int("11")).is_err(), "its own maxInclusive");
    assert!(
        SmallCount::new(int("-1")).is_err(),
        "its base's minInclusive"
    );
    assert!(ShortSku::new("AB-12".into()).is_ok());
    assert!(ShortSku::new("ABC-1234".into()).is_err(), "maxLength 6");
    let example = std::fs::read_to_string("features/facets/example.xml").unwrap();
    let over = example.replace("<small>10<", "<small>11<");
    let doc = Document::parse(over.as_bytes(), &Default::default()).unwrap();
    let e =
        <features::facets::Root as XmlComplex>::read(doc.root(), &Default::default()).unwrap_err();
    assert!(e.to_string().contains("maxInclusive 10"), "{e}");
    // And on read: the example with one value over its bound.
    let example = std::fs::read_to_string("features/facets/example.xml").unwrap();
    let over = example.replace("<discount>100<", "<discount>101<");
    let doc = Document::parse(over.as_bytes(), &Default::default()).unwrap();
    let e =
        <features::facets::Root as XmlComplex>::read(doc.root(), &Default::default()).unwrap_err();
    assert!(e.to_string().contains("maxInclusive 100"), "{e}");
    let over = example.replace(".5</amount>", ".6</amount>");
    let doc = Document::parse(over.as_bytes(), &Default::default()).unwrap();
    let e =
        <features::facets::Root as XmlComplex>::read(doc.root(), &Default::default()).unwrap_err();
    assert!(
        e.to_string()
            .contains("maxInclusive 12345678901234567890.5"),
        "{e}"
    );
    let node = doc.root();
    assert_eq!(<String as XmlSimple>::from_text("", node).unwrap(), "");
}

#[test]
fn enumeration_values_trim_xml_whitespace_only() {
    use features::enumeration::Code;
    use soapstone::bind::XmlSimple;
    let doc = Document::parse(b"<x/>", &Default::default()).unwrap();
    let read = |t: &str| <Code as XmlSimple>::from_text(t, doc.root());
    assert_eq!(read(" \t\r\nUPPER\n ").unwrap(), Code::Upper);
    assert_eq!(read("upper").unwrap(), Code::Upper2, "case matters");
    // NBSP and U+3000 are not XML whitespace: the value is not `plain`.
    assert!(read("\u{a0}plain").is_err());
    assert!(read("plain\u{3000}").is_err());
}

#[test]
fn what_nothing_concrete_can_stand_for_reads_as_an_error() {
    // `held` is of an abstract type whose only derived type is abstract;
    // `specialToken` is an abstract member of an abstract head.
    let ns = "http://soapstone.example/feature/substitution-group";
    let read = |extra: &str| {
        let xml = format!("<root xmlns='{ns}'><circle><radius>1</radius></circle>{extra}</root>");
        from_xml::<features::substitution_group::Root>(xml.as_bytes(), ns, "root")
    };
    assert!(read("").is_ok());
    let e = read("<held/>").unwrap_err().to_string();
    assert!(e.contains("no type derived from abstract"), "{e}");
    assert!(read("<specialToken/>").is_err());
}

#[test]
fn absent_attributes_read_as_their_default_or_fixed_value() {
    let ns = "http://soapstone.example/feature/attributes";
    let read = |attrs: &str| {
        let xml =
            format!("<root xmlns='{ns}'><widget id='1'{attrs}><name>n</name></widget></root>");
        from_xml::<features::attributes::Root>(xml.as_bytes(), ns, "root")
    };
    let w = &read("").unwrap().widget[0];
    assert_eq!(w.colour.as_deref(), Some("red"), "default");
    assert_eq!(w.version.as_deref(), Some("1.0"), "fixed");
    assert_eq!(w.label, None, "no default");
    let w = &read(" colour='blue' version='1.0'").unwrap().widget[0];
    assert_eq!(w.colour.as_deref(), Some("blue"));
    let e = read(" version='2.0'").unwrap_err().to_string();
    assert!(e.contains("must be \"1.0\""), "{e}");
    // A fixed decimal compares as a number: 1, 1.0 and 1.00 are one value.
    for same in ["1", "1.00", " +1.0 "] {
        assert!(read(&format!(" scale='{same}'")).is_ok(), "{same}");
    }
    assert!(read(" scale='1.01'").is_err());
    // A string compares as text: "1.00" is not "1.0".
    assert!(read(" version='1.00'").is_err());
}

#[test]
fn fixed_elements_read_as_their_value_and_refuse_any_other() {
    let ns = "http://soapstone.example/feature/default-fixed";
    let read = |version: &str| {
        let xml = format!(
            "<root xmlns='{ns}'><setting><colour/><version>{version}</version></setting></root>"
        );
        from_xml::<features::default_fixed::Root>(xml.as_bytes(), ns, "root")
    };
    assert_eq!(read("").unwrap().setting[0].version, "2.0", "empty: fixed");
    assert_eq!(read("2.0").unwrap().setting[0].version, "2.0");
    for other in ["2.1", "2.00", " 2.0"] {
        let e = read(other).unwrap_err().to_string();
        assert!(e.contains("must be \"2.0\""), "{other:?}: {e}");
    }
}

#[test]
fn simple_content_restrictions_restrict_the_value() {
    use features::simple_content::{CurrencyCodeValue, Root};
    let ns = "http://soapstone.example/feature/simple-content";
    let read = |extra: &str| {
        let xml = format!("<root xmlns='{ns}'><label priority='1'>x</label>{extra}</root>");
        from_xml::<Root>(xml.as_bytes(), ns, "root")
    };
    let root =
        read("<currency listID='ISO 4217'>USD</currency><share unit='%'>100</share>").unwrap();
    assert_eq!(root.currency[0].value, CurrencyCodeValue::Usd);
    assert_eq!(
        root.currency[0].list_id.as_deref(),
        Some("ISO 4217"),
        "the base's attribute"
    );
    assert!(root.share.is_some());
    for bad in [
        "<currency>GBP</currency>",
        "<share unit='%'>100.5</share>",
        "<share unit='%'>-1</share>",
    ] {
        assert!(read(bad).is_err(), "{bad}");
    }
}

#[test]
fn groups_start_where_the_schema_says() {
    let xml = std::fs::read("features/groups/example.xml").unwrap();
    let ns = "http://soapstone.example/feature/groups";
    let root = from_xml::<features::groups::Root>(&xml, ns, "root").unwrap();
    // A repeated group starting with a wildcard takes each element it allows.
    assert_eq!(root.extensible.as_ref().map(|e| e.group.len()), Some(2));
    // An optional group that must start with `a` is absent before a lone b.
    assert!(root.tail[0].group.is_none());
    assert_eq!(root.tail[0].b, "only");
    let g = root.tail[1].group.as_ref().expect("the group");
    assert_eq!(
        (g.a.len(), g.b.as_str(), root.tail[1].b.as_str()),
        (2, "in", "after")
    );
}

#[test]
fn an_xs_all_member_given_twice_is_an_error() {
    let ns = "http://soapstone.example/feature/all";
    let read = |record: &str| {
        let xml = format!("<root xmlns='{ns}'><record>{record}</record></root>");
        from_xml::<features::all::Root>(xml.as_bytes(), ns, "root")
    };
    assert!(read("<size>1</size><name>a</name>").is_ok());
    let e = read("<name>a</name><size>1</size><name>b</name>")
        .unwrap_err()
        .to_string();
    assert!(e.contains("occurs twice"), "{e}");
}

#[test]
fn wildcards_take_only_the_namespaces_they_allow() {
    let xml = std::fs::read("features/any/example.xml").unwrap();
    let ns = "http://soapstone.example/feature/any";
    let root = from_xml::<features::any::Root>(&xml, ns, "root").unwrap();
    assert_eq!(root.any.len(), 2, "##other: ext:extra and ext:empty");
    // A required wildcard takes the element a later optional field could.
    let lead = root.lead.as_ref().expect("lead");
    assert_eq!(lead.any.0.local, "note");
    assert_eq!(lead.note, None);
    let attrs: Vec<&str> = root
        .other_attributes
        .iter()
        .map(|a| a.local.as_str())
        .collect();
    assert_eq!(attrs, ["flag", "weight"], "##other attributes");
    // An attribute in no namespace, or in the target namespace, is not
    // the wildcard's (##other excludes both).
    let text = String::from_utf8(xml.clone()).unwrap().replacen(
        "ext:flag=\"yes\"",
        "ext:flag=\"yes\" plain=\"1\" xmlns:t=\"http://soapstone.example/feature/any\" t:own=\"2\"",
        1,
    );
    let root2 = from_xml::<features::any::Root>(text.as_bytes(), ns, "root").unwrap();
    assert_eq!(root2.other_attributes, root.other_attributes, "{text}");
    let group = root.group.as_ref().expect("the nested sequence");
    assert_eq!(
        group.any.len(),
        1,
        "##other in the nested group: ext:after-mark"
    );
    assert_eq!(
        root.tail.as_deref(),
        Some("t"),
        "tail is not the wildcard's"
    );
    assert_eq!(
        root.any2.as_ref().map(|a| a.0.local.as_str()),
        Some("plain"),
        "##local"
    );
    // An element in the target namespace where only ##local may stand.
    let wrong = String::from_utf8(xml).unwrap().replace(
        "<plain xmlns=\"\">no namespace</plain>",
        "<plain>in the target namespace</plain>",
    );
    assert!(from_xml::<features::any::Root>(wrong.as_bytes(), ns, "root").is_err());
}

/// Runs last-ish: validates every XML the round trips wrote. Needs Python's
/// xmlschema (CI installs it); prints why it skips otherwise.
#[test]
fn written_xml_validates_against_the_schemas() {
    // Produce the outputs here too, so the test does not depend on order.
    all();
    any();
    attributes();
    binary();
    builtin_types();
    choice();
    default_fixed();
    enumeration();
    extension();
    facets();
    groups();
    list();
    mixed();
    naming_collisions();
    nested_anonymous_types();
    nillable();
    optional_and_repeated();
    qnames();
    qualified_attributes();
    reserved_names();
    recursion();
    restriction();
    sequence();
    simple_content();
    substitution_group();
    union();
    unqualified();
    let has_xmlschema = std::process::Command::new("python3")
        .args(["-c", "import xmlschema"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_xmlschema {
        eprintln!("SKIP written_xml_validates_against_the_schemas: python3 with the xmlschema package is not installed (.ci/run installs it)");
        return;
    }
    let xmime = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/apache-cxf/core/src/main/resources/schemas/wsdl/xmime.xsd");
    let mut cmd = std::process::Command::new("python3");
    cmd.arg("features/validate.py")
        .arg("--root")
        .arg(out_root());
    if xmime.is_file() {
        cmd.arg("--xmime").arg(&xmime);
    } else {
        eprintln!("note: {} not found; the binary feature is validated only if validate.py finds xmime elsewhere", xmime.display());
    }
    let out = cmd.output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}");
    if !xmime.is_file() && text.contains("xmime schema not found") {
        let others_failed = text
            .lines()
            .any(|l| l.starts_with("FAIL") && !l.contains("xmime schema not found"));
        assert!(!others_failed, "{text}");
        return;
    }
    assert!(
        out.status.success(),
        "our XML does not validate:\n{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// An `xsi:type` names the type an element holds: one the declared type is
/// not, or a type these bindings do not know, is an error rather than a
/// value read as the declared type with the derived type's content lost.
#[test]
fn an_xsi_type_naming_no_derived_type_is_an_error() {
    use features::extension::{AnimalKind, Root};
    let ns = "http://soapstone.example/feature/extension";
    let xml = std::fs::read_to_string("features/extension/example-2.xml").unwrap();
    let root: Root = from_xml(xml.as_bytes(), ns, "root").unwrap();
    assert!(matches!(root.pet, AnimalKind::Dog(_)), "{:?}", root.pet);
    // The declared type itself, named explicitly, reads as it.
    let base = xml
        .replace("xsi:type=\"t:Dog\"", "xsi:type=\"t:Animal\"")
        .replace("<breed>terrier</breed>", "");
    let root: Root = from_xml(base.as_bytes(), ns, "root").unwrap();
    assert!(matches!(root.pet, AnimalKind::Animal(_)), "{:?}", root.pet);
    // A type in no derivation of Animal.
    let unrelated = xml.replace("xsi:type=\"t:Dog\"", "xsi:type=\"t:Cat\"");
    let e = from_xml::<Root>(unrelated.as_bytes(), ns, "root").unwrap_err();
    assert!(
        e.message
            .contains("xsi:type {http://soapstone.example/feature/extension}Cat"),
        "{e}"
    );
    assert!(e.message.contains("Animal"), "{e}");
    assert_eq!(e.path, "/root/pet");
    // The right local name in another namespace is another type.
    let other_ns = xml.replace(
        "xsi:type=\"t:Dog\"",
        "xsi:type=\"o:Dog\" xmlns:o=\"urn:other\"",
    );
    let e = from_xml::<Root>(other_ns.as_bytes(), ns, "root").unwrap_err();
    assert!(e.message.contains("xsi:type {urn:other}Dog"), "{e}");
    // A prefix that is not declared.
    let undeclared = xml.replace("xsi:type=\"t:Dog\"", "xsi:type=\"q:Dog\"");
    let e = from_xml::<Root>(undeclared.as_bytes(), ns, "root").unwrap_err();
    assert!(e.message.contains("not a QName in scope"), "{e}");
    // A type with no derived types (Dog) reads as itself: its own name is
    // fine, any other is an error too (an unknown extension of it would lose
    // what it adds).
    let own = xml.replace("<dog id=\"4\">", "<dog id=\"4\" xsi:type=\"t:Dog\">");
    assert_ne!(own, xml);
    assert!(from_xml::<Root>(own.as_bytes(), ns, "root").is_ok());
    let other = xml.replace("<dog id=\"4\">", "<dog id=\"4\" xsi:type=\"t:Puppy\">");
    let e = from_xml::<Root>(other.as_bytes(), ns, "root").unwrap_err();
    assert!(
        e.message
            .contains("xsi:type {http://soapstone.example/feature/extension}Puppy"),
        "{e}"
    );
    assert_eq!(e.path, "/root/dog");
}

/// A value the schema fixes is checked on write too: writing another one is
/// an error naming it, so no document goes out that a reader (ours, or a
/// validating one) would refuse.
#[test]
fn fixed_values_are_checked_on_write() {
    use features::attributes::Root as Widgets;
    use features::default_fixed::Root;
    let ns = "http://soapstone.example/feature/default-fixed";
    let xml = "<root xmlns='http://soapstone.example/feature/default-fixed'>\
               <setting><colour/><version/></setting></root>";
    let mut root: Root = from_xml(xml.as_bytes(), ns, "root").unwrap();
    let written = to_xml(&root, ns, "root").unwrap();
    assert!(written.contains(">2.0</"), "{written}");
    root.setting[0].version = "2.1".into();
    let e = to_xml(&root, ns, "root").unwrap_err().to_string();
    assert!(
        e.contains(":version>") && e.contains("\"2.1\" is not \"2.0\""),
        "{e}"
    );

    let ns = "http://soapstone.example/feature/attributes";
    let xml =
        format!("<root xmlns='{ns}'><widget id='1' scale='1.00'><name>n</name></widget></root>");
    let mut widgets: Widgets = from_xml(xml.as_bytes(), ns, "root").unwrap();
    // Another lexical form of the fixed decimal is the same value.
    assert!(to_xml(&widgets, ns, "root")
        .unwrap()
        .contains("scale=\"1.00\""));
    widgets.widget[0].version = Some("1.1".into());
    let e = to_xml(&widgets, ns, "root").unwrap_err().to_string();
    assert!(
        e.contains("attribute version") && e.contains("\"1.1\""),
        "{e}"
    );
    widgets.widget[0].version = None;
    widgets.widget[0].scale = Some(soapstone::bind::Decimal::new("1.5").unwrap());
    assert!(to_xml(&widgets, ns, "root").is_err());
}

/// An element with a fixed value cannot be nil (XML Schema Part 1 §3.3.4):
/// nil is refused on read and on write, even where the element is nillable.
#[test]
fn a_fixed_element_cannot_be_nil() {
    use features::default_fixed::Root;
    use soapstone::bind::Nillable;
    let ns = "http://soapstone.example/feature/default-fixed";
    let read = |unit: &str| {
        let xml = format!(
            "<root xmlns='{ns}' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'>\
             <setting><colour/><version/>{unit}</setting></root>"
        );
        from_xml::<Root>(xml.as_bytes(), ns, "root")
    };
    let mut root = read("<unit>kg</unit>").unwrap();
    assert_eq!(root.setting[0].unit, Some(Nillable::Value("kg".into())));
    let e = read("<unit xsi:nil='true'/>").unwrap_err();
    assert!(e.message.contains("fixed value and cannot be nil"), "{e}");
    assert!(to_xml(&root, ns, "root").is_ok());
    root.setting[0].unit = Some(Nillable::Nil);
    let e = to_xml(&root, ns, "root").unwrap_err().to_string();
    assert!(e.contains("cannot be nil"), "{e}");
    root.setting[0].unit = Some(Nillable::Value("g".into()));
    assert!(to_xml(&root, ns, "root").is_err());
}

/// Fixed values compare as values of their type on write: `1` is the
/// boolean `true`, `+5` the int `5`.
#[test]
fn fixed_values_compare_as_values_on_write() {
    use soapstone::bind::{write_simple_fixed, XmlWriter};
    let write = |value: bool, fixed: &str| {
        let mut w = XmlWriter::new();
        write_simple_fixed(&mut w, "", "flag", &value, fixed, false).unwrap();
        w.finish()
    };
    assert!(write(true, "1").is_ok());
    assert!(write(true, "true").is_ok());
    assert!(write(false, "0").is_ok());
    assert!(write(false, "1").is_err());
    let mut w = XmlWriter::new();
    write_simple_fixed(&mut w, "", "n", &5i32, "+5", false).unwrap();
    assert_eq!(w.finish().unwrap(), "<n>5</n>");
}

/// A nil element holds nothing the value could keep: content or attributes
/// beside `xsi:nil="true"` are an error naming them, never dropped; an
/// `xsi:nil` that is no boolean is an error too.
#[test]
fn nil_elements_with_content_or_attributes_are_errors() {
    use features::nillable::Root;
    use soapstone::bind::Nillable;
    let ns = "http://soapstone.example/feature/nillable";
    let read = |address: &str| {
        let xml = format!(
            "<root xmlns='{ns}' xmlns:xsi='http://www.w3.org/2001/XMLSchema-instance'>\
             <amount xsi:nil='true'/>{address}</root>"
        );
        from_xml::<Root>(xml.as_bytes(), ns, "root")
    };
    let root = read("<address xsi:nil=' 1 '>\n  </address>").unwrap();
    assert_eq!(root.amount, Nillable::Nil);
    assert_eq!(root.address, Nillable::Nil);
    let root = read("<address xsi:nil='false'><street>s</street></address>").unwrap();
    assert!(matches!(root.address, Nillable::Value(_)));
    let e = read("<address xsi:nil='true'><street>lost</street></address>").unwrap_err();
    assert!(
        e.message.contains("has content") && e.path == "/root/address",
        "{e}"
    );
    let e = read("<address xsi:nil='true'>lost</address>").unwrap_err();
    assert!(e.message.contains("has content"), "{e}");
    let e = read("<address xsi:nil='true' kind='home'/>").unwrap_err();
    assert!(
        e.message.contains("keeps no attributes") && e.message.contains("kind"),
        "{e}"
    );
    let e = read("<address xsi:nil='yes'/>").unwrap_err();
    assert!(e.message.contains("xsi:nil must be true or false"), "{e}");
    // Other xsi: attributes stand beside nil, and so do attributes in other
    // namespaces, which no type here declares (WCF's reference ids).
    assert!(read("<address xsi:nil='true' xsi:type='Address'/>").is_ok());
    let wcf = "<address xsi:nil='true' z:Id='i1' \
               xmlns:z='http://schemas.microsoft.com/2003/10/Serialization/'/>";
    assert_eq!(read(wcf).unwrap().address, Nillable::Nil);
    // One in the element's own namespace could be declared: refused.
    let e = read(
        "<address xsi:nil='true' xmlns:t='http://soapstone.example/feature/nillable' t:kind='x'/>",
    )
    .unwrap_err();
    assert!(e.message.contains("kind"), "{e}");
}

/// QName values stand for a namespace and a local name, whatever prefix
/// carries them: an enumeration of QNames matches by what an instance's
/// prefix is bound to (the schema's own prefix bound elsewhere matches
/// nothing), writes its values with a prefix it declares, and defaults
/// resolve where the schema writes them.
#[test]
fn qname_values_resolve_by_namespace_not_prefix() {
    use features::qnames::{FaultCode, OpenFaultCode, Root};
    use soapstone::bind::QName;
    let ns = "http://soapstone.example/feature/qnames";
    let errors = "urn:soapstone:feature:qnames:errors";
    let q = |ns: &str, local: &str| QName {
        ns: ns.into(),
        local: local.into(),
    };
    let read = |file: &str| -> Root {
        from_xml(
            &std::fs::read(format!("features/qnames/{file}")).unwrap(),
            ns,
            "root",
        )
        .unwrap()
    };
    // Other prefixes, and the schema's tns bound elsewhere.
    let one = read("example.xml");
    assert_eq!(one.kind, Some(FaultCode::ActionMismatch));
    assert_eq!(one.code, [FaultCode::InvalidAddress, FaultCode::Local]);
    assert_eq!(
        one.open,
        [
            OpenFaultCode::FaultCode(FaultCode::ActionMismatch),
            OpenFaultCode::QName(q("urn:soapstone:feature:qnames:elsewhere", "Other")),
        ]
    );
    // Empty elements and an absent attribute take the schema's defaults,
    // resolved in the schema, though the instance binds err elsewhere.
    let two = read("example-2.xml");
    assert_eq!(two.kind, Some(FaultCode::InvalidAddress));
    assert_eq!(two.fallback, Some(q(errors, "ActionMismatch")));
    assert_eq!(
        two.names.as_ref().map(|n| n.get().clone()),
        Some(vec![q(errors, "InvalidAddress"), q(ns, "Local")])
    );
    // err:InvalidAddress in another namespace is not the enumeration's.
    assert_eq!(
        two.open,
        [OpenFaultCode::QName(q(
            "urn:soapstone:feature:qnames:elsewhere",
            "InvalidAddress"
        ))]
    );
    // Lexically a value of the enumeration, but in another namespace.
    let wrong = format!(
        "<root xmlns='{ns}' xmlns:err='urn:elsewhere'><code>err:InvalidAddress</code><open>x</open></root>"
    );
    let err = from_xml::<Root>(wrong.as_bytes(), ns, "root").unwrap_err();
    assert!(
        err.to_string()
            .contains("{urn:elsewhere}InvalidAddress is not a value of FaultCode"),
        "{err}"
    );
    // Written with prefixes the writer declares, and read back the same.
    let written = to_xml(&two, ns, "root").unwrap();
    let doc = Document::parse(written.as_bytes(), &Default::default()).unwrap();
    let kind = doc.root().attribute("", "kind").unwrap();
    assert_eq!(
        doc.root().resolve_qname(kind),
        Some((errors.to_string(), "InvalidAddress".to_string())),
        "{written}"
    );
    assert_eq!(
        from_xml::<Root>(written.as_bytes(), ns, "root").unwrap(),
        two
    );
}

/// minOccurs and maxOccurs of a repeated element are checked: too few or
/// too many is an error when read (not a shorter or longer list taken as
/// it is) and when written (a reader would refuse the document).
#[test]
fn occurrence_bounds_are_checked_on_read_and_write() {
    use features::optional_and_repeated::{Entry, Root};
    let ns = "http://soapstone.example/feature/optional-and-repeated";
    let doc = |entries: &str| format!("<root xmlns='{ns}'>{entries}</root>");
    let entry = |scores: usize| {
        format!(
            "<entry><id>1</id>{}</entry>",
            "<score>5</score>".repeat(scores)
        )
    };
    let read =
        |xml: String| from_xml::<Root>(xml.as_bytes(), ns, "root").map_err(|e| e.to_string());
    assert!(read(doc(&entry(1))).is_ok());
    assert!(read(doc(&entry(3))).is_ok());
    let four = read(doc(&entry(4))).unwrap_err();
    assert!(
        four.contains("4 occurrences of score where the schema allows at most 3"),
        "{four}"
    );
    let none = read(doc(&entry(0))).unwrap_err();
    assert!(
        none.contains("0 occurrences of score where the schema asks for at least 1"),
        "{none}"
    );
    let empty = read(doc("")).unwrap_err();
    assert!(
        empty.contains("0 occurrences of entry where the schema asks for at least 1"),
        "{empty}"
    );

    let value = |scores: Vec<i32>| Root {
        entry: vec![Entry {
            id: 1,
            note: None,
            tag: Vec::new(),
            score: scores,
        }],
    };
    assert!(to_xml(&value(vec![1, 2, 3]), ns, "root").is_ok());
    let e = to_xml(&value(vec![1, 2, 3, 4]), ns, "root").unwrap_err();
    assert!(e.to_string().contains("at most 3"), "{e}");
    assert!(to_xml(&value(Vec::new()), ns, "root").is_err());
    assert!(to_xml(&Root { entry: Vec::new() }, ns, "root").is_err());
}
