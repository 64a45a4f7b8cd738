//! Writer side of MTOM-CHECKLIST (A10, B, C, E1, E2, F1, F2): one test per item,
//! named by its id; every written package is read back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use bytes::Bytes;
use common::*;
use soapstone::mime::writer::{Chunk, MtomWriter};
use soapstone::soap::envelope::write_envelope;
use soapstone::swa::{href, SwaWriter};
use soapstone::xop::RefKind;
use soapstone::{AttachmentId, Binary, Error, Limits, PackageKind, SoapVersion};

fn mtom_one(
    version: SoapVersion,
    payload: Vec<u8>,
    threshold: u64,
) -> (soapstone::mime::writer::Package, String) {
    let mut w = MtomWriter::new(version).threshold(threshold);
    let c = w
        .content(&Binary::from(payload).with_content_type("image/png"))
        .unwrap();
    let env = write_envelope(
        version,
        &[],
        &format!("<m:send xmlns:m=\"urn:m\"><m:img>{c}</m:img></m:send>"),
    );
    (w.finish(env).unwrap(), c)
}

#[test]
fn b1_include_is_only_child_without_whitespace() {
    let (pkg, c) = mtom_one(SoapVersion::V11, vec![1; 10], 0);
    assert!(c.starts_with("<xop:Include ") && c.ends_with("\"/>"), "{c}");
    let wire = pkg.to_bytes().unwrap();
    let needle = format!("<m:img>{c}</m:img>");
    assert!(memchr::memmem::find(&wire, needle.as_bytes()).is_some());
}

#[test]
fn b2_foreign_include_refused() {
    let w = MtomWriter::new(SoapVersion::V11);
    let env = env11(&format!("<a>{}</a>", include("someone-else@x")));
    assert!(matches!(w.finish(env), Err(Error::XopConflict(_))));
}

#[test]
fn b3_empty_and_nil_never_optimized() {
    let mut w = MtomWriter::new(SoapVersion::V11).threshold(0);
    assert!(!w.would_optimize(&Binary::from(Vec::new())));
    assert_eq!(w.content(&Binary::from(Vec::new())).unwrap(), "");
    assert_eq!(w.include(&Binary::from(Vec::new())).unwrap(), "");
    let pkg = w.finish(env11("<a/>")).unwrap();
    // Root part only: no attachment was made.
    assert_eq!(
        soapstone::decode(
            pkg.content_type(),
            pkg.to_bytes().unwrap(),
            &Limits::default()
        )
        .unwrap()
        .attachments
        .len(),
        0
    );
}

#[test]
fn b4_a_writer_takes_more_parts_than_a_reader_accepts_by_default() {
    // The reading limits (100 parts) bound what we accept, not what we send.
    let mut w = MtomWriter::new(SoapVersion::V11).threshold(0);
    let items: String = (0..300u16)
        .map(|i| {
            let c = w.content(&Binary::from(i.to_be_bytes().to_vec())).unwrap();
            format!("<i>{c}</i>")
        })
        .collect();
    let pkg = w.finish(env11(&format!("<r>{items}</r>"))).unwrap();
    let wide = Limits {
        max_parts: 301,
        ..Limits::default()
    };
    let msg = soapstone::decode(pkg.content_type(), pkg.to_bytes().unwrap(), &wide).unwrap();
    assert_eq!(msg.attachments.len(), 300);
    let last = msg.attachments[299].data.to_bytes().unwrap();
    assert_eq!(last.as_ref(), 299u16.to_be_bytes());
}

#[test]
fn b4_a_writer_sends_envelopes_deeper_and_wider_than_a_reader_accepts_by_default() {
    // 200 levels (the default reading depth is 128) and an element with 300
    // attributes (256 by default), one binary inside: what sends inline
    // sends as MTOM too.
    let mut w = MtomWriter::new(SoapVersion::V11).threshold(0);
    let c = w.content(&Binary::from(vec![7u8; 10])).unwrap();
    let attrs: String = (0..300).map(|i| format!(" a{i}=\"{i}\"")).collect();
    let body = format!(
        "{}<leaf{attrs}>{c}</leaf>{}",
        "<n>".repeat(200),
        "</n>".repeat(200)
    );
    let pkg = w.finish(env11(&body)).unwrap();
    let wide = Limits {
        max_xml_depth: 256,
        max_attributes: 512,
        ..Limits::default()
    };
    let msg = soapstone::decode(pkg.content_type(), pkg.to_bytes().unwrap(), &wide).unwrap();
    assert_eq!(
        msg.attachments[0].data.to_bytes().unwrap().as_ref(),
        [7u8; 10]
    );
}

#[test]
fn b4_every_value_gets_its_own_part_and_fresh_id() {
    let mut w = MtomWriter::new(SoapVersion::V11);
    let same = Binary::from(vec![9u8; 50]).with_content_id("fixed@x");
    let a = w.content(&same).unwrap();
    let b = w.content(&same).unwrap();
    assert_ne!(a, b, "a reused Content-ID must be replaced");
    let pkg = w
        .finish(env11(&format!("<r><a>{a}</a><b>{b}</b></r>")))
        .unwrap();
    let msg = soapstone::decode(
        pkg.content_type(),
        pkg.to_bytes().unwrap(),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(msg.attachments.len(), 2);
    assert_eq!(
        msg.attachments[0].id,
        AttachmentId::ContentId("fixed@x".into())
    );
    // Including one part twice is refused.
    let mut w = MtomWriter::new(SoapVersion::V11);
    let a = w.content(&Binary::from(vec![1u8; 5])).unwrap();
    assert!(matches!(
        w.finish(env11(&format!("<r><a>{a}</a><b>{a}</b></r>"))),
        Err(Error::XopConflict(_))
    ));
}

#[test]
fn b5_values_not_optimized_are_canonical_base64() {
    let (pkg, c) = mtom_one(SoapVersion::V11, vec![0xFFu8; 100], 768);
    assert!(!c.contains('\n') && !c.contains('\r'));
    assert_eq!(
        soapstone::xml::decode_base64_text(c.as_bytes()).unwrap(),
        vec![0xFFu8; 100]
    );
    let msg = soapstone::decode(
        pkg.content_type(),
        pkg.to_bytes().unwrap(),
        &Limits::default(),
    )
    .unwrap();
    assert!(msg.attachments.is_empty());
}

#[test]
fn c1_multipart_content_type_all_values_quoted() {
    let (pkg, _) = mtom_one(SoapVersion::V11, vec![1; 10], 0);
    let ct = pkg.content_type();
    assert!(
        ct.starts_with("multipart/related; type=\"application/xop+xml\"; boundary=\""),
        "{ct}"
    );
    assert!(ct.contains("; start=\"<root."), "{ct}");
    assert!(ct.contains("; start-info=\"text/xml\""), "{ct}");
    assert!(!ct.contains("charset"), "{ct}");
}

#[test]
fn c2_start_info_written_and_startinfo_accepted() {
    let ct = "multipart/related; type=\"application/xop+xml\"; boundary=b1; start=\"<root>\"; startinfo=\"application/soap+xml\"";
    let root = write_envelope(SoapVersion::V12, &[], "<x:doc xmlns:x=\"urn:x\"/>");
    let body = multipart(
        "b1",
        &[(
            "Content-Type: application/xop+xml\nContent-ID: <root>",
            root.as_bytes(),
        )],
    );
    let m = both(ct, &body).unwrap();
    assert_eq!(m.version, Some(SoapVersion::V12));
    assert!(m.problems.iter().any(|p| p.id == "C2"));
}

#[test]
fn c3_root_part_first_with_its_headers() {
    let (pkg, _) = mtom_one(SoapVersion::V12, vec![1; 10], 0);
    let wire = pkg.to_bytes().unwrap();
    let text = String::from_utf8_lossy(&wire);
    let first_part = text.split("\r\n\r\n").next().unwrap();
    assert!(first_part.contains(
        "Content-Type: application/xop+xml; charset=UTF-8; type=\"application/soap+xml\""
    ));
    assert!(first_part.contains("Content-Transfer-Encoding: binary"));
    assert!(first_part.contains("Content-ID: <root."));
    assert!(pkg
        .content_type()
        .contains("start-info=\"application/soap+xml\""));
}

#[test]
fn c4_attachment_part_headers() {
    let mut w = MtomWriter::new(SoapVersion::V11);
    let a = w
        .content(&Binary::from(vec![1u8; 3]).with_content_type("image/jpeg"))
        .unwrap();
    let b = w.content(&Binary::from(vec![2u8; 3])).unwrap();
    let pkg = w
        .finish(env11(&format!("<r><a>{a}</a><b>{b}</b></r>")))
        .unwrap();
    let m = soapstone::decode(
        pkg.content_type(),
        pkg.to_bytes().unwrap(),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(m.attachments[0].content_type(), Some("image/jpeg"));
    assert_eq!(
        m.attachments[1].content_type(),
        Some("application/octet-stream")
    );
    for a in &m.attachments {
        assert_eq!(
            a.part.headers.get("content-transfer-encoding"),
            Some("binary")
        );
    }
}

#[test]
fn c5_boundary_random_crlf_everywhere_no_epilogue() {
    let (p1, _) = mtom_one(SoapVersion::V11, vec![b'\n'; 10], 0);
    let (p2, _) = mtom_one(SoapVersion::V11, vec![b'\n'; 10], 0);
    let b1 = soapstone::mime::header::ContentType::parse(p1.content_type())
        .unwrap()
        .param("boundary")
        .unwrap()
        .to_string();
    let b2 = soapstone::mime::header::ContentType::parse(p2.content_type())
        .unwrap()
        .param("boundary")
        .unwrap()
        .to_string();
    assert_ne!(b1, b2);
    assert!(soapstone::mime::writer::is_valid_boundary(&b1));
    assert!(b1.len() >= 32, "at least 122 random bits");
    let wire = p1.to_bytes().unwrap();
    assert!(
        wire.ends_with(format!("\r\n--{b1}--").as_bytes()),
        "no epilogue"
    );
    // Every line break outside the payload is CRLF.
    let root_end = memchr::memmem::find(&wire, b"</soap:Envelope>").unwrap();
    let headers = &wire[..root_end];
    for (i, &c) in headers.iter().enumerate() {
        if c == b'\n' {
            assert_eq!(headers[i - 1], b'\r');
        }
    }
}

#[test]
fn c6_content_ids_uri_safe_and_unique() {
    let mut w = MtomWriter::new(SoapVersion::V11);
    let mut ids = std::collections::HashSet::new();
    let mut body = String::from("<r>");
    for _ in 0..20 {
        let c = w
            .content(&Binary::from(vec![1u8; 2]).with_content_id("bad id<>"))
            .unwrap();
        let cid = c
            .split("cid:")
            .nth(1)
            .unwrap()
            .trim_end_matches("\"/>")
            .to_string();
        assert!(soapstone::mime::writer::is_uri_safe_cid(&cid), "{cid}");
        assert!(ids.insert(cid));
        body.push_str(&format!("<v>{c}</v>"));
    }
    body.push_str("</r>");
    let pkg = w.finish(env11(&body)).unwrap();
    let m = soapstone::decode(
        pkg.content_type(),
        pkg.to_bytes().unwrap(),
        &Limits::default(),
    )
    .unwrap();
    assert!(!ids.contains(m.root.content_id.as_deref().unwrap()));
    assert_eq!(m.attachments.len(), 20);
}

#[test]
fn c7_cr_lf_in_header_values_rejected() {
    let mut w = MtomWriter::new(SoapVersion::V11);
    let evil = Binary::from(vec![1u8; 4]).with_content_type("text/plain\r\nX-Evil: 1");
    assert!(matches!(
        w.content(&evil),
        Err(Error::InvalidHeaderValue(_))
    ));
    assert!(matches!(
        MtomWriter::new(SoapVersion::V12).action("a\nb"),
        Err(Error::InvalidHeaderValue(_))
    ));
}

#[test]
fn c8_http_headers_mime_version_and_content_length() {
    let (pkg, _) = mtom_one(SoapVersion::V11, vec![1; 1000], 0);
    let h = pkg.http_headers();
    assert!(h.contains(&("MIME-Version", "1.0".to_string())));
    let len = pkg.to_bytes().unwrap().len();
    assert!(h.contains(&("Content-Length", len.to_string())));
    assert_eq!(pkg.len() as usize, len);
}

#[test]
fn e1_soap11_start_info_text_xml_and_soapaction_header() {
    let w = MtomWriter::new(SoapVersion::V11).action("urn:do").unwrap();
    let pkg = w.finish(env11("<a/>")).unwrap();
    assert!(pkg.content_type().contains("start-info=\"text/xml\""));
    assert!(!pkg.content_type().contains("action="));
    assert!(pkg
        .http_headers()
        .contains(&("SOAPAction", "\"urn:do\"".to_string())));
}

#[test]
fn e2_soap12_action_parameter_and_no_soapaction() {
    let w = MtomWriter::new(SoapVersion::V12).action("urn:do").unwrap();
    let pkg = w
        .finish(write_envelope(SoapVersion::V12, &[], "<a/>"))
        .unwrap();
    assert!(pkg.content_type().contains("action=\"urn:do\""));
    assert!(pkg.http_headers().iter().all(|(n, _)| *n != "SOAPAction"));
    let m = soapstone::decode(
        pkg.content_type(),
        pkg.to_bytes().unwrap(),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(
        (m.version, m.action.as_deref()),
        (Some(SoapVersion::V12), Some("urn:do"))
    );
}

#[test]
fn f1_optimize_iff_size_greater_than_threshold() {
    for (threshold, size, optimized) in [
        (0, 1, true),
        (1, 1, false),
        (1, 2, true),
        (767, 768, true),
        (768, 768, false),
        (768, 769, true),
    ] {
        let w = MtomWriter::new(SoapVersion::V11).threshold(threshold);
        assert_eq!(
            w.would_optimize(&Binary::from(vec![0u8; size])),
            optimized,
            "threshold {threshold} size {size}"
        );
    }
}

#[test]
fn f2_file_attachments_go_out_as_file_regions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.bin");
    std::fs::write(&path, vec![5u8; 10_000]).unwrap();
    let mut w = MtomWriter::new(SoapVersion::V11);
    let c = w.content(&Binary::from_path(&path).unwrap()).unwrap();
    let memory = Bytes::from(vec![6u8; 5000]);
    let c2 = w.content(&Binary::from(memory.clone())).unwrap();
    let pkg = w
        .finish(env11(&format!("<r><a>{c}</a><b>{c2}</b></r>")))
        .unwrap();
    assert!(pkg
        .chunks()
        .iter()
        .any(|c| matches!(c, Chunk::File(f) if f.len() == 10_000)));
    // The in-memory attachment is the caller's buffer itself.
    assert!(pkg
        .chunks()
        .iter()
        .any(|c| matches!(c, Chunk::Bytes(b) if b.as_ptr() == memory.as_ptr())));
    let mut out = Vec::new();
    pkg.write_to(&mut out).unwrap();
    let m = soapstone::decode(pkg.content_type(), Bytes::from(out), &Limits::default()).unwrap();
    assert_eq!(
        m.attachments[0].data.to_bytes().unwrap(),
        Bytes::from(vec![5u8; 10_000])
    );
}

#[test]
fn a10_swa_part_name_content_ids_and_href_round_trip() {
    let mut w = SwaWriter::new(SoapVersion::V11);
    let cid = w
        .attach_part(
            "photo",
            &Binary::from(vec![1u8, 2, 3]).with_content_type("image/jpeg"),
        )
        .unwrap();
    assert!(cid.starts_with("photo="), "{cid}");
    let cid2 = w.attach(&Binary::from(vec![4u8])).unwrap();
    let env = env11(&format!(
        "<m:send xmlns:m=\"urn:m\"><photo href=\"{}\"/><ref>{}</ref></m:send>",
        href(&cid),
        href(&cid2)
    ));
    let pkg = w.finish(env).unwrap();
    assert!(pkg.content_type().contains("type=\"text/xml\""));
    let m = both(pkg.content_type(), &pkg.to_bytes().unwrap()).unwrap();
    assert_eq!(m.kind, PackageKind::Swa);
    let a = m.attachment(&cid).unwrap();
    assert_eq!(
        (
            a.referenced_by.as_ref().unwrap().path.as_str(),
            a.reference_kind
        ),
        ("/send/photo", Some(RefKind::Href))
    );
    let b = m.attachment(&cid2).unwrap();
    assert_eq!(
        (
            b.referenced_by.as_ref().unwrap().path.as_str(),
            b.reference_kind
        ),
        ("/send/ref", Some(RefKind::SwaRef))
    );
}

#[test]
fn binary_from_async_reader_in_memory_and_spilled() {
    rt().block_on(async {
        let small = Binary::from_async_reader(&b"hello"[..], 16).await.unwrap();
        assert!(small.as_bytes().is_some());
        assert_eq!(small.to_bytes().unwrap(), Bytes::from_static(b"hello"));
        let data: Vec<u8> = (0..200_000u32).map(|i| i as u8).collect();
        let big = Binary::from_async_reader(
            Trickle {
                data: Bytes::from(data.clone()),
                pos: 0,
                step: 999,
            },
            1000,
        )
        .await
        .unwrap();
        let soapstone::BinaryData::File(f) = big.data() else {
            panic!("expected a spooled file")
        };
        let path = f.path().to_path_buf();
        assert_eq!(big.len(), 200_000);
        assert_eq!(big.to_bytes().unwrap(), Bytes::from(data));
        let clone = big.clone();
        drop(big);
        assert!(path.exists(), "a clone keeps the file");
        drop(clone);
        assert!(!path.exists(), "deleted when the last handle drops");
    });
}

#[test]
fn package_io_slices_cover_the_body() {
    let (pkg, _) = mtom_one(SoapVersion::V11, vec![3u8; 3000], 0);
    let slices = pkg.io_slices().unwrap();
    let joined: Vec<u8> = slices.iter().flat_map(|s| s.iter().copied()).collect();
    assert_eq!(Bytes::from(joined), pkg.to_bytes().unwrap());
}

#[test]
fn a10_attachment_found_by_part_name_and_kept_in_the_store() {
    let mut w = SwaWriter::new(SoapVersion::V12);
    let cid = w
        .attach_part("scan", &Binary::from(vec![1u8, 2, 3]))
        .unwrap();
    let pkg = w
        .finish(write_envelope(
            SoapVersion::V12,
            &[],
            &format!("<m:a xmlns:m=\"urn:m\" href=\"{}\"/>", href(&cid)),
        ))
        .unwrap();
    let mut m = soapstone::decode(
        pkg.content_type(),
        pkg.to_bytes().unwrap(),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(
        m.attachment_for_part("scan")
            .unwrap()
            .data
            .to_bytes()
            .unwrap(),
        Bytes::from_static(&[1, 2, 3])
    );
    assert!(m.attachment_for_part("other").is_none());
    let store = soapstone::AttachmentStore::new();
    let id = store.insert(&mut m);
    assert_eq!(id, m.root_document_id);
    assert!(m.attachments.is_empty());
    assert_eq!(store.get(&id).unwrap().len(), 1);
    assert_eq!(
        store.remove(&id).unwrap()[0].part.content_id.as_deref(),
        Some(cid.as_str())
    );
    assert!(store.is_empty());
}

#[test]
fn f2_package_streams_as_async_read_with_file_regions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.bin");
    let file_data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &file_data).unwrap();
    let mut w = MtomWriter::new(SoapVersion::V12);
    let a = w.content(&Binary::from_path(&path).unwrap()).unwrap();
    let b = w.content(&Binary::from(vec![9u8; 5000])).unwrap();
    let pkg = w
        .finish(write_envelope(
            SoapVersion::V12,
            &[],
            &format!("<r><a>{a}</a><b>{b}</b></r>"),
        ))
        .unwrap();
    let streamed = rt().block_on(async {
        use tokio::io::AsyncReadExt;
        let mut out = Vec::new();
        pkg.reader().read_to_end(&mut out).await.unwrap();
        out
    });
    assert_eq!(Bytes::from(streamed), pkg.to_bytes().unwrap());
    assert!(
        pkg.io_slices().is_none(),
        "a file region cannot be an IoSlice"
    );
}

/// The SwA package `w` builds around an envelope with a bodiless element,
/// as a receiver reads it.
fn sent_with_an_empty_body(w: SwaWriter) -> soapstone::Message {
    let pkg = w
        .finish(write_envelope(
            SoapVersion::V11,
            &[],
            "<m:a xmlns:m=\"urn:m\"/>",
        ))
        .unwrap();
    soapstone::decode(
        pkg.content_type(),
        pkg.to_bytes().unwrap(),
        &Limits::default(),
    )
    .unwrap()
}

/// A part name is an XML NCName: one with characters a Content-ID cannot
/// carry goes in percent-encoded (`pièce` as `pi%C3%A8ce=...`), and is found
/// again by its name; names stay case-sensitive.
#[test]
fn a10_part_names_outside_ascii_are_percent_encoded() {
    let mut w = SwaWriter::new(SoapVersion::V11);
    let cid = w.attach_part("pièce", &Binary::from(vec![7u8; 4])).unwrap();
    assert!(cid.starts_with("pi%C3%A8ce="), "{cid}");
    w.attach_part("Photo", &Binary::from(vec![8u8])).unwrap();
    let m = sent_with_an_empty_body(w);
    assert_eq!(
        m.part_data("pièce").unwrap().unwrap().to_bytes().unwrap(),
        Bytes::from_static(&[7, 7, 7, 7])
    );
    assert!(m.part_data("Photo").unwrap().is_some());
    assert!(
        m.part_data("photo").unwrap().is_none(),
        "part names are case-sensitive"
    );
    assert_eq!(soapstone::swa::decode_part_name("a%2").as_deref(), None);
    assert_eq!(soapstone::swa::decode_part_name("a%+1").as_deref(), None);
    assert_eq!(
        soapstone::swa::decode_part_name("a%41").as_deref(),
        Some("aA")
    );
}

/// A MIME binding sends each part once: two MIME parts carrying one part
/// name are an error, not the first taken and the second dropped.
#[test]
fn a10_a_part_name_on_two_parts_is_an_error() {
    let mut w = SwaWriter::new(SoapVersion::V11);
    w.attach_part("scan", &Binary::from(vec![1u8])).unwrap();
    // The writer refuses a second one; another stack might send it: made
    // here by renaming a second part in the bytes.
    assert!(matches!(
        w.attach_part("scan", &Binary::from(vec![2u8])),
        Err(soapstone::Error::RepeatedPart(p)) if p == "scan"
    ));
    w.attach_part("scax", &Binary::from(vec![2u8])).unwrap();
    let pkg = w
        .finish(write_envelope(
            SoapVersion::V11,
            &[],
            "<m:a xmlns:m=\"urn:m\"/>",
        ))
        .unwrap();
    let bytes = pkg.to_bytes().unwrap().to_vec();
    let at = bytes
        .windows(5)
        .position(|w| w == b"scax=")
        .expect("the second part's Content-ID");
    let mut renamed = bytes;
    renamed[at..at + 5].copy_from_slice(b"scan=");
    let m = soapstone::decode(pkg.content_type(), renamed.into(), &Limits::default()).unwrap();
    assert!(matches!(
        m.part_data("scan"),
        Err(soapstone::Error::RepeatedPart(p)) if p == "scan"
    ));
}

/// A10: part names that differ only past a prefix (`p1`, `p10`) or that
/// need percent-encoding stay apart, and the `cid:` URL of an encoded name
/// decodes (RFC 2392) to its Content-ID: `%` itself is encoded in the URL.
#[test]
fn a10_part_names_match_exactly_and_encoded_names_survive_the_url() {
    let mut w = SwaWriter::new(SoapVersion::V11);
    let mut cids = Vec::new();
    for (name, byte) in [("p1", 1u8), ("p10", 2), ("pièce", 3)] {
        cids.push(w.attach_part(name, &Binary::from(vec![byte])).unwrap());
    }
    assert!(cids[2].starts_with("pi%C3%A8ce="), "{}", cids[2]);
    let url = href(&cids[2]);
    assert!(url.starts_with("cid:pi%25C3%25A8ce="), "{url}");
    // What a strict receiver does with the URL: decode it, then look the
    // Content-ID up.
    let decoded = soapstone::swa::decode_part_name(&url["cid:".len()..]);
    assert_eq!(decoded.as_deref(), Some(cids[2].as_str()));
    let env = env11(&format!(
        "<m:send xmlns:m=\"urn:m\"><a href=\"{}\"/><b href=\"{}\"/><c href=\"{}\"/></m:send>",
        href(&cids[0]),
        href(&cids[1]),
        url
    ));
    let pkg = w.finish(env).unwrap();
    let m = both(pkg.content_type(), &pkg.to_bytes().unwrap()).unwrap();
    for (name, byte) in [("p1", 1u8), ("p10", 2), ("pièce", 3)] {
        let data = m.part_data(name).unwrap().unwrap().to_bytes().unwrap();
        assert_eq!(data.as_ref(), [byte], "{name}");
    }
    // Every reference resolved to its part.
    for cid in &cids {
        assert!(m.attachment(cid).unwrap().referenced_by.is_some(), "{cid}");
    }
    assert!(m.part_data("p").unwrap().is_none());
}

/// A part refused (a content type that would break the MIME header) is
/// not recorded: it may be attached again under its name.
#[test]
fn a10_a_refused_part_can_be_attached_again() {
    let mut w = SwaWriter::new(SoapVersion::V11);
    let bad = Binary::from(vec![1u8]).with_content_type("text/plain\r\nX-Evil: 1");
    assert!(w.attach_part("doc", &bad).is_err());
    let good = Binary::from(vec![1u8]).with_content_type("text/plain");
    assert!(w.attach_part("doc", &good).is_ok());
    assert!(matches!(
        w.attach_part("doc", &good),
        Err(Error::RepeatedPart(_))
    ));
}
