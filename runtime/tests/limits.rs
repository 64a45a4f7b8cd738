//! One test per limit of MTOM-CHECKLIST §G: the breach is a typed error (HTTP 413
//! for sizes) from both readers, and nothing is left in the spill directory.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use bytes::Bytes;
use common::*;
use soapstone::{Error, Limit, Limits};

/// Runs both readers; the streaming one spills into a fresh directory that must
/// be empty afterwards. Returns the two errors.
fn breach(ct: &str, body: &[u8], limits: &Limits, want: Limit) {
    let base = tempfile::tempdir().unwrap();
    let mem = soapstone::decode(ct, Bytes::copy_from_slice(body), limits);
    for step in [1usize << 20, 4096, 61] {
        let s = stream_with(ct, body, limits, step, Some(base.path()));
        for (name, r) in [("in memory", &mem), ("streaming", &s)] {
            match r {
                Err(Error::LimitExceeded { limit, .. }) if *limit == want => {}
                other => panic!("{name} (step {step}): expected {want} breach, got {other:?}"),
            }
        }
        let left: Vec<_> = std::fs::read_dir(base.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        assert!(left.is_empty(), "left behind: {left:?}");
    }
    let e = mem.unwrap_err();
    assert_eq!(e.fault_code(), soapstone::FaultCode::Sender);
    if want.is_size() {
        assert_eq!(e.http_status(), 413);
    }
}

fn small() -> Limits {
    Limits {
        spill_threshold: 1024,
        ..Limits::default()
    }
}

fn root() -> String {
    env11(&format!("<a><d>{}</d></a>", include("p1")))
}

#[test]
fn g_parts_per_message() {
    let limits = Limits {
        max_parts: 3,
        ..small()
    };
    let big = vec![1u8; 5000];
    let r = root();
    let parts: Vec<(&str, &[u8])> = vec![
        (ROOT_H, r.as_bytes()),
        ("Content-ID: <p1>", &big),
        ("Content-ID: <p2>", &big),
        ("Content-ID: <p3>", b"x"),
    ];
    breach(MTOM_CT, &multipart("b1", &parts), &limits, Limit::Parts);
    assert_eq!(Limits::default().max_parts, 100);
}

#[test]
fn g_header_line_bytes() {
    let long = format!("Content-ID: <p1>\nX-Long: {}", "a".repeat(1001));
    let r = root();
    let big = vec![1u8; 5000];
    let body = multipart(
        "b1",
        &[
            (ROOT_H, r.as_bytes()),
            ("Content-ID: <p0>", &big),
            (&long, b"x"),
        ],
    );
    breach(MTOM_CT, &body, &small(), Limit::HeaderLine);
    assert_eq!(Limits::default().max_header_line, 1000);
}

#[test]
fn g_headers_per_part() {
    let many: String =
        (0..65).map(|i| format!("X-H{i}: v\n")).collect::<String>() + "Content-ID: <p1>";
    let r = root();
    let body = multipart("b1", &[(ROOT_H, r.as_bytes()), (&many, b"x")]);
    breach(MTOM_CT, &body, &small(), Limit::HeadersPerPart);
    assert_eq!(Limits::default().max_headers_per_part, 64);
}

#[test]
fn g_header_bytes_per_part() {
    let many: String = (0..40)
        .map(|i| format!("X-H{i}: {}\n", "v".repeat(500)))
        .collect::<String>()
        + "Content-ID: <p1>";
    let r = root();
    let body = multipart("b1", &[(ROOT_H, r.as_bytes()), (&many, b"x")]);
    breach(MTOM_CT, &body, &small(), Limit::HeaderBytes);
    assert_eq!(Limits::default().max_header_bytes, 16 * 1024);
}

#[test]
fn g_root_part_size() {
    let limits = Limits {
        max_root_size: 2000,
        ..small()
    };
    let r = env11(&format!("<a>{}</a>", "x".repeat(3000)));
    breach(
        MTOM_CT,
        &multipart("b1", &[(ROOT_H, r.as_bytes())]),
        &limits,
        Limit::RootSize,
    );
    breach("text/xml", r.as_bytes(), &limits, Limit::RootSize);
    assert_eq!(Limits::default().max_root_size, 16 << 20);
}

#[test]
fn g_one_attachment_size() {
    let limits = Limits {
        max_attachment_size: 20_000,
        ..small()
    };
    let big = vec![7u8; 30_000];
    let r = root();
    breach(
        MTOM_CT,
        &multipart("b1", &[(ROOT_H, r.as_bytes()), ("Content-ID: <p1>", &big)]),
        &limits,
        Limit::AttachmentSize,
    );
    assert_eq!(Limits::default().max_attachment_size, 50 << 20);
}

#[test]
fn g_whole_message_size() {
    let limits = Limits {
        max_message_size: 40_000,
        ..small()
    };
    let big = vec![7u8; 30_000];
    let r = root();
    let body = multipart(
        "b1",
        &[
            (ROOT_H, r.as_bytes()),
            ("Content-ID: <p1>", &big),
            ("Content-ID: <p2>", &big),
        ],
    );
    breach(MTOM_CT, &body, &limits, Limit::MessageSize);
    assert_eq!(Limits::default().max_message_size, 256 << 20);
}

#[test]
fn g_memory_before_spilling() {
    // Not an error: a part above the threshold goes to disk, one at it stays in memory.
    let limits = Limits {
        spill_threshold: 1000,
        ..Limits::default()
    };
    let r = env11(&format!(
        "<a><d>{}</d><e>{}</e></a>",
        include("p1"),
        include("p2")
    ));
    let at = vec![1u8; 1000];
    let above = vec![2u8; 1001];
    let body = multipart(
        "b1",
        &[
            (ROOT_H, r.as_bytes()),
            ("Content-ID: <p1>", &at),
            ("Content-ID: <p2>", &above),
        ],
    );
    let m = stream_with(MTOM_CT, &body, &limits, 100, None).unwrap();
    assert!(matches!(
        m.attachments[0].data.data(),
        soapstone::BinaryData::Bytes(_)
    ));
    assert!(matches!(
        m.attachments[1].data.data(),
        soapstone::BinaryData::File(_)
    ));
    assert_eq!(Limits::default().spill_threshold, 256 * 1024);
}

#[test]
fn g_transport_padding() {
    let r = root();
    let mut body = multipart("b1", &[(ROOT_H, r.as_bytes()), ("Content-ID: <p1>", b"x")]);
    let pos = memchr::memmem::find(&body, b"--b1\r\nContent-ID: <p1>").unwrap() + 4;
    body.splice(pos..pos, std::iter::repeat_n(b' ', 1001));
    breach(MTOM_CT, &body, &small(), Limit::TransportPadding);
    assert_eq!(Limits::default().max_transport_padding, 1000);
}

#[test]
fn g_xml_depth() {
    let deep = format!("{}{}", "<x>".repeat(130), "</x>".repeat(130));
    let r = env11(&deep);
    let big = vec![1u8; 5000];
    // The attachment comes first so that the streaming reader spills before failing.
    let ct = MTOM_CT;
    let body = multipart("b1", &[("Content-ID: <big>", &big), (ROOT_H, r.as_bytes())]);
    breach(ct, &body, &small(), Limit::XmlDepth);
    assert_eq!(Limits::default().max_xml_depth, 128);
}

#[test]
fn g_attributes_per_element() {
    let attrs: String = (0..257).map(|i| format!(" a{i}=\"v\"")).collect();
    let r = env11(&format!("<x{attrs}/>"));
    let big = vec![1u8; 5000];
    let body = multipart("b1", &[("Content-ID: <big>", &big), (ROOT_H, r.as_bytes())]);
    breach(MTOM_CT, &body, &small(), Limit::Attributes);
    assert_eq!(Limits::default().max_attributes, 256);
}

#[test]
fn g_references_to_one_part() {
    let r = env11(&format!(
        "<a><d>{}</d><e>{}</e></a>",
        include("p1"),
        include("p1")
    ));
    let big = vec![1u8; 5000];
    let body = multipart("b1", &[(ROOT_H, r.as_bytes()), ("Content-ID: <p1>", &big)]);
    let base = tempfile::tempdir().unwrap();
    assert!(matches!(
        soapstone::decode(MTOM_CT, Bytes::from(body.clone()), &small()),
        Err(Error::ReferencedTwice(_))
    ));
    let s = stream_with(MTOM_CT, &body, &small(), 512, Some(base.path()));
    assert!(matches!(s, Err(Error::ReferencedTwice(_))));
    assert_eq!(std::fs::read_dir(base.path()).unwrap().count(), 0);
    // Raised, the same message is accepted.
    let m = both_with(
        MTOM_CT,
        &body,
        &Limits {
            max_references_per_part: 2,
            ..small()
        },
    )
    .unwrap();
    assert!(m.attachments[0].referenced_by.is_some());
    assert_eq!(Limits::default().max_references_per_part, 1);
}

#[test]
fn g_dtd_forbidden() {
    let r = format!(
        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>{}",
        env11("<a>&e;</a>")
    );
    let big = vec![1u8; 5000];
    let body = multipart("b1", &[("Content-ID: <big>", &big), (ROOT_H, r.as_bytes())]);
    let base = tempfile::tempdir().unwrap();
    assert!(matches!(
        soapstone::decode(MTOM_CT, Bytes::from(body.clone()), &small()),
        Err(Error::DtdForbidden)
    ));
    assert!(matches!(
        stream_with(MTOM_CT, &body, &small(), 512, Some(base.path())),
        Err(Error::DtdForbidden)
    ));
    assert_eq!(std::fs::read_dir(base.path()).unwrap().count(), 0);
}

#[test]
fn g_references_in_a_message_are_bounded_by_what_its_parts_allow() {
    // Deep references, far more than max_parts × max_references_per_part
    // could ever resolve: refused as soon as the scan passes that many
    // (each would cost as much as it is deep).
    let deep_open = "<x>".repeat(120);
    let deep_close = "</x>".repeat(120);
    let refs = format!("<b>{}</b>", include("p1")).repeat(5_000);
    let r = env11(&format!("{deep_open}{refs}{deep_close}"));
    let big = vec![1u8; 5000];
    let body = multipart("b1", &[("Content-ID: <p1>", &big), (ROOT_H, r.as_bytes())]);
    breach(MTOM_CT, &body, &small(), Limit::ReferencesPerPart);
    // A plain message can resolve none: its first is unresolved, and a
    // flood of them stops at the same bound.
    let plain = soapstone::decode("text/xml", Bytes::from(r.clone()), &small());
    assert!(
        matches!(
            plain,
            Err(Error::LimitExceeded {
                limit: Limit::ReferencesPerPart,
                ..
            })
        ),
        "{plain:?}"
    );
    let one = env11(&format!("<b>{}</b>", include("p1")));
    assert!(matches!(
        soapstone::decode("text/xml", Bytes::from(one), &small()),
        Err(Error::UnresolvedHref(_))
    ));
    // Within the bound, the usual rule speaks (each part referenced once).
    let r = env11(&format!("<b>{}</b>", include("p1")).repeat(3));
    let body = multipart("b1", &[(ROOT_H, r.as_bytes()), ("Content-ID: <p1>", &big)]);
    assert!(matches!(
        both_with(MTOM_CT, &body, &small()),
        Err(Error::ReferencedTwice(_))
    ));
}

#[test]
fn g_namespace_declarations_in_scope_are_bounded() {
    let decls = |tag: &str, n: usize| -> String {
        let d: String = (0..n)
            .map(|i| format!(" xmlns:{tag}{i}=\"urn:{tag}{i}\""))
            .collect();
        format!("<{tag}{d}>")
    };
    // 200 on one element, then 200 on a sibling: never more than 200 in
    // scope, accepted.
    let siblings = env11(&format!("{}</p>{}</q>", decls("p", 200), decls("q", 200)));
    let body = multipart("b1", &[(ROOT_H, siblings.as_bytes())]);
    assert!(both_with(MTOM_CT, &body, &small()).is_ok());
    // 200 nested in 200: refused, and before any element under them is read.
    let nested = env11(&format!(
        "{}{}<x/></q></p>",
        decls("p", 200),
        decls("q", 200)
    ));
    let body = multipart("b1", &[(ROOT_H, nested.as_bytes())]);
    match both_with(MTOM_CT, &body, &small()) {
        Err(Error::Xml(m)) => assert!(m.contains("namespace declarations in scope"), "{m}"),
        other => panic!("expected the declarations bound, got {other:?}"),
    }
}
