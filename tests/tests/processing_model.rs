//! SOAP's processing model at the HTTP endpoint and in the client: the
//! status each fault travels with (SOAP 1.1 §6.2 and WS-I BP R1126: 500;
//! SOAP 1.2 Part 2 §7.5.2.2: 400 for Sender, else 500), VersionMismatch for
//! an unknown envelope namespace (with the Upgrade block), MustUnderstand
//! for header blocks the endpoint does not process (with NotUnderstood
//! blocks in SOAP 1.2), header blocks aimed at other actors and roles; in
//! the client, responses with blocks it must understand and does not
//! (CallError::NotUnderstood), and error answers that are not faults.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use futures_util::StreamExt;
use soapstone::bind::{Document, ReadOptions};
use soapstone::http::client::{CallError, Client};
use soapstone::soap::{Fault, FaultCode, SoapVersion};
use soapstone_tests::docsvc::service;
use soapstone_tests::samples::document_service_documentservice as ds;

const S11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
const S12: &str = "http://www.w3.org/2003/05/soap-envelope";
const DOCS: &str = "urn:example:peers:docs";

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/docs")
}

/// An envelope in namespace `env` with `header` (block XML) and a
/// downloadDocument body asking for `size` bytes.
fn envelope(env: &str, header: &str, size: i64) -> String {
    let header = if header.is_empty() {
        String::new()
    } else {
        format!("<s:Header>{header}</s:Header>")
    };
    format!(
        "<s:Envelope xmlns:s='{env}'>{header}<s:Body><d:downloadDocument xmlns:d='{DOCS}'>\
         <d:fileName>a.inline</d:fileName><d:size>{size}</d:size></d:downloadDocument>\
         </s:Body></s:Envelope>"
    )
}

fn media_type(version: SoapVersion) -> &'static str {
    match version {
        SoapVersion::V11 => "text/xml; charset=utf-8",
        SoapVersion::V12 => "application/soap+xml; charset=utf-8",
    }
}

/// Posts `body` as `version`; the status and the response text.
async fn post(url: &str, version: SoapVersion, body: String) -> (u16, String) {
    let r = reqwest::Client::new()
        .post(url)
        .header("Content-Type", media_type(version))
        .header("SOAPAction", "\"\"")
        .body(body)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The fault a response envelope carries.
fn fault(text: &str) -> Fault {
    Fault::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// A header block (or an element inside one): namespace, local name, and
/// its `qname` attribute resolved.
type Block = (String, String, Option<(String, String)>);

/// The header blocks of a response envelope, and the elements inside them.
fn header_blocks(text: &str) -> Vec<Block> {
    let doc = Document::parse(text.as_bytes(), &ReadOptions::default()).unwrap();
    let root = doc.root();
    let Some(header) = root.children().find(|c| c.local() == "Header") else {
        return Vec::new();
    };
    header
        .descendants()
        .filter(|b| b.local() != "Header")
        .map(|b| {
            let qname = b.attribute("", "qname").and_then(|q| b.resolve_qname(q));
            (b.ns().to_string(), b.local().to_string(), qname)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fault_statuses_follow_each_soap_version() {
    let url = serve(service().router("/docs")).await;
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let env = version.namespace();
        // The handler's own Sender fault (a negative size).
        let (status, text) = post(&url, version, envelope(env, "", -1)).await;
        let f = fault(&text);
        assert_eq!(f.code, FaultCode::Sender, "{text}");
        let want = match version {
            SoapVersion::V11 => 500,
            SoapVersion::V12 => 400,
        };
        assert_eq!(status, want, "{version:?} Sender fault: {text}");
        // No operation takes the body element: the sender's fault too.
        let body = envelope(env, "", 1).replace("downloadDocument", "nothing");
        let (status, text) = post(&url, version, body).await;
        assert_eq!(fault(&text).code, FaultCode::Sender);
        assert_eq!(status, want, "{version:?} unknown operation: {text}");
    }

    // A Receiver fault is 500 in both versions.
    let svc = soapstone::http::server::Service::new().operation(
        ds::elements::DOWNLOAD_DOCUMENT,
        ds::elements::DOWNLOAD_DOCUMENT_RESPONSE,
        |_: ds::DownloadDocument, _| async {
            Err::<ds::DownloadDocumentResponse, _>(Fault::new(FaultCode::Receiver, "disk full"))
        },
    );
    let url = serve(svc.router("/docs")).await;
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let (status, text) = post(&url, version, envelope(version.namespace(), "", 1)).await;
        assert_eq!(status, 500, "{version:?}: {text}");
        let f = fault(&text);
        assert_eq!(
            (f.code, f.reason.as_str()),
            (FaultCode::Receiver, "disk full")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_envelope_namespace_gets_version_mismatch_with_upgrade() {
    let url = serve(service().router("/docs")).await;
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let (status, text) = post(&url, version, envelope("urn:soap:3.0", "", 1)).await;
        assert_eq!(status, 500, "{version:?}: {text}");
        let f = fault(&text);
        assert_eq!(f.code, FaultCode::VersionMismatch, "{text}");
        assert!(text.contains(&format!("Envelope xmlns:soap=\"{}\"", version.namespace())));
        // The Upgrade block lists both versions, SOAP 1.2 first.
        let blocks = header_blocks(&text);
        let supported: Vec<_> = blocks
            .iter()
            .filter(|(ns, local, _)| ns == S12 && local == "SupportedEnvelope")
            .filter_map(|(_, _, q)| q.clone())
            .collect();
        assert_eq!(
            supported,
            [
                (S12.to_string(), "Envelope".to_string()),
                (S11.to_string(), "Envelope".to_string())
            ],
            "{text}"
        );
        assert!(blocks.iter().any(|(ns, l, _)| ns == S12 && l == "Upgrade"));
    }
    // A document element that is no Envelope is a VersionMismatch too
    // (SOAP 1.2 Part 1 §5.4.7: an invalid element where the Envelope was
    // expected).
    for root in ["<x:Envelop xmlns:x='urn:x'/>", "<Envelope/>"] {
        let (status, text) = post(&url, SoapVersion::V11, root.into()).await;
        assert_eq!(
            (status, fault(&text).code),
            (500, FaultCode::VersionMismatch),
            "{text}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undeclared_must_understand_blocks_get_a_fault_before_the_handler() {
    let url = serve(service().router("/docs")).await;
    let security = |env_prefix: &str, value: &str| {
        format!(
            "<w:Security xmlns:w='urn:sec' {env_prefix}:mustUnderstand='{value}'>x</w:Security>"
        )
    };
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let env = version.namespace();
        let yes = match version {
            SoapVersion::V11 => ["1", " 1 "],
            SoapVersion::V12 => ["true", "1"],
        };
        for value in yes {
            let body = envelope(env, &security("s", value), 1);
            let (status, text) = post(&url, version, body).await;
            assert_eq!(status, 500, "{version:?} mustUnderstand={value:?}: {text}");
            let f = fault(&text);
            assert_eq!(f.code, FaultCode::MustUnderstand, "{text}");
            assert!(f.reason.contains("{urn:sec}Security"), "{}", f.reason);
            let blocks = header_blocks(&text);
            match version {
                // SOAP 1.2 names each block in a NotUnderstood header block.
                SoapVersion::V12 => assert_eq!(
                    blocks,
                    [(
                        S12.to_string(),
                        "NotUnderstood".to_string(),
                        Some(("urn:sec".to_string(), "Security".to_string()))
                    )],
                    "{text}"
                ),
                SoapVersion::V11 => assert!(blocks.is_empty(), "{text}"),
            }
        }
        // Blocks that need not be understood, or are not for this node, are
        // let through: the handler answers.
        let next = match version {
            SoapVersion::V11 => "http://schemas.xmlsoap.org/soap/actor/next",
            SoapVersion::V12 => "http://www.w3.org/2003/05/soap-envelope/role/next",
        };
        let role = match version {
            SoapVersion::V11 => "actor",
            SoapVersion::V12 => "role",
        };
        let passing = [
            security("s", "0"),
            security("s", "false"),
            // mustUnderstand in no namespace is not SOAP's attribute.
            security("x", "1").replace("x:mustUnderstand", "mustUnderstand"),
            security("s", "1").replace("'>x", &format!("' s:{role}='urn:some-other-node'>x")),
        ];
        for header in passing {
            let (status, text) = post(&url, version, envelope(env, &header, 3)).await;
            assert_eq!(status, 200, "{version:?} {header}: {text}");
            assert!(text.contains("downloadDocumentResponse"), "{text}");
        }
        // The next node is this one.
        let header = security("s", "1").replace("'>x", &format!("' s:{role}='{next}'>x"));
        let (status, text) = post(&url, version, envelope(env, &header, 3)).await;
        assert_eq!(
            (status, fault(&text).code),
            (500, FaultCode::MustUnderstand),
            "{text}"
        );
    }
    // SOAP 1.2's role `none` is nobody's.
    let header = security("s", "true").replace(
        "'>x",
        "' s:role='http://www.w3.org/2003/05/soap-envelope/role/none'>x",
    );
    let (status, text) = post(&url, SoapVersion::V12, envelope(S12, &header, 3)).await;
    assert_eq!(status, 200, "{text}");

    // A block in no namespace is named by an unprefixed QName.
    let (status, text) = post(
        &url,
        SoapVersion::V12,
        envelope(S12, "<Trace s:mustUnderstand='true'/>", 3),
    )
    .await;
    assert_eq!(status, 500, "{text}");
    assert!(
        text.contains("<soap:NotUnderstood qname=\"Trace\"/>"),
        "{text}"
    );
    assert!(Document::parse(text.as_bytes(), &ReadOptions::default()).is_ok());

    // Declared blocks reach the handler: by name, or by namespace.
    let url = serve(
        service()
            .understood_header("urn:sec", "Security")
            .router("/docs"),
    )
    .await;
    let by_namespace = serve(service().understood_namespace("urn:sec").router("/docs")).await;
    let (status, text) = post(
        &by_namespace,
        SoapVersion::V11,
        envelope(S11, &security("s", "1"), 3),
    )
    .await;
    assert_eq!(status, 200, "{text}");
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let value = match version {
            SoapVersion::V11 => "1",
            SoapVersion::V12 => "true",
        };
        let header = security("s", value);
        let (status, text) = post(&url, version, envelope(version.namespace(), &header, 3)).await;
        assert_eq!(status, 200, "{version:?}: {text}");
        // An undeclared one beside it still faults, and only it is named.
        let header = format!("{header}<t:Trace xmlns:t='urn:trace' s:mustUnderstand='{value}'/>");
        let (status, text) = post(&url, version, envelope(version.namespace(), &header, 3)).await;
        assert_eq!(status, 500, "{text}");
        let f = fault(&text);
        assert!(f.reason.contains("{urn:trace}Trace") && !f.reason.contains("Security"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_response_the_endpoint_cannot_write_is_its_own_fault() {
    // The handler answers with a character XML cannot carry.
    let svc = soapstone::http::server::Service::new().operation(
        ds::elements::DOWNLOAD_DOCUMENT,
        ds::elements::DOWNLOAD_DOCUMENT_RESPONSE,
        |_: ds::DownloadDocument, _| async {
            Ok(ds::DownloadDocumentResponse {
                file_name: "bad\u{0}name".into(),
                mime_code: "x".into(),
                attachment_data: soapstone::Binary::from(Vec::new()),
            })
        },
    );
    let url = serve(svc.router("/docs")).await;
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let (status, text) = post(&url, version, envelope(version.namespace(), "", 1)).await;
        assert_eq!(status, 500, "{version:?}: {text}");
        let f = fault(&text);
        assert_eq!(f.code, FaultCode::Receiver, "{text}");
        assert!(f.reason.contains("cannot carry"), "{}", f.reason);
    }
}

#[test]
fn header_block_reads_only_blocks_meant_for_this_node() {
    let with = |block: &str| envelope(S12, block, 1);
    let for_other = with(
        "<w:Id xmlns:w='urn:w' s:role='urn:other'>other</w:Id><w:Id xmlns:w='urn:w'>mine</w:Id>",
    );
    let doc = Document::parse(for_other.as_bytes(), &ReadOptions::default()).unwrap();
    let block = soapstone::bind::header_block(doc.root(), "urn:w", "Id").unwrap();
    assert_eq!(
        block.map(|b| b.text().into_owned()).as_deref(),
        Some("mine")
    );

    let only_other = with("<w:Id xmlns:w='urn:w' s:role='urn:other'>other</w:Id>");
    let doc = Document::parse(only_other.as_bytes(), &ReadOptions::default()).unwrap();
    let block = soapstone::bind::header_block(doc.root(), "urn:w", "Id").unwrap();
    assert!(block.is_none());

    let ultimate = with(
        "<w:Id xmlns:w='urn:w' s:role=' http://www.w3.org/2003/05/soap-envelope/role/ultimateReceiver '>u</w:Id>",
    );
    let doc = Document::parse(ultimate.as_bytes(), &ReadOptions::default()).unwrap();
    let block = soapstone::bind::header_block(doc.root(), "urn:w", "Id").unwrap();
    assert_eq!(block.map(|b| b.text().into_owned()).as_deref(), Some("u"));
}

/// A server whose every answer is `status`, `content_type` and `body`.
async fn answering(status: u16, content_type: &'static str, body: Vec<u8>) -> String {
    let app = axum::Router::new().route(
        "/docs",
        axum::routing::post(move || {
            let body = body.clone();
            async move {
                (
                    axum::http::StatusCode::from_u16(status).unwrap(),
                    [("content-type", content_type)],
                    body,
                )
            }
        }),
    );
    serve(app).await
}

async fn download(url: &str) -> CallError<()> {
    Client::new(url, SoapVersion::V11)
        .call::<_, ds::DownloadDocumentResponse, ()>(
            "",
            ds::elements::DOWNLOAD_DOCUMENT,
            &ds::DownloadDocument {
                file_name: "x".into(),
                size: 1,
            },
            ds::elements::DOWNLOAD_DOCUMENT_RESPONSE,
        )
        .await
        .unwrap_err()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_answers_that_are_not_faults_keep_their_status() {
    // A gateway's 503 with a broken XML body, and an empty 500.
    for (status, body) in [(503, b"<html><oops".to_vec()), (500, Vec::new())] {
        let url = answering(status, "text/xml", body).await;
        match download(&url).await {
            CallError::Http { status: got, .. } => assert_eq!(got, status),
            other => panic!("HTTP {status}: expected CallError::Http, got {other:?}"),
        }
    }
    // A 502 whose multipart body is cut short.
    let url = answering(
        502,
        "multipart/related; boundary=b; type=\"text/xml\"",
        b"--b\r\nContent-Type: text/xml\r\n\r\n<a/>".to_vec(),
    )
    .await;
    assert!(matches!(
        download(&url).await,
        CallError::Http { status: 502, .. }
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_answer_that_is_not_soap_is_read_only_in_part() {
    // HTML that never ends: the client keeps the start and drops the rest
    // (reading it all would never return).
    let app = axum::Router::new().route(
        "/docs",
        axum::routing::post(|| async {
            let chunk = bytes::Bytes::from_static(b"<html>");
            let endless = futures_util::stream::repeat(chunk).map(Ok::<_, std::io::Error>);
            (
                axum::http::StatusCode::BAD_GATEWAY,
                [("content-type", "text/html")],
                axum::body::Body::from_stream(endless),
            )
        }),
    );
    let url = serve(app).await;
    let answer = tokio::time::timeout(std::time::Duration::from_secs(60), download(&url)).await;
    match answer.expect("the client reads an endless body to its end") {
        CallError::Http { status, body } => {
            assert_eq!(status, 502);
            assert_eq!(body.chars().count(), 200, "the start of the body");
            assert!(body.starts_with("<html><html>"), "{body}");
        }
        other => panic!("expected CallError::Http, got {other:?}"),
    }
}

/// A SOAP 1.1 response envelope with `header` (block XML) and `body`.
fn response(header: &str, body: &str) -> Vec<u8> {
    format!(
        "<s:Envelope xmlns:s='{S11}'><s:Header>{header}</s:Header><s:Body>{body}</s:Body></s:Envelope>"
    )
    .into_bytes()
}

/// A downloadDocument response body.
const DOWNLOADED: &str = "<d:downloadDocumentResponse xmlns:d='urn:example:peers:docs'>\
    <d:fileName>a</d:fileName><d:mimeCode>text/plain</d:mimeCode>\
    <d:attachmentData>aGk=</d:attachmentData></d:downloadDocumentResponse>";

/// Calls downloadDocument at `url` with a client `configure` sets up.
async fn download_with(
    url: &str,
    configure: impl FnOnce(Client) -> Client,
) -> Result<ds::DownloadDocumentResponse, CallError<()>> {
    configure(Client::new(url, SoapVersion::V11))
        .call::<_, ds::DownloadDocumentResponse, ()>(
            "",
            ds::elements::DOWNLOAD_DOCUMENT,
            &ds::DownloadDocument {
                file_name: "x".into(),
                size: 1,
            },
            ds::elements::DOWNLOAD_DOCUMENT_RESPONSE,
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_refuses_responses_with_blocks_it_must_understand_and_does_not() {
    let trace = "<t:Trace xmlns:t='urn:t' s:mustUnderstand='1'>7</t:Trace>";
    let url = answering(200, "text/xml", response(trace, DOWNLOADED)).await;
    match download_with(&url, |c| c).await {
        Err(CallError::NotUnderstood { headers }) => {
            assert_eq!(headers, [("urn:t".to_string(), "Trace".to_string())]);
        }
        other => panic!("expected NotUnderstood, got {other:?}"),
    }
    // Declared by name or by namespace, the response reads.
    let by_name = download_with(&url, |c| c.understood_header("urn:t", "Trace")).await;
    assert_eq!(
        by_name
            .unwrap()
            .attachment_data
            .as_bytes()
            .map(|b| b.to_vec()),
        Some(b"hi".to_vec())
    );
    let by_ns = download_with(&url, |c| c.understood_namespace("urn:t")).await;
    assert!(by_ns.is_ok(), "{by_ns:?}");
    // Another block name in the namespace is not covered by a name.
    let other = download_with(&url, |c| c.understood_header("urn:t", "Span")).await;
    assert!(matches!(other, Err(CallError::NotUnderstood { .. })));
    // Blocks not marked, marked false, or aimed at another actor are no
    // concern of the client.
    for block in [
        "<t:Trace xmlns:t='urn:t'>7</t:Trace>",
        "<t:Trace xmlns:t='urn:t' s:mustUnderstand='0'>7</t:Trace>",
        "<t:Trace xmlns:t='urn:t' s:mustUnderstand='1' s:actor='urn:elsewhere'>7</t:Trace>",
    ] {
        let url = answering(200, "text/xml", response(block, DOWNLOADED)).await;
        let read = download_with(&url, |c| c).await;
        assert!(read.is_ok(), "{block}: {read:?}");
    }
    // A fault is reported as the fault, whatever its header says.
    let fault = "<s:Fault><faultcode>s:Server</faultcode><faultstring>down</faultstring></s:Fault>";
    let url = answering(500, "text/xml", response(trace, fault)).await;
    match download_with(&url, |c| c).await {
        Err(CallError::Fault { fault, .. }) => assert_eq!(fault.reason, "down"),
        other => panic!("expected the fault, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generated_client_understands_its_operations_output_headers() {
    use soapstone_tests::samples::mtom_policy_policyservice as ps;
    const NS: &str = "http://soapstone.example/mtom-policy";
    assert_eq!(
        ps::store_soap11_binding::STORE_SCAN.output_headers,
        [(NS, "scanSignature")]
    );
    let receipt = format!(
        "<p:storeScanResponse xmlns:p='{NS}'><p:receipt>r-1</p:receipt></p:storeScanResponse>"
    );
    let signature = format!(
        "<p:scanSignature xmlns:p='{NS}' s:mustUnderstand='1'><p:signer>store</p:signer>\
         <p:signatureValue>AAEC</p:signatureValue></p:scanSignature>"
    );
    let request = ps::StoreScan {
        document_id: "d".into(),
        scan: soapstone::Binary::from(vec![1u8, 2, 3]),
    };
    let url = answering(200, "text/xml", response(&signature, &receipt)).await;
    let client = ps::store_soap11_binding::Client::new(url);
    assert_eq!(client.store_scan(&request).await.unwrap().receipt, "r-1");
    // A block the WSDL does not declare is still refused.
    let trace = "<t:Trace xmlns:t='urn:t' s:mustUnderstand='true'/>";
    let url = answering(
        200,
        "text/xml",
        response(&format!("{signature}{trace}"), &receipt),
    )
    .await;
    let client = ps::store_soap11_binding::Client::new(url);
    match client.store_scan(&request).await {
        Err(CallError::NotUnderstood { headers }) => {
            assert_eq!(headers, [("urn:t".to_string(), "Trace".to_string())]);
        }
        other => panic!("expected NotUnderstood, got {other:?}"),
    }
}

/// Sends `head` (request line and headers, then the blank line) and `body`
/// on a raw connection to the endpoint at `url`; the first response's
/// status line and headers, as text.
async fn raw_exchange(url: &str, head: &str, body: &[u8]) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches("/docs")
        .to_string();
    let mut conn = tokio::net::TcpStream::connect(addr).await.unwrap();
    conn.write_all(head.as_bytes()).await.unwrap();
    conn.write_all(body).await.unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    // Until the end of the response headers (or the connection closes).
    while !got.windows(4).any(|w| w == b"\r\n\r\n") {
        match tokio::time::timeout(std::time::Duration::from_secs(10), conn.read(&mut buf)).await {
            Ok(Ok(n)) if n > 0 => got.extend_from_slice(&buf[..n]),
            _ => break,
        }
    }
    String::from_utf8_lossy(&got).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_request_body_is_answered_408_after_the_idle_timeout() {
    let svc = service().request_idle_timeout(std::time::Duration::from_millis(300));
    let url = serve(svc.router("/docs")).await;
    // 1,000 bytes announced, 10 sent, then nothing.
    let head = "POST /docs HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nSOAPAction: \"\"\r\nContent-Length: 1000\r\n\r\n";
    let answer = raw_exchange(&url, head, b"<s:Envelo").await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_declared_too_large_is_refused_before_it_is_sent() {
    let url = serve(service().router("/docs")).await;
    // 10 GiB announced, with Expect: 100-continue: the answer is 413 at
    // once, never "100 Continue".
    let head = "POST /docs HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/related; type=\"application/xop+xml\"; boundary=b\r\n\
                Content-Length: 10737418240\r\nExpect: 100-continue\r\n\r\n";
    let answer = raw_exchange(&url, head, b"").await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_whose_http_framing_breaks_is_a_400_not_a_server_fault() {
    let url = serve(service().router("/docs")).await;
    // A chunk size that is not hexadecimal.
    let head = "POST /docs HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nSOAPAction: \"\"\r\nTransfer-Encoding: chunked\r\n\r\n";
    let answer = raw_exchange(&url, head, b"5\r\n<s:En\r\nzz\r\nxx\r\n0\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_never_answers_fails_the_call_after_the_idle_timeout() {
    // Accepts connections, reads the request, never answers.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut conn, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 1 << 16];
                while let Ok(n) = tokio::io::AsyncReadExt::read(&mut conn, &mut buf).await {
                    if n == 0 {
                        break;
                    }
                }
            });
        }
    });
    let url = format!("http://{addr}/docs");
    // Without the idle timeout the call would wait for ever.
    let r = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        download_with(&url, |c| {
            c.idle_timeout(std::time::Duration::from_millis(300))
        }),
    )
    .await
    .expect("the call ends on its own");
    assert!(matches!(r, Err(CallError::Transport(_))), "{r:?}");
}
