//! DocumentService over HTTP with MTOM: the service every interop peer
//! implements (wsdl-samples/document-service/DocumentService.wsdl).
//!
//! ```text
//! cargo run --example document_service                     # server + client on 127.0.0.1, shows the wire
//! cargo run --example document_service -- serve 127.0.0.1:18081 [--max-bytes N | --unbounded] [--spill-dir DIR] [--max-requests N]
//! cargo run --example document_service -- upload   http://127.0.0.1:18081/docs 1500 [--inline] [--soap12]
//! cargo run --example document_service -- download http://127.0.0.1:18081/docs 1500 [--inline] [--soap12]
//! ```
//! `upload` prints `status=... receivedBytes=N crc32=XXXXXXXX` from the
//! response; `download` prints `got=N crc32=XXXXXXXX`; both print the
//! request's latency (`latency_s=...`, call to decoded response) on stderr.
//!
//! `serve` reads requests with the default [`Limits`] (50 MiB per attachment,
//! 256 MiB per message) unless `--max-bytes N` raises both size limits to `N`
//! (root part, attachment, whole message) or `--unbounded` lifts them; parts
//! above 256 KiB spill to a private directory inside `--spill-dir DIR` (default:
//! the system temp directory), removed once the request is answered.
//! `--max-requests N` exits after N answered requests (benchmarks run the
//! server under `/usr/bin/time -v`). The server answers
//! `uploadDocument` with `OK-XOP` when the data came as an attachment and
//! `OK-INLINE` when inline, and `downloadDocument(fileName, size)` with `size`
//! bytes of the peers' payload, inline when `fileName` ends in `.inline`.

#![allow(clippy::print_stdout)]

use soapstone::bind::Encoding;
use soapstone::{Binary, Limits};
use soapstone_tests::docsvc::{crc32, payload, service};
use soapstone_tests::samples::document_service_documentservice as ds;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

fn usage() -> ExitCode {
    eprintln!(
        "usage: document_service [serve ADDR [--max-bytes N | --unbounded] [--spill-dir DIR] [--max-requests N]\n\
         \x20                        | upload URL SIZE [--inline] [--soap12] | download URL SIZE [--inline] [--soap12]]"
    );
    ExitCode::from(2)
}

/// `serve`'s options.
struct ServeOptions {
    limits: Limits,
    spill_dir: Option<String>,
    max_requests: Option<u64>,
}

fn serve_options(flags: &[String]) -> Option<ServeOptions> {
    let mut o = ServeOptions {
        limits: Limits::default(),
        spill_dir: None,
        max_requests: None,
    };
    let mut it = flags.iter();
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--unbounded" => o.limits = Limits::unbounded_sizes(),
            "--max-bytes" => {
                let n: u64 = it.next()?.parse().ok()?;
                o.limits.max_root_size = n;
                o.limits.max_attachment_size = n;
                o.limits.max_message_size = n;
            }
            "--spill-dir" => o.spill_dir = Some(it.next()?.clone()),
            "--max-requests" => o.max_requests = Some(it.next()?.parse().ok()?),
            _ => return None,
        }
    }
    Some(o)
}

async fn serve(addr: &str, o: ServeOptions) -> Result<String, String> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    let mut svc = service().limits(o.limits.clone());
    if let Some(d) = &o.spill_dir {
        svc = svc.spill_dir(d);
    }
    let mut router = svc.router("/docs");
    let done = Arc::new(tokio::sync::Notify::new());
    if let Some(max) = o.max_requests {
        // Count answered requests; the last one starts a graceful shutdown,
        // which lets its response finish.
        let answered = Arc::new(AtomicU64::new(0));
        let done = done.clone();
        router = router.layer(axum::middleware::map_response(
            move |r: axum::response::Response| {
                let (answered, done) = (answered.clone(), done.clone());
                async move {
                    if answered.fetch_add(1, Ordering::SeqCst) + 1 >= max {
                        done.notify_one();
                    }
                    r
                }
            },
        ));
    }
    println!(
        "serving DocumentService at http://{addr}/docs (SOAP 1.1 and 1.2, MTOM mirrored per request; \
         max attachment {} bytes, max message {} bytes, spill above {} bytes{})",
        o.limits.max_attachment_size,
        o.limits.max_message_size,
        o.limits.spill_threshold,
        o.spill_dir
            .as_deref()
            .map(|d| format!(" into {d}"))
            .unwrap_or_default()
    );
    let stop = async move {
        if o.max_requests.is_some() {
            done.notified().await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    axum::serve(listener, router)
        .with_graceful_shutdown(stop)
        .await
        .map(|()| String::new())
        .map_err(|e| e.to_string())
}

fn encoding(flags: &[String]) -> Encoding {
    if flags.iter().any(|f| f == "--inline") {
        Encoding::Inline
    } else {
        Encoding::Mtom { threshold: 0 }
    }
}

fn soap12(flags: &[String]) -> bool {
    flags.iter().any(|f| f == "--soap12")
}

async fn upload(url: &str, size: usize, flags: &[String]) -> Result<String, String> {
    let req = ds::UploadDocument {
        file_name: "payload.bin".into(),
        mime_code: "application/octet-stream".into(),
        // The Vec becomes the Binary's shared bytes, and the package sends
        // them from there: the payload is in memory once.
        attachment_data: Binary::from(payload(size)),
    };
    let t0 = Instant::now();
    // The generated client of the SOAP 1.1 or 1.2 binding.
    let enc = encoding(flags);
    let r = if soap12(flags) {
        ds::document_binding_soap12::Client::new(url)
            .configure(|c| c.encoding(enc))
            .upload_document(&req)
            .await
    } else {
        ds::document_binding_soap11::Client::new(url)
            .configure(|c| c.encoding(enc))
            .upload_document(&req)
            .await
    }
    .map_err(|e| e.to_string())?;
    eprintln!("latency_s={:.3}", t0.elapsed().as_secs_f64());
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
    let t0 = Instant::now();
    let enc = encoding(flags);
    let r = if soap12(flags) {
        ds::document_binding_soap12::Client::new(url)
            .configure(|c| c.encoding(enc))
            .download_document(&req)
            .await
    } else {
        ds::document_binding_soap11::Client::new(url)
            .configure(|c| c.encoding(enc))
            .download_document(&req)
            .await
    }
    .map_err(|e| e.to_string())?;
    eprintln!("latency_s={:.3}", t0.elapsed().as_secs_f64());
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
    let c = ds::document_binding_soap11::Client::new(&url);
    let op = ds::document_binding_soap11::UPLOAD_DOCUMENT;
    let req = ds::UploadDocument {
        file_name: "payload.bin".into(),
        mime_code: "application/octet-stream".into(),
        attachment_data: Binary::from(payload(1500)),
    };
    let (ns, local) = ds::elements::UPLOAD_DOCUMENT;
    let pkg = soapstone::bind::to_package(
        &req,
        ns,
        local,
        op.version(),
        Some(op.action),
        Encoding::Mtom { threshold: 0 },
    )
    .map_err(|e| e.to_string())?;
    show_wire("request: uploadDocument, MTOM, SOAP 1.1", &pkg);
    let msg = c
        .inner()
        .exchange::<()>(&pkg)
        .await
        .map_err(|e| e.to_string())?;
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
            let (Some(addr), Some(o)) = (args.get(1), serve_options(args.get(2..).unwrap_or(&[])))
            else {
                return usage();
            };
            serve(addr, o).await
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
