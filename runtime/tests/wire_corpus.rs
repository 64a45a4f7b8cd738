//! Every captured wire message decodes, and its parts match an independent
//! decoding by Python's `email` package (part count, Content-IDs, SHA-256 of the
//! decoded bytes). Both readers are checked.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bytes::Bytes;
use soapstone::inspect::{inspect, HttpMessage};
use soapstone::Limits;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

struct Case {
    path: PathBuf,
    content_type: Option<String>,
    expect: String,
}

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
    p.join("corpus/WIRE.tsv").exists().then_some(p)
}

fn cases(shared: &Path) -> Vec<Case> {
    let mut out = Vec::new();
    let tsv = std::fs::read_to_string(shared.join("corpus/WIRE.tsv")).unwrap();
    for line in tsv.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 4 {
            continue;
        }
        let ct = (!cols[1].starts_with("(in file")).then(|| cols[1].to_string());
        out.push(Case {
            path: shared.join("corpus").join(cols[0]),
            content_type: ct,
            expect: cols[3].to_string(),
        });
    }
    let mut peers: Vec<PathBuf> = std::fs::read_dir(shared.join("peers"))
        .unwrap()
        .flatten()
        .map(|e| e.path().join("wire"))
        .filter(|p| p.is_dir())
        .flat_map(|d| {
            std::fs::read_dir(d)
                .unwrap()
                .flatten()
                .map(|e| e.path())
                .collect::<Vec<_>>()
        })
        .collect();
    peers.sort();
    for p in peers {
        out.push(Case {
            path: p,
            content_type: None,
            expect: "peer capture".into(),
        });
    }
    out
}

fn python(cases: &[&Case]) -> Option<serde_json::Value> {
    let input: Vec<(String, Option<String>)> = cases
        .iter()
        .map(|c| (c.path.display().to_string(), c.content_type.clone()))
        .collect();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/email_decode.py");
    let mut child = match Command::new("python3")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            eprintln!("python3 not available ({e}): skipping the independent decoding");
            return None;
        }
    };
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin
            .write_all(serde_json::to_string(&input).unwrap().as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "python failed");
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// Whether the capture carries a SOAP message at all (a `text/plain` error
/// page from a peer does not).
fn is_soap(raw: &Bytes, ct: Option<&str>) -> bool {
    let ct = match ct {
        Some(c) => c.to_string(),
        None => HttpMessage::parse(raw)
            .ok()
            .and_then(|h| h.header("content-type").map(str::to_string))
            .unwrap_or_default(),
    };
    let ct = ct.to_ascii_lowercase();
    ct.contains("multipart/") || ct.contains("xml")
}

#[test]
fn every_captured_message_decodes_like_python_email() {
    let Some(shared) = shared() else {
        eprintln!("../shared (corpus/WIRE.tsv) is absent: nothing to check");
        return;
    };
    let cases = cases(&shared);
    assert!(
        cases.len() > 100,
        "expected the corpus and the peer captures"
    );
    let soap: Vec<&Case> = cases
        .iter()
        .filter(|c| {
            is_soap(
                &Bytes::from(std::fs::read(&c.path).unwrap()),
                c.content_type.as_deref(),
            )
        })
        .collect();
    let py = python(&soap);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut checked = 0;
    for (i, case) in cases.iter().enumerate() {
        let raw = Bytes::from(std::fs::read(&case.path).unwrap());
        let result = inspect(
            raw.clone(),
            case.content_type.as_deref(),
            &Limits::default(),
        );
        if !is_soap(&raw, case.content_type.as_deref()) {
            assert!(
                result.is_err(),
                "{}: a non-SOAP body must be refused",
                case.path.display()
            );
            continue;
        }
        let (report, msg) =
            result.unwrap_or_else(|e| panic!("{} ({}): {e}", case.path.display(), case.expect));
        // The streaming reader agrees with the in-memory one.
        let (ct, body) = match &case.content_type {
            Some(ct) => (ct.clone(), raw.clone()),
            None => {
                let h = HttpMessage::parse(&raw).unwrap();
                (h.header("content-type").unwrap().to_string(), h.body)
            }
        };
        let streamed = rt
            .block_on(soapstone::mime::stream::read_message(
                &body[..],
                &ct,
                &Limits::default(),
            ))
            .unwrap_or_else(|e| panic!("{} streaming: {e}", case.path.display()));
        assert_eq!(streamed.root_xml, msg.root_xml, "{}", case.path.display());
        assert_eq!(
            streamed.attachments.len(),
            msg.attachments.len(),
            "{}",
            case.path.display()
        );
        for (a, b) in streamed.attachments.iter().zip(&msg.attachments) {
            assert_eq!(
                a.data.to_bytes().unwrap(),
                b.data.to_bytes().unwrap(),
                "{}",
                case.path.display()
            );
            assert_eq!(a.referenced_by, b.referenced_by, "{}", case.path.display());
        }
        assert_ne!(streamed.root_document_id, msg.root_document_id);
        let Some(py) = &py else { continue };
        let idx = soap
            .iter()
            .position(|c| std::ptr::eq(*c, &cases[i]))
            .unwrap();
        let expected = &py[idx];
        assert!(
            expected.get("error").is_none(),
            "{}: python: {}",
            case.path.display(),
            expected["error"]
        );
        let parts = expected["parts"].as_array().unwrap();
        assert_eq!(
            parts.len(),
            report.parts.len(),
            "{}: part count",
            case.path.display()
        );
        for (p, ours) in parts.iter().zip(&report.parts) {
            assert_eq!(
                p["sha256"].as_str().unwrap(),
                ours.sha256,
                "{}: part {}",
                case.path.display(),
                ours.index
            );
            assert_eq!(
                p["size"].as_u64().unwrap(),
                ours.size,
                "{}: part {}",
                case.path.display(),
                ours.index
            );
            if msg.kind != soapstone::PackageKind::Plain {
                assert_eq!(
                    p["content_id"].as_str(),
                    ours.content_id.as_deref(),
                    "{}",
                    case.path.display()
                );
            }
        }
        checked += 1;
    }
    eprintln!("{checked} captured messages decoded and matched");
    check_expectations(&shared);
    assert!(py.is_none() || checked > 100);
}

/// What WIRE.tsv says to expect of particular captures, checked one by one
/// (kind, SOAP version, root, where each part was referenced, problem ids).
fn check_expectations(shared: &Path) {
    let tsv = std::fs::read_to_string(shared.join("corpus/WIRE.tsv")).unwrap();
    let ct_of = |name: &str| -> (PathBuf, Option<String>) {
        let line = tsv
            .lines()
            .find(|l| l.split('\t').next().is_some_and(|f| f.ends_with(name)))
            .unwrap();
        let cols: Vec<&str> = line.split('\t').collect();
        (
            shared.join("corpus").join(cols[0]),
            (!cols[1].starts_with("(in file")).then(|| cols[1].to_string()),
        )
    };
    // (file, kind, version, root, [(part index, referenced_by)], problem ids that must appear)
    type Expect = (
        &'static str,
        &'static str,
        Option<&'static str>,
        &'static str,
        &'static [(usize, Option<&'static str>)],
        &'static [&'static str],
    );
    let expectations: &[Expect] = &[
        (
            "attachment/cxf3582.data",
            "mtom",
            Some("1.1"),
            "root.message@cxf.apache.org",
            &[(1, Some("/Detail/photo")), (2, Some("/Detail/image"))],
            &[],
        ),
        (
            "attachment/cxf3383.data",
            "mtom",
            Some("1.1"),
            "root.message@cxf.apache.org",
            &[
                (1, Some("/getHashMapDataResponse/return/keyData/entry[1]")),
                (49, Some("/getHashMapDataResponse/return/keyData/entry[49]")),
            ],
            &["D3"],
        ),
        (
            "attachment/swareq",
            "swa",
            Some("1.1"),
            "86048FF3556694F7DA1918466DDF8143",
            &[(1, Some("/echoData/data"))],
            &[],
        ),
        (
            "attachment/mimedata",
            "mtom",
            Some("1.1"),
            "echo.xml",
            &[(1, None)],
            &["D1", "D5", "D12"],
        ),
        (
            "attachment/axis2_mimedata",
            "mtom",
            Some("1.1"),
            "echo.xml",
            &[(1, None)],
            &["D1", "D5"],
        ),
        (
            "systest/mtom/request",
            "mtom",
            Some("1.1"),
            "echo.xml",
            &[(1, Some("/echo/Data/someData"))],
            &["D1", "D5"],
        ),
        (
            "soap/mtom/sample1.msg",
            "mtom",
            Some("1.2"),
            "0.urn:uuid:A3ADBAEE51A1A87B2A11443668160702@apache.org",
            &[
                (1, Some("/mtomSample/image1")),
                (2, Some("/mtomSample/image2")),
            ],
            &[],
        ),
        (
            "soap/mtom/sample2.msg",
            "mtom",
            Some("1.2"),
            "SOAPPart",
            &[(1, Some("/data/name"))],
            &[],
        ),
        (
            "soap/swa/sample1.msg",
            "swa",
            Some("1.2"),
            "0.urn:uuid:A3ADBAEE51A1A87B2A11443668160702@apache.org",
            &[(1, None), (2, None)],
            &["D12"],
        ),
        (
            "xop/spec-sample.msg",
            "mtom",
            None,
            "mymessage.xml@example.org",
            &[(1, Some("/data/photo")), (2, Some("/data/sig"))],
            &["E1", "D5"],
        ),
        (
            "mtom/ImageMTOMOut.bin",
            "mtom",
            Some("1.1"),
            "SOAPPart",
            &[(1, Some("/data"))],
            &[],
        ),
        (
            "swa/swainput.bin",
            "swa",
            Some("1.1"),
            "9D645C8EBB837CE54ABD027A3659535D",
            &[(1, Some("/echoAttachment/source"))],
            &[],
        ),
        (
            "saaj/test-resources/message.bin",
            "mtom",
            Some("1.1"),
            "0.urn:uuid:F02ECC18873CFB73E211412748909308@apache.org",
            &[(1, Some("/echo/internal/text"))],
            &[],
        ),
        (
            "testMtomMessageReload_01.msg",
            "mtom",
            Some("1.1"),
            "cbe648b3-2055-413e-b8ed-877cdf0f2477",
            &[(1, Some("/fooOwsmMsgProtection/Picture"))],
            &["D3"],
        ),
        (
            "testMtomMessageReload_02.msg",
            "mtom",
            Some("1.1"),
            "6e1e30fe-9874-43ff-a9d1-c02af3969f04",
            &[(1, None)],
            &["D3", "D12"],
        ),
    ];
    for (name, kind, version, root, refs, problems) in expectations {
        let (path, ct) = ct_of(name);
        let raw = Bytes::from(std::fs::read(&path).unwrap());
        let (r, _) = inspect(raw, ct.as_deref(), &Limits::default()).unwrap();
        assert_eq!(r.kind.as_str(), *kind, "{name}");
        assert_eq!(r.soap_version.map(|v| v.as_str()), *version, "{name}");
        assert_eq!(r.root, *root, "{name}");
        for (i, want) in *refs {
            let p = r.parts.iter().find(|p| p.index == *i).unwrap();
            assert_eq!(p.referenced_by.as_deref(), *want, "{name} part {i}");
        }
        for id in *problems {
            assert!(
                r.problems.iter().any(|p| p.id == *id),
                "{name}: expected a {id} problem in {:?}",
                r.problems
            );
        }
    }
    // The SOAP 1.2 action travels as a multipart parameter in sample1.msg (D14).
    let (path, ct) = ct_of("soap/mtom/sample1.msg");
    let (r, _) = inspect(
        Bytes::from(std::fs::read(path).unwrap()),
        ct.as_deref(),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(r.action.as_deref(), Some("mtomSample"));
    // sample2.msg: a part without Content-Type; the optimized element carries
    // `m:contentType` in the application's namespace, which is not
    // xmime:contentType (A5), so no content type is inferred from it.
    let (path, ct) = ct_of("soap/mtom/sample2.msg");
    let (_, m) = inspect(
        Bytes::from(std::fs::read(path).unwrap()),
        ct.as_deref(),
        &Limits::default(),
    )
    .unwrap();
    let a = &m.attachments[0];
    assert_eq!(a.content_type(), None);
    assert_eq!(a.content_type_attr, None);
}
