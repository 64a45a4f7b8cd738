//! The generated per-binding clients and server traits (issue 6 §1–§3) over
//! loopback HTTP: DocumentService through `Client` and `Service` in both SOAP
//! versions, a typed fault detail (PolicyService `scanRejected`, with a binary)
//! from a handler to the client's `CallError::Fault`, one-way operations
//! (202), and the attachment store: unreferenced parts reach the handler
//! through the store, go back out from it, and nothing is left behind on disk.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use soapstone::http::client::CallError;
use soapstone::http::server::RequestCtx;
use soapstone::mime::writer::MtomWriter;
use soapstone::{AttachmentStore, Binary, Fault, FaultCode, SoapVersion};
use soapstone_tests::docsvc::{crc32, payload};
use soapstone_tests::samples::document_service_documentservice as ds;
use soapstone_tests::samples::mtom_policy_policyservice as ps;
use soapstone_tests::samples::swa_swaservice as swa;
use std::path::Path;
use std::sync::Arc;

async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}/docs")
}

/// DocumentService written against the generated trait (SOAP 1.1 binding);
/// the same implementation answers SOAP 1.2 requests too.
struct Docs;

impl ds::document_binding_soap11::Service for Docs {
    async fn upload_document(
        &self,
        request: ds::UploadDocument,
        _ctx: RequestCtx,
    ) -> Result<ds::UploadDocumentResponse, Fault> {
        let bytes = request
            .attachment_data
            .to_bytes()
            .map_err(|e| Fault::new(FaultCode::Receiver, e.to_string()))?;
        Ok(ds::UploadDocumentResponse {
            status: if request.attachment_data.content_id().is_some() {
                "OK-XOP".into()
            } else {
                "OK-INLINE".into()
            },
            received_bytes: bytes.len() as i64,
            crc32: crc32(&bytes),
        })
    }

    async fn download_document(
        &self,
        request: ds::DownloadDocument,
        _ctx: RequestCtx,
    ) -> Result<ds::DownloadDocumentResponse, Fault> {
        Ok(ds::DownloadDocumentResponse {
            file_name: request.file_name,
            mime_code: "application/octet-stream".into(),
            attachment_data: Binary::from(payload(request.size as usize)),
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generated_clients_call_a_generated_server_in_both_soap_versions() {
    let url = serve(ds::document_binding_soap11::router(Docs, "/docs")).await;
    let bytes = payload(100_000);
    let upload = ds::UploadDocument {
        file_name: "a.bin".into(),
        mime_code: "application/octet-stream".into(),
        attachment_data: Binary::from(bytes.clone()),
    };
    let download = ds::DownloadDocument {
        file_name: "a.bin".into(),
        size: 70_000,
    };

    // Ports and their addresses, as the WSDL's service lists them.
    assert_eq!(
        ds::document_binding_soap11::PORTS,
        [("DocumentPortSoap11", "http://127.0.0.1:8080/docs")]
    );
    let from_wsdl = ds::document_binding_soap11::Client::for_port("DocumentPortSoap11").unwrap();
    assert_eq!(from_wsdl.inner().endpoint(), "http://127.0.0.1:8080/docs");
    assert!(ds::document_binding_soap11::Client::for_port("DocumentPortSoap12").is_none());

    // The binding's policy requires MTOM: the 1.1 client optimizes.
    let c11 = ds::document_binding_soap11::Client::new(&url);
    let r = c11.upload_document(&upload).await.unwrap();
    assert_eq!(
        (r.status.as_str(), r.received_bytes, r.crc32.as_str()),
        ("OK-XOP", 100_000, crc32(&bytes).as_str())
    );
    let d = c11.download_document(&download).await.unwrap();
    let got = d.attachment_data.to_bytes().unwrap();
    assert_eq!(got.as_ref(), payload(70_000).as_slice());
    assert!(
        d.attachment_data.content_id().is_some(),
        "MTOM request, mirrored MTOM response"
    );

    // SOAP 1.2 binding, MTOM turned off through `configure`.
    let c12 = ds::document_binding_soap12::Client::new(&url)
        .configure(|c| c.encoding(soapstone::bind::Encoding::Inline));
    assert_eq!(c12.inner().version(), SoapVersion::V12);
    let r = c12.upload_document(&upload).await.unwrap();
    assert_eq!(r.status, "OK-INLINE");
    assert_eq!(r.crc32, crc32(&bytes));
    let d = c12.download_document(&download).await.unwrap();
    assert!(
        d.attachment_data.content_id().is_none(),
        "inline request, inline response"
    );
    assert_eq!(d.attachment_data.to_bytes().unwrap().len(), 70_000);
}

/// PolicyService: `storeScan` rejects scans of one page with a typed
/// `scanRejected` detail carrying the offending page.
struct Scans;

fn rejected() -> ps::ScanRejected {
    ps::ScanRejected {
        reason: "page 3 unreadable".into(),
        offending_page: Some(Binary::from(payload(3000))),
    }
}

impl ps::store_soap11_binding::Service for Scans {
    async fn store_scan(
        &self,
        request: ps::StoreScan,
        _ctx: RequestCtx,
    ) -> Result<ps::StoreScanResponse, Fault> {
        if request.document_id == "bad" {
            return Err(soapstone::bind::FaultDetail::into_fault(
                ps::StoreScanFault::ScanRejected(rejected()),
                FaultCode::Sender,
                "scan rejected",
            ));
        }
        Ok(ps::StoreScanResponse {
            receipt: format!("stored {} bytes", request.scan.len()),
        })
    }

    async fn purge_scans(&self, _request: (), _ctx: RequestCtx) -> Result<(), Fault> {
        Err(Fault::new(FaultCode::Receiver, "not here"))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_fault_details_travel_from_handler_to_client() {
    let url = serve(ps::store_soap11_binding::router(Scans, "/docs")).await;
    // `with_client` keeps the configured client but speaks the binding's
    // SOAP version.
    let adopted = ps::store_soap11_binding::Client::with_client(
        ps::store_soap12_binding::Client::new(&url).inner().clone(),
    );
    assert_eq!(adopted.inner().version(), SoapVersion::V11);
    for client in [
        ps::store_soap11_binding::Client::new(&url),
        adopted,
        // The same fault type in SOAP 1.2, the version set explicitly.
        ps::store_soap11_binding::Client::new(&url).configure(|c| c.soap_version(SoapVersion::V12)),
    ] {
        let version = client.inner().version();
        let mut req = ps::StoreScan {
            document_id: "ok".into(),
            scan: Binary::from(payload(5000)),
        };
        let ok = client
            .store_scan(&req)
            .await
            .unwrap_or_else(|e| panic!("{version:?}: {e}"));
        assert_eq!(ok.receipt, "stored 5000 bytes");

        req.document_id = "bad".into();
        match client.store_scan(&req).await {
            Err(CallError::Fault { fault, detail }) => {
                assert_eq!(fault.reason, "scan rejected");
                assert_eq!(fault.code, FaultCode::Sender);
                let Some(ps::StoreScanFault::ScanRejected(r)) = detail else {
                    panic!("detail not read as the typed fault: {fault:?}");
                };
                assert_eq!(r.reason, "page 3 unreadable");
                let page = r.offending_page.unwrap().to_bytes().unwrap();
                assert_eq!(page.as_ref(), payload(3000).as_slice());
            }
            other => panic!("expected the typed fault, got {other:?}"),
        }
    }

    // A request the server refuses (400, no such operation) is still read
    // as the SOAP fault it carries, not as a bare HTTP error.
    let docs = ds::document_binding_soap11::Client::new(&url);
    let req = ds::DownloadDocument {
        file_name: "x".into(),
        size: 1,
    };
    match docs.download_document(&req).await {
        Err(CallError::Fault { fault, detail }) => {
            assert!(fault.reason.contains("no operation takes"), "{fault:?}");
            assert_eq!(fault.code, FaultCode::Sender);
            assert!(detail.is_none());
        }
        other => panic!("expected the server's fault, got {other:?}"),
    }
}

/// WS-I BP R2744/R2745: a SOAP 1.1 request always carries SOAPAction, `""`
/// when the binding gives none; SOAP 1.2 leaves an empty action out.
#[test]
fn empty_soap_action_is_sent_as_empty_quotes_in_soap_1_1() {
    let req = ds::DownloadDocument {
        file_name: "x".into(),
        size: 1,
    };
    for (version, want) in [(SoapVersion::V11, Some("\"\"")), (SoapVersion::V12, None)] {
        let c = soapstone::http::client::Client::new("http://127.0.0.1:9/", version);
        let pkg = c
            .package(ds::elements::DOWNLOAD_DOCUMENT, &req, "", &[])
            .unwrap();
        let headers = pkg.http_headers();
        let action = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("SOAPAction"))
            .map(|(_, v)| v.as_str());
        assert_eq!(action, want, "{version:?}");
        assert!(
            !headers.iter().any(|(_, v)| v.contains("action=")),
            "{headers:?}"
        );
    }
}

fn count_files(dir: &Path) -> usize {
    let mut n = 0;
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        n += if p.is_dir() { count_files(&p) } else { 1 };
    }
    n
}

/// Uploads echo the request's unreferenced attachments back, taken from the
/// store by root document id, and report what the store held.
struct Echo {
    seen: Arc<std::sync::Mutex<Vec<(usize, usize)>>>,
    spill: std::path::PathBuf,
}

impl ds::document_binding_soap11::Service for Echo {
    async fn upload_document(
        &self,
        request: ds::UploadDocument,
        ctx: RequestCtx,
    ) -> Result<ds::UploadDocumentResponse, Fault> {
        let all = ctx.store().get(ctx.root_document_id()).unwrap_or_default();
        let unreferenced = ctx.unreferenced();
        self.seen
            .lock()
            .unwrap()
            .push((all.len(), count_files(&self.spill)));
        for a in &unreferenced {
            ctx.attach(a.data.clone());
        }
        Ok(ds::UploadDocumentResponse {
            status: format!("{} unreferenced", unreferenced.len()),
            received_bytes: request.attachment_data.len() as i64,
            crc32: crc32(&request.attachment_data.to_bytes().unwrap()),
        })
    }

    async fn download_document(
        &self,
        _request: ds::DownloadDocument,
        _ctx: RequestCtx,
    ) -> Result<ds::DownloadDocumentResponse, Fault> {
        Err(Fault::new(FaultCode::Receiver, "not here"))
    }
}

/// Issue 6 §3 and F3: attachments kept in the store while a request is
/// handled (spilled ones on disk), sent again from the store, and gone — from
/// the store and from disk — once the exchange is over.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn store_keeps_unreferenced_attachments_and_leaves_nothing_behind() {
    let spill = std::env::temp_dir().join(format!("soapstone-store-{}", std::process::id()));
    std::fs::create_dir_all(&spill).unwrap();
    assert_eq!(count_files(&spill), 0);
    let store = Arc::new(AttachmentStore::new());
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let svc = ds::document_binding_soap11::service(Echo {
        seen: seen.clone(),
        spill: spill.clone(),
    })
    .store(store.clone())
    .spill_dir(&spill);
    let url = serve(svc.router("/docs")).await;

    // The client side of the store: a received message's attachments, kept
    // by root document id and sent on from there.
    let big = payload(600_000); // above the 256 KiB spill threshold
    let small = payload(2_000);
    let mut w = MtomWriter::new(SoapVersion::V11);
    for (i, bytes) in [&big, &small].into_iter().enumerate() {
        w.attach_unreferenced(
            &Binary::from(bytes.clone())
                .with_content_type("application/pdf")
                .with_content_id(format!("doc{i}@example.org")),
        )
        .unwrap();
    }
    let env =
        soapstone::soap::envelope::write_envelope(SoapVersion::V11, &[], "<x xmlns=\"urn:x\"/>");
    let pkg = w.finish(env).unwrap();
    let mut received = soapstone::decode(
        pkg.content_type(),
        pkg.to_bytes().unwrap(),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(received.unreferenced().count(), 2);
    let client_store = AttachmentStore::new();
    let id = client_store.insert(&mut received);
    let forward = client_store.binaries(&id).unwrap();

    let client = ds::document_binding_soap11::Client::new(&url);
    let req = ds::UploadDocument {
        file_name: "a.bin".into(),
        mime_code: "application/octet-stream".into(),
        attachment_data: Binary::from(payload(5_000)),
    };
    let (resp, message): (ds::UploadDocumentResponse, _) = client
        .inner()
        .invoke_with::<_, _, ()>(
            &ds::document_binding_soap11::UPLOAD_DOCUMENT,
            &req,
            &forward,
        )
        .await
        .unwrap();
    assert_eq!(resp.status, "2 unreferenced");
    assert_eq!(resp.crc32, crc32(&payload(5_000)));
    {
        let seen = seen.lock().unwrap();
        // Three attachments in the store (the referenced one too); the big
        // one spilled while the handler ran.
        assert_eq!(seen.as_slice(), &[(3, 1)]);
    }
    // Both came back as unreferenced parts of the response, bytes and
    // content types intact.
    let back: Vec<_> = message
        .attachments
        .iter()
        .filter(|a| a.referenced_by.is_none())
        .collect();
    assert_eq!(back.len(), 2);
    for (a, want) in back.iter().zip([&big, &small]) {
        assert_eq!(a.data.to_bytes().unwrap().as_ref(), want.as_slice());
        assert_eq!(a.data.content_type(), Some("application/pdf"));
    }
    drop(message);

    // After the exchange: the server's store is empty and the spill
    // directory too (the response body may still be dropping).
    for _ in 0..100 {
        if store.is_empty() && count_files(&spill) == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(store.is_empty(), "request attachments left in the store");
    assert_eq!(count_files(&spill), 0, "spill files left behind");
    std::fs::remove_dir_all(&spill).ok();
}

/// A one-way operation: 202 Accepted with no body is success; a fault is
/// still a fault.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_way_operations_answer_202() {
    const NOTIFY: soapstone::operation::OperationInfo = soapstone::operation::OperationInfo {
        name: "notify",
        soap_version: "1.1",
        action: "urn:notify",
        style: "document",
        mtom: "none",
        use_mtom: false,
        threshold: 1024,
        input_headers: &[],
        output_headers: &[],
        input: Some(ds::elements::DOWNLOAD_DOCUMENT),
        output: None,
    };
    let got = Arc::new(std::sync::Mutex::new(Vec::new()));
    let g = got.clone();
    let svc = soapstone::http::server::Service::new().one_way_operation(
        ds::elements::DOWNLOAD_DOCUMENT,
        move |req: ds::DownloadDocument, _ctx: RequestCtx| {
            let g = g.clone();
            async move {
                if req.size < 0 {
                    return Err(Fault::new(FaultCode::Sender, "negative"));
                }
                g.lock().unwrap().push(req.file_name);
                Ok(())
            }
        },
    );
    let url = serve(svc.router("/docs")).await;
    let client = soapstone::http::client::Client::new(&url, SoapVersion::V11);
    let mut req = ds::DownloadDocument {
        file_name: "n.txt".into(),
        size: 1,
    };
    client.invoke_one_way::<_, ()>(&NOTIFY, &req).await.unwrap();
    assert_eq!(got.lock().unwrap().as_slice(), ["n.txt"]);
    req.size = -1;
    match client.invoke_one_way::<_, ()>(&NOTIFY, &req).await {
        Err(CallError::Fault { fault, .. }) => assert_eq!(fault.reason, "negative"),
        other => panic!("expected a fault, got {other:?}"),
    }
    // `invoke` on a one-way operation is a usage error, not a request.
    let r: Result<ds::DownloadDocumentResponse, CallError<()>> = client.invoke(&NOTIFY, &req).await;
    assert!(matches!(r, Err(CallError::Operation(_))), "{r:?}");
}

/// PolicyService with its `scanSignature` header (soap:header in the WSDL,
/// `OperationInfo::input_headers`): the handler reads it typed and answers
/// with what it found.
struct SignedScans;

impl ps::store_soap11_binding::Service for SignedScans {
    async fn store_scan(
        &self,
        request: ps::StoreScan,
        ctx: RequestCtx,
    ) -> Result<ps::StoreScanResponse, Fault> {
        let (ns, local) = ps::elements::SCAN_SIGNATURE;
        let receipt = match ctx.header::<ps::ScanSignature>(ns, local) {
            Ok(Some(sig)) => format!(
                "{} signed {} with {} bytes",
                request.document_id,
                sig.algorithm,
                sig.signature_value.len()
            ),
            Ok(None) => format!("{} unsigned", request.document_id),
            Err(e) => return Err(Fault::new(FaultCode::Sender, e.to_string())),
        };
        Ok(ps::StoreScanResponse { receipt })
    }

    /// Empty Bodies both ways: only the signature header says anything.
    async fn purge_scans(&self, _request: (), ctx: RequestCtx) -> Result<(), Fault> {
        let (ns, local) = ps::elements::SCAN_SIGNATURE;
        match ctx.header::<ps::ScanSignature>(ns, local) {
            Ok(Some(sig)) if sig.algorithm == "rsa-sha256" => Ok(()),
            Ok(_) => Err(Fault::new(FaultCode::Sender, "purging needs a signature")),
            Err(e) => Err(Fault::new(FaultCode::Sender, e.to_string())),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operations_without_body_parts_send_and_answer_empty_bodies() {
    let url = serve(ps::store_soap11_binding::router(SignedScans, "/docs")).await;
    let op = ps::store_soap11_binding::PURGE_SCANS;
    assert_eq!((op.input, op.output), (Some(("", "")), Some(("", ""))));
    let (ns, local) = ps::elements::SCAN_SIGNATURE;
    let sig = ps::ScanSignature {
        algorithm: "rsa-sha256".into(),
        signature_value: Binary::from(payload(64)),
    };
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let signed = ps::store_soap11_binding::Client::new(&url)
            .configure(|c| c.soap_version(version).header_block(ns, local, &sig));
        signed.purge_scans(&()).await.unwrap();
        // The request's Body is empty, the header block beside it.
        let package = signed
            .inner()
            .package(op.input.unwrap(), &(), op.action, &[])
            .unwrap();
        let text = String::from_utf8_lossy(&package.to_bytes().unwrap()).into_owned();
        assert!(text.contains("<soap:Body></soap:Body>"), "{text}");
        assert!(text.contains("scanSignature"), "{text}");
        // Without the signature the handler's fault comes back.
        let unsigned =
            ps::store_soap11_binding::Client::new(&url).configure(|c| c.soap_version(version));
        match unsigned.purge_scans(&()).await {
            Err(CallError::Fault { fault, .. }) => {
                assert_eq!(fault.reason, "purging needs a signature")
            }
            other => panic!("{version:?}: expected the handler's fault, got {other:?}"),
        }
    }
    // A raw empty-Body request is routed to it too; an element where an
    // empty Body is expected in a response is an error.
    let body = "<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Header/><s:Body/></s:Envelope>";
    let r = reqwest::Client::new()
        .post(&url)
        .header("Content-Type", "text/xml")
        .header(
            "SOAPAction",
            "\"http://soapstone.example/mtom-policy/purgeScans\"",
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 500, "a Sender fault in SOAP 1.1: no signature");
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("purging needs a signature"));
    let message = soapstone::decode(
        "text/xml",
        bytes::Bytes::from_static(b"<s:Envelope xmlns:s='http://schemas.xmlsoap.org/soap/envelope/'><s:Body><x/></s:Body></s:Envelope>"),
        &soapstone::Limits::default(),
    )
    .unwrap();
    let e = soapstone::http::client::read_response::<(), ()>(&message, ("", "")).unwrap_err();
    assert!(
        e.to_string()
            .contains("expected an empty Body, found body element {}x"),
        "{e}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_header_blocks_travel_from_client_to_handler() {
    let url = serve(ps::store_soap11_binding::router(SignedScans, "/docs")).await;
    let (ns, local) = ps::elements::SCAN_SIGNATURE;
    assert_eq!(
        ps::store_soap11_binding::STORE_SCAN.input_headers,
        &[(ns, local)],
        "the header the WSDL binds"
    );
    let sig = ps::ScanSignature {
        algorithm: "rsa-sha256".into(),
        signature_value: Binary::from(payload(256)),
    };
    let req = ps::StoreScan {
        document_id: "d1".into(),
        scan: Binary::from(payload(5000)),
    };
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let signed = ps::store_soap11_binding::Client::new(&url)
            .configure(|c| c.soap_version(version).header_block(ns, local, &sig));
        let r = signed.store_scan(&req).await.unwrap();
        assert_eq!(
            r.receipt, "d1 signed rsa-sha256 with 256 bytes",
            "{version:?}"
        );
    }
    let unsigned = ps::store_soap11_binding::Client::new(&url);
    assert_eq!(
        unsigned.store_scan(&req).await.unwrap().receipt,
        "d1 unsigned"
    );
    // The generated endpoint declares the WSDL's headers understood: the
    // signature marked mustUnderstand reaches the handler; a block it does
    // not know, so marked, is a MustUnderstand fault.
    let xml = soapstone::bind::to_xml(&sig, ns, local).unwrap();
    let marked = xml.replacen(" xmlns", " soap:mustUnderstand=\"1\" xmlns", 1);
    assert_ne!(marked, xml);
    let trace = "<t:Trace xmlns:t=\"urn:trace\" soap:mustUnderstand=\"1\"/>";
    for version in [SoapVersion::V11, SoapVersion::V12] {
        let must = ps::store_soap11_binding::Client::new(&url)
            .configure(|c| c.soap_version(version).soap_header(marked.clone()));
        let r = must.store_scan(&req).await.unwrap();
        assert_eq!(r.receipt, "d1 signed rsa-sha256 with 256 bytes");
        let traced = must.configure(|c| c.soap_header(trace));
        match traced.store_scan(&req).await {
            Err(CallError::Fault { fault, .. }) => {
                assert_eq!(fault.code, FaultCode::MustUnderstand, "{fault:?}");
                assert!(fault.reason.contains("{urn:trace}Trace"), "{fault:?}");
                assert!(!fault.reason.contains(local), "{fault:?}");
            }
            other => panic!("{version:?}: expected a MustUnderstand fault, got {other:?}"),
        }
    }
    // A header that cannot be written fails the request, not the builder.
    let gone = std::env::temp_dir().join(format!("soapstone-gone-{}", std::process::id()));
    std::fs::write(&gone, b"sig").unwrap();
    let bad = ps::ScanSignature {
        algorithm: "x".into(),
        signature_value: Binary::from_path(&gone).unwrap(),
    };
    std::fs::remove_file(&gone).unwrap();
    let broken =
        ps::store_soap11_binding::Client::new(&url).configure(|c| c.header_block(ns, local, &bad));
    match broken.store_scan(&req).await {
        Err(CallError::Request(e)) => {
            assert!(e.to_string().contains("scanSignature"), "{e}")
        }
        other => panic!("expected the header's error, got {other:?}"),
    }
}

/// The SwA sample (WSDL MIME binding, A8/A10) written against the generated
/// traits: the request's photo and sketch parts arrive as typed parts, and
/// the response's PDF part (submitClaim) and XML part (getAssessment) go
/// back as parts of SwA responses.
struct Claims;

impl swa::claim_intake_swa_binding::Service for Claims {
    async fn submit_claim(
        &self,
        request: swa::SubmitClaim,
        parts: swa::claim_intake_swa_binding::SubmitClaimInputParts,
        ctx: RequestCtx,
    ) -> Result<
        (
            swa::SubmitClaimResponse,
            swa::claim_intake_swa_binding::SubmitClaimOutputParts,
        ),
        Fault,
    > {
        // The request came as SwA: a plain XML root, each part named by its
        // WS-I AP Content-ID.
        let seen = |name: &str| {
            let a = ctx.message.attachment_for_part(name).unwrap();
            let cid = a.part.content_id.as_deref().unwrap();
            format!(
                "{}={}",
                cid.split('=').next().unwrap(),
                a.content_type().unwrap()
            )
        };
        let kind = ctx.message.kind.as_str();
        let photo = parts.photo.to_bytes().unwrap();
        let sketch = parts.sketch.to_bytes().unwrap();
        Ok((
            swa::SubmitClaimResponse {
                claim_id: format!(
                    "{}:{kind}:{}:{}:{}:{}",
                    request.policy_number,
                    seen("photo"),
                    seen("sketch"),
                    crc32(&photo),
                    crc32(&sketch)
                ),
            },
            swa::claim_intake_swa_binding::SubmitClaimOutputParts {
                receipt_pdf: Binary::from(
                    format!("%PDF-1.4 receipt for {}", request.policy_number).into_bytes(),
                ),
            },
        ))
    }
}

/// What the one-way submitAssessment received, for the test to see.
static SUBMITTED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());

impl swa::assessment_swa_binding::Service for Claims {
    async fn get_assessment(
        &self,
        request: swa::GetAssessment,
        _ctx: RequestCtx,
    ) -> Result<
        (
            swa::GetAssessmentResponse,
            swa::assessment_swa_binding::GetAssessmentOutputParts,
        ),
        Fault,
    > {
        Ok((
            swa::GetAssessmentResponse {
                status: format!("assessed {}", request.claim_id),
            },
            swa::assessment_swa_binding::GetAssessmentOutputParts {
                assessment: swa::Assessment {
                    estimate: soapstone::bind::Decimal::new("12.50").unwrap(),
                    currency: "EUR".into(),
                },
                // One of the two alternatives: the PDF, not the HTML.
                report_pdf: Some(Binary::from(b"%PDF-1.4 report".to_vec())),
                report_html: None,
            },
        ))
    }

    async fn submit_assessment(
        &self,
        request: swa::SubmitAssessment,
        parts: swa::assessment_swa_binding::SubmitAssessmentInputParts,
        _ctx: RequestCtx,
    ) -> Result<(), Fault> {
        SUBMITTED.lock().unwrap().push(format!(
            "{}:{}:{}",
            request.claim_id,
            parts.assessment.estimate.as_str(),
            parts.assessment.currency
        ));
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swa_parts_travel_as_typed_parts_both_ways_a8_a10() {
    use swa::assessment_swa_binding as a;
    use swa::claim_intake_swa_binding as b;
    let url = serve(b::router(Claims, "/docs")).await;
    let client = b::Client::new(url.clone());
    let photo = payload(50_000);
    let sketch = payload(3_000);
    let request = swa::SubmitClaim {
        policy_number: "P-1".into(),
        description: "dented door".into(),
    };
    let parts = b::SubmitClaimInputParts {
        // No content type: the binding's (image/jpeg) is sent.
        photo: Binary::from(photo.clone()),
        // The second alternative the binding allows, chosen by the sender.
        sketch: Binary::from(sketch.clone()).with_content_type("image/gif"),
    };
    let (response, out) = client.submit_claim(&request, &parts).await.unwrap();
    assert_eq!(
        response.claim_id,
        format!(
            "P-1:swa:photo=image/jpeg:sketch=image/gif:{}:{}",
            crc32(&photo),
            crc32(&sketch)
        )
    );
    assert_eq!(
        out.receipt_pdf.to_bytes().unwrap().as_ref(),
        b"%PDF-1.4 receipt for P-1"
    );
    assert_eq!(out.receipt_pdf.content_type(), Some("application/pdf"));

    // The mimeXml part is the assessment element's document, typed.
    let assessments = serve(a::router(Claims, "/docs")).await;
    let (status, out) = a::Client::new(assessments)
        .get_assessment(&swa::GetAssessment {
            claim_id: "c-1".into(),
        })
        .await
        .unwrap();
    assert_eq!(status.status, "assessed c-1");
    assert_eq!(out.assessment.currency, "EUR");
    assert_eq!(out.assessment.estimate.as_str(), "12.50");
    // Of the alternatives, the one sent is there, the other is not.
    let pdf = out.report_pdf.expect("the PDF alternative");
    assert_eq!(pdf.to_bytes().unwrap().as_ref(), b"%PDF-1.4 report");
    assert_eq!(pdf.content_type(), Some("application/pdf"));
    assert!(out.report_html.is_none());
    // A one-way operation with a mimeXml part in its request.
    let assessments = serve(a::router(Claims, "/docs")).await;
    a::Client::new(assessments)
        .submit_assessment(
            &swa::SubmitAssessment {
                claim_id: "c-2".into(),
            },
            &a::SubmitAssessmentInputParts {
                assessment: swa::Assessment {
                    estimate: soapstone::bind::Decimal::new("99.00").unwrap(),
                    currency: "CHF".into(),
                },
            },
        )
        .await
        .unwrap();
    assert_eq!(*SUBMITTED.lock().unwrap(), ["c-2:99.00:CHF"]);
    // A part that is not the declared element's document is an error
    // naming what it found.
    let e = soapstone::bind::read_xml_part::<swa::Assessment>(
        &Binary::from(b"<other/>".to_vec()),
        "http://soapstone.example/swa",
        "assessment",
        &Default::default(),
    )
    .unwrap_err();
    assert!(e.message.contains("other"), "{e}");

    // A request without the parts the binding declares is the sender's
    // fault, named; so is a response without them, on the client's side.
    let plain = soapstone::http::client::Client::new(url, SoapVersion::V11);
    let e = plain
        .invoke::<_, swa::SubmitClaimResponse, ()>(&b::SUBMIT_CLAIM, &request)
        .await
        .unwrap_err();
    match e {
        CallError::Fault { fault, .. } => {
            assert_eq!(fault.code, FaultCode::Sender);
            assert!(
                fault.reason.contains("no MIME part \"photo\""),
                "{}",
                fault.reason
            );
        }
        other => panic!("{other}"),
    }
    let message = soapstone::decode(
        "text/xml",
        bytes::Bytes::from_static(b"<x/>"),
        &Default::default(),
    )
    .unwrap();
    let e = soapstone::http::client::response_part::<()>(&message, "receiptPdf").unwrap_err();
    assert!(
        matches!(&e, CallError::MissingPart(p) if p == "receiptPdf"),
        "{e}"
    );
}

/// MTOM per port: PolicyService's StoreSoap11Binding takes the policy its
/// StoreSoap11Port carries (MTOM required); its other port carries none, so
/// the client made for that port sends inline.
#[test]
fn a_client_for_a_port_without_the_mtom_policy_sends_inline() {
    use ps::store_soap11_binding as b;
    use soapstone::bind::Encoding;
    assert!(matches!(b::STORE_SCAN.encoding(), Encoding::Mtom { .. }));
    assert_eq!(b::PORTS_WITHOUT_MTOM, ["StoreSoap11PlainPort"]);
    let mtom = b::Client::for_port("StoreSoap11Port").unwrap();
    assert!(matches!(
        mtom.inner().encoding_used(),
        Encoding::Mtom { .. }
    ));
    let plain = b::Client::for_port("StoreSoap11PlainPort").unwrap();
    assert_eq!(plain.inner().encoding_used(), Encoding::Inline);
    assert_eq!(
        plain.inner().endpoint(),
        "http://127.0.0.1:8080/scans-plain"
    );
    assert!(b::Client::for_port("NoSuchPort").is_none());
}

/// SwA in SOAP 1.2: the same operation called by a SOAP 1.2 client (root
/// part `application/soap+xml`, the action in the Content-Type) is answered
/// in SOAP 1.2 with its parts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn swa_parts_travel_in_soap_1_2_too() {
    use swa::claim_intake_swa_binding as b;
    let url = serve(b::router(Claims, "/docs")).await;
    let client = soapstone::http::client::Client::new(url, SoapVersion::V12);
    let request = swa::SubmitClaim {
        policy_number: "P-12".into(),
        description: "scratch".into(),
    };
    let (photo, sketch) = (Binary::from(payload(1500)), Binary::from(payload(29)));
    let (response, message) = client
        .invoke_parts::<_, swa::SubmitClaimResponse, ()>(
            &b::SUBMIT_CLAIM,
            &request,
            &[
                ("photo", "image/jpeg", &photo),
                ("sketch", "image/png", &sketch),
            ],
            &[],
        )
        .await
        .unwrap();
    assert_eq!(message.version, Some(SoapVersion::V12));
    assert_eq!(message.kind.as_str(), "swa");
    assert_eq!(
        response.claim_id,
        format!(
            "P-12:swa:photo=image/jpeg:sketch=image/png:{}:{}",
            crc32(&payload(1500)),
            crc32(&payload(29))
        )
    );
    let pdf = soapstone::http::client::response_part::<()>(&message, "receiptPdf").unwrap();
    assert_eq!(
        pdf.to_bytes().unwrap().as_ref(),
        b"%PDF-1.4 receipt for P-12"
    );
}
