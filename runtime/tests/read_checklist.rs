//! Reader side of MTOM-CHECKLIST (D, E3, F3, G): one test per item, named by its
//! id. Every reader test runs both readers (in memory and streaming, several
//! read sizes) and checks they agree.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use bytes::Bytes;
use common::*;
use soapstone::mime::writer::MtomWriter;
use soapstone::soap::envelope::write_envelope;
use soapstone::xop::{RefKind, Section};
use soapstone::{AttachmentId, Error, Fault, FaultCode, Limits, PackageKind, SoapVersion};

fn two_part(root_first: bool, start: &str, root_cid: &str) -> (String, Vec<u8>) {
    let ct = format!("multipart/related; type=\"application/xop+xml\"; boundary=\"b1\"; start=\"{start}\"; start-info=\"text/xml\"");
    let root = env11(&format!("<a><d>{}</d></a>", include("p1@x")));
    let rh =
        format!("Content-Type: application/xop+xml; type=\"text/xml\"\nContent-ID: {root_cid}");
    let ah = "Content-Type: image/png\nContent-ID: <p1@x>";
    let parts: Vec<(&str, &[u8])> = if root_first {
        vec![(rh.as_str(), root.as_bytes()), (ah, b"PNGDATA")]
    } else {
        vec![(ah, b"PNGDATA"), (rh.as_str(), root.as_bytes())]
    };
    (ct, multipart("b1", &parts))
}

#[test]
fn d1_root_found_by_start_when_not_first() {
    let (ct, body) = two_part(false, "<root@x>", "<root@x>");
    let m = both(&ct, &body).unwrap();
    assert_eq!(m.root.content_id.as_deref(), Some("root@x"));
    assert_eq!(
        m.attachments[0].data.to_bytes().unwrap(),
        Bytes::from_static(b"PNGDATA")
    );
    assert_eq!(
        m.attachments[0].referenced_by.as_ref().unwrap().path,
        "/a/d"
    );
}

#[test]
fn d1_start_without_brackets_and_cid_without_brackets() {
    let (ct, body) = two_part(false, "root@x", "root@x");
    assert_eq!(
        both(&ct, &body).unwrap().root.content_id.as_deref(),
        Some("root@x")
    );
    let (ct, body) = two_part(false, "cid:root%40x", "<root@x>");
    assert_eq!(
        both(&ct, &body).unwrap().root.content_id.as_deref(),
        Some("root@x")
    );
}

#[test]
fn d1_no_match_falls_back_to_first_part() {
    let (ct, body) = two_part(true, "<nothing@x>", "<root@x>");
    let m = both(&ct, &body).unwrap();
    assert_eq!(m.root.content_id.as_deref(), Some("root@x"));
    assert!(m.problems.iter().any(|p| p.id == "D1"));
}

#[test]
fn d1_a_start_that_does_not_decode_matches_no_part_that_does_not_either() {
    // The attachment's Content-ID and `start` both hold a broken percent
    // escape: they differ, so nothing matches and the first part is the
    // root (not the attachment, as two failed decodings compared equal).
    let ct = "multipart/related; type=\"application/xop+xml\"; boundary=\"b1\"; start=\"<root%zz>\"; start-info=\"text/xml\"";
    let root = env11(&format!("<a><d>{}</d></a>", include("p1%zz")));
    let rh = "Content-Type: application/xop+xml; type=\"text/xml\"\nContent-ID: <root@x>";
    let ah = "Content-Type: image/png\nContent-ID: <p1%zz>";
    let body = multipart("b1", &[(rh, root.as_bytes()), (ah, b"PNGDATA")]);
    let m = both(ct, &body).unwrap();
    assert_eq!(m.root.content_id.as_deref(), Some("root@x"));
    assert!(m.problems.iter().any(|p| p.id == "D1"));
    assert_eq!(
        m.attachments[0].data.to_bytes().unwrap(),
        Bytes::from_static(b"PNGDATA")
    );
}

#[test]
fn a_second_document_element_is_malformed() {
    let two = format!("{}{}", env11("<a/>"), env11("<b/>"));
    for xml in [two.clone(), format!("{}<x/>", env11("<a/>"))] {
        let body = multipart("b1", &[(ROOT_H, xml.as_bytes())]);
        match both(MTOM_CT, &body) {
            Err(Error::Xml(m)) => assert!(m.contains("after the document element"), "{m}"),
            other => panic!("expected malformed XML, got {other:?}"),
        }
    }
    assert!(soapstone::Envelope::parse(Bytes::from(two)).is_err());
}

#[test]
fn d9_an_include_after_the_body_is_outside_it() {
    // SOAP 1.1 allows elements after the Body; an Include there is not in
    // the Body (nor recorded under a Body path).
    let xml = format!(
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><a/></s:Body><t>{}</t></s:Envelope>",
        include("p")
    );
    match with_root(&xml) {
        Err(Error::InvalidInclude(m)) => assert!(m.contains("not inside"), "{m}"),
        other => panic!("expected an invalid Include, got {other:?}"),
    }
}

#[test]
fn d2_case_insensitive_tabs_folding_unquoted_boundary() {
    let ct =
        "Multipart/Related;\tBOUNDARY=b1;\r\n\tType=\"application/xop+xml\";  START=\"<root>\"";
    let root = env11("<a/>");
    let body = multipart(
        "b1",
        &[(
            "content-type: Application/XOP+XML; type=\"text/xml\"\nCONTENT-ID: <root>",
            root.as_bytes(),
        )],
    );
    let m = both(ct, &body).unwrap();
    assert_eq!(m.kind, PackageKind::Mtom);
    assert_eq!(m.root.content_id.as_deref(), Some("root"));
}

#[test]
fn d3_lf_only_framing_preamble_padding_epilogue() {
    let root = env11(&format!("<a><d>{}</d></a>", include("p1")));
    let body = format!(
        "preamble line\n--b1  \t\nContent-Type: application/xop+xml\nContent-ID: <root>\n\n{root}\n--b1\nContent-ID: <p1>\n\nDATA\r\n\n--b1--\nepilogue\n"
    );
    let m = both(MTOM_CT, body.as_bytes()).unwrap();
    // LF framing: the CR of the payload's own CRLF stays, the delimiter's LF goes.
    assert_eq!(
        m.attachments[0].data.to_bytes().unwrap(),
        Bytes::from_static(b"DATA\r\n")
    );
    let ids: Vec<_> = m.problems.iter().map(|p| p.id).collect();
    assert!(ids.contains(&"D3"), "{ids:?}");
}

#[test]
fn d3_missing_close_delimiter_is_an_error() {
    let root = env11("<a/>");
    let mut body = multipart(
        "b1",
        &[(ROOT_H, root.as_bytes()), ("Content-ID: <p>", b"abc")],
    );
    body.truncate(body.len() - 8);
    assert!(matches!(
        both(MTOM_CT, &body),
        Err(Error::MissingCloseDelimiter)
    ));
    let mut body = multipart("b1", &[(ROOT_H, root.as_bytes())]);
    body.truncate(body.len() - "--b1--\r\n".len());
    assert!(matches!(
        both(MTOM_CT, &body),
        Err(Error::MissingCloseDelimiter)
    ));
}

#[test]
fn d4_boundary_taken_from_first_dash_line() {
    let ct = "multipart/related; type=\"application/xop+xml\"; start=\"<root>\"";
    let root = env11("<a/>");
    let body = multipart("sniffed-boundary", &[(ROOT_H, root.as_bytes())]);
    let m = both(ct, &body).unwrap();
    assert!(m.problems.iter().any(|p| p.id == "D4"));
    assert!(matches!(
        both(ct, b"no delimiter here"),
        Err(Error::MissingBoundary)
    ));
}

#[test]
fn d5_base64_quoted_printable_root_and_parts() {
    use base64::Engine as _;
    let root = env11(&format!(
        "<a><d>{}</d><e>{}</e></a>",
        include("p1"),
        include("p2")
    ));
    let root_b64 = base64::engine::general_purpose::STANDARD.encode(root.as_bytes());
    let wrapped: String = root_b64
        .as_bytes()
        .chunks(76)
        .map(|c| format!("{}\r\n", String::from_utf8_lossy(c)))
        .collect();
    let payload: Vec<u8> = (0..=255u8).collect();
    let p64 = base64::engine::general_purpose::STANDARD.encode(&payload);
    let body = multipart(
        "b1",
        &[
            ("Content-Type: application/xop+xml\nContent-Transfer-Encoding: BASE64\nContent-ID: <root>", wrapped.as_bytes()),
            ("Content-ID: <p1>\nContent-Transfer-Encoding: base64", p64.as_bytes()),
            ("Content-ID: <p2>\nContent-Transfer-Encoding: quoted-printable", b"caf=C3=A9 soft=\r\nbreak=3D"),
        ],
    );
    let m = both(MTOM_CT, &body).unwrap();
    assert_eq!(m.root_xml, Bytes::from(root));
    assert_eq!(
        m.attachments[0].data.to_bytes().unwrap(),
        Bytes::from(payload)
    );
    assert_eq!(
        m.attachments[1].data.to_bytes().unwrap(),
        Bytes::from("café softbreak=".as_bytes())
    );
}

#[test]
fn d5_literal_equals_signs_survive_every_streaming_cut() {
    // Malformed quoted-printable (kept literally, as mail readers do) on one
    // long line: wherever the streaming reader cuts it, `==` stays `==`.
    let raw = "x==y =\t=z".repeat(1500);
    let body = multipart(
        "b1",
        &[
            (ROOT_H, root_one("p1").as_bytes()),
            (
                "Content-ID: <p1>\nContent-Transfer-Encoding: quoted-printable",
                raw.as_bytes(),
            ),
        ],
    );
    let m = soapstone::decode(MTOM_CT, Bytes::from(body.clone()), &Limits::default()).unwrap();
    assert_eq!(
        m.attachments[0].data.to_bytes().unwrap(),
        Bytes::from(raw.clone())
    );
    for step in [1usize << 20, 4096, 1000, 61, 7] {
        let m = stream_with(MTOM_CT, &body, &Limits::default(), step, None).unwrap();
        assert_eq!(
            m.attachments[0].data.to_bytes().unwrap(),
            Bytes::from(raw.clone()),
            "read {step} bytes at a time"
        );
    }
}

#[test]
fn d5_unknown_transfer_encoding_rejected() {
    let root = env11("<a/>");
    let body = multipart(
        "b1",
        &[
            (ROOT_H, root.as_bytes()),
            ("Content-ID: <p>\nContent-Transfer-Encoding: x-gzip", b"abc"),
        ],
    );
    assert!(matches!(
        both(MTOM_CT, &body),
        Err(Error::UnknownTransferEncoding(_))
    ));
}

#[test]
fn d6_binary_bytes_never_altered() {
    let payloads: [&[u8]; 4] = [b"ends in crlf\r\n", b"\r\n\r\n", b"\n", b"lone cr\r"];
    for p in payloads {
        let root = env11(&format!("<a><d>{}</d></a>", include("p1")));
        let body = multipart("b1", &[(ROOT_H, root.as_bytes()), ("Content-ID: <p1>", p)]);
        let m = both(MTOM_CT, &body).unwrap();
        assert_eq!(
            m.attachments[0].data.to_bytes().unwrap(),
            Bytes::copy_from_slice(p)
        );
    }
}

#[test]
fn d7_href_percent_decoded() {
    let root = env11(&format!("<a><d>{}</d></a>", include("part%40host%3Aone")));
    let body = multipart(
        "b1",
        &[
            (ROOT_H, root.as_bytes()),
            ("Content-ID: <part@host:one>", b"x"),
        ],
    );
    let m = both(MTOM_CT, &body).unwrap();
    assert_eq!(
        m.attachments[0].referenced_by.as_ref().unwrap().path,
        "/a/d"
    );
}

#[test]
fn d7_wcf_unescaped_url_href_and_raw_retry() {
    let root = env11(&format!(
        "<a><d>{}</d><e>{}</e></a>",
        include("http://tempuri.org/1/634"),
        include("lit%zz")
    ));
    let body = multipart(
        "b1",
        &[
            (ROOT_H, root.as_bytes()),
            ("Content-ID: <http://tempuri.org/1/634>", b"x"),
            ("Content-ID: <lit%zz>", b"y"),
        ],
    );
    let m = both(MTOM_CT, &body).unwrap();
    assert!(m.attachments.iter().all(|a| a.referenced_by.is_some()));
}

#[test]
fn d7_parts_without_content_id_get_their_index() {
    let root = env11("<a/>");
    let body = multipart(
        "b1",
        &[
            (ROOT_H, root.as_bytes()),
            ("Content-Type: text/plain", b"x"),
        ],
    );
    let m = both(MTOM_CT, &body).unwrap();
    assert_eq!(m.attachments[0].id, AttachmentId::Index(1));
    assert!(m.attachments[0].is_unreferenced());
}

#[test]
fn d8_duplicate_content_id_rejected() {
    let root = env11("<a/>");
    let body = multipart(
        "b1",
        &[
            (ROOT_H, root.as_bytes()),
            ("Content-ID: <p>", b"x"),
            ("Content-ID: p", b"y"),
        ],
    );
    assert!(matches!(
        both(MTOM_CT, &body),
        Err(Error::DuplicateContentId(_))
    ));
}

#[test]
fn d8_part_referenced_twice_rejected() {
    let root = env11(&format!(
        "<a><d>{}</d><e>{}</e></a>",
        include("p"),
        include("p")
    ));
    let body = multipart(
        "b1",
        &[(ROOT_H, root.as_bytes()), ("Content-ID: <p>", b"x")],
    );
    assert!(matches!(
        both(MTOM_CT, &body),
        Err(Error::ReferencedTwice(_))
    ));
}

fn root_one(cid: &str) -> String {
    env11(&format!("<a><d>{}</d></a>", include(cid)))
}

fn with_root(root: &str) -> soapstone::Result<soapstone::Message> {
    let body = multipart(
        "b1",
        &[(ROOT_H, root.as_bytes()), ("Content-ID: <p>", b"x")],
    );
    both(MTOM_CT, &body)
}

#[test]
fn d9_include_must_be_empty_and_only_child() {
    let inc = include("p");
    assert!(matches!(
        with_root(&env11(&format!("<a><d>text{inc}</d></a>"))),
        Err(Error::InvalidInclude(_))
    ));
    assert!(matches!(
        with_root(&env11(&format!("<a><d><x/>{inc}</d></a>"))),
        Err(Error::InvalidInclude(_))
    ));
    let nonempty = format!("<xop:Include xmlns:xop=\"{XOP}\" href=\"cid:p\"><x/></xop:Include>");
    assert!(matches!(
        with_root(&env11(&format!("<a><d>{nonempty}</d></a>"))),
        Err(Error::InvalidInclude(_))
    ));
    let nohref = format!("<xop:Include xmlns:xop=\"{XOP}\"/>");
    assert!(matches!(
        with_root(&env11(&format!("<a><d>{nohref}</d></a>"))),
        Err(Error::InvalidInclude(_))
    ));
    // A comment or processing instruction beside it or inside it is
    // content too (B1: none beside it).
    for d in [
        format!("<d><!--c-->{inc}</d>"),
        format!("<d>{inc}<?pi x?></d>"),
        format!("<d><xop:Include xmlns:xop=\"{XOP}\" href=\"cid:p\"><!--c--></xop:Include></d>"),
        format!("<d><xop:Include xmlns:xop=\"{XOP}\" href=\"cid:p\"><?pi?></xop:Include></d>"),
    ] {
        let r = with_root(&env11(&format!("<a>{d}</a>")));
        assert!(matches!(r, Err(Error::InvalidInclude(_))), "{d}: {r:?}");
    }
    // Comments elsewhere change nothing.
    let m = with_root(&env11(&format!("<a><!--c--><d>{inc}</d><?pi?></a>"))).unwrap();
    assert_eq!(m.attachments[0].reference_kind, Some(RefKind::Include));
    // Whitespace beside it is tolerated.
    let m = with_root(&env11(&format!("<a><d>\n  {inc}\n</d></a>"))).unwrap();
    assert_eq!(m.attachments[0].reference_kind, Some(RefKind::Include));
    // An Include in another namespace is just an element.
    let other = "<o:Include xmlns:o=\"urn:other\" href=\"cid:p\"/>";
    assert!(with_root(&env11(&format!("<a><d>{other}</d></a>")))
        .unwrap()
        .attachments[0]
        .is_unreferenced());
}

#[test]
fn d10_non_cid_href_never_dereferenced() {
    for h in ["http://169.254.169.254/latest", "file:///etc/passwd", "p"] {
        let inc = format!("<xop:Include xmlns:xop=\"{XOP}\" href=\"{h}\"/>");
        assert!(
            matches!(
                with_root(&env11(&format!("<a><d>{inc}</d></a>"))),
                Err(Error::NonCidHref(_))
            ),
            "{h}"
        );
    }
}

#[test]
fn d11_inline_base64_in_xop_package_decodes_the_same() {
    let m = with_root(&env11("<a><d>AAEC\n/w==</d></a>")).unwrap();
    let env = m.envelope().unwrap();
    let body = env.body();
    let text = &body[body.iter().position(|&c| c == b'>').unwrap() + 4..];
    let text = &text[..text.iter().position(|&c| c == b'<').unwrap()];
    assert_eq!(
        soapstone::xml::decode_base64_text(text).unwrap(),
        vec![0, 1, 2, 255]
    );
}

#[test]
fn d12_unreferenced_parts_kept() {
    let root = env11(&format!("<a><d>{}</d></a>", include("p1")));
    let body = multipart(
        "b1",
        &[
            (ROOT_H, root.as_bytes()),
            ("Content-ID: <p1>", b"x"),
            ("Content-ID: <extra>\nContent-Type: text/plain", b"kept"),
        ],
    );
    let m = both(MTOM_CT, &body).unwrap();
    let un: Vec<_> = m.unreferenced().collect();
    assert_eq!(un.len(), 1);
    assert_eq!(un[0].data.to_bytes().unwrap(), Bytes::from_static(b"kept"));
    assert_eq!(
        m.attachment("<extra>").unwrap().content_type(),
        Some("text/plain")
    );
}

#[test]
fn d13_plain_soap_accepted() {
    let env = env11("<a>AAEC</a>");
    let m = both("text/xml; charset=utf-8", env.as_bytes()).unwrap();
    assert_eq!(m.kind, PackageKind::Plain);
    assert_eq!(m.version, Some(SoapVersion::V11));
    let env12 = write_envelope(SoapVersion::V12, &[], "<a/>");
    let m = both("application/soap+xml; action=\"urn:x\"", env12.as_bytes()).unwrap();
    assert_eq!(
        (m.version, m.action.as_deref()),
        (Some(SoapVersion::V12), Some("urn:x"))
    );
}

#[test]
fn d14_action_from_any_of_three_places() {
    let env12 = write_envelope(SoapVersion::V12, &[], "<a/>");
    let base = "multipart/related; type=\"application/xop+xml\"; boundary=b1; start=\"<root>\"";
    let cases = [
        (
            format!("{base}; start-info=\"application/soap+xml\"; action=\"urn:top\""),
            "application/xop+xml; type=\"application/soap+xml\"",
            "urn:top",
        ),
        (
            format!("{base}; start-info=\"application/soap+xml; action=\\\"urn:si\\\"\""),
            "application/xop+xml; type=\"application/soap+xml\"",
            "urn:si",
        ),
        (
            format!("{base}; start-info=\"application/soap+xml\""),
            "application/xop+xml; type=\"application/soap+xml\"; action=\"urn:root\"",
            "urn:root",
        ),
    ];
    for (ct, root_ct, want) in cases {
        let h = format!("Content-Type: {root_ct}\nContent-ID: <root>");
        let body = multipart("b1", &[(h.as_str(), env12.as_bytes())]);
        assert_eq!(
            both(&ct, &body).unwrap().action.as_deref(),
            Some(want),
            "{ct}"
        );
    }
}

#[test]
fn body_paths_index_repeated_siblings() {
    let root = env11(&format!(
        "<sendImage xmlns=\"urn:i\"><input><imageData>{}</imageData><imageData>{}</imageData><one>{}</one></input></sendImage>",
        include("a"),
        include("b"),
        include("c")
    ));
    let body = multipart(
        "b1",
        &[
            (ROOT_H, root.as_bytes()),
            ("Content-ID: <a>", b"1"),
            ("Content-ID: <b>", b"2"),
            ("Content-ID: <c>", b"3"),
        ],
    );
    let m = both(MTOM_CT, &body).unwrap();
    let p: Vec<_> = m
        .attachments
        .iter()
        .map(|a| a.referenced_by.clone().unwrap())
        .collect();
    assert_eq!(
        (p[0].path.as_str(), p[0].indexed.as_str(), p[0].occurrence),
        (
            "/sendImage/input/imageData",
            "/sendImage/input/imageData[1]",
            1
        )
    );
    assert_eq!(
        (p[1].path.as_str(), p[1].indexed.as_str(), p[1].occurrence),
        (
            "/sendImage/input/imageData",
            "/sendImage/input/imageData[2]",
            2
        )
    );
    assert_eq!(
        (p[2].indexed.as_str(), p[2].section),
        ("/sendImage/input/one", Section::Body)
    );
    assert_eq!(
        m.attachment_at("/sendImage/input/imageData[2]")
            .unwrap()
            .data
            .to_bytes()
            .unwrap(),
        Bytes::from_static(b"2")
    );
    assert_eq!(m.attachments_at("/sendImage/input/imageData").count(), 2);
}

#[test]
fn g_dtd_in_root_forbidden() {
    let root = format!("<!DOCTYPE a [<!ENTITY x \"boom\">]>{}", env11("<a>&x;</a>"));
    assert!(matches!(with_root(&root), Err(Error::DtdForbidden)));
    assert!(matches!(
        both("text/xml", root.as_bytes()),
        Err(Error::DtdForbidden)
    ));
    assert!(matches!(
        soapstone::Envelope::parse(root.into_bytes()),
        Err(Error::DtdForbidden)
    ));
}

#[test]
fn e3_faults_plain_and_mtom_packaged_both_versions() {
    for v in [SoapVersion::V11, SoapVersion::V12] {
        let mut f = Fault::new(FaultCode::Sender, "bad <input> & more");
        f.role = Some("urn:role".into());
        f.detail = Some("<e:why xmlns:e=\"urn:e\">because</e:why>".into());
        if v == SoapVersion::V12 {
            f.node = Some("urn:node".into());
            f.subcodes = vec![soapstone::soap::QName {
                namespace: Some("urn:app".into()),
                local: "Quota".into(),
            }];
        }
        f.lang = Some("en".into());
        // Plain.
        let plain = soapstone::mime::writer::plain(v, f.to_envelope(v), None).unwrap();
        let m = both(plain.content_type(), &plain.to_bytes().unwrap()).unwrap();
        assert_eq!(m.fault().unwrap().as_ref(), Some(&f), "{v:?} plain");
        // MTOM-packaged.
        let pkg = MtomWriter::new(v).finish(f.to_envelope(v)).unwrap();
        let m = both(pkg.content_type(), &pkg.to_bytes().unwrap()).unwrap();
        assert_eq!(m.kind, PackageKind::Mtom);
        assert_eq!(m.fault().unwrap(), Some(f.clone()), "{v:?} mtom");
    }
}

#[test]
fn e3_fault_from_error_is_sender_with_413_for_limits() {
    let e = Error::limit(soapstone::Limit::Parts, 100, 101);
    assert_eq!(e.http_status(), 413);
    let f = Fault::from_error(&e);
    assert_eq!(f.code, FaultCode::Sender);
    assert!(f
        .to_envelope(SoapVersion::V11)
        .contains("<faultcode>soap:Client</faultcode>"));
    assert!(f
        .to_envelope(SoapVersion::V12)
        .contains("<soap:Value>soap:Sender</soap:Value>"));
    assert_eq!(Error::DuplicateContentId("x".into()).http_status(), 400);
}

#[test]
fn envelope_header_and_body_access() {
    let env = write_envelope(
        SoapVersion::V12,
        &["<h:a xmlns:h=\"urn:h\">1</h:a>", "<h:b xmlns:h=\"urn:h\"/>"],
        "<m:x xmlns:m=\"urn:m\">y</m:x>",
    );
    let e = soapstone::Envelope::parse(env.into_bytes()).unwrap();
    assert_eq!(e.version(), SoapVersion::V12);
    assert_eq!(e.header_blocks().len(), 2);
    assert_eq!(
        e.header_blocks()[0],
        Bytes::from_static(b"<h:a xmlns:h=\"urn:h\">1</h:a>")
    );
    assert_eq!(
        e.body(),
        Bytes::from_static(b"<m:x xmlns:m=\"urn:m\">y</m:x>")
    );
    assert_eq!(e.body_children().len(), 1);
    assert!(!e.is_fault());
    assert!(matches!(
        soapstone::Envelope::parse(&b"<notsoap/>"[..]),
        Err(Error::Envelope(_))
    ));
    // A `>` may stand unescaped in an attribute value of Header or Body.
    let e = soapstone::Envelope::parse(
        &br#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header a="x>y"><h/></s:Header><s:Body b='1>0'><m/></s:Body></s:Envelope>"#[..],
    )
    .unwrap();
    assert_eq!(e.header(), Some(Bytes::from_static(b"<h/>")));
    assert_eq!(e.body(), Bytes::from_static(b"<m/>"));
}

#[test]
fn f3_spilled_parts_private_and_deleted_on_drop() {
    let base = tempfile::tempdir().unwrap();
    let big = vec![0xABu8; 300 * 1024];
    let root = env11(&format!("<a><d>{}</d></a>", include("p1")));
    let body = multipart(
        "b1",
        &[(ROOT_H, root.as_bytes()), ("Content-ID: <p1>", &big)],
    );
    let m = stream_with(MTOM_CT, &body, &Limits::default(), 8192, Some(base.path())).unwrap();
    let a = &m.attachments[0];
    let soapstone::BinaryData::File(f) = a.data.data() else {
        panic!("expected a spilled part")
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(f.path()).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(
            std::fs::metadata(f.path().parent().unwrap())
                .unwrap()
                .permissions()
                .mode()
                & 0o777,
            0o700
        );
    }
    assert_eq!(a.data.to_bytes().unwrap(), Bytes::from(big));
    let path = f.path().to_path_buf();
    assert!(path.exists());
    drop(m);
    assert!(!path.exists());
    assert_eq!(
        std::fs::read_dir(base.path()).unwrap().count(),
        0,
        "private directory removed"
    );
}

#[test]
fn f3_root_delivered_first_by_the_streaming_reader() {
    let (ct, body) = two_part(false, "<root@x>", "<root@x>");
    rt().block_on(async {
        let mut r = soapstone::mime::stream::StreamReader::new(
            Trickle {
                data: Bytes::from(body),
                pos: 0,
                step: 3,
            },
            &ct,
            Limits::default(),
        )
        .unwrap();
        let root = r.root().await.unwrap();
        assert!(root.xml.starts_with(b"<s:Envelope"));
        let (info, data) = r.next_attachment().await.unwrap().unwrap();
        assert_eq!(info.content_id.as_deref(), Some("p1@x"));
        assert_eq!(data.to_bytes().unwrap(), Bytes::from_static(b"PNGDATA"));
        assert!(r.next_attachment().await.unwrap().is_none());
    });
}

#[test]
fn d10_non_ascii_hrefs_refused_without_panic() {
    for h in ["€€€€", "ci€:x", "c€"] {
        let inc = format!("<xop:Include xmlns:xop=\"{XOP}\" href=\"{h}\"/>");
        assert!(
            matches!(
                with_root(&env11(&format!("<a><d>{inc}</d></a>"))),
                Err(Error::NonCidHref(_))
            ),
            "{h}"
        );
    }
    // SwA scanning of attribute and text values.
    let ct = "multipart/related; type=\"text/xml\"; boundary=b1; start=\"<root>\"";
    let root = env11("<a href=\"€€€€€\"><b>é€€€€</b></a>");
    let body = multipart(
        "b1",
        &[(
            "Content-Type: text/xml\nContent-ID: <root>",
            root.as_bytes(),
        )],
    );
    assert!(both(ct, &body).unwrap().attachments.is_empty());
}

#[test]
fn e1_e2_version_from_namespace_and_cross_checked() {
    let env12 = write_envelope(SoapVersion::V12, &[], "<a/>");
    let m = both("text/xml", env12.as_bytes()).unwrap();
    assert_eq!(m.version, Some(SoapVersion::V12));
    assert!(m.problems.iter().any(|p| p.id == "E2"));
    let m = both("text/xml", b"<notsoap/>").unwrap();
    assert_eq!(m.version, None);
    assert!(m.problems.iter().any(|p| p.id == "E1"));
}

#[test]
fn d3_part_without_blank_line_is_headers_only() {
    let root = env11("<a/>");
    let mut body = multipart("b1", &[(ROOT_H, root.as_bytes())]);
    let close = body.len() - "--b1--\r\n".len();
    let extra =
        b"--b1\r\nContent-ID: <nobody>\r\n--b1\r\nContent-ID: <p2>\r\n\r\nDATA\r\n".to_vec();
    body.splice(close..close, extra);
    let m = both(MTOM_CT, &body).unwrap();
    assert_eq!(m.attachments.len(), 2);
    assert_eq!(
        m.attachments[0].id,
        AttachmentId::ContentId("nobody".into())
    );
    assert!(m.attachments[0].data.is_empty());
    assert_eq!(
        m.attachments[1].data.to_bytes().unwrap(),
        Bytes::from_static(b"DATA")
    );
}

fn qp_encode(data: &[u8], soft_breaks: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let mut col = 0;
    for &b in data {
        let piece = if (33..=126).contains(&b) && b != b'=' {
            vec![b]
        } else {
            format!("={b:02X}").into_bytes()
        };
        if soft_breaks && col + piece.len() > 72 {
            out.extend_from_slice(b"=\r\n");
            col = 0;
        }
        col += piece.len();
        out.extend_from_slice(&piece);
    }
    out
}

#[test]
fn d5_large_quoted_printable_parts_decode_incrementally() {
    let data: Vec<u8> = (0..300_000u32)
        .map(|i| (i.wrapping_mul(7919) >> 3) as u8)
        .collect();
    for soft in [true, false] {
        let qp = qp_encode(&data, soft);
        let root = env11(&format!("<a><d>{}</d></a>", include("p1")));
        let body = multipart(
            "b1",
            &[
                (ROOT_H, root.as_bytes()),
                (
                    "Content-ID: <p1>\nContent-Transfer-Encoding: quoted-printable",
                    &qp,
                ),
            ],
        );
        let limits = Limits {
            spill_threshold: 10_000,
            ..Limits::default()
        };
        let m = both_with(MTOM_CT, &body, &limits).unwrap();
        assert_eq!(
            m.attachments[0].data.to_bytes().unwrap(),
            Bytes::from(data.clone()),
            "soft breaks: {soft}"
        );
        let s = stream_with(MTOM_CT, &body, &limits, 333, None).unwrap();
        assert!(
            matches!(s.attachments[0].data.data(), soapstone::BinaryData::File(_)),
            "spilled while decoding"
        );
    }
    // `=` followed by a run of blanks longer than any line is refused by both.
    let mut bad = b"abc=".to_vec();
    bad.extend(std::iter::repeat_n(b' ', 5000));
    bad.extend_from_slice(b"\r\nxyz");
    let root = env11("<a/>");
    let body = multipart(
        "b1",
        &[
            (ROOT_H, root.as_bytes()),
            (
                "Content-ID: <p1>\nContent-Transfer-Encoding: quoted-printable",
                &bad,
            ),
        ],
    );
    let r = both(MTOM_CT, &body);
    assert!(matches!(r, Err(Error::BadEncoding { .. })), "{r:?}");
}

#[test]
fn d5_base64_data_after_padding_refused_by_both_readers() {
    let root = env11("<a/>");
    // Tails of four characters and more, and of two or three, which a
    // streaming read can carry past the padded group.
    for b64 in [
        &b"AA==\r\nAA=="[..],
        b"AAAA\r\nAA==\r\nQUJD",
        b"AA==\r\nAA",
        b"QQ==QQ",
        b"AAAAQQ==QUI",
    ] {
        let body = multipart(
            "b1",
            &[
                (ROOT_H, root.as_bytes()),
                ("Content-ID: <p1>\nContent-Transfer-Encoding: base64", b64),
            ],
        );
        let r = both(MTOM_CT, &body);
        assert!(matches!(r, Err(Error::BadEncoding { .. })), "{r:?}");
    }
}

#[test]
fn d9_include_directly_in_body_or_as_document_element_refused() {
    let inc = include("p");
    assert!(matches!(
        with_root(&env11(&inc)),
        Err(Error::InvalidInclude(_))
    ));
    assert!(matches!(with_root(&inc), Err(Error::InvalidInclude(_))));
    // Inside a header block it is fine, with its own section.
    let env = format!(
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header><h:sig xmlns:h=\"urn:h\"><h:v>{inc}</h:v></h:sig></s:Header><s:Body><a/></s:Body></s:Envelope>"
    );
    let m = with_root(&env).unwrap();
    assert!(m.attachment_at("/sig/v").is_none(), "not in the Body");
    assert!(m.attachment_at("/Header/sig/v").is_some());
    let p = m.attachments[0].referenced_by.as_ref().unwrap();
    assert_eq!(
        (p.section, p.path.as_str(), p.to_string()),
        (
            soapstone::xop::Section::Header,
            "/sig/v",
            "/Header/sig/v".to_string()
        )
    );
}

#[test]
fn a5_xmime_content_type_attribute_reported_for_the_part() {
    for ns in [
        "http://www.w3.org/2005/05/xmlmime",
        "http://www.w3.org/2004/11/xmlmime",
    ] {
        let root = env11(&format!(
            "<a xmlns:xm=\"{ns}\"><img xm:contentType=\"image/png\">{}</img><b other=\"x\">{}</b></a>",
            include("p1"),
            include("p2")
        ));
        let body = multipart(
            "b1",
            &[
                (ROOT_H, root.as_bytes()),
                ("Content-ID: <p1>", b"x"),
                ("Content-ID: <p2>\nContent-Type: text/plain", b"y"),
            ],
        );
        let m = both(MTOM_CT, &body).unwrap();
        assert_eq!(
            m.attachments[0].content_type_attr.as_deref(),
            Some("image/png")
        );
        assert_eq!(m.attachments[0].effective_content_type(), Some("image/png"));
        assert_eq!(m.attachments[1].content_type_attr, None);
        assert_eq!(
            m.attachments[1].effective_content_type(),
            Some("text/plain")
        );
    }
}

#[test]
fn h_boundaries_with_special_characters() {
    for b in [
        "a:b",
        "x+y=z?w",
        "--starts-with-dashes",
        "with space inside",
        "'()+_,-./:=?",
        "=_Part_0",
    ] {
        let root = env11(&format!("<a><d>{}</d></a>", include("p1")));
        let body = multipart(
            b,
            &[
                (ROOT_H, root.as_bytes()),
                ("Content-ID: <p1>", b"DATA\r\n--"),
            ],
        );
        let ct = format!(
            "multipart/related; type=\"application/xop+xml\"; boundary=\"{b}\"; start=\"<root>\""
        );
        let m = both(&ct, &body).unwrap_or_else(|e| panic!("boundary {b:?}: {e}"));
        assert_eq!(
            m.attachments[0].data.to_bytes().unwrap(),
            Bytes::from_static(b"DATA\r\n--"),
            "{b:?}"
        );
    }
}

#[test]
fn attachment_at_tells_a_header_block_from_the_body() {
    // The same element path in a header block and in the Body.
    let inc = |cid: &str| format!("<xop:Include xmlns:xop=\"{XOP}\" href=\"cid:{cid}\"/>");
    let env = format!(
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header><sig><v>{}</v></sig></s:Header>\
         <s:Body><sig><v>{}</v></sig></s:Body></s:Envelope>",
        inc("h"),
        inc("b")
    );
    let body = multipart(
        "b1",
        &[
            (ROOT_H, env.as_bytes()),
            ("Content-ID: <h>", b"header bytes"),
            ("Content-ID: <b>", b"body bytes"),
        ],
    );
    let m = both(MTOM_CT, &body).unwrap();
    let at = |path: &str| {
        m.attachment_at(path)
            .map(|a| a.data.to_bytes().unwrap().to_vec())
    };
    assert_eq!(at("/sig/v"), Some(b"body bytes".to_vec()));
    assert_eq!(at("/Header/sig/v"), Some(b"header bytes".to_vec()));
    assert_eq!(m.attachments_at("/sig/v").count(), 1);
    assert_eq!(m.attachments_at("/Header/sig/v").count(), 1);
    // A header reference displays as the path that finds it.
    for a in &m.attachments {
        let p = a.referenced_by.as_ref().unwrap();
        assert_eq!(m.attachment_at(&p.to_string()).map(|x| &x.id), Some(&a.id));
    }
}

#[test]
fn a_part_without_headers_reads_the_same_in_both_readers() {
    // The part after the root has no header lines: its blank line (LF only)
    // comes first, then a body line that starts like the boundary but is
    // not one (`--b1X`). Both readers, at every read size, take the body
    // as `--b1X`.
    let mut body = multipart("b1", &[(ROOT_H, env11("<a/>").as_bytes())]);
    // `multipart` closes the package; reopen it before the last delimiter.
    let close = b"\r\n--b1--".len();
    body.truncate(body.len() - close - 2);
    body.extend_from_slice(b"\r\n--b1\n\n--b1X\n--b1--");
    let m = both(MTOM_CT, &body).unwrap();
    assert_eq!(m.attachments.len(), 1);
    assert_eq!(m.attachments[0].data.to_bytes().unwrap().as_ref(), b"--b1X");
}

#[test]
fn a_byte_order_mark_shifts_no_range() {
    let env = "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Header><h/></soap:Header><soap:Body><soap:Fault><faultcode>soap:Server</faultcode><faultstring>x</faultstring><detail><e>boom</e></detail></soap:Fault></soap:Body></soap:Envelope>";
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend_from_slice(env.as_bytes());
    let f = soapstone::Fault::parse(&with_bom).unwrap();
    assert_eq!(f.detail.as_deref(), Some("<e>boom</e>"));
    let e = soapstone::Envelope::parse(Bytes::from(with_bom)).unwrap();
    assert_eq!(e.header(), Some(Bytes::from_static(b"<h/>")));
    assert!(e.body().starts_with(b"<soap:Fault>"), "{:?}", e.body());
    assert_eq!(e.header_blocks()[0], Bytes::from_static(b"<h/>"));
}

#[test]
fn the_reason_language_is_that_of_the_reason_text() {
    let env = |reason: &str| {
        format!(
            "<s:Envelope xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\"><s:Body><s:Fault>\
             <s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason>{reason}</s:Reason>\
             <s:Detail><s:Reason><s:Text xml:lang=\"fr\">non</s:Text></s:Reason></s:Detail>\
             </s:Fault></s:Body></s:Envelope>"
        )
    };
    let f = soapstone::Fault::parse(
        env("<s:Text xml:lang=\"en\">Bad</s:Text><s:Text xml:lang=\"de\">Schlecht</s:Text>")
            .as_bytes(),
    )
    .unwrap();
    assert_eq!((f.reason.as_str(), f.lang.as_deref()), ("Bad", Some("en")));
    // Only xml:lang names the language.
    let f = soapstone::Fault::parse(
        env("<s:Text xmlns:o=\"urn:o\" o:lang=\"xx\" xml:lang=\"en-GB\">Bad</s:Text>").as_bytes(),
    )
    .unwrap();
    assert_eq!(f.lang.as_deref(), Some("en-GB"));
}

#[test]
fn header_blocks_read_with_the_bounds_the_message_was_read_with() {
    use soapstone::bind::{
        header_from_message, header_from_message_with, BinaryElement, ReadOptions,
    };
    // A shallow header block beside a Body 150 elements deep.
    let env = format!(
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header><h:sig xmlns:h=\"urn:h\">AQID</h:sig></s:Header>\
         <s:Body>{}{}</s:Body></s:Envelope>",
        "<n>".repeat(150),
        "</n>".repeat(150)
    );
    let limits = Limits {
        max_xml_depth: 256,
        ..Limits::default()
    };
    let m = soapstone::decode("text/xml", Bytes::from(env), &limits).unwrap();
    assert!(header_from_message::<BinaryElement>(&m, "urn:h", "sig").is_err());
    let sig =
        header_from_message_with::<BinaryElement>(&m, "urn:h", "sig", &ReadOptions::from(&limits))
            .unwrap()
            .unwrap();
    assert_eq!(sig.0.to_bytes().unwrap().as_ref(), [1u8, 2, 3]);
}

#[test]
fn fault_codes_keep_what_each_soap_version_can_say() {
    use soapstone::soap::fault::QName as FQ;
    // A 1.1 dotted code keeps its class and comes back as it was.
    let env = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>\
               <faultcode>s:Client.Authentication</faultcode><faultstring>who?</faultstring></s:Fault></s:Body></s:Envelope>";
    let f = soapstone::Fault::parse(env.as_bytes()).unwrap();
    assert_eq!(f.code, FaultCode::Sender);
    assert_eq!(f.subcodes[0].local, "Client.Authentication");
    let again = f.to_envelope(SoapVersion::V11);
    assert!(
        again.contains("<faultcode>soap:Client.Authentication</faultcode>"),
        "{again}"
    );
    assert_eq!(soapstone::Fault::parse(again.as_bytes()).unwrap(), f);
    // An application code in SOAP 1.2: Code/Value stays one of the five,
    // the code is the first Subcode.
    let app = FQ {
        namespace: Some("urn:app".into()),
        local: "Quota".into(),
    };
    let f = soapstone::Fault::new(FaultCode::Other(app.clone()), "over quota");
    let env = f.to_envelope(SoapVersion::V12);
    let back = soapstone::Fault::parse(env.as_bytes()).unwrap();
    assert_eq!(back.code, FaultCode::Receiver, "{env}");
    assert_eq!(back.subcodes, std::slice::from_ref(&app), "{env}");
    // In SOAP 1.1 it stays the faultcode.
    let env = f.to_envelope(SoapVersion::V11);
    assert_eq!(
        soapstone::Fault::parse(env.as_bytes()).unwrap().code,
        FaultCode::Other(app)
    );
}

#[test]
fn a_fault_detail_keeps_the_namespaces_its_prefixes_refer_to() {
    // m is declared on the Envelope, not in the detail.
    let env = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\" xmlns:m=\"urn:m\"><s:Body><s:Fault>\
               <faultcode>s:Server</faultcode><faultstring>x</faultstring><detail><m:E a=\"m:V\"/></detail></s:Fault></s:Body></s:Envelope>";
    let f = soapstone::Fault::parse(env.as_bytes()).unwrap();
    assert_eq!(f.detail.as_deref(), Some("<m:E a=\"m:V\"/>"));
    assert!(f
        .detail_namespaces
        .contains(&("m".to_string(), "urn:m".to_string())));
    // Written again (both versions), the detail still resolves.
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let out = f.to_envelope(version);
        let doc = soapstone::bind::Document::parse(out.as_bytes(), &Default::default())
            .unwrap_or_else(|e| panic!("{e}: {out}"));
        let e = doc.root().descendants().find(|n| n.local() == "E").unwrap();
        assert_eq!(e.ns(), "urn:m", "{out}");
        assert_eq!(
            e.resolve_qname(e.attribute("", "a").unwrap()),
            Some(("urn:m".into(), "V".into()))
        );
    }
    // A SOAP 1.2 detail under a default namespace declared outside it.
    let env12 = "<e:Envelope xmlns:e=\"http://www.w3.org/2003/05/soap-envelope\" xmlns=\"urn:d\"><e:Body><e:Fault>\
                 <e:Code><e:Value>e:Receiver</e:Value></e:Code><e:Reason><e:Text xml:lang=\"en\">x</e:Text></e:Reason>\
                 <e:Detail><E/></e:Detail></e:Fault></e:Body></e:Envelope>";
    let f = soapstone::Fault::parse(env12.as_bytes()).unwrap();
    let out = f.to_envelope(SoapVersion::V12);
    let doc = soapstone::bind::Document::parse(out.as_bytes(), &Default::default()).unwrap();
    let e = doc.root().descendants().find(|n| n.local() == "E").unwrap();
    assert_eq!(e.ns(), "urn:d", "{out}");
}

#[test]
fn a_header_block_named_fault_is_no_fault() {
    let env = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Header><s:Fault><faultcode>s:Server</faultcode><faultstring>no</faultstring></s:Fault></s:Header>\
               <s:Body><r/></s:Body></s:Envelope>";
    let m = both("text/xml", env.as_bytes()).unwrap();
    assert_eq!(m.fault().unwrap(), None);
    // Read as a fault directly, it has none.
    assert!(matches!(
        soapstone::Fault::parse(env.as_bytes()),
        Err(Error::Envelope(_))
    ));
}
