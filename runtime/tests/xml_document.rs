//! The XML layer generated code stands on: reading a message into a
//! [`Document`] (names, scope, references, hostile input, paths), the
//! per-field cursor and writer calls, kept elements, and escaping that a
//! conforming reader undoes exactly.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone::bind::{Document, Element, Optimize, ReadCtx, ReadOptions, XmlNode, XmlWriter};
use soapstone::Binary;
use std::borrow::Cow;
fn parse(xml: &[u8]) -> Document<'_> {
    Document::parse(xml, &ReadOptions::default()).unwrap()
}

#[test]
fn names_resolve_by_namespace_and_paths_index_repeats() {
    let xml = br#"<a:r xmlns:a="urn:a" xmlns="urn:d"><x/><x b:at="v" xmlns:b="urn:b">t&amp;<![CDATA[<c>]]></x></a:r>"#;
    let doc = parse(xml);
    let r = doc.root();
    assert!(r.is("urn:a", "r"));
    let kids: Vec<_> = r.children().collect();
    assert!(kids[0].is("urn:d", "x"));
    assert_eq!(kids[1].path(), "/r/x[2]");
    assert_eq!(kids[1].attribute("urn:b", "at"), Some("v"));
    assert_eq!(kids[1].text(), "t&<c>");
    assert_eq!(
        kids[1].resolve_qname("b:q"),
        Some(("urn:b".into(), "q".into()))
    );
    assert_eq!(
        kids[1].resolve_qname("q"),
        Some(("urn:d".into(), "q".into()))
    );
    assert_eq!(kids[0].resolve_qname("b:q"), None);
    assert_eq!(kids[1].parent().unwrap().local(), "r");
    assert!(r.parent().is_none());
}

/// Text without entities is borrowed from the input, not copied.
#[test]
fn plain_text_and_names_are_borrowed() {
    let xml = b"<r><a>plain</a><b>x &lt; y</b></r>".to_vec();
    let doc = parse(&xml);
    let kids: Vec<_> = doc.root().children().collect();
    let range = xml.as_ptr_range();
    assert!(matches!(kids[0].text(), Cow::Borrowed(t) if range.contains(&t.as_ptr())));
    assert!(range.contains(&kids[0].local().as_ptr()));
    assert_eq!(kids[1].text(), "x < y");
    assert!(kids[0].children().next().is_none());
    assert!(!kids[0].is_empty());
    assert!(parse(b"<r><e/></r>")
        .root()
        .children()
        .next()
        .unwrap()
        .is_empty());
}

#[test]
fn hostile_inputs_are_errors() {
    let opts = ReadOptions {
        max_depth: 3,
        max_attributes: 2,
        max_size: 4096,
    };
    for bad in [
        &b"<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>"[..],
        b"<a><b></a>",
        b"<a>",
        b"",
        b"<p:a/>",
        b"<a><b><c><d/></c></b></a>",
        b"<a x='1' y='2' z='3'/>",
        b"<a/><b/>",
        b"<a>\xff</a>",
        b"text<a/>",
        b"<a><b p:x='1'/></a>",
    ] {
        assert!(
            Document::parse(bad, &opts).is_err(),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
    let e = Document::parse(b"<a><b><c p:x='1'/></b></a>", &opts)
        .err()
        .unwrap();
    assert_eq!(e.path, "/a/b/?");
    assert!(e.message.contains("undeclared prefix \"p\""), "{e}");
}

/// An attribute may appear once per element by expanded name (XML
/// Namespaces §6.3): the same raw name twice, two prefixes bound to one
/// URI, or one prefix declared twice are errors; the same local name in
/// two namespaces is fine.
#[test]
fn duplicate_attributes_are_errors() {
    for bad in [
        &b"<a x='1' x='2'/>"[..],
        b"<a xmlns:p='urn:u' xmlns:q='urn:u' p:x='1' q:x='2'/>",
        b"<a xmlns:p='urn:u' xmlns:p='urn:v'/>",
        b"<a xmlns='urn:u' xmlns='urn:v'/>",
        b"<r><a x='1' x='1'>t</a></r>",
    ] {
        let e = Document::parse(bad, &ReadOptions::default())
            .err()
            .unwrap_or_else(|| panic!("accepted {:?}", String::from_utf8_lossy(bad)));
        assert!(e.message.contains("twice"), "{e}");
    }
    let doc = parse(b"<a xmlns:p='urn:u' xmlns:q='urn:v' p:x='1' q:x='2' x='3'/>");
    let r = doc.root();
    assert_eq!(r.attribute("urn:u", "x"), Some("1"));
    assert_eq!(r.attribute("urn:v", "x"), Some("2"));
    assert_eq!(r.attribute("", "x"), Some("3"));
}

/// `[n]` counts same-named siblings (namespace included), with other
/// names interleaved.
#[test]
fn paths_number_same_named_siblings_among_many_names() {
    let mut xml = String::from("<r xmlns:p=\"urn:p\">");
    for round in 0..3 {
        for i in 0..20 {
            xml.push_str(&format!("<n{i}/>"));
        }
        xml.push_str(&format!("<p:n3><c{round}/></p:n3>"));
    }
    xml.push_str("</r>");
    let doc = parse(xml.as_bytes());
    let kids: Vec<_> = doc.root().children().collect();
    assert_eq!(kids.len(), 63);
    assert_eq!(kids[0].path(), "/r/n0");
    assert_eq!(kids[21].path(), "/r/n0[2]");
    assert_eq!(kids[21 + 19].path(), "/r/n19[2]");
    // `p:n3` is another name than `n3`: its own count.
    assert_eq!(kids[20].path(), "/r/n3");
    assert_eq!(kids[62].path(), "/r/n3[3]");
    assert_eq!(kids[62].children().next().unwrap().path(), "/r/n3[3]/c2");
    assert_eq!(kids[3 + 42].path(), "/r/n3[3]");
}

/// Hostile shapes stay linear or are refused: 50,000 differently named
/// siblings parse; more prefixes in scope than the bound is an error.
#[test]
fn many_names_and_prefixes() {
    let mut xml = String::from("<r>");
    for i in 0..50_000 {
        xml.push_str(&format!("<a{i}/>"));
    }
    xml.push_str("<a7/></r>");
    let doc = parse(xml.as_bytes());
    assert_eq!(doc.root().children().last().unwrap().path(), "/r/a7[2]");

    let mut deep = String::new();
    for d in 0..3 {
        deep.push_str("<e");
        for i in 0..100 {
            deep.push_str(&format!(" xmlns:p{d}x{i}=\"urn:{i}\""));
        }
        deep.push('>');
    }
    deep.push_str("</e></e></e>");
    let e = Document::parse(deep.as_bytes(), &ReadOptions::default())
        .err()
        .unwrap();
    assert!(e.message.contains("namespace prefixes in scope"), "{e}");
    // The inner declaration of a prefix shadows the outer one.
    let same = "<e xmlns:a=\"urn:1\"><e xmlns:a=\"urn:2\"><a:x/></e><a:y/></e>";
    let doc = parse(same.as_bytes());
    let outer: Vec<_> = doc.root().children().collect();
    assert_eq!(outer[0].children().next().unwrap().ns(), "urn:2");
    assert_eq!(outer[1].ns(), "urn:1");
    // xmlns="" undeclares the default namespace.
    let doc = parse(b"<e xmlns=\"urn:d\"><f xmlns=\"\"/></e>");
    assert_eq!(doc.root().ns(), "urn:d");
    assert_eq!(doc.root().children().next().unwrap().ns(), "");
}

/// A UTF-8 byte order mark and an XML declaration are not content.
#[test]
fn bom_and_declaration_are_skipped() {
    let doc = parse(b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<r>x</r>\n");
    assert_eq!(doc.root().local(), "r");
    assert_eq!(doc.root().text(), "x");
}

#[test]
fn descendants_stay_in_the_subtree() {
    let doc = parse(b"<r><a><b/>t<c><d/></c></a><e/></r>");
    fn names(n: XmlNode<'_>) -> Vec<&str> {
        n.descendants().map(|d| d.local()).collect()
    }
    assert_eq!(names(doc.root()), ["r", "a", "b", "c", "d", "e"]);
    let a = doc.root().children().next().unwrap();
    assert_eq!(names(a), ["a", "b", "c", "d"]);
    let c = a.children().nth(1).unwrap();
    assert_eq!(names(c), ["c", "d"]);
    assert_eq!(names(doc.root().children().nth(1).unwrap()), ["e"]);
}

#[test]
fn cursor_walks_sequences() {
    let doc = parse(b"<r><a/> <b/>t<b/></r>");
    let mut c = doc.root().cursor();
    assert!(c.next_if("", "x").is_none());
    assert!(c.take("", "a").is_ok());
    assert_eq!(c.position(), 1);
    let e = c.take("", "a").unwrap_err();
    assert_eq!(e.path, "/r/b");
    assert!(c.next_if("", "b").is_some());
    assert!(c.peek_is("", "b"));
    assert!(c.next_if("", "b").is_some());
    // Every element taken, but the text "t" between them is not
    // whitespace: element-only content cannot hold it.
    let e = c.finish().unwrap_err();
    assert!(
        e.message.contains(r#"text "t" in element-only content"#),
        "{e}"
    );
    assert_eq!(c.take("", "z").unwrap_err().path, "/r");
}

/// Text other than whitespace anywhere among the elements of element-only
/// content is an error when the reader finishes, not data dropped unread;
/// whitespace (a pretty-printed document) is fine.
#[test]
fn cursor_finish_refuses_text_among_elements() {
    let finish = |xml: &str| {
        let doc = parse(xml.as_bytes());
        let mut c = doc.root().cursor();
        while c.next_any().is_some() {}
        c.finish().map_err(|e| e.message)
    };
    assert_eq!(finish("<r>\n  <a/>\r\n\t<b/>\n</r>"), Ok(()));
    assert_eq!(finish("<r/>"), Ok(()));
    assert_eq!(finish("<r>  </r>"), Ok(()));
    for xml in [
        "<r>lead<a/></r>",
        "<r><a/>middle<b/></r>",
        "<r><a/><b/>tail</r>",
        "<r>only text</r>",
        "<r><a/><![CDATA[x]]></r>",
    ] {
        let e = finish(xml).unwrap_err();
        assert!(e.contains("in element-only content"), "{xml}: {e}");
    }
}

/// `xsi:nil="true"` on an element read as a value (not nillable: nillable
/// ones are looked at before) is an error, not an empty value.
#[test]
fn xsi_nil_on_an_element_read_as_a_value_is_an_error() {
    use soapstone::bind::read_simple;
    let xml = br#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><s xsi:nil="true"/><t xsi:nil="false">v</t><c xsi:nil="1"><a/></c></r>"#;
    let doc = parse(xml);
    let mut kids = doc.root().children();
    let (s, t, c) = (
        kids.next().unwrap(),
        kids.next().unwrap(),
        kids.next().unwrap(),
    );
    let e = read_simple::<String>(s).unwrap_err();
    assert!(e.message.contains("not nillable"), "{e}");
    assert_eq!(read_simple::<String>(t).unwrap(), "v");
    let mut cursor = c.cursor();
    assert!(cursor.next_if("", "a").is_some());
    assert!(cursor
        .finish()
        .unwrap_err()
        .message
        .contains("not nillable"));
}

#[test]
fn references_unescape_and_bad_ones_are_errors() {
    let doc = parse(br#"<r a="&lt;&#65;&#x42;&quot;">&amp;&apos;&gt;&#x10FFFF;&#9;x</r>"#);
    assert_eq!(doc.root().attribute("", "a"), Some("<AB\""));
    assert_eq!(doc.root().text(), "&'>\u{10FFFF}\tx");
    for bad in [
        &b"<r>&nbsp;</r>"[..],
        b"<r>&#0;</r>",
        b"<r>&#xD800;</r>",
        b"<r>&#xFFFF;</r>",
        b"<r>&#1;</r>",
        b"<r>& amp;</r>",
        b"<r>&ampxxxxxxxxxxxxxx;</r>",
        b"<r a='&bogus;'/>",
        b"<r a='\xff'/>",
    ] {
        assert!(
            Document::parse(bad, &ReadOptions::default()).is_err(),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
    // A long run of bare ampersands fails fast.
    let mut many = b"<r>".to_vec();
    many.extend(std::iter::repeat_n(b'&', 1 << 20));
    many.extend(b"</r>");
    assert!(Document::parse(&many, &ReadOptions::default()).is_err());
}

/// A kept element written into another document still resolves the
/// QNames in its text and attributes: its prefixes are declared again.
#[test]
fn kept_elements_keep_their_prefixes() {
    let xml =
        br#"<a xmlns:p="urn:p" xmlns:q="urn:q"><b t="q:U"><c xmlns:r="urn:r">p:T r:V</c></b></a>"#;
    let doc = parse(xml);
    let b = doc.root().children().next().unwrap().to_element();
    assert_eq!(
        b.namespaces,
        [
            ("q".to_string(), "urn:q".to_string()),
            ("p".into(), "urn:p".into())
        ]
    );
    let c = b.children().next().unwrap();
    assert_eq!(c.namespaces, [("r".to_string(), "urn:r".to_string())]);
    let mut w = XmlWriter::new();
    w.start("urn:x", "other");
    w.start("urn:q", "unrelated");
    w.end();
    b.write(&mut w);
    w.end();
    let out = w.into_string();
    let again = parse(out.as_bytes());
    let b2 = again.root().children().nth(1).unwrap();
    assert_eq!(
        b2.resolve_qname(b2.attribute("", "t").unwrap()),
        Some(("urn:q".into(), "U".into())),
        "{out}"
    );
    let c2 = b2.children().next().unwrap();
    let text = c2.text();
    let mut words = text.split(' ');
    assert_eq!(
        c2.resolve_qname(words.next().unwrap()),
        Some(("urn:p".into(), "T".into())),
        "{out}"
    );
    assert_eq!(
        c2.resolve_qname(words.next().unwrap()),
        Some(("urn:r".into(), "V".into())),
        "{out}"
    );
    assert_eq!(Element::parse(&out).unwrap().children().nth(1).unwrap(), &b);
}

#[test]
fn to_element_and_write_keep_content() {
    let xml = br#"<p:r xmlns:p="urn:p" a="1">x<p:c b="&amp;">y</p:c>z</p:r>"#;
    let doc = parse(xml);
    let e = doc.root().to_element();
    assert_eq!(e.ns, "urn:p");
    assert_eq!(e.content.len(), 3);
    assert_eq!(e.children().next().unwrap().attribute("", "b"), Some("&"));
    let mut w = XmlWriter::new();
    doc.root().write(&mut w);
    let again = Element::parse(&w.into_string()).unwrap();
    assert_eq!(again, e);
}

#[test]
fn cardinalities_read_and_write() {
    let mut w = XmlWriter::new();
    w.start("", "r");
    w.simples("", "a", &[1i32]).unwrap();
    w.simples::<i32>("", "b", &[]).unwrap();
    w.simples("", "c", &[2i32, 3]).unwrap();
    w.simple("", "c", &4i32).unwrap();
    w.binaries("", "d", &[Binary::from(vec![1u8])], None, Optimize::Default)
        .unwrap();
    w.end();
    let xml = w.into_string();
    assert_eq!(xml, "<r><a>1</a><c>2</c><c>3</c><c>4</c><d>AQ==</d></r>");
    let doc = Document::parse(xml.as_bytes(), &ReadOptions::default()).unwrap();
    let ctx = ReadCtx::default();
    let mut c = doc.root().cursor();
    assert_eq!(c.one_simple::<i32>("", "a").unwrap(), 1);
    assert_eq!(c.opt_simple::<i32>("", "b").unwrap(), None);
    assert_eq!(c.many_simple::<i32>("", "c").unwrap(), [2, 3, 4]);
    assert!(c.opt_binary("", "x", &ctx).unwrap().is_none());
    assert_eq!(c.many_binary("", "d", &ctx).unwrap().len(), 1);
    let e = c.one_simple::<i32>("", "e").unwrap_err();
    assert_eq!(e.path, "/r");
}

/// What a reader would change (CR in text; tab, LF, CR in attribute
/// values) is written as character references, so it reads back as is.
#[test]
fn escaping_survives_a_conforming_reader() {
    let mut w = XmlWriter::new();
    w.start("", "r");
    w.attribute("", "a", "x\t\"y\"\n<&>\r'");
    w.text("a<b & c>d\r\ne\"'");
    w.end();
    let xml = w.into_string();
    assert_eq!(
        xml,
        "<r a=\"x&#9;&quot;y&quot;&#10;&lt;&amp;&gt;&#13;'\">a&lt;b &amp; c&gt;d&#13;\ne\"'</r>"
    );
    let doc = Document::parse(xml.as_bytes(), &Default::default()).unwrap();
    assert_eq!(doc.root().attribute("", "a"), Some("x\t\"y\"\n<&>\r'"));
    assert_eq!(doc.root().text(), "a<b & c>d\r\ne\"'");
}

/// Names and namespace URIs that differ in one byte never match, at every
/// length the fast comparison treats apart (short, one word, two, four,
/// longer), wherever the byte is.
#[test]
fn names_differing_in_one_byte_do_not_match_elements_or_attributes() {
    for len in [1, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33, 40] {
        let name: String = (0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect();
        let uri = format!("urn:{name}");
        let xml = format!("<{name} xmlns='{uri}' xmlns:p='{uri}' p:{name}='v' {name}='w'/>");
        let doc = parse(xml.as_bytes());
        let r = doc.root();
        assert!(r.is(&uri, &name), "{len}");
        assert_eq!(r.attribute(&uri, &name), Some("v"), "{len}");
        assert_eq!(r.attribute("", &name), Some("w"), "{len}");
        for at in 0..len {
            let mut other = name.clone().into_bytes();
            other[at] = b'Z';
            let other = String::from_utf8(other).unwrap();
            assert!(!r.is(&uri, &other), "{len} {at}");
            assert_eq!(r.attribute(&uri, &other), None, "{len} {at}");
            assert_eq!(r.attribute("", &other), None, "{len} {at}");
            let other_uri = format!("urn:{other}");
            assert!(!r.is(&other_uri, &name), "{len} {at}");
            assert_eq!(r.attribute(&other_uri, &name), None, "{len} {at}");
        }
        assert!(!r.is(&uri, &name[1..]), "{len}");
        assert_eq!(r.attribute(&uri, &name[1..]), None, "{len}");
    }
}

/// An end tag must repeat its start tag's name exactly (XML 1.0 WFC:
/// Element Type Match), prefix included, whatever the name's length.
#[test]
fn end_tags_must_match_their_start_tags() {
    for len in [1, 7, 8, 9, 16, 17, 33] {
        let name: String = (0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect();
        let good = format!("<r><{name}>t</{name}></r>");
        parse(good.as_bytes());
        for at in 0..len {
            let mut other = name.clone().into_bytes();
            other[at] = b'Z';
            let other = String::from_utf8(other).unwrap();
            let bad = format!("<r><{name}>t</{other}></r>");
            let e = Document::parse(bad.as_bytes(), &ReadOptions::default())
                .err()
                .unwrap_or_else(|| panic!("accepted {bad}"));
            assert!(
                e.message
                    .contains(&format!("</{other}> does not close <{name}>")),
                "{bad}: {e}"
            );
        }
    }
    for bad in [
        &b"<p:a xmlns:p='urn:p' xmlns:q='urn:p'></q:a>"[..],
        b"<a><b></a></b>",
        b"<a></a></a>",
        b"<a></ab>",
        b"<ab></a>",
    ] {
        assert!(
            Document::parse(bad, &ReadOptions::default()).is_err(),
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
    // `</a >` closes `<a>`.
    parse(b"<r><a>t</a ></r>");
}

/// References are found wherever they stand in texts and attribute values
/// of every length (the short ones are searched a word at a time), and a
/// bare `&` anywhere is an error.
#[test]
fn references_are_found_at_every_position_and_length() {
    for len in 0..=40usize {
        for at in 0..=len {
            let plain: String = (0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect();
            let (head, tail) = plain.split_at(at);
            let escaped = format!("{head}&lt;{tail}");
            let expected = format!("{head}<{tail}");
            let xml = format!("<r a='{escaped}'>{escaped}</r>");
            let doc = parse(xml.as_bytes());
            assert_eq!(doc.root().text(), expected, "text {len} {at}");
            assert_eq!(
                doc.root().attribute("", "a"),
                Some(expected.as_str()),
                "attribute {len} {at}"
            );
            let bare = format!("{head}&{tail}");
            for xml in [format!("<r>{bare}</r>"), format!("<r a='{bare}'/>")] {
                assert!(
                    Document::parse(xml.as_bytes(), &ReadOptions::default()).is_err(),
                    "accepted {xml}"
                );
            }
        }
    }
}

/// A document parsed from a shared string hands out its text as slices of
/// that string; text unescaping changed, or text from elsewhere, is copied.
#[test]
fn shared_documents_hand_out_slices() {
    let src = soapstone::bind::shared_source(bytes::Bytes::from_static(
        b"<r><a>plain text</a><b>x &lt; y</b></r>",
    ))
    .unwrap();
    let doc = Document::parse_shared(&src, &ReadOptions::default()).unwrap();
    let mut kids = doc.root().children();
    let a = kids.next().unwrap();
    let b = kids.next().unwrap();
    let inside = |s: &soapstone::SharedStr| {
        let (p, start) = (s.as_ptr() as usize, src.as_ptr() as usize);
        p >= start && p + s.len() <= start + src.len()
    };
    let plain = a.shared_text(&a.text());
    assert_eq!(&*plain, "plain text");
    assert!(inside(&plain));
    let unescaped = b.shared_text(&b.text());
    assert_eq!(&*unescaped, "x < y");
    assert!(!inside(&unescaped));
    let elsewhere = a.shared_text("not from the document");
    assert_eq!(&*elsewhere, "not from the document");
    assert!(!inside(&elsewhere));
    assert!(soapstone::bind::shared_source(bytes::Bytes::from_static(b"<r>\xff</r>")).is_err());
}

/// Text split into many pieces by processing instructions, comments and
/// CDATA sections is joined in linear time and memory (each piece appended
/// in place: 100,000 pieces re-copied each time would be gigabytes).
#[test]
fn text_in_many_pieces_is_joined_in_linear_time() {
    for piece in ["x<?p?>", "x<!---->", "<![CDATA[x]]>"] {
        let n = 100_000;
        let xml = format!("<a>{}</a>", piece.repeat(n));
        let doc = parse(xml.as_bytes());
        let text = doc.root().text();
        assert_eq!(text.len(), n, "{piece}");
        assert!(text.bytes().all(|b| b == b'x'), "{piece}");
    }
    // Pieces after a child element join into one text node too.
    let xml = format!("<a><b/>{}</a>", "y<?p?>".repeat(1000));
    let doc = parse(xml.as_bytes());
    assert_eq!(doc.root().text(), "y".repeat(1000));
}

/// Line ends read as LF (XML 1.0 §2.11) in text and CDATA; in attribute
/// values each literal tab, LF, CR or CR LF reads as one space (§3.3.3).
/// Character references to them keep what they name, which is how our
/// writer sends them.
#[test]
fn line_ends_and_attribute_whitespace_are_normalized() {
    let doc = parse(b"<r a='x\ty\nz\r\nw\rv' b='&#9;&#10;&#13;'>one\r\ntwo\rthree&#13;\n<c><![CDATA[p\r\nq]]></c></r>");
    let r = doc.root();
    assert_eq!(r.attribute("", "a"), Some("x y z w v"));
    assert_eq!(r.attribute("", "b"), Some("\t\n\r"));
    assert_eq!(r.text(), "one\ntwo\nthree\r\n");
    assert_eq!(r.children().next().unwrap().text(), "p\nq");
    // At every length and position (the short ones are searched a word at
    // a time).
    for len in 0..=40usize {
        for at in 0..=len {
            let plain: String = (0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect();
            let (head, tail) = plain.split_at(at);
            let xml = format!("<r a='{head}\r\n{tail}'>{head}\r\n{tail}</r>");
            let doc = parse(xml.as_bytes());
            assert_eq!(
                doc.root().text(),
                format!("{head}\n{tail}"),
                "text {len} {at}"
            );
            let want = format!("{head} {tail}");
            assert_eq!(
                doc.root().attribute("", "a"),
                Some(want.as_str()),
                "attribute {len} {at}"
            );
        }
    }
    // What our writer writes reads back unchanged.
    let mut w = XmlWriter::new();
    w.start("urn:x", "r");
    w.attribute("", "a", "t\tl\nc\r.");
    w.text("c\r\nl\n\rx");
    w.end();
    let xml = w.into_string();
    let doc = parse(xml.as_bytes());
    assert_eq!(doc.root().attribute("", "a"), Some("t\tl\nc\r."), "{xml}");
    assert_eq!(doc.root().text(), "c\r\nl\n\rx", "{xml}");
}

/// A fault's reason reads as a conforming reader gives it: CR LF as LF,
/// references replaced (a `&#13;` stays a CR).
#[test]
fn fault_text_line_ends_are_normalized() {
    let xml = b"<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body><s:Fault><faultcode>s:Server</faultcode><faultstring>line one\r\nline two\rthree &amp;&#13;four</faultstring></s:Fault></s:Body></s:Envelope>";
    let f = soapstone::Fault::parse(xml).unwrap();
    assert_eq!(f.reason, "line one\nline two\nthree &\rfour");
}

/// Header blocks are found by name in either SOAP version's `Header`;
/// none when the envelope has no `Header` or not that block; an error when
/// the document is not an envelope.
#[test]
fn header_blocks_are_found_by_name() {
    use soapstone::bind::header_block;
    for env in [
        "http://schemas.xmlsoap.org/soap/envelope/",
        "http://www.w3.org/2003/05/soap-envelope",
    ] {
        let xml = format!("<s:Envelope xmlns:s='{env}'><s:Header><h:a xmlns:h='urn:h'>1</h:a><h:b xmlns:h='urn:h'>2</h:b></s:Header><s:Body><x/></s:Body></s:Envelope>");
        let doc = parse(xml.as_bytes());
        let b = header_block(doc.root(), "urn:h", "b").unwrap().unwrap();
        assert_eq!(b.text(), "2");
        assert!(header_block(doc.root(), "urn:h", "c").unwrap().is_none());
        assert!(header_block(doc.root(), "urn:other", "a")
            .unwrap()
            .is_none());
    }
    let doc = parse(
        b"<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body/></s:Envelope>",
    );
    assert!(header_block(doc.root(), "urn:h", "a").unwrap().is_none());
    let doc = parse(b"<notsoap/>");
    assert!(header_block(doc.root(), "urn:h", "a").is_err());
}

#[test]
fn kept_elements_keep_their_default_namespace_for_unprefixed_qnames() {
    const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
    let xml = br#"<w><e xmlns="urn:d" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="Gold"><k>Silver</k><n xmlns="">Plain</n><o xmlns="urn:o">Bronze</o></e></w>"#;
    let doc = parse(xml);
    let e = doc.root().children().next().unwrap().to_element();
    assert_eq!(e.default_namespace.as_deref(), Some("urn:d"));
    // Written among the writer's own elements, in and out of namespaces.
    let mut w = XmlWriter::new();
    w.start("urn:x", "outer");
    e.write(&mut w);
    w.start("", "after");
    w.end();
    w.end();
    let out = w.finish().unwrap();
    let again = parse(out.as_bytes());
    let e2 = again.root().children().next().unwrap();
    let resolved = |n: XmlNode<'_>, q: &str| n.resolve_qname(q).unwrap();
    let pair = |ns: &str, l: &str| (ns.to_string(), l.to_string());
    assert_eq!(
        resolved(e2, e2.attribute(XSI, "type").unwrap()),
        pair("urn:d", "Gold"),
        "{out}"
    );
    let kids: Vec<XmlNode<'_>> = e2.children().collect();
    assert_eq!(
        (kids[0].ns(), kids[1].ns(), kids[2].ns()),
        ("urn:d", "", "urn:o")
    );
    assert_eq!(resolved(kids[0], &kids[0].text()), pair("urn:d", "Silver"));
    assert_eq!(
        resolved(kids[1], &kids[1].text()),
        pair("", "Plain"),
        "{out}"
    );
    assert_eq!(resolved(kids[2], &kids[2].text()), pair("urn:o", "Bronze"));
    // The declaration ends with the element: what follows is in no namespace.
    let after = again.root().children().nth(1).unwrap();
    assert_eq!((after.ns(), after.local()), ("", "after"), "{out}");
    assert_eq!(Element::parse(&out).unwrap().children().next().unwrap(), &e);
    // Written under a name in no namespace, it declares no default.
    let mut w = XmlWriter::new();
    e.write_as(&mut w, "", "plain");
    let out = w.finish().unwrap();
    assert_eq!(parse(out.as_bytes()).root().ns(), "", "{out}");
}

#[test]
fn namespace_declarations_follow_namespaces_in_xml() {
    let refused = [
        r#"<a xmlns:p=""><p:b/></a>"#,
        r#"<a xmlns:xml="urn:x"/>"#,
        r#"<xmlns:a xmlns:xmlns="urn:x"/>"#,
        r#"<a xmlns:p="http://www.w3.org/XML/1998/namespace"/>"#,
        r#"<a xmlns="http://www.w3.org/XML/1998/namespace"/>"#,
        r#"<a xmlns:p="http://www.w3.org/2000/xmlns/"/>"#,
        r#"<a:b:c xmlns:a="u"/>"#,
        r#"<a xmlns:a="u" a:b:c="1"/>"#,
        r#"<a :b="1"/>"#,
        // A reference in a namespace name (the MTOM scan reads names as
        // written, so the readers would disagree on xop:Include).
        r#"<a xmlns:x="http://www.w3.org/2004/08/xop/includ&#101;"/>"#,
    ];
    for xml in refused {
        let r = Document::parse(xml.as_bytes(), &ReadOptions::default());
        assert!(r.is_err(), "accepted {xml}");
    }
    // Allowed: xml bound to its own namespace, a default undeclared.
    for xml in [
        r#"<a xmlns:xml="http://www.w3.org/XML/1998/namespace" xml:lang="en"/>"#,
        r#"<a xmlns="urn:d"><b xmlns=""/></a>"#,
    ] {
        assert!(
            Document::parse(xml.as_bytes(), &ReadOptions::default()).is_ok(),
            "{xml}"
        );
    }
}

#[test]
fn kept_elements_copy_namespace_names_they_use_and_no_more_than_the_document_holds() {
    // 200 long declarations in scope (about 2 MB), then 2,000 kept
    // elements: copying every declaration for each would take about 4 GB.
    let long = "u".repeat(10_000);
    let decls: String = (0..200)
        .map(|i| format!(" xmlns:p{i}=\"urn:{i}:{long}\""))
        .collect();
    let kids = "<o:e xmlns:o=\"urn:o\">p7:T</o:e>".repeat(2_000);
    let xml = format!("<r xmlns=\"urn:{long}\"{decls}>{kids}</r>");
    let doc = parse(xml.as_bytes());
    let kept: Vec<Element> = doc.root().children().map(|c| c.to_element()).collect();
    // The first keeps what its text uses (p7) and the default namespace.
    assert_eq!(kept[0].namespaces.len(), 1);
    assert_eq!(kept[0].namespaces[0].0, "p7");
    assert_eq!(
        kept[0].default_namespace.as_deref(),
        Some(format!("urn:{long}").as_str())
    );
    // In all, no more namespace bytes than the document has.
    let copied: usize = kept
        .iter()
        .map(|e| {
            e.default_namespace.as_ref().map_or(0, String::len)
                + e.namespaces
                    .iter()
                    .map(|(p, u)| p.len() + u.len())
                    .sum::<usize>()
        })
        .sum();
    assert!(
        copied <= xml.len(),
        "{copied} bytes copied from {}",
        xml.len()
    );
}

#[test]
fn a_document_declaring_another_encoding_is_refused_not_misread() {
    for (xml, ok) in [
        (
            &b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>caf\xc3\xa9</a>"[..],
            false,
        ),
        (b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>", true),
        (b"<?xml version=\"1.0\" encoding=\"utf-8\"?><a/>", true),
        (b"<?xml version=\"1.0\"?><a/>", true),
    ] {
        let r = Document::parse(xml, &ReadOptions::default());
        assert_eq!(r.is_ok(), ok, "{}", String::from_utf8_lossy(xml));
    }
}

/// The descendants of a kept element inherit its default namespace instead
/// of copying it: many of them under a long default namespace do not use up
/// the document's namespace budget, and none is written back in no
/// namespace (`xmlns=""`).
#[test]
fn kept_descendants_inherit_the_default_namespace() {
    let uri = format!("urn:{}", "d".repeat(1_000));
    let kids = "<a>x</a>".repeat(200);
    let xml = format!("<r xmlns=\"{uri}\"><k>{kids}</k></r>");
    let doc = parse(xml.as_bytes());
    let k = doc.root().children().next().unwrap().to_element();
    assert_eq!(k.default_namespace.as_deref(), Some(uri.as_str()));
    assert!(k.children().all(|a| a.default_namespace.is_none()));
    let mut w = XmlWriter::new();
    k.write(&mut w);
    let written = w.finish().unwrap();
    assert!(!written.contains("xmlns=\"\""), "{written}");
    let again = parse(written.as_bytes());
    let names: Vec<(String, String)> = again
        .root()
        .children()
        .map(|a| (a.ns().to_string(), a.local().to_string()))
        .collect();
    assert_eq!(names.len(), 200);
    assert!(names.iter().all(|(ns, l)| *ns == uri && l == "a"));
}

/// A `mime:mimeXml` part says its charset, and one larger than the root
/// part limit is refused before it is read (a part may be far larger than
/// an envelope may: the attachment limit).
#[test]
fn xml_parts_say_their_charset_and_keep_to_the_root_limit() {
    use soapstone::bind::{read_xml_part, xml_part, SimpleElement};
    let part = xml_part(&SimpleElement("ünïcode".to_string()), "urn:x", "v").unwrap();
    assert_eq!(part.content_type(), Some("text/xml; charset=UTF-8"));
    let opts = ReadOptions::from(&soapstone::Limits::default());
    let back: SimpleElement<String> = read_xml_part(&part, "urn:x", "v", &opts).unwrap();
    assert_eq!(back.0, "ünïcode");
    let small = ReadOptions {
        max_size: part.len() - 1,
        ..opts
    };
    let e = read_xml_part::<SimpleElement<String>>(&part, "urn:x", "v", &small).unwrap_err();
    assert!(e.message.contains("root part limit"), "{e}");
    // The same bound holds for any document parsed with these options.
    let xml = part.to_bytes().unwrap();
    assert!(Document::parse(&xml, &small).is_err());
    assert!(Document::parse(&xml, &opts).is_ok());
}
