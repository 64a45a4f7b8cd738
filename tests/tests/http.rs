//! Our client against our server over loopback HTTP, with the generated
//! DocumentService types: upload and download, MTOM and inline, SOAP 1.1 and
//! 1.2, payloads of 0 bytes, 1,500 bytes, 1 MiB and the trap payload ending
//! in CRLF, bytes compared by CRC-32. Then the server's answers to bad
//! requests: 415 and 413 with SOAP faults, 500 for SOAP 1.1 faults and 400
//! for SOAP 1.2 Sender faults, VersionMismatch and MustUnderstand faults,
//! plain SOAP on an MTOM endpoint, and the WSDL at `?wsdl`.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone::bind::Encoding;
use soapstone::http::client::{CallError, Client};
use soapstone::soap::SoapVersion;
use soapstone::Binary;
use soapstone_tests::docsvc::{crc32, payload, service};
use soapstone_tests::samples::document_service_documentservice as ds;

async fn serve(svc: soapstone::http::server::Service) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, svc.router("/docs")).await });
    format!("http://{addr}/docs")
}

fn payloads() -> Vec<(String, Vec<u8>)> {
    let mut trap = payload(1500);
    trap.extend_from_slice(b"\r\n");
    vec![
        ("0".into(), Vec::new()),
        ("1500".into(), payload(1500)),
        ("1MiB".into(), payload(1 << 20)),
        ("trap+CRLF".into(), trap),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn upload_and_download_every_cell() {
    let url = serve(service()).await;
    for version in [SoapVersion::V11, SoapVersion::V12] {
        for mtom in [true, false] {
            let encoding = if mtom {
                Encoding::Mtom { threshold: 0 }
            } else {
                Encoding::Inline
            };
            let client = Client::new(&url, version).encoding(encoding);
            for (label, bytes) in payloads() {
                let cell = format!("{version:?} mtom={mtom} {label}");
                let req = ds::UploadDocument {
                    file_name: "a.bin".into(),
                    mime_code: "application/octet-stream".into(),
                    attachment_data: Binary::from(bytes.clone()),
                };
                let resp: ds::UploadDocumentResponse = client
                    .call::<_, _, ()>(
                        "urn:uploadDocument",
                        ds::elements::UPLOAD_DOCUMENT,
                        &req,
                        ds::elements::UPLOAD_DOCUMENT_RESPONSE,
                    )
                    .await
                    .unwrap_or_else(|e| panic!("{cell}: {e}"));
                // An empty value is never optimized (B3).
                let expect = if mtom && !bytes.is_empty() {
                    "OK-XOP"
                } else {
                    "OK-INLINE"
                };
                assert_eq!(resp.status, expect, "{cell}");
                assert_eq!(resp.received_bytes as usize, bytes.len(), "{cell}");
                assert_eq!(resp.crc32, crc32(&bytes), "{cell}");

                let name = if mtom {
                    "doc.bin".to_string()
                } else {
                    "doc.inline".to_string()
                };
                let req = ds::DownloadDocument {
                    file_name: name,
                    size: bytes.len() as i64,
                };
                let resp: ds::DownloadDocumentResponse = client
                    .call::<_, _, ()>(
                        "urn:downloadDocument",
                        ds::elements::DOWNLOAD_DOCUMENT,
                        &req,
                        ds::elements::DOWNLOAD_DOCUMENT_RESPONSE,
                    )
                    .await
                    .unwrap_or_else(|e| panic!("{cell} download: {e}"));
                let got = resp.attachment_data.to_bytes().unwrap();
                assert_eq!(crc32(&got), crc32(&payload(bytes.len())), "{cell} download");
                assert_eq!(
                    resp.attachment_data.content_id().is_some(),
                    mtom && !got.is_empty(),
                    "{cell}: came as a part iff MTOM"
                );
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_requests_get_soap_faults_with_the_right_status() {
    let url = serve(service()).await;
    let http = reqwest::Client::new();
    let post = |ct: &'static str, body: &'static [u8]| {
        http.post(&url).header("Content-Type", ct).body(body).send()
    };

    let r = post("text/plain", b"hello").await.unwrap();
    assert_eq!(r.status(), 415);
    assert!(r.text().await.unwrap().contains("Fault"));

    // SOAP 1.1 answers every fault with 500 (SOAP 1.1 §6.2, WS-I BP R1126).
    let r = post("text/xml", b"<not-closed").await.unwrap();
    assert_eq!(r.status(), 500);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("faultcode") && body.contains("Client"),
        "{body}"
    );

    let r = post(
        "multipart/related; boundary=x",
        b"--x\r\nContent-Type: text/xml\r\n\r\n<a/>",
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 500, "missing close delimiter (D3)");

    let unknown = b"<soap:Envelope xmlns:soap='http://www.w3.org/2003/05/soap-envelope'><soap:Body><x:nope xmlns:x='urn:x'/></soap:Body></soap:Envelope>";
    // SOAP 1.2 answers a Sender fault with 400 (Part 2 §7.5.2.2).
    let r = post("application/soap+xml", unknown).await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/soap+xml"),
        "a 1.2 request gets a 1.2 fault"
    );
    assert!(r.text().await.unwrap().contains("Sender"));

    let r = http.get(format!("{url}?wsdl")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("uploadDocument"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_limit_requests_get_413() {
    let limits = soapstone::Limits {
        max_message_size: 10_000,
        ..Default::default()
    };
    let url = serve(service().limits(limits)).await;
    let client = Client::new(&url, SoapVersion::V11).encoding(Encoding::Mtom { threshold: 0 });
    let req = ds::UploadDocument {
        file_name: "big".into(),
        mime_code: "x".into(),
        attachment_data: Binary::from(payload(50_000)),
    };
    let err = client
        .call::<_, ds::UploadDocumentResponse, ()>(
            "",
            ds::elements::UPLOAD_DOCUMENT,
            &req,
            ds::elements::UPLOAD_DOCUMENT_RESPONSE,
        )
        .await
        .unwrap_err();
    match err {
        CallError::Fault { fault, .. } => assert!(fault.reason.contains("limit"), "{fault:?}"),
        CallError::Http { status, .. } => assert_eq!(status, 413),
        other => panic!("expected a 413 fault, got {other:?}"),
    }
    // And the status itself.
    let pkg = client
        .package(ds::elements::UPLOAD_DOCUMENT, &req, "", &[])
        .unwrap();
    let mut raw = reqwest::Client::new().post(&url);
    for (k, v) in pkg.http_headers() {
        raw = raw.header(k, v);
    }
    let r = raw.body(pkg.to_bytes().unwrap()).send().await.unwrap();
    assert_eq!(r.status(), 413);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transport_and_non_soap_errors_are_distinct() {
    let client = Client::new("http://127.0.0.1:9/nothing", SoapVersion::V11);
    let req = ds::DownloadDocument {
        file_name: "x".into(),
        size: 1,
    };
    let err = client
        .call::<_, ds::DownloadDocumentResponse, ()>(
            "",
            ds::elements::DOWNLOAD_DOCUMENT,
            &req,
            ds::elements::DOWNLOAD_DOCUMENT_RESPONSE,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, CallError::Transport(_)), "{err:?}");

    // A server that answers HTML.
    let app = axum::Router::new().route(
        "/docs",
        axum::routing::post(|| async { ([("content-type", "text/html")], "<html>oops</html>") }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    let client = Client::new(format!("http://{addr}/docs"), SoapVersion::V11);
    let err = client
        .call::<_, ds::DownloadDocumentResponse, ()>(
            "",
            ds::elements::DOWNLOAD_DOCUMENT,
            &req,
            ds::elements::DOWNLOAD_DOCUMENT_RESPONSE,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, CallError::NotSoap { .. }), "{err:?}");
}

fn count_files(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| {
                    if e.path().is_dir() {
                        count_files(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// F3 / issue 6 §3: a large request part spills to a private directory while
/// the handler runs, and nothing is left behind once the response is sent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spilled_parts_are_removed_after_the_request() {
    let spill = std::env::temp_dir().join(format!("soapstone-http-spill-{}", std::process::id()));
    std::fs::create_dir_all(&spill).unwrap();
    let seen = spill.clone();
    let svc = soapstone::http::server::Service::new()
        .spill_dir(&spill)
        .operation(
            ds::elements::UPLOAD_DOCUMENT,
            ds::elements::UPLOAD_DOCUMENT_RESPONSE,
            move |req: ds::UploadDocument, _ctx| {
                let during = count_files(&seen);
                async move {
                    let bytes = req.attachment_data.to_bytes().unwrap();
                    let on_disk =
                        matches!(req.attachment_data.data(), soapstone::BinaryData::File(_));
                    Ok(ds::UploadDocumentResponse {
                        status: format!("files={during} on_disk={on_disk}"),
                        received_bytes: bytes.len() as i64,
                        crc32: crc32(&bytes),
                    })
                }
            },
        );
    let url = serve(svc).await;
    assert_eq!(count_files(&spill), 0);
    let client = Client::new(&url, SoapVersion::V11).encoding(Encoding::Mtom { threshold: 0 });
    let big = payload(1 << 20); // above the 256 KiB spill threshold
    let req = ds::UploadDocument {
        file_name: "big".into(),
        mime_code: "x".into(),
        attachment_data: Binary::from(big.clone()),
    };
    let resp: ds::UploadDocumentResponse = client
        .call::<_, _, ()>(
            "",
            ds::elements::UPLOAD_DOCUMENT,
            &req,
            ds::elements::UPLOAD_DOCUMENT_RESPONSE,
        )
        .await
        .unwrap();
    assert_eq!(
        resp.status, "files=1 on_disk=true",
        "the part spilled to one file while the handler ran"
    );
    assert_eq!(resp.crc32, crc32(&big));
    // The message, and with it the spill directory, is dropped with the request.
    for _ in 0..50 {
        if count_files(&spill) == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(count_files(&spill), 0, "spill files left behind");
    std::fs::remove_dir_all(&spill).ok();
}

/// A service whose two operations take the same body element, told apart
/// by action; the answer's status names the operation that ran.
fn shared_element_service() -> soapstone::http::server::Service {
    let answer = |status: &'static str| {
        move |req: ds::UploadDocument, _ctx: soapstone::http::server::RequestCtx| async move {
            Ok(ds::UploadDocumentResponse {
                status: status.into(),
                received_bytes: req.attachment_data.len() as i64,
                crc32: String::new(),
            })
        }
    };
    let el = ds::elements::UPLOAD_DOCUMENT;
    let out = ds::elements::UPLOAD_DOCUMENT_RESPONSE;
    soapstone::http::server::Service::new()
        .operation_with_action("urn:a", el, out, answer("replaced"))
        .operation_with_action("urn:b", el, out, answer("B"))
        // The same element and action again replaces the handler.
        .operation_with_action("urn:a", el, out, answer("A"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operations_sharing_a_body_element_are_chosen_by_action() {
    let url = serve(shared_element_service()).await;
    let req = ds::UploadDocument {
        file_name: "a.bin".into(),
        mime_code: "application/octet-stream".into(),
        attachment_data: Binary::from(payload(2000)),
    };
    for version in [SoapVersion::V11, SoapVersion::V12] {
        for encoding in [Encoding::Inline, Encoding::Mtom { threshold: 0 }] {
            let client = Client::new(&url, version).encoding(encoding);
            let call = |action: &'static str| {
                client.call::<_, ds::UploadDocumentResponse, ()>(
                    action,
                    ds::elements::UPLOAD_DOCUMENT,
                    &req,
                    ds::elements::UPLOAD_DOCUMENT_RESPONSE,
                )
            };
            let cell = format!("{version:?} {encoding:?}");
            assert_eq!(call("urn:a").await.unwrap().status, "A", "{cell}");
            assert_eq!(call("urn:b").await.unwrap().status, "B", "{cell}");
            match call("urn:c").await {
                Err(CallError::Fault { fault, .. }) => {
                    assert!(
                        fault.reason.contains("several operations")
                            && fault.reason.contains("\"urn:a\"")
                            && fault.reason.contains("\"urn:b\""),
                        "{cell}: {}",
                        fault.reason
                    );
                }
                other => panic!("{cell}: an unknown action must be a fault: {other:?}"),
            }
        }
    }
    // Without any action the operation cannot be told either.
    let body = "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body><d:uploadDocument xmlns:d='urn:example:peers:docs'><d:fileName>a</d:fileName><d:mimeCode>m</d:mimeCode><d:attachmentData>AA==</d:attachmentData></d:uploadDocument></soap:Body></soap:Envelope>";
    let r = reqwest::Client::new()
        .post(&url)
        .header("Content-Type", "text/xml; charset=utf-8")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500, "a SOAP 1.1 fault");
    assert!(r.text().await.unwrap().contains("several operations"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_only_operation_for_an_element_answers_whatever_the_action() {
    let el = ds::elements::UPLOAD_DOCUMENT;
    let out = ds::elements::UPLOAD_DOCUMENT_RESPONSE;
    let svc = soapstone::http::server::Service::new().operation_with_action(
        "urn:a",
        el,
        out,
        |_req: ds::UploadDocument, _ctx| async {
            Ok(ds::UploadDocumentResponse {
                status: "only".into(),
                received_bytes: 0,
                crc32: String::new(),
            })
        },
    );
    let url = serve(svc).await;
    let client = Client::new(&url, SoapVersion::V11);
    let req = ds::UploadDocument {
        file_name: "a.bin".into(),
        mime_code: "m".into(),
        attachment_data: Binary::from(Vec::new()),
    };
    for action in ["urn:a", "urn:other", ""] {
        let resp: ds::UploadDocumentResponse = client
            .call::<_, _, ()>(action, el, &req, out)
            .await
            .unwrap_or_else(|e| panic!("{action:?}: {e}"));
        assert_eq!(resp.status, "only", "{action:?}");
    }
}

/// An operation bound to no action shares its body element with one bound
/// to `urn:b`: it answers the empty action, a missing SOAPAction and any
/// action nobody is bound to; `urn:b` still reaches the other. In SOAP 1.1
/// the SOAPAction header decides.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operation_bound_to_no_action_takes_the_rest() {
    let answer = |status: &'static str| {
        move |_req: ds::UploadDocument, _ctx: soapstone::http::server::RequestCtx| async move {
            Ok(ds::UploadDocumentResponse {
                status: status.into(),
                received_bytes: 0,
                crc32: String::new(),
            })
        }
    };
    let el = ds::elements::UPLOAD_DOCUMENT;
    let out = ds::elements::UPLOAD_DOCUMENT_RESPONSE;
    let svc = soapstone::http::server::Service::new()
        .operation(el, out, answer("none"))
        .operation_with_action("urn:b", el, out, answer("B"));
    let url = serve(svc).await;
    let body = "<soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body><d:uploadDocument xmlns:d='urn:example:peers:docs'><d:fileName>a</d:fileName><d:mimeCode>m</d:mimeCode><d:attachmentData>AA==</d:attachmentData></d:uploadDocument></soap:Body></soap:Envelope>";
    let http = reqwest::Client::new();
    for (content_type, soap_action, expect) in [
        ("text/xml", Some("\"\""), "none"),
        ("text/xml", None, "none"),
        ("text/xml", Some("\"urn:b\""), "B"),
        ("text/xml", Some("\"urn:other\""), "none"),
        // SOAP 1.1: the header decides, not a stray action parameter.
        ("text/xml; action=\"urn:other\"", Some("\"urn:b\""), "B"),
    ] {
        let mut req = http
            .post(&url)
            .header("Content-Type", content_type)
            .body(body);
        if let Some(a) = soap_action {
            req = req.header("SOAPAction", a);
        }
        let r = req.send().await.unwrap();
        let status = r.status();
        let text = r.text().await.unwrap();
        assert_eq!(status, 200, "{content_type} {soap_action:?}: {text}");
        assert!(
            text.contains(&format!(">{expect}<")),
            "{content_type} {soap_action:?} should reach {expect}: {text}"
        );
    }
}
