//! DocumentService over HTTP with MTOM: the service every interop peer
//! implements (wsdl-samples/document-service/DocumentService.wsdl).
//!
//! ```text
//! cargo run --example document_service                     # server + client on 127.0.0.1, shows the wire
//! cargo run --example document_service -- serve 127.0.0.1:18081
//! cargo run --example document_service -- upload   http://127.0.0.1:18081/docs 1500 [--inline] [--soap12]
//! cargo run --example document_service -- download http://127.0.0.1:18081/docs 1500 [--inline] [--soap12]
//! ```
//! `upload` prints `status=... receivedBytes=N crc32=XXXXXXXX` from the
//! response; `download` prints `got=N crc32=XXXXXXXX`. The server answers
//! `uploadDocument` with `OK-XOP` when the data came as an attachment and
//! `OK-INLINE` when inline, and `downloadDocument(fileName, size)` with `size`
//! bytes of the peers' payload, inline when `fileName` ends in `.inline`.

#![allow(clippy::print_stdout)]

use soapstone::bind::Encoding;
use soapstone::http::client::Client;
use soapstone::soap::SoapVersion;
use soapstone::Binary;
use soapstone_tests::docsvc::{crc32, payload, service};
use soapstone_tests::samples::document_service_documentservice as ds;
use std::process::ExitCode;

fn usage() -> ExitCode {
    eprintln!(
        "usage: document_service [serve ADDR | upload URL SIZE [--inline] [--soap12] | download URL SIZE [--inline] [--soap12]]"
    );
    ExitCode::from(2)
}

fn client(url: &str, flags: &[String]) -> Client {
    let v = if flags.iter().any(|f| f == "--soap12") {
        SoapVersion::V12
    } else {
        SoapVersion::V11
    };
    let enc = if flags.iter().any(|f| f == "--inline") {
        Encoding::Inline
    } else {
        Encoding::Mtom { threshold: 0 }
    };
    Client::new(url, v).encoding(enc)
}

fn action(flags: &[String], upload: bool) -> &'static str {
    let soap12 = flags.iter().any(|f| f == "--soap12");
    match (soap12, upload) {
        (false, true) => ds::document_binding_soap11::UPLOAD_DOCUMENT.action,
        (false, false) => ds::document_binding_soap11::DOWNLOAD_DOCUMENT.action,
        (true, true) => ds::document_binding_soap12::UPLOAD_DOCUMENT.action,
        (true, false) => ds::document_binding_soap12::DOWNLOAD_DOCUMENT.action,
    }
}

async fn upload(url: &str, size: usize, flags: &[String]) -> Result<String, String> {
    let req = ds::UploadDocument {
        file_name: "payload.bin".into(),
        mime_code: "application/octet-stream".into(),
        attachment_data: Binary::from(payload(size)),
    };
    let r: ds::UploadDocumentResponse = client(url, flags)
        .call::<_, _, ()>(
            action(flags, true),
            ds::elements::UPLOAD_DOCUMENT,
            &req,
            ds::elements::UPLOAD_DOCUMENT_RESPONSE,
        )
        .await
        .map_err(|e| e.to_string())?;
    Ok(format!(
        "status={} receivedBytes={} crc32={}",
        r.status, r.received_bytes, r.crc32
    ))
}

async fn download(url: &str, size: usize, flags: &[String]) -> Result<String, String> {
    let inline = flags.iter().any(|f| f == "--inline");
    let req = ds::DownloadDocument {
        file_name: if inline {
            "payload.inline".into()
        } else {
            "payload.bin".into()
        },
        size: size as i64,
    };
    let r: ds::DownloadDocumentResponse = client(url, flags)
        .call::<_, _, ()>(
            action(flags, false),
            ds::elements::DOWNLOAD_DOCUMENT,
            &req,
            ds::elements::DOWNLOAD_DOCUMENT_RESPONSE,
        )
        .await
        .map_err(|e| e.to_string())?;
    let bytes = r.attachment_data.to_bytes().map_err(|e| e.to_string())?;
    Ok(format!("got={} crc32={}", bytes.len(), crc32(&bytes)))
}

/// Shows a package as it goes over the wire: headers, then each chunk of the
/// body; attachment chunks (the caller's bytes, never copied) are summarized.
fn show_wire(title: &str, pkg: &soapstone::mime::writer::Package) {
    println!("---- {title} ----");
    for (k, v) in pkg.http_headers() {
        println!("{k}: {v}");
    }
    println!();
    for chunk in pkg.chunks() {
        match chunk {
            soapstone::mime::writer::Chunk::Bytes(b) => match std::str::from_utf8(b) {
                Ok(text) => print!("{text}"),
                Err(_) => print!("[{} bytes of attachment data]", b.len()),
            },
            other => print!("[{} bytes of attachment data from a file]", other.len()),
        }
    }
    println!("\n");
}

async fn demo() -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(async move { axum::serve(listener, service().router("/docs")).await });
    let url = format!("http://{addr}/docs");
    println!("server listening at {url}\n");
    let flags: Vec<String> = Vec::new();
    let c = client(&url, &flags);
    let req = ds::UploadDocument {
        file_name: "payload.bin".into(),
        mime_code: "application/octet-stream".into(),
        attachment_data: Binary::from(payload(1500)),
    };
    let pkg = c
        .package(ds::elements::UPLOAD_DOCUMENT, &req, action(&flags, true))
        .map_err(|e| e.to_string())?;
    show_wire("request: uploadDocument, MTOM, SOAP 1.1", &pkg);
    let msg = c.exchange::<()>(&pkg).await.map_err(|e| e.to_string())?;
    println!(
        "---- response ({:?}, {} attachments) ----\n{}\n",
        msg.kind,
        msg.attachments.len(),
        String::from_utf8_lossy(&msg.root_xml)
    );
    println!("upload:   {}", upload(&url, 1500, &flags).await?);
    println!("download: {}", download(&url, 1500, &flags).await?);
    println!(
        "expected crc32 of 1500 payload bytes: {}",
        crc32(&payload(1500))
    );
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        None => demo().await.map(|()| String::new()),
        Some("serve") => {
            let Some(addr) = args.get(1) else {
                return usage();
            };
            match tokio::net::TcpListener::bind(addr).await {
                Ok(l) => {
                    println!("serving DocumentService at http://{addr}/docs (SOAP 1.1 and 1.2, MTOM mirrored per request)");
                    axum::serve(l, service().router("/docs"))
                        .await
                        .map(|()| String::new())
                        .map_err(|e| e.to_string())
                }
                Err(e) => Err(format!("cannot listen on {addr}: {e}")),
            }
        }
        Some(cmd @ ("upload" | "download")) => {
            let (Some(url), Some(size)) = (
                args.get(1),
                args.get(2).and_then(|s| s.parse::<usize>().ok()),
            ) else {
                return usage();
            };
            let flags = &args[3..];
            if cmd == "upload" {
                upload(url, size, flags).await
            } else {
                download(url, size, flags).await
            }
        }
        Some(_) => return usage(),
    };
    match result {
        Ok(line) => {
            if !line.is_empty() {
                println!("{line}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
