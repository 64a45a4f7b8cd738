//! Property tests: write → read round trips for random binaries (boundary text
//! and `\r\n--` inside, CRLF endings, empty values, thresholds 0, 1, 767, 768),
//! and mutated captured messages fed to both readers without a panic.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use bytes::Bytes;
use common::*;
use proptest::prelude::*;
use soapstone::mime::writer::MtomWriter;
use soapstone::soap::envelope::write_envelope;
use soapstone::{Binary, Limits, SoapVersion};

const BOUNDARY: &str = "MIMEBoundary_proptest";

fn payload() -> impl Strategy<Value = Vec<u8>> {
    let special = prop_oneof![
        Just(Vec::new()),
        Just(b"\r\n".to_vec()),
        Just(b"\r\n--".to_vec()),
        Just(BOUNDARY.as_bytes().to_vec()),
        Just(format!("\r\n--{BOUNDARY}X").into_bytes()),
        Just(format!("--{BOUNDARY}").into_bytes()),
        Just(format!("\n--{BOUNDARY}_").into_bytes()),
    ];
    let sized = prop_oneof![
        Just(0usize),
        Just(1),
        Just(767),
        Just(768),
        Just(769),
        0usize..3000
    ];
    (
        proptest::collection::vec(special, 0..4),
        sized,
        any::<u8>(),
        proptest::bool::ANY,
    )
        .prop_map(|(specials, len, seed, crlf_end)| {
            let mut v: Vec<u8> = (0..len)
                .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
                .collect();
            for (k, s) in specials.into_iter().enumerate() {
                let at = if v.is_empty() {
                    0
                } else {
                    (k * 7919) % v.len()
                };
                v.splice(at..at, s);
            }
            if crlf_end {
                v.extend_from_slice(b"\r\n");
            }
            v
        })
        // A payload holding a whole delimiter line (`\n--boundary` then `--`, or
        // padding and a line end) cannot be framed by any writer; random
        // boundaries make that practically impossible, the fixed test one not.
        .prop_filter("payload holds a real delimiter", |v| !has_real_delimiter(v))
}

fn has_real_delimiter(v: &[u8]) -> bool {
    let mut framed = b"\n".to_vec();
    framed.extend_from_slice(v);
    framed.extend_from_slice(b"\r\n");
    let pat = format!("\n--{BOUNDARY}");
    memchr::memmem::find_iter(&framed, pat.as_bytes()).any(|i| {
        let rest = &framed[i + pat.len()..];
        let rest = &rest[rest
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count()..];
        rest.starts_with(b"--")
            || rest.starts_with(b"\r")
            || rest.starts_with(b"\n")
            || rest.is_empty()
    })
}

fn inline_texts(root: &[u8]) -> Vec<String> {
    let s = String::from_utf8_lossy(root);
    s.split("<v>")
        .skip(1)
        .map(|t| t.split("</v>").next().unwrap_or("").to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn round_trip_mtom(
        values in proptest::collection::vec((payload(), proptest::option::of("(image/png|text/plain|application/pdf)")), 0..5),
        threshold in prop_oneof![Just(0u64), Just(1), Just(767), Just(768)],
        v12 in proptest::bool::ANY,
        step in 1usize..5000,
    ) {
        let version = if v12 { SoapVersion::V12 } else { SoapVersion::V11 };
        let mut w = MtomWriter::new(version).threshold(threshold).with_boundary(BOUNDARY).unwrap();
        let mut body = String::from("<r xmlns=\"urn:r\">");
        let mut optimized = Vec::new();
        for (data, ct) in &values {
            let mut b = Binary::from(data.clone());
            if let Some(ct) = ct {
                b = b.with_content_type(ct.clone());
            }
            optimized.push(w.would_optimize(&b));
            body.push_str(&format!("<v>{}</v>", w.content(&b).unwrap()));
        }
        body.push_str("</r>");
        let pkg = w.finish(write_envelope(version, &[], &body)).unwrap();
        let wire = pkg.to_bytes().unwrap();
        prop_assert_eq!(wire.len() as u64, pkg.len());
        let mem = soapstone::decode(pkg.content_type(), wire.clone(), &Limits::default()).unwrap();
        let streamed = stream_with(pkg.content_type(), &wire, &Limits::default(), step, None).unwrap();
        for m in [&mem, &streamed] {
            prop_assert_eq!(m.version, Some(version));
            prop_assert_eq!(m.attachments.len(), optimized.iter().filter(|o| **o).count());
            let texts = inline_texts(&m.root_xml);
            prop_assert_eq!(texts.len(), values.len());
            for (i, ((data, ct), opt)) in values.iter().zip(&optimized).enumerate() {
                // Optimize iff size > threshold and non-empty (F1, B3).
                prop_assert_eq!(*opt, !data.is_empty() && data.len() as u64 > threshold);
                if *opt {
                    let path = if values.len() > 1 { format!("/r/v[{}]", i + 1) } else { "/r/v".to_string() };
                    let a = m.attachment_at(&path).unwrap();
                    prop_assert_eq!(a.data.to_bytes().unwrap(), Bytes::from(data.clone()));
                    prop_assert_eq!(a.content_type(), Some(ct.as_deref().unwrap_or("application/octet-stream")));
                } else {
                    prop_assert_eq!(soapstone::xml::decode_base64_text(texts[i].as_bytes()).unwrap(), data.clone());
                }
            }
        }
    }

    #[test]
    fn round_trip_swa(values in proptest::collection::vec(payload(), 1..4), step in 1usize..3000) {
        let mut w = soapstone::swa::SwaWriter::new(SoapVersion::V11);
        let mut body = String::from("<r>");
        for (i, data) in values.iter().enumerate() {
            let cid = w.attach_part(&format!("p{i}"), &Binary::from(data.clone())).unwrap();
            body.push_str(&format!("<v href=\"{}\"/>", soapstone::swa::href(&cid)));
        }
        body.push_str("</r>");
        let pkg = w.finish(env11(&body)).unwrap();
        let wire = pkg.to_bytes().unwrap();
        let m = stream_with(pkg.content_type(), &wire, &Limits::default(), step, None).unwrap();
        let mem = soapstone::decode(pkg.content_type(), wire, &Limits::default()).unwrap();
        for m in [&m, &mem] {
            prop_assert_eq!(m.attachments.len(), values.len());
            for (a, data) in m.attachments.iter().zip(&values) {
                prop_assert_eq!(a.data.to_bytes().unwrap(), Bytes::from(data.clone()));
                prop_assert!(a.referenced_by.is_some());
            }
        }
    }
}

/// Captured messages with their Content-Type (raw bodies) or `None` (HTTP).
fn captures() -> Vec<(Vec<u8>, String)> {
    let shared = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    let Ok(tsv) = std::fs::read_to_string(shared.join("corpus/WIRE.tsv")) else {
        eprintln!("../shared is absent: mutating generated messages only");
        return Vec::new();
    };
    let mut out = Vec::new();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 2 {
            continue;
        }
        let Ok(raw) = std::fs::read(shared.join("corpus").join(cols[0])) else {
            continue;
        };
        if cols[1].starts_with("(in file") {
            if let Ok(h) = soapstone::inspect::HttpMessage::parse(&Bytes::from(raw)) {
                if let Some(ct) = h.header("content-type") {
                    out.push((h.body.to_vec(), ct.to_string()));
                }
            }
        } else {
            out.push((raw, cols[1].to_string()));
        }
    }
    out
}

fn seeds() -> Vec<(Vec<u8>, String)> {
    let mut s = captures();
    let mut w = MtomWriter::new(SoapVersion::V12);
    let c = w.content(&Binary::from(vec![1u8; 100])).unwrap();
    let pkg = w
        .finish(write_envelope(
            SoapVersion::V12,
            &[],
            &format!("<a><b>{c}</b></a>"),
        ))
        .unwrap();
    s.push((
        pkg.to_bytes().unwrap().to_vec(),
        pkg.content_type().to_string(),
    ));
    s
}

fn mutation_cases() -> u32 {
    std::env::var("SOAPSTONE_MUTATION_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
    Duplicate(usize, usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let dict = prop_oneof![
        Just(b"\r\n".to_vec()),
        Just(b"\n".to_vec()),
        Just(b"--".to_vec()),
        Just(b"<".to_vec()),
        Just(b"cid:".to_vec()),
        Just(
            b"<xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:x\"/>"
                .to_vec()
        ),
        Just(b"Content-Transfer-Encoding: base64\r\n".to_vec()),
        Just(b"<!DOCTYPE x>".to_vec()),
        Just(b"=\r\n".to_vec()),
        proptest::collection::vec(any::<u8>(), 1..8),
    ];
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::Flip(a, b)),
        (any::<usize>(), dict).prop_map(|(a, d)| Mutation::Insert(a, d)),
        (any::<usize>(), 1usize..64).prop_map(|(a, n)| Mutation::Delete(a, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1usize..64, any::<usize>())
            .prop_map(|(a, n, b)| Mutation::Duplicate(a, n, b)),
    ]
}

fn apply(mut v: Vec<u8>, muts: &[Mutation]) -> Vec<u8> {
    for m in muts {
        let len = v.len().max(1);
        match m {
            Mutation::Flip(a, b) if !v.is_empty() => v[a % len] ^= b,
            Mutation::Insert(a, d) => {
                let at = a % (v.len() + 1);
                v.splice(at..at, d.iter().copied());
            }
            Mutation::Delete(a, n) if !v.is_empty() => {
                let at = a % len;
                let end = (at + n).min(v.len());
                v.drain(at..end);
            }
            Mutation::Truncate(a) => v.truncate(a % (v.len() + 1)),
            Mutation::Duplicate(a, n, b) if !v.is_empty() => {
                let at = a % len;
                let slice: Vec<u8> = v[at..(at + n).min(v.len())].to_vec();
                let to = b % (v.len() + 1);
                v.splice(to..to, slice);
            }
            _ => {}
        }
    }
    v
}

proptest! {
    // SOAPSTONE_MUTATION_CASES raises the count for a longer local campaign.
    #![proptest_config(ProptestConfig { cases: mutation_cases(), ..ProptestConfig::default() })]

    #[test]
    fn mutated_captures_never_panic(
        pick in any::<usize>(),
        muts in proptest::collection::vec(mutation(), 1..6),
        ct_mut in proptest::option::of(mutation()),
        step in 1usize..700,
    ) {
        let seeds = seeds();
        let (raw, ct) = &seeds[pick % seeds.len()];
        let body = apply(raw.clone(), &muts);
        let ct = match &ct_mut {
            Some(m) => String::from_utf8_lossy(&apply(ct.clone().into_bytes(), std::slice::from_ref(m))).into_owned(),
            None => ct.clone(),
        };
        let limits = Limits { spill_threshold: 512, ..Limits::default() };
        let mem = soapstone::decode(&ct, Bytes::from(body.clone()), &limits);
        let streamed = stream_with(&ct, &body, &limits, step, None);
        // Both decode or both refuse (the error may differ in detail).
        prop_assert_eq!(mem.is_ok(), streamed.is_ok(), "in memory {:?} / streaming {:?}", mem.as_ref().err(), streamed.as_ref().err());
        if let (Ok(a), Ok(b)) = (&mem, &streamed) {
            prop_assert_eq!(&a.root_xml, &b.root_xml);
            prop_assert_eq!(a.attachments.len(), b.attachments.len());
            // And the same bytes in each part (spilled ones read back).
            for (x, y) in a.attachments.iter().zip(&b.attachments) {
                prop_assert_eq!(&x.id, &y.id);
                prop_assert_eq!(x.data.to_bytes().ok(), y.data.to_bytes().ok());
            }
            let _ = a.fault();
        }
        let _ = soapstone::inspect::inspect(Bytes::from(body), None, &limits);
    }
}
