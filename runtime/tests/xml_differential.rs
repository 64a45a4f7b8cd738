//! `Document` against an independent XML parser (roxmltree): random
//! well-formed documents (namespaces, attributes, references, CDATA, CR LF,
//! comments, processing instructions, non-ASCII) and byte mutations of
//! them. Wherever roxmltree reads a document, `Document` reads it too, with
//! the same elements, resolved names, attribute values and text; whatever
//! the input, `Document` never panics. (Left out of the comparison: lone
//! CRs, which roxmltree 0.21 mishandles before a reference, and names with
//! an empty prefix or local part, which it accepts.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use soapstone::bind::{Document, ReadOptions, XmlNode};

/// A piece of content.
#[derive(Debug, Clone)]
enum Piece {
    Text(&'static str),
    Element(Box<El>),
}

#[derive(Debug, Clone)]
struct El {
    name: usize,
    attributes: Vec<usize>,
    content: Vec<Piece>,
}

/// Start tags (without `>`) and their end tags.
const NAMES: &[(&str, &str)] = &[
    ("<a", "</a>"),
    ("<b", "</b>"),
    ("<p:c xmlns:p='urn:p'", "</p:c>"),
    ("<e xmlns='urn:e'", "</e>"),
    ("<q:f xmlns:q='urn:q' xmlns='urn:d'", "</q:f>"),
    ("<g xmlns=''", "</g>"),
];

const ATTRIBUTES: &[&str] = &[
    " x='1'",
    " y=\"two words\"",
    " z='&amp;&lt;&gt;&quot;&apos;'",
    " w='&#9;tab&#10;lf&#13;cr'",
    " v='lit\ttab\nlf\r\ncrlf\rcr'",
    " xml:lang='en'",
    " u='é\u{1F600}'",
];

const TEXTS: &[&str] = &[
    "text",
    " ",
    "\r\n",
    "\r",
    "\n",
    "\t",
    "&amp;",
    "&lt;&gt;",
    "&#x41;&#66;",
    "&#13;",
    "é\u{1F600}",
    "<![CDATA[cd <x> & \r\n]]>",
    "<![CDATA[]]>",
    "<?pi data?>",
    "<!-- comment -->",
    "]",
    ">",
];

fn element() -> impl Strategy<Value = El> {
    let leaf = (
        0..NAMES.len(),
        proptest::collection::vec(0..ATTRIBUTES.len(), 0..3),
    )
        .prop_map(|(name, attributes)| El {
            name,
            attributes,
            content: Vec::new(),
        });
    leaf.prop_recursive(4, 40, 6, |inner| {
        (
            0..NAMES.len(),
            proptest::collection::vec(0..ATTRIBUTES.len(), 0..3),
            proptest::collection::vec(
                prop_oneof![
                    (0..TEXTS.len()).prop_map(|t| Piece::Text(TEXTS[t])),
                    inner.prop_map(|e| Piece::Element(Box::new(e))),
                ],
                0..6,
            ),
        )
            .prop_map(|(name, attributes, content)| El {
                name,
                attributes,
                content,
            })
    })
}

fn render(e: &El, out: &mut String) {
    let (start, end) = NAMES[e.name];
    out.push_str(start);
    let mut seen = Vec::new();
    for &a in &e.attributes {
        // An attribute once per element.
        if !seen.contains(&a) {
            seen.push(a);
            out.push_str(ATTRIBUTES[a]);
        }
    }
    if e.content.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for p in &e.content {
        match p {
            Piece::Text(t) => out.push_str(t),
            Piece::Element(c) => render(c, out),
        }
    }
    out.push_str(end);
}

/// One element as both parsers see it.
#[derive(Debug, PartialEq)]
struct Seen {
    ns: String,
    local: String,
    attributes: Vec<(String, String, String)>,
    text: String,
}

fn ours(node: XmlNode<'_>, out: &mut Vec<Seen>) {
    let mut attributes: Vec<_> = node
        .attributes()
        .map(|a| (a.ns.to_string(), a.local.to_string(), a.value.to_string()))
        .collect();
    attributes.sort();
    out.push(Seen {
        ns: node.ns().to_string(),
        local: node.local().to_string(),
        attributes,
        text: node.text().into_owned(),
    });
    for c in node.children() {
        ours(c, out);
    }
}

fn theirs(node: roxmltree::Node<'_, '_>, out: &mut Vec<Seen>) {
    let mut attributes: Vec<_> = node
        .attributes()
        .map(|a| {
            (
                a.namespace().unwrap_or("").to_string(),
                a.name().to_string(),
                a.value().to_string(),
            )
        })
        .collect();
    attributes.sort();
    out.push(Seen {
        ns: node.tag_name().namespace().unwrap_or("").to_string(),
        local: node.tag_name().name().to_string(),
        attributes,
        text: node
            .children()
            .filter(|c| c.is_text())
            .filter_map(|c| c.text())
            .collect(),
    });
    for c in node.children().filter(|c| c.is_element()) {
        theirs(c, out);
    }
}

/// True when a colon starts or ends a name (`<g :a='1'/>`, `<p:/>`): not a
/// QName, so not namespace-well-formed (Namespaces in XML 1.0 §4), which
/// `Document` refuses and roxmltree 0.21 reads.
fn empty_qname_part(text: &str) -> bool {
    let b = text.as_bytes();
    let outside_name = |c: u8| c.is_ascii_whitespace() || b"<>/='\"".contains(&c);
    b.iter().enumerate().any(|(i, &c)| {
        c == b':'
            && (i == 0 || outside_name(b[i - 1]) || b.get(i + 1).is_none_or(|&n| outside_name(n)))
    })
}

/// Reads `xml` with both; when roxmltree accepts it, `Document` must too and
/// see the same.
fn compare(xml: &[u8]) -> Result<(), TestCaseError> {
    let mine = Document::parse(xml, &ReadOptions::default());
    let Ok(text) = std::str::from_utf8(xml) else {
        prop_assert!(mine.is_err(), "accepted non-UTF-8");
        return Ok(());
    };
    let Ok(other) = roxmltree::Document::parse(text) else {
        return Ok(());
    };
    // roxmltree 0.21 keeps a lone CR before a reference (`<a>\r&amp;</a>`
    // reads "\r&"; XML 1.0 §2.11 says "\n&", as `Document` reads it: see
    // xml_document.rs). Compare only inputs without a lone CR.
    let lone_cr = text
        .as_bytes()
        .windows(2)
        .any(|w| w[0] == b'\r' && w[1] != b'\n')
        || text.ends_with('\r');
    if lone_cr || empty_qname_part(text) {
        return Ok(());
    }
    let mine = match mine {
        Ok(d) => d,
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "refused what roxmltree reads: {e}\n{text:?}"
            )))
        }
    };
    let (mut a, mut b) = (Vec::new(), Vec::new());
    ours(mine.root(), &mut a);
    theirs(other.root_element(), &mut b);
    prop_assert_eq!(a, b, "{:?}", text);
    Ok(())
}

proptest! {
    // A fixed seed: CI runs the same cases every time (set
    // PROPTEST_RNG_SEED to explore others).
    #![proptest_config(ProptestConfig {
        cases: 1000,
        rng_seed: match ProptestConfig::default().rng_seed {
            proptest::test_runner::RngSeed::Random => {
                proptest::test_runner::RngSeed::Fixed(0x5eed_50a9)
            }
            chosen => chosen,
        },
        ..ProptestConfig::default()
    })]

    #[test]
    fn documents_read_as_roxmltree_reads_them(root in element()) {
        let mut xml = String::new();
        render(&root, &mut xml);
        compare(xml.as_bytes())?;
    }

    #[test]
    fn mutated_documents_never_panic_and_agree_when_well_formed(
        root in element(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..4),
    ) {
        let mut xml = String::new();
        render(&root, &mut xml);
        let mut bytes = xml.into_bytes();
        for (at, b) in edits {
            let i = at.index(bytes.len());
            // Mostly the bytes XML is made of, sometimes any byte.
            bytes[i] = match b % 8 {
                0 => b'<',
                1 => b'>',
                2 => b'&',
                3 => b'/',
                4 => b'\'',
                5 => b':',
                6 => b'\r',
                _ => b,
            };
        }
        compare(&bytes)?;
    }
}

/// Cases the random runs found, kept.
#[test]
fn found_cases() {
    // Not a QName: refused (roxmltree reads it).
    assert!(Document::parse(b"<g :mlns='' u='x'/>", &ReadOptions::default()).is_err());
    assert!(empty_qname_part("<g :mlns=''/>"));
    assert!(!empty_qname_part("<p:c xmlns:p='urn:p'/>"));
    // A lone CR before a reference reads as LF.
    let doc = Document::parse(b"<a>\r&amp;</a>", &ReadOptions::default()).unwrap();
    assert_eq!(doc.root().text(), "\n&");
}
